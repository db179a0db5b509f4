import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumnOf, parseJsonFile } from '../../src/connectors/kit/json-input.js';
import { findRelative } from '../../src/connectors/kit/files.js';
import { repairMojibake } from '../../src/connectors/messenger/read.js';
import { ConvertError, type InputFile } from '../../src/connectors/contract.js';

describe('finding where a JSON export is broken', () => {
  it('agrees with JSON.parse on whether any JSON-ish text is valid', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
      fc.tuple(fc.json(), fc.nat(), fc.constantFrom(',', '}', ']', '"', ':', 'x', '\n', '\\')).map(([j, at, c]) => j.slice(0, at % (j.length + 1)) + c + j.slice(at % (j.length + 1))),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === -1).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the line and column of the first wrong character', () => {
    const text = '{\n  "a": [1, 2,\n  ]\n}';
    expect(lineColumnOf(text, jsonErrorOffset(text))).toEqual({ line: 3, column: 3 });
    const file: InputFile = { kind: 'file', name: 'x.json', bytes: new TextEncoder().encode(text) };
    expect(() => parseJsonFile(file, 'a test file')).toThrow(ConvertError);
    expect(() => parseJsonFile(file, 'a test file')).toThrow(/^x\.json:3: this looks like a test file, but it is not valid JSON at line 3, column 3 \(found "\]\\n}"\)/);
  });

  it('a file with a byte order mark parses', () => {
    const file: InputFile = { kind: 'file', name: 'bom.json', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a": "가"}')]) };
    expect(parseJsonFile(file, 'x')).toEqual({ a: '가' });
  });
});

describe('repairing Latin-1 mojibake, for any text', () => {
  it('whatever the text (Korean, emoji, accents), Meta\'s encoding of it repairs to exactly it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const meta = String.fromCharCode(...new TextEncoder().encode(text));
        expect(repairMojibake(meta)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('text that is already right is never changed when it has a character above U+00FF', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((t) => [...t].some((c) => c.codePointAt(0)! > 0xff)), (text) => {
        expect(repairMojibake(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('finding files an export refers to', () => {
  const bytes = new Uint8Array([1]);
  it('looks in the export file\'s own folder inside a zip, not in another export\'s', () => {
    const siblings = new Map([
      ['a/photos/p.jpg', bytes],
      ['b/photos/p.jpg', new Uint8Array([2])],
    ]);
    const file: InputFile = { kind: 'file', name: 'export.zip/b/result.json', bytes: new Uint8Array(), siblings };
    expect(findRelative(file, 'photos/p.jpg')).toEqual({ path: 'b/photos/p.jpg', bytes: new Uint8Array([2]) });
    expect(findRelative(file, 'photos\\p.jpg')?.path).toBe('b/photos/p.jpg');
    expect(findRelative(file, 'photos/q.jpg')).toBeUndefined();
  });
});
