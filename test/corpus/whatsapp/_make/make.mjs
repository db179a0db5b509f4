/** Writes every WhatsApp corpus file and its expectation: `node test/corpus/whatsapp/_make/make.mjs`. */
import { written } from './kit.mjs';
import './ios-languages.mjs';
import './layouts.mjs';
import './android-languages.mjs';
import './robustness.mjs';
import './features.mjs';

const total = written.reduce((n, w) => n + w.count, 0);
console.log(`${written.length} files, ${total} messages`);
for (const w of written) console.log(`${w.name}\t${w.count}${w.suspicious.length ? `\tsuspicious ${w.suspicious.join(',')}` : ''}`);

// `node make.mjs --sources` prints the SOURCES.md rows (file, shape from, unconfirmed) from each file's own notes.
if (process.argv.includes('--sources')) {
  for (const w of written) {
    const source = w.meta.source.replace(/\|/g, '\\|');
    const parts = source.split('; ');
    const unconfirmed = parts.filter((p) => /not confirmed|unconfirmed/.test(p)).join('; ') || '—';
    const shape = parts.filter((p) => !/not confirmed|unconfirmed/.test(p)).join('; ') || source;
    console.log(`| \`${w.name}\` | ${shape} | no | ${unconfirmed} |`);
  }
}
