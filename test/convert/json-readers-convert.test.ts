import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { convertToZip, detectInputs } from '../../src/convert/convert.js';
import type { ConvertOptions, InputFile } from '../../src/connectors/contract.js';

const CONNECTORS = resolve(import.meta.dirname, '../../src/connectors');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };

function filesUnder(folder: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(folder, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(folder);
  return files;
}

/** A folder as the CLI offers it, and the same folder zipped (UTF-8 names), as a user would give either. */
function asFolder(path: string): InputFile {
  return { kind: 'container', name: path.split('/').pop()!, bytes: new Uint8Array(), siblings: filesUnder(path) };
}
function asZip(path: string): InputFile {
  const entries = Object.fromEntries(filesUnder(path));
  return { kind: 'file', name: `${path.split('/').pop()}.zip`, bytes: zipSync(entries) };
}

const CASES: [string, string, { conversations: number; messages: number; contacts: number; attachments: number }][] = [
  ['telegram/fixtures/account-export', 'telegram', { conversations: 2, messages: 5, contacts: 4, attachments: 1 }],
  ['discord/fixtures/dm-export', 'discord', { conversations: 1, messages: 6, contacts: 2, attachments: 1 }],
  ['slack/fixtures/workspace', 'slack', { conversations: 2, messages: 6, contacts: 3, attachments: 1 }],
  ['messenger/fixtures/facebook-export', 'messenger', { conversations: 1, messages: 6, contacts: 3, attachments: 1 }],
  ['messenger/fixtures/instagram-export', 'instagram', { conversations: 1, messages: 3, contacts: 2, attachments: 0 }],
];

describe('ferry convert on the JSON readers\' exports, given as a folder or a zip', () => {
  for (const [path, format, counts] of CASES) {
    it(`I can convert a ${format} export folder and its zip into the same valid archive`, async () => {
      const folder = asFolder(resolve(CONNECTORS, path));
      // Exactly one registered format claims it: never two, never a guess.
      expect(detectInputs([folder]).map((c) => c.detection.format)).toEqual([format]);
      const fromFolder = await convertToZip([folder], options);
      const fromZip = await convertToZip([asZip(resolve(CONNECTORS, path))], options);
      expect(validateArchive(fromFolder.zip).valid).toBe(true);
      const archive = readArchive(fromFolder.zip);
      expect(archive.manifest.counts).toEqual(counts);
      const again = readArchive(fromZip.zip);
      expect([...again.messages.values()].flat().map((m) => m.id)).toEqual([...archive.messages.values()].flat().map((m) => m.id));
      expect(again.attachments?.size ?? 0).toBe(counts.attachments);
    });
  }

  it('contacts files are claimed by exactly one format each', () => {
    const inputs: InputFile[] = ['contacts-csv/fixtures/google-ko-en.csv', 'contacts-csv/fixtures/outlook-ko-en.csv', 'vcard/fixtures/korean-3.0-and-2.1-mixed.vcf'].map((p) => ({
      kind: 'file',
      name: p.split('/').pop()!,
      bytes: new Uint8Array(readFileSync(resolve(CONNECTORS, p))),
    }));
    expect(detectInputs(inputs).map((c) => c.detection.format)).toEqual(['google-contacts', 'outlook-contacts', 'vcard']);
  });
});
