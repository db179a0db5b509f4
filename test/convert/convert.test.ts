import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { convertToZip, detectInputs } from '../../src/convert/convert.js';
import { ConvertError, type ConvertOptions, type FileReader, type InputFile, type ParsedExport } from '../../src/connectors/contract.js';
import type { Message } from '../../src/model/types.js';

const OPTIONS: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00.000Z' };

/** A toy format: lines "HH:MM name text" in a file that starts with "TOY <chat>". */
function toyFormat(name = 'toy', marker = 'TOY '): FileReader {
  return {
    name,
    detect: (file) => (file.kind === 'file' && new TextDecoder().decode(file.bytes.subarray(0, 4)) === marker ? { format: name, layout: 'txt' } : undefined),
    parse(file: InputFile): ParsedExport {
      const lines = new TextDecoder().decode(file.bytes).split('\n');
      const chat = lines[0]!.slice(4);
      const account = `${name}:me`;
      const conversationId = `${name}:${chat}`;
      const messages = (): Message[] =>
        lines.slice(1).filter(Boolean).map((line, i) => {
          const [time, sender, ...text] = line.split(' ');
          if (!/^\d\d:\d\d$/.test(time!)) throw new ConvertError(file.name, i + 2, `expected "HH:MM name text", found "${line}".`);
          return { id: `${conversationId}#${line}`, conversationId, sender: `${name}:${sender}`, timestamp: `2024-01-01T${time}:00+09:00`, kind: 'text', text: text.join(' ') };
        });
      return {
        detection: { format: name, layout: 'txt' },
        source: { service: name, account, exportedAt: OPTIONS.now, method: 'export-file', timeZone: { status: 'assumed', zone: 'Asia/Seoul' } },
        contacts: [],
        conversations: [{ conversation: { id: conversationId, kind: 'direct', title: chat, participants: [], source: account }, messages }],
        attachments: new Map(),
        fidelity: [],
        warnings: [],
      };
    },
  };
}

const file = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: strToU8(text) });

