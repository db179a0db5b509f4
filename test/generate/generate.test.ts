/**
 * `ferry generate`'s files (src/generate) are read by Ferry's own readers: each format, in each
 * language, converts through the same runner `ferry convert` uses, is claimed as that format,
 * and gives back the number of messages (or cards) the generator says it wrote, every text intact.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConvertOptions, InputFile } from '../../src/connectors/contract.js';
import { convertToZip, expandZip, looksLikeZip } from '../../src/convert/convert.js';
import { readArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { EXPORT_FORMATS, generateExport, generateExportPieces, type GeneratedFile } from '../../src/generate/index.js';

const FILE_FORMATS = EXPORT_FORMATS.filter((f) => f !== 'xmpp-seed');

function inputOf(file: GeneratedFile): InputFile {
  return looksLikeZip(file.bytes) ? expandZip(file.fileName, file.bytes) : { kind: 'file', name: file.fileName, bytes: file.bytes };
}

function optionsOf(file: GeneratedFile): ConvertOptions {
  const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-12-01T00:00:00.000Z' };
  for (let i = 0; i < file.convertArgs.length; i += 2) {
    const [flag, value] = [file.convertArgs[i], file.convertArgs[i + 1]!];
    if (flag === '--me') options.me = value;
    else if (flag === '--date-order') options.dateOrder = value as ConvertOptions['dateOrder'];
    else throw new Error(`the test does not know ${flag}`);
  }
  return options;
}

describe('ferry generate', () => {
  for (const format of FILE_FORMATS) {
    for (const locale of ['ko', 'en']) {
      it(`writes a ${format} export in ${locale} that Ferry's ${format} reader reads back whole`, async () => {
        const file = generateExport(format, { locale, messages: 120, seed: 7 });
        const { zip, result } = await convertToZip([inputOf(file)], optionsOf(file));
        expect(result.inputs.map((i) => i.detection.format)).toEqual([format]);
        expect(validateArchive(zip).errors).toEqual([]);
        const content = await readArchive(zip);
        if (format === 'vcard') {
          expect(content.contacts).toHaveLength(120);
          expect(content.contacts.every((c) => (locale === 'ko' ? /[가-힣]/ : /[A-Za-z]/).test(c.displayName))).toBe(true);
          return;
        }
        const texts = [...content.messages.values()].flat().map((m) => m.text);
        expect(texts).toHaveLength(file.messages);
        // Formats written here number every text; the connectors' own generators (kakaotalk, line) write their own words.
        if (!['kakaotalk', 'line'].includes(format)) {
          const numbered = texts.filter((t) => / #\d+$/.test(t)).map((t) => Number(/#(\d+)$/.exec(t)![1]));
          expect(new Set(numbered).size).toBe(numbered.length);
          expect(numbered.length).toBeGreaterThan(file.messages * 0.8);
        }
      });
    }
  }

  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    for (const format of EXPORT_FORMATS) {
      const a = generateExport(format, { locale: 'ko', messages: 50, seed: 3 });
      const b = generateExport(format, { locale: 'ko', messages: 50, seed: 3 });
      const c = generateExport(format, { locale: 'ko', messages: 50, seed: 4 });
      expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), format).toBe(true);
      expect(Buffer.from(a.bytes).equals(Buffer.from(c.bytes)), format).toBe(false);
    }
  });

  it('gives the same file in pieces as whole, so a benchmark can write a million messages without holding them', () => {
    for (const format of ['whatsapp', 'telegram'] as const) {
      const whole = generateExport(format, { locale: 'ko', messages: 3_000, seed: 5 });
      const { pieces, ...rest } = generateExportPieces(format, { locale: 'ko', messages: 3_000, seed: 5 });
      const list = [...pieces];
      expect(Buffer.concat(list).equals(Buffer.from(whole.bytes)), format).toBe(true);
      expect(rest).toEqual({ format: whole.format, fileName: whole.fileName, messages: whole.messages, convertArgs: whole.convertArgs });
    }
    // WhatsApp really comes in pieces (about 1 MB each), not as one.
    expect([...generateExportPieces('whatsapp', { messages: 40_000, seed: 5 }).pieces].length).toBeGreaterThan(1);
  });

  it('refuses a format, language or size it cannot write, saying which are possible', () => {
    expect(() => generateExport('icq', { messages: 5 })).toThrow(/not a format.*whatsapp/);
    expect(() => generateExport('whatsapp', { locale: 'xx', messages: 5 })).toThrow(/--locale xx.*ko, en/);
    expect(() => generateExport('whatsapp', { messages: 0 })).toThrow(/--messages must be a whole number/);
  });

  it('writes an XMPP account seed with the asked number of one-to-one messages, in the asked language', () => {
    const file = generateExport('xmpp-seed', { locale: 'ko', messages: 200, seed: 9 });
    const seed = JSON.parse(new TextDecoder().decode(file.bytes)) as { conversations: { messages: { body: string }[] }[]; contacts: { name: string }[] };
    expect(seed.conversations.flatMap((c) => c.messages)).toHaveLength(200);
    expect(seed.contacts.every((c) => /[가-힣]/.test(c.name))).toBe(true);
  });
});

describe('ferry generate on the command line', () => {
  const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
  const ferry = (args: string[]) => spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: 'generate test' } });

  it('writes a Korean WhatsApp export that ferry convert turns into an archive of exactly that many messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-generate-'));
    try {
      const made = ferry(['generate', 'whatsapp', '--locale', 'ko', '--messages', '500', '--seed', '7', '-o', join(dir, 'chat.txt')]);
      expect(made.stderr).toBe('');
      expect(made.stdout).toContain('whatsapp, 500 messages');
      const converted = ferry(['convert', join(dir, 'chat.txt'), '--date-order', 'ymd', '--tz', 'Asia/Seoul', '-o', join(dir, 'chat.age')]);
      expect(converted.status, converted.stderr).toBe(0);
      const inspected = ferry(['inspect', '--json', join(dir, 'chat.age')]);
      expect(JSON.parse(inspected.stdout)).toMatchObject({ encrypted: true, messages: 500 });
      expect(readFileSync(join(dir, 'chat.txt'), 'utf8')).toMatch(/^2023\. 3\. 1\., 오전 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which format was wrong and exits 2 without writing a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-generate-'));
    try {
      const run = ferry(['generate', 'icq', '--messages', '3', '-o', join(dir, 'x')]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('"icq" is not a format ferry generate writes');
      expect(existsSync(join(dir, 'x'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
