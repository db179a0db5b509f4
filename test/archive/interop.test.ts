/**
 * The format promises that standard tools open an archive; these tests hold it to that
 * with the real `unzip`, `zip` and `age` binaries, skipping whichever is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchive, writeArchive } from '../../src/archive/index.js';
import { validateArchive } from '../../src/archive/validate.js';
import { sampleContent } from './fixtures.js';

const installed = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const run = (cmd: string, args: string[], options: { cwd?: string } = {}) =>
  execFileSync(cmd, args, { ...options, stdio: 'pipe', maxBuffer: 64 << 20 });

const dir = mkdtempSync(join(tmpdir(), 'ferry-archive-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const zipPath = join(dir, 'archive.zip');
writeFileSync(zipPath, writeArchive(sampleContent()));

describe.skipIf(!installed('unzip'))('the standard unzip tool', () => {
  it('lists every entry of an archive', () => {
    const listing = run('unzip', ['-l', zipPath]).toString();
    for (const name of ['manifest.json', 'contacts.json', 'conversations.json', 'messages/00001.jsonl', 'messages/00003.jsonl']) {
      expect(listing).toContain(name);
    }
    expect(listing).toContain('1980');
  });

  it('prints an entry byte for byte with unzip -p', () => {
    const manifest = run('unzip', ['-p', zipPath, 'manifest.json']).toString('utf8');
    expect(manifest).toBe(JSON.stringify(sampleContent().manifest, null, 2) + '\n');
    const messages = run('unzip', ['-p', zipPath, 'messages/00002.jsonl']).toString('utf8');
    expect(messages).toContain('모두 안녕! 🎉');
  });

  it('finds no CRC or structure errors with unzip -t', () => {
    expect(run('unzip', ['-t', zipPath]).toString()).toContain('No errors detected');
  });

  it('extracts plain files readable by everyone', () => {
    const out = join(dir, 'extracted');
    run('unzip', ['-q', '-o', zipPath, '-d', out]);
    expect(statSync(join(out, 'messages/00001.jsonl')).mode & 0o777).toBe(0o644);
    expect(JSON.parse(readFileSync(join(out, 'contacts.json'), 'utf8'))).toEqual(sampleContent().contacts);
  });
});

describe.skipIf(!installed('unzip') || !installed('zip'))('an archive assembled with the standard zip tool', () => {
  it('reads back as the same content and validates, as the README says', () => {
    const out = join(dir, 'by-hand');
    run('unzip', ['-q', '-o', zipPath, '-d', out]);
    const rebuilt = join(dir, 'rebuilt.zip');
    run('zip', ['-q', '-X', '-r', rebuilt, 'manifest.json', 'contacts.json', 'conversations.json', 'fidelity.json', 'messages', 'attachments'], { cwd: out });
    const bytes = new Uint8Array(readFileSync(rebuilt));
    expect(readArchive(bytes)).toEqual(sampleContent());
    expect(validateArchive(bytes)).toEqual({ valid: true, errors: [] });
  });
});

describe.skipIf(!installed('age') || !installed('age-keygen'))('the age wrapper', () => {
  it('age -d of an age-encrypted archive gives the zip back', () => {
    const key = join(dir, 'key.txt');
    run('age-keygen', ['-o', key]);
    const recipient = run('age-keygen', ['-y', key]).toString().trim();
    const sealed = join(dir, 'archive.age');
    run('age', ['-r', recipient, '-o', sealed, zipPath]);
    const opened = new Uint8Array(run('age', ['-d', '-i', key, sealed]));
    expect(opened).toEqual(new Uint8Array(readFileSync(zipPath)));
    expect(() => readArchive(new Uint8Array(readFileSync(sealed)))).toThrow(/still encrypted/);
    expect(readArchive(opened)).toEqual(sampleContent());
  });
});
