import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { run } from '../../src/cli/commands/convert.js';
import { unsealArchive } from '../../src/transfer/archive-file.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/whatsapp/fixtures');
let dir: string;
let out: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-convert-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.FERRY_PASSPHRASE;
});

function capture(): void {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
}

describe('ferry convert', () => {
  it('I can convert a WhatsApp export and a folder into one encrypted archive, and it tells me what it recognised', async () => {
    capture();
    process.env.FERRY_PASSPHRASE = '변환 passphrase';
    const target = join(dir, 'out.age');
    const code = await run([join(FIXTURES, 'android-de.txt'), join(FIXTURES, 'ios-media'), '-o', target, '--tz', 'Europe/Berlin']);
    expect(code).toBe(0);
    const printed = out.join('');
    expect(printed).toContain('android-de.txt: whatsapp (android-txt "DD.MM.YY, HH:MM - Name: text", de), 6 messages, 1 attachment (1 not included)');
    expect(printed).toContain('ios-media/_chat.txt: whatsapp (ios-txt "[DD.MM.YY, HH:MM:SS] Name: text", en-GB), 5 messages, 2 attachments (1 not included)');
    expect(printed).toContain('assumed Europe/Berlin');
    const zip = await unsealArchive(new Uint8Array(readFileSync(target)), () => '변환 passphrase');
    expect(validateArchive(zip).errors).toEqual([]);
    const archive = readArchive(zip);
    expect(archive.manifest.counts).toMatchObject({ conversations: 2, messages: 11, attachments: 1 });
    expect(archive.manifest.sources[0]!.timeZone).toEqual({ status: 'assumed', zone: 'Europe/Berlin' });
  });

  it('an ambiguous date order stops with the question, and nothing is written', async () => {
    capture();
    const input = join(dir, 'ambiguous.txt');
    writeFileSync(input, '01/02/2024, 10:00 - A: one\n03/04/2024, 11:00 - B: two\n');
    const target = join(dir, 'never.zip');
    await expect(run([input, '-o', target, '--unencrypted'])).rejects.toThrow(/--date-order/);
    expect(existsSync(target)).toBe(false);
    expect(await run([input, '-o', target, '--unencrypted', '--date-order', 'mdy', '--tz', 'UTC'])).toBe(0);
    const archive = readArchive(new Uint8Array(readFileSync(target)));
    expect([...archive.messages.values()][0]![0]!.timestamp).toBe('2024-01-02T10:00:00Z');
  });

  it('a file Ferry does not know is refused by name, and nothing is written', async () => {
    capture();
    const input = join(dir, 'notes.txt');
    writeFileSync(input, 'just some notes\n');
    const target = join(dir, 'nothing.zip');
    await expect(run([input, '-o', target, '--unencrypted'])).rejects.toThrow(/notes\.txt: Ferry does not recognise this file \(tried .*whatsapp/);
    expect(existsSync(target)).toBe(false);
  });

  it('wrong flags are usage errors: unknown zone, unknown date order, no output', async () => {
    capture();
    const input = join(FIXTURES, 'android-de.txt');
    await expect(run([input, '-o', join(dir, 'x.zip'), '--tz', 'Mars/Olympus'])).rejects.toThrow(/--tz: "Mars\/Olympus" is not a time zone/);
    await expect(run([input, '-o', join(dir, 'x.zip'), '--date-order', 'dym'])).rejects.toThrow(/--date-order must be one of dmy, mdy, ymd/);
    await expect(run([input])).rejects.toThrow(/-o OUT/);
  });
});