describe('ferry convert (the framework)', () => {
  it('I can convert a recognised file into an archive that validates', async () => {
    const { zip, result } = await convertToZip([file('a.txt', 'TOY 민지\n10:00 minji 안녕\n10:01 me hi\n')], OPTIONS, {}, [toyFormat()]);
    expect(validateArchive(zip).errors).toEqual([]);
    expect(result.inputs[0]!.messages).toBe(2);
    expect(readArchive(zip).manifest.counts.messages).toBe(2);
  });

  it('giving the same file twice (or two overlapping exports) gives each message once, in time order', async () => {
    const older = file('old.txt', 'TOY chat\n10:00 a one\n10:05 b two\n');
    const newer = file('new.txt', 'TOY chat\n10:05 b two\n10:07 a three\n');
    const { zip } = await convertToZip([older, newer, older], OPTIONS, {}, [toyFormat()]);
    const archive = readArchive(zip);
    expect(archive.conversations).toHaveLength(1);
    expect([...archive.messages.values()][0]!.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(archive.manifest.sources).toHaveLength(1);
    expect(validateArchive(zip).valid).toBe(true);
  });

  it('a file no format recognises is refused, naming the file and the formats tried', () => {
    expect(() => detectInputs([file('notes.txt', 'hello')], [toyFormat()])).toThrow(/notes\.txt: Ferry does not recognise this file \(tried toy\)/);
  });

  it('a file two formats both claim is refused instead of guessed', () => {
    expect(() => detectInputs([file('a.txt', 'TOY x\n')], [toyFormat('toy'), toyFormat('other')])).toThrow(/more than one format claims this file: toy \(txt\) and other \(txt\)/);
  });

  it('a zip is opened and its chat file found among its other files (which become siblings)', () => {
    const zip = zipSync({ 'chat.txt': strToU8('TOY z\n10:00 a hi\n'), 'photo.jpg': new Uint8Array([1, 2, 3]) });
    const claims = detectInputs([{ kind: 'file', name: 'export.zip', bytes: zip }], [toyFormat()]);
    expect(claims).toHaveLength(1);
    expect(claims[0]!.file.name).toBe('export.zip/chat.txt');
    expect([...claims[0]!.file.siblings!.keys()]).toEqual(['photo.jpg']);
  });

  it('a zip with nothing recognisable in it is refused, saying how many files were looked at', () => {
    const zip = zipSync({ 'a.jpg': new Uint8Array([1]), 'b.jpg': new Uint8Array([2]) });
    expect(() => detectInputs([{ kind: 'file', name: 'x.zip', bytes: zip }], [toyFormat()])).toThrow(/x\.zip: none of the 2 files in it/);
  });

  it('a file that breaks part-way stops the conversion with file and line, before anything is written', async () => {
    const chunks: Uint8Array[] = [];
    const broken = file('broken.txt', 'TOY chat\n10:00 a fine\nnonsense here\n');
    const { convertFiles } = await import('../../src/convert/convert.js');
    await expect(convertFiles([broken], OPTIONS, (c) => void chunks.push(c), {}, [toyFormat()])).rejects.toThrow(/broken\.txt:3: expected "HH:MM name text"/);
    expect(chunks).toHaveLength(0);
  });
});

describe('files with nothing in them, and files in UTF-16 (issues 16 and 18)', () => {
  const bytes = (name: string, data: number[] | Uint8Array): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(data) });
  /** UTF-16 of `text`, little or big end first, with or without the byte order mark. */
  const utf16 = (text: string, order: 'le' | 'be', mark: boolean): Uint8Array => {
    const out: number[] = mark ? (order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out.push(...(order === 'le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]));
    }
    return new Uint8Array(out);
  };
  const refusal = (input: InputFile): string => {
    try {
      detectInputs([input], [toyFormat()]);
    } catch (error) {
      expect(error).toBeInstanceOf(ConvertError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('I am told an empty file, one holding only a byte order mark, or only blank lines is empty, not that it is unknown', () => {
    expect(refusal(bytes('a.txt', []))).toMatch(/^a\.txt: the file is empty: it has no bytes at all\. .*export the chat again/);
    expect(refusal(bytes('b.txt', [0xef, 0xbb, 0xbf]))).toMatch(/^b\.txt: the file is empty: it holds only a byte order mark/);
    expect(refusal(bytes('c.txt', [0xff, 0xfe]))).toMatch(/^c\.txt: the file is empty: it holds only a byte order mark/);
    expect(refusal(file('d.txt', '\r\n \n\t\n'))).toMatch(/^d\.txt: the file is empty: it holds only blank lines/);
    expect(refusal(file('e.txt', 'not a toy'))).toMatch(/does not recognise this file/);
  });

  it('an empty file inside a zip is one more entry, not an error', async () => {
    const zip = zipSync({ 'chat.txt': strToU8('TOY 민지\n10:00 minji 안녕'), 'empty.jpg': new Uint8Array() });
    expect(detectInputs([bytes('export.zip', zip)], [toyFormat()]).map((c) => c.file.name)).toEqual(['export.zip/chat.txt']);
  });

  it('I can convert a UTF-16 file, with or without its byte order mark, and am told it was UTF-16', async () => {
    const text = 'TOY 민지\n10:00 minji 안녕 😀\n10:01 jun hi\n';
    for (const [order, mark] of [['le', true], ['be', true], ['le', false], ['be', false]] as const) {
      const { result, zip } = await convertToZip([bytes('chat.txt', utf16(text, order, mark))], OPTIONS, {}, [toyFormat()]);
      const name = order === 'le' ? 'UTF-16 LE' : 'UTF-16 BE';
      expect(result.inputs[0]!.warnings, `${order} ${mark}`).toEqual([{ code: 'not_utf8', args: [name], text: `The file is not UTF-8; it was read as ${name}.` }]);
      expect([...readArchive(zip).messages.values()][0]!.map((m) => m.text)).toEqual(['안녕 😀', 'hi']);
      expect(validateArchive(zip).valid).toBe(true);
    }
  });

  it('a UTF-16 file nothing recognises is named as UTF-16 in the refusal', () => {
    expect(refusal(bytes('list.txt', utf16('Milk\r\nEggs\r\n', 'le', true)))).toMatch(/does not recognise this file \(it is UTF-16 LE text, which Ferry decoded, but the text is no export it knows; tried toy\)/);
  });

  it('a UTF-16 entry of a zip is decoded when it carries its byte order mark', () => {
    const zip = zipSync({ 'chat.txt': utf16('TOY 민지\n10:00 minji 안녕\n', 'le', true) });
    expect(detectInputs([bytes('export.zip', zip)], [toyFormat()])[0]).toMatchObject({ decodedFrom: 'utf-16le' });
  });

  it('binary and UTF-8 files are not taken for UTF-16', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
    expect(refusal(bytes('x.png', png))).toMatch(/does not recognise this file \(tried toy\)/);
    expect(detectInputs([file('chat.txt', 'TOY 민지\n10:00 minji 안녕\n')], [toyFormat()])[0]!.decodedFrom).toBeUndefined();
  });
});
