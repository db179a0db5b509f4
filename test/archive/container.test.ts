import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveError, readArchive, writeArchive } from '../../src/archive/index.js';
import { readArchiveDetailed } from '../../src/archive/container.js';
import { DIRECT, EMPTY, GROUP, PHOTO, PHOTO_SHA256, TRICKY_TEXTS, reversedKeys, sampleContent } from './fixtures.js';

const encode = (text: string) => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Attachments are binary: carried through the text helpers below as latin1, one char per byte. */
const isBinary = (name: string) => name.startsWith('attachments/');

/** A zip built by hand, for archives Ferry itself would never write. */
function handMadeZip(files: Record<string, string | Uint8Array>): Uint8Array {
  const entries = Object.fromEntries(
    Object.entries(files).map(([name, data]) => [
      name,
      typeof data !== 'string' ? data : isBinary(name) ? strToU8(data, true) : encode(data),
    ]),
  );
  return zipSync(entries);
}

function entriesOf(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, data]) => [name, strFromU8(data, isBinary(name))]));
}

function thrown(action: () => unknown): ArchiveError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    return error as ArchiveError;
  }
  throw new Error('expected an ArchiveError, nothing was thrown');
}

/** sampleContent's entries, as a starting point for damaged archives. */
function sampleEntries(): Record<string, string> {
  return entriesOf(writeArchive(sampleContent()));
}

describe('round trip', () => {
  it('an archive read back equals the content it was written from', () => {
    const content = sampleContent();
    expect(readArchive(writeArchive(content))).toEqual(content);
  });

  it('Korean, ZWJ emoji, CRLF, U+2028 and NUL in message text come back byte for byte', () => {
    const back = readArchive(writeArchive(sampleContent()));
    const texts = back.messages.get(DIRECT)!.map((m) => m.text);
    expect(texts).toEqual(TRICKY_TEXTS);
    texts.forEach((text, i) => expect(encode(text)).toEqual(encode(TRICKY_TEXTS[i]!)));
    // Decomposed Hangul stays decomposed: the archive never normalizes.
    expect(texts[1]).not.toBe(texts[1]!.normalize('NFC'));
  });

  it('a lone surrogate in a message survives the round trip', () => {
    const content = sampleContent();
    content.messages.get(DIRECT)![0]!.text = 'broken pair \ud83d here';
    expect(readArchive(writeArchive(content)).messages.get(DIRECT)![0]!.text).toBe('broken pair \ud83d here');
  });

  it('source ids named like Object.prototype members are kept as plain data', () => {
    const content = sampleContent();
    const sourceIds = JSON.parse('{"__proto__": "p", "toString": "t", "constructor": "c"}') as Record<string, string>;
    content.messages.get(DIRECT)![0]!.sourceIds = sourceIds;
    const back = readArchive(writeArchive(content)).messages.get(DIRECT)![0]!.sourceIds!;
    expect(Object.entries(back)).toEqual([['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']]);
  });

  it('a conversation without messages comes back with an empty list', () => {
    const content = sampleContent();
    content.messages.delete(EMPTY);
    expect(readArchive(writeArchive(content)).messages.get(EMPTY)).toEqual([]);
  });

  it('properties the schema does not know pass through a read and a write', () => {
    const entries = sampleEntries();
    const manifest = JSON.parse(entries['manifest.json']!);
    manifest.schemaVersion = '1.99';
    manifest.futureField = { x: 1 };
    entries['manifest.json'] = JSON.stringify(manifest);
    const again = readArchive(writeArchive(readArchive(handMadeZip(entries))));
    expect((again.manifest as unknown as Record<string, unknown>).futureField).toEqual({ x: 1 });
  });
});

describe('layout', () => {
  it('entries are manifest, contacts, conversations, fidelity, one messages file per conversation in order, then attachments', () => {
    const names = Object.keys(unzipSync(writeArchive(sampleContent())));
    expect(names).toEqual([
      'manifest.json',
      'contacts.json',
      'conversations.json',
      'fidelity.json',
      'messages/00001.jsonl',
      'messages/00002.jsonl',
      'messages/00003.jsonl',
      `attachments/${PHOTO_SHA256}`,
    ]);
  });

  it('JSON files are pretty-printed with two spaces and end with a newline', () => {
    const entries = sampleEntries();
    const content = sampleContent();
    expect(entries['manifest.json']).toBe(JSON.stringify(content.manifest, null, 2) + '\n');
    expect(entries['contacts.json']).toBe(JSON.stringify(content.contacts, null, 2) + '\n');
    expect(entries['conversations.json']!.endsWith('\n]\n')).toBe(true);
  });

  it('each messages file has one compact JSON object per line, in time order, each line ending in a newline', () => {
    const entries = sampleEntries();
    const lines = entries['messages/00002.jsonl']!.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).text)).toEqual(['모두 안녕! 🎉', 'hi all', '사진']);
    expect(lines[0]).toMatch(/^\{"id":"[^"]+","conversationId":/);
    expect(entries['messages/00003.jsonl']).toBe('');
  });

  it('U+2028 and U+2029 are written escaped so no tool mistakes them for line breaks', () => {
    const file = sampleEntries()['messages/00001.jsonl']!;
    expect(file).not.toMatch(/[\u2028\u2029]/);
    expect(file).toContain('\\u2028');
  });

  it('keys are written in schema order and source ids sorted, however the objects were built', () => {
    const file = sampleEntries()['messages/00001.jsonl']!;
    const first = file.split('\n')[0]!;
    expect(Object.keys(JSON.parse(first))).toEqual(['id', 'conversationId', 'sender', 'timestamp', 'kind', 'text', 'sourceIds']);
    expect(first).toContain('"sourceIds":{"mam":"0","origin":"o-0"}');
  });
});

