/** Writes every WhatsApp corpus file and its expectation: `node test/corpus/whatsapp/_make/make.mjs`. */
import { written } from './kit.mjs';
import './ios-languages.mjs';

const total = written.reduce((n, w) => n + w.count, 0);
console.log(`${written.length} files, ${total} messages`);
for (const w of written) console.log(`${w.name}\t${w.count}${w.suspicious.length ? `\tsuspicious ${w.suspicious.join(',')}` : ''}`);
