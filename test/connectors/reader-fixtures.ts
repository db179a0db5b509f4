/**
 * Every reader's fixtures (src/connectors/<service>/fixtures/*), each converted on its own by the
 * real `ferry convert` pipeline and read back as an archive: the inputs the writers' importer-rules
 * tests run through, next to writers-fixture.ts's hand-made archive. A fixture that no reader
 * claims alone (a connector's sample output, such as the HTML and Mattermost examples) is skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readArchive } from '../../src/archive/container.js';
import type { InputFile } from '../../src/connectors/contract.js';
import { convertToZip, expandZip, looksLikeZip } from '../../src/convert/convert.js';
import type { ArchiveContent } from '../../src/model/types.js';

const ROOT = new URL('../../src/connectors/', import.meta.url).pathname;
/** Outputs of Ferry's own writers, kept as examples: not anyone's export. */
const NOT_EXPORTS = new Set(['html', 'mattermost']);

function inputOf(path: string): InputFile {
  if (statSync(path).isDirectory()) {
    const siblings = new Map<string, Uint8Array>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else siblings.set(relative(path, full), new Uint8Array(readFileSync(full)));
      }
    };
    walk(path);
    return { kind: 'container', name: path, bytes: new Uint8Array(), siblings };
  }
  const bytes = new Uint8Array(readFileSync(path));
  return looksLikeZip(bytes) ? expandZip(path, bytes) : { kind: 'file', name: path.split('/').pop()!, bytes };
}

export interface FixtureArchive {
  /** "whatsapp/ios-ko.txt" */
  name: string;
  content: ArchiveContent;
}

let cache: FixtureArchive[] | undefined;

/** Every fixture as its own archive (converted once per test file). */
export async function fixtureArchives(): Promise<FixtureArchive[]> {
  if (cache) return cache;
  const out: FixtureArchive[] = [];
  for (const service of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, service, 'fixtures');
    if (NOT_EXPORTS.has(service) || !statSync(join(ROOT, service)).isDirectory()) continue;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const entry of entries) {
      const { zip } = await convertToZip([inputOf(join(dir, entry))], { timeZone: 'Asia/Seoul', now: '2026-01-01T00:00:00.000Z', dateOrder: 'dmy' });
      out.push({ name: `${service}/${entry}`, content: readArchive(zip) });
    }
  }
  cache = out;
  return out;
}