describe('determinism', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('an archive written twice from the same content is byte-identical', () => {
    expect(sha256(writeArchive(sampleContent()))).toBe(sha256(writeArchive(sampleContent())));
  });

  it('the bytes do not depend on key order or Map insertion order', () => {
    expect(sha256(writeArchive(reversedKeys(sampleContent())))).toBe(sha256(writeArchive(sampleContent())));
  });

  it('the bytes do not depend on the time zone of the machine', () => {
    process.env.TZ = 'Pacific/Honolulu';
    const west = writeArchive(sampleContent());
    process.env.TZ = 'Asia/Seoul';
    const east = writeArchive(sampleContent());
    expect(new Date(1980, 0, 1).getTimezoneOffset()).toBe(-540);
    expect(sha256(west)).toBe(sha256(east));
  });

  it('every entry is stamped 1980-01-01 00:00 in the zip headers', () => {
    const zip = writeArchive(sampleContent());
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    // Local file header: signature, version, flags, method, then DOS time and date.
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(10, true)).toBe(0); // 00:00:00
    expect(view.getUint16(12, true)).toBe((0 << 9) | (1 << 5) | 1); // 1980-01-01
  });
});

describe('writing refuses content that would lose messages', () => {
  it('messages filed under a conversation that is not in conversations are refused', () => {
    const content = sampleContent();
    content.messages.set('xmpp:ghost', [{ ...content.messages.get(DIRECT)![0]!, conversationId: 'xmpp:ghost' }]);
    const error = thrown(() => writeArchive(content));
    expect(error.code).toBe('inconsistent');
    expect(error.message).toContain('"xmpp:ghost", which is not in conversations');
  });

  it('a message whose conversationId differs from the conversation it is filed under is refused', () => {
    const content = sampleContent();
    content.messages.get(DIRECT)![2]!.conversationId = GROUP;
    expect(thrown(() => writeArchive(content)).message).toContain(`its conversationId is "${GROUP}"`);
  });

  it('a conversation id used twice is refused', () => {
    const content = sampleContent();
    content.conversations.push({ ...content.conversations[0]! });
    expect(thrown(() => writeArchive(content)).message).toContain('appears twice');
  });
});

describe('reading', () => {
  it('messages are grouped by conversationId, not by the file they are in', () => {
    const entries = sampleEntries();
    // Swap the two files and split one conversation across an extra file.
    const [first, second] = [entries['messages/00001.jsonl']!, entries['messages/00002.jsonl']!];
    const firstLines = first.split('\n');
    entries['messages/00001.jsonl'] = second;
    entries['messages/00002.jsonl'] = firstLines.slice(0, 3).join('\n') + '\n';
    entries['messages/00010.jsonl'] = firstLines.slice(3).join('\n');
    const back = readArchive(handMadeZip(entries));
    expect(back).toEqual(sampleContent());
  });

  it('messages files are read in numeric order, so a split conversation keeps its order past 99999', () => {
    const entries = sampleEntries();
    const lines = entries['messages/00001.jsonl']!.trimEnd().split('\n');
    delete entries['messages/00001.jsonl'];
    entries['messages/100000.jsonl'] = lines.slice(3).join('\n');
    entries['messages/99999.jsonl'] = lines.slice(0, 3).join('\n');
    expect(readArchive(handMadeZip(entries)).messages.get(DIRECT)).toEqual(sampleContent().messages.get(DIRECT));
  });

  it('blank lines and CRLF line ends in a messages file are tolerated', () => {
    const entries = sampleEntries();
    entries['messages/00002.jsonl'] = '\r\n' + entries['messages/00002.jsonl']!.replace(/\n/g, '\r\n') + '\n  \n';
    expect(readArchive(handMadeZip(entries)).messages.get(GROUP)).toEqual(sampleContent().messages.get(GROUP));
  });

  it('entries the format does not define are ignored', () => {
    const entries = { ...sampleEntries(), 'README.txt': 'hello', 'messages/notes.txt': 'x', 'extra/00001.jsonl': '{' };
    expect(readArchive(handMadeZip(entries))).toEqual(sampleContent());
  });

  it('the reader reports which file and line each message came from', () => {
    const { content, locations } = readArchiveDetailed(writeArchive(sampleContent()));
    expect(locations.get(content.messages.get(GROUP)![1]!)).toEqual({ entry: 'messages/00002.jsonl', line: 2 });
  });
});

