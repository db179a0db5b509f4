/**
 * The cheap proof in front of strict-json.ts's scan (counting members against colons after a
 * quote) must never let through what the scan refuses: these are the texts that could fool a
 * careless count (whitespace around colons, strings holding `":`, keys that differ only by escape).
 */
import { describe, expect, it } from 'vitest';
import { parseStrictJson, StrictJsonError } from '../../src/archive/strict-json.js';

function refusal(text: string): StrictJsonError {
  try {
    parseStrictJson(text, 64);
  } catch (error) {
    if (error instanceof StrictJsonError) return error;
    throw error;
  }
  throw new Error(`accepted ${text}`);
}

describe('strict JSON', () => {
  it('a key repeated with whitespace before its colon is refused with its pointer', () => {
    expect(refusal('{"a":1,"b" :2,"b":3}').pointer).toBe('/b');
    expect(refusal('{"a" :1,\t"b":{"c"\r\n:2, "c" \t : 3}}').pointer).toBe('/b/c');
  });

  it('a key repeated beside strings that hold a quote and a colon is refused', () => {
    expect(refusal('{"t":"\\":)","x":":","t":1}').pointer).toBe('/t');
  });

  it('a key repeated through an escape is refused', () => {
    expect(refusal('{"ab":1,"\\u0061b":2}').pointer).toBe('/ab');
  });

  it('strings holding quotes and colons, without a repeated key, are read as JSON.parse reads them', () => {
    const text = '{"text":"she said \\": hi\\" :)","k" : [":", {"\\"":": "}], "e":"\\\\"}';
    expect(parseStrictJson(text, 64)).toEqual(JSON.parse(text));
  });

  it('nesting with whitespace is refused exactly past the limit', () => {
    const nest = (n: number) => '{ "k" : '.repeat(n) + '0' + ' }'.repeat(n);
    expect(parseStrictJson(nest(64), 64)).toBeDefined();
    expect(refusal(nest(65)).kind).toBe('depth');
  });
});
