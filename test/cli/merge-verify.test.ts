import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { contactsFromVCard } from '../../src/connectors/vcard/read-contacts.js';
import { countOf, type Message } from '../../src/model/types.js';
import { sampleContent } from '../archive/fixtures.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
const PASSPHRASE = '합치기 passphrase';
let dir: string;

const ferry = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: '', ...env } });

function exportWith(keep: (m: Message, i: number) => boolean): Uint8Array {
  const content = sampleContent();
  for (const [id, list] of content.messages) content.messages.set(id, list.filter(keep));
  content.manifest.counts = countOf(content);
  return writeArchive(content);
}

beforeAll(() => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'ferry-merge-'));
  writeFileSync(join(dir, 'old.zip'), exportWith((_, i) => i < 4));
  writeFileSync(join(dir, 'new.zip'), exportWith((_, i) => i >= 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ferry merge, verify and export-format vcard', () => {
  it('export-format vcard writes the friend list as vCard 4.0 that reads back as the same contacts', () => {
    const out = join(dir, 'contacts.vcf');
    const run = ferry(['export-format', 'vcard', join(dir, 'old.zip'), '-o', out]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('kept: 2 contacts');
    const back = contactsFromVCard(new Uint8Array(readFileSync(out))).contacts;
    expect(back.map((c) => [c.id, c.displayName, c.groups])).toEqual(sampleContent().contacts.map((c) => [c.id, c.displayName, c.groups]));
  });

  it('merge writes an encrypted archive whose inspect --json counts are the union of the inputs', () => {
    const out = join(dir, 'merged.age');
    const run = ferry(['merge', join(dir, 'old.zip'), join(dir, 'new.zip'), '-o', out], { FERRY_PASSPHRASE: PASSPHRASE });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(out).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const inspect = JSON.parse(ferry(['inspect', '--json', out], { FERRY_PASSPHRASE: PASSPHRASE }).stdout);
    const union = countOf(sampleContent());
    expect(inspect).toMatchObject({ encrypted: true, contacts: union.contacts, conversations: union.conversations, messages: union.messages });
    expect(ferry(['verify', out], { FERRY_PASSPHRASE: PASSPHRASE }).status).toBe(0);
  });

  it('merge --unencrypted writes a plain zip, deliberately', () => {
    const out = join(dir, 'merged.zip');
    expect(ferry(['merge', join(dir, 'old.zip'), join(dir, 'new.zip'), '-o', out, '--unencrypted']).status).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(ferry(['verify', out]).stdout).toContain('valid');
  });

  it('verify lists every error with its file, line and JSON pointer, and exits 1', () => {
    const entries = unzipSync(readFileSync(join(dir, 'old.zip')));
    const lines = strFromU8(entries['messages/00001.jsonl']!).split('\n');
    lines[1] = lines[1]!.replace('"timestamp":"2024-04-30T09:01:00.000Z"', '"timestamp":"2024-04-30 09:01"');
    lines[2] = lines[2]!.replace('"kind":"text"', '"kind":"fax"');
    entries['messages/00001.jsonl'] = strToU8(lines.join('\n'));
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, zipSync(entries));
    const run = ferry(['verify', broken]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('messages/00001.jsonl:2 /timestamp: must be an RFC 3339 date-time with an offset');
    expect(run.stderr).toContain('messages/00001.jsonl:3 /kind: must be one of');
  });
});