describe('reading refuses what it cannot read, and says why', () => {
  it('a newer major version is refused with advice to update', () => {
    const entries = sampleEntries();
    entries['manifest.json'] = entries['manifest.json']!.replace(/"schemaVersion": "[^"]*"/, '"schemaVersion": "2.0"');
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.code).toBe('unsupported-version');
    expect(error.message).toBe('Archive was written by a newer Ferry (schema 2.0); this version reads 1.x and 0.x. Update Ferry.');
  });

  it('a newer minor version of the same major is read', () => {
    const entries = sampleEntries();
    entries['manifest.json'] = entries['manifest.json']!.replace(/"schemaVersion": "[^"]*"/, '"schemaVersion": "1.7"');
    expect(readArchive(handMadeZip(entries)).manifest.schemaVersion).toBe('1.7');
  });

  it('a schemaVersion that is not MAJOR.MINOR is refused', () => {
    const entries = sampleEntries();
    entries['manifest.json'] = entries['manifest.json']!.replace(/"schemaVersion": "[^"]*"/, '"schemaVersion": "v1"');
    expect(thrown(() => readArchive(handMadeZip(entries))).message).toContain('schemaVersion "v1", which is not a version number');
  });

  it('a zip without manifest.json is not a Ferry archive', () => {
    const entries = sampleEntries();
    delete entries['manifest.json'];
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.code).toBe('not-ferry');
    expect(error.message).toMatch(/^This file is not a Ferry archive: manifest.json is missing\./);
  });

  it('an archive zipped inside a folder gets a hint to zip the folder contents', () => {
    const entries = Object.fromEntries(Object.entries(sampleEntries()).map(([n, d]) => [`my-archive/${n}`, d]));
    expect(thrown(() => readArchive(handMadeZip(entries))).message).toContain('There is a my-archive/manifest.json');
  });

  it('a manifest of some other format is not a Ferry archive', () => {
    const entries = { ...sampleEntries(), 'manifest.json': '{"name": "some web app"}' };
    expect(thrown(() => readArchive(handMadeZip(entries))).message).toContain('does not say "format": "ferry-archive"');
  });

  it('a file that is not a zip is refused', () => {
    const error = thrown(() => readArchive(encode('just some text, certainly not a zip file')));
    expect(error.code).toBe('not-zip');
    expect(error.message).toContain('it is not a zip file');
  });

  it('a truncated archive is refused', () => {
    const zip = writeArchive(sampleContent());
    expect(thrown(() => readArchive(zip.slice(0, zip.length - 40))).code).toBe('not-zip');
  });

  it('an age-encrypted file is recognised and the person is told to decrypt it first', () => {
    const age = encode('age-encryption.org/v1\n-> scrypt abc 18\nxyz\n--- mac\n\u0000binary');
    const error = thrown(() => readArchive(age));
    expect(error.code).toBe('encrypted');
    expect(error.message).toContain('age -d');
    expect(thrown(() => readArchive(encode('-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n'))).code).toBe('encrypted');
  });

  it('a missing contacts.json is reported as an incomplete archive', () => {
    const entries = sampleEntries();
    delete entries['contacts.json'];
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.code).toBe('missing-entry');
    expect(error.message).toContain('contacts.json is missing');
  });

  it('a broken line in a messages file is reported with the entry name and line number', () => {
    const entries = sampleEntries();
    const lines = entries['messages/00001.jsonl']!.split('\n');
    lines[3] = lines[3]!.slice(0, -5);
    entries['messages/00001.jsonl'] = lines.join('\n');
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.code).toBe('bad-json');
    expect(error.entry).toBe('messages/00001.jsonl');
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^messages\/00001\.jsonl line 4 is not valid JSON/);
  });

  it('a line that is JSON but not a message object is reported with its line number', () => {
    const entries = sampleEntries();
    entries['messages/00002.jsonl'] += '[1, 2]\n';
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.code).toBe('bad-structure');
    expect(error.line).toBe(4);
  });

  it('broken JSON in conversations.json is reported with line and column', () => {
    const entries = sampleEntries();
    entries['conversations.json'] = entries['conversations.json']!.replace('"kind": "group"', '"kind" "group"');
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.entry).toBe('conversations.json');
    const expectedLine = entries['conversations.json']!.split('\n').findIndex((l) => l.includes('"kind" "group"')) + 1;
    expect(error.line).toBe(expectedLine);
    expect(error.message).toContain(`conversations.json is not valid JSON (line ${expectedLine}, column`);
  });

  it('contacts.json holding an object instead of an array is refused', () => {
    const entries = { ...sampleEntries(), 'contacts.json': '{}' };
    expect(thrown(() => readArchive(handMadeZip(entries))).message).toContain('must hold a JSON array of contacts, but holds object');
  });

  it('an entry that is not UTF-8 is refused with the entry name', () => {
    const entries: Record<string, string | Uint8Array> = sampleEntries();
    entries['contacts.json'] = new Uint8Array([0x5b, 0xc3, 0x28, 0x5d]);
    const error = thrown(() => readArchive(handMadeZip(entries)));
    expect(error.code).toBe('bad-encoding');
    expect(error.message).toContain('contacts.json is not valid UTF-8');
  });
});
