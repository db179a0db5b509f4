/**
 * age's ASCII armor (spec §ASCII armor, https://age-encryption.org/v1): the binary file as
 * padded standard base64 in 64-column lines between
 *   -----BEGIN AGE ENCRYPTED FILE-----
 *   -----END AGE ENCRYPTED FILE-----
 * for channels that only carry text. Both directions stream; the decoder is as strict as the
 * reference implementation (the CCTV "armor_*" vectors pin it down): whitespace only around the
 * armor, CRLF or LF line ends, every line 64 columns but the last, canonical padding.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { AgeError } from './format.js';

export const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
export const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const COLUMNS = 64;
/** 48 bytes make exactly one full 64-column line. */
const BYTES_PER_LINE = (COLUMNS / 4) * 3;
/** Whitespace accepted around the armor (spec: "leading and trailing whitespace"). */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);
/** Stop scanning whitespace after the armor past this much; nothing legitimate puts more there. */
const MAX_TRAILING_WHITESPACE = 1024;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUES[B64.charCodeAt(i)] = i;

const badArmor = (detail: string): AgeError =>
  new AgeError('bad-armor', `The archive's text ("armored") form is damaged: ${detail}. Try another copy of the file.`);

/**
 * True when the bytes look like an age armor block: after optional whitespace they begin with
 * "-----", or the BEGIN line appears early on. Loose on purpose: a damaged armor block (junk
 * before it, a mangled BEGIN line) should be reported as damaged armor, not as "not age".
 */
export function looksArmored(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && WHITESPACE.has(bytes[i]!)) i++;
  if (bytes.length - i >= 5 && [0, 1, 2, 3, 4].every((k) => bytes[i + k] === 0x2d)) return true;
  const head = String.fromCharCode(...bytes.subarray(0, 1024));
  return head.includes(ARMOR_BEGIN);
}

/** Encodes whole lines of base64; `bytes.length` must be a multiple of 3 unless it is the end. */
function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** Wraps a stream of binary age bytes into armor text (as UTF-8 bytes). */
export async function* armorStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(ARMOR_BEGIN + '\n');
  let pending = new Uint8Array(0);
  for await (const piece of source) {
    const joined = new Uint8Array(pending.length + piece.length);
    joined.set(pending);
    joined.set(piece, pending.length);
    const whole = joined.length - (joined.length % BYTES_PER_LINE);
    let text = '';
    for (let i = 0; i < whole; i += BYTES_PER_LINE) text += base64(joined.subarray(i, i + BYTES_PER_LINE)) + '\n';
    if (text) yield encoder.encode(text);
    pending = joined.slice(whole);
  }
  yield encoder.encode((pending.length > 0 ? base64(pending) + '\n' : '') + ARMOR_END + '\n');
}

/**
 * Unwraps armor text into the binary age file, line by line as the text arrives. Throws an
 * AgeError('bad-armor') naming the rule a damaged file breaks.
 */
export async function* dearmorStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  type State = 'before' | 'body' | 'after-short' | 'after';
  // Widened on purpose: takeLine() changes it, which TypeScript's narrowing cannot see.
  let state = 'before' as State;
  let line = '';
  let trailing = 0;
  const out: number[] = [];

  const takeLine = (text: string): void => {
    // spec: lines end in LF or CRLF.
    const content = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (state === 'before') {
      if (content !== ARMOR_BEGIN) throw badArmor('it does not start with the line ' + ARMOR_BEGIN);
      state = 'body';
      return;
    }
    if (content === ARMOR_END) {
      state = 'after';
      return;
    }
    if (state === 'after-short') throw badArmor('a line before the last one is shorter than 64 characters');
    if (content.length > COLUMNS) throw badArmor('a line is longer than 64 characters');
    if (content.length === 0 || content.length % 4 !== 0) throw badArmor('a line is not whole base64');
    decodeLine(content, out);
    if (content.length < COLUMNS || content.endsWith('=')) state = 'after-short';
  };

  for await (const piece of source) {
    let start = 0;
    if (state === 'before' && line === '') {
      // Leading whitespace around the armor is allowed (spec).
      while (start < piece.length && WHITESPACE.has(piece[start]!)) start++;
    }
    for (let i = start; i < piece.length; i++) {
      const byte = piece[i]!;
      if (state === 'after') {
        if (!WHITESPACE.has(byte)) throw badArmor('there is text after its END line');
        if (++trailing > MAX_TRAILING_WHITESPACE) throw badArmor('there is too much after its END line');
        continue;
      }
      if (byte === 0x0a) {
        takeLine(line);
        line = '';
      } else if (byte > 0x7e || (byte < 0x20 && byte !== 0x0d)) {
        throw badArmor('it contains a byte that is not text');
      } else {
        line += String.fromCharCode(byte);
        if (line.length > COLUMNS + 1) throw badArmor('a line is longer than 64 characters');
      }
    }
    if (out.length > 0) {
      yield Uint8Array.from(out);
      out.length = 0;
    }
  }
  // The END line may lack its line feed.
  if (state !== 'after' && line !== '') takeLine(line);
  if (state === 'before') throw badArmor('it is empty');
  if (state !== 'after') throw badArmor('its END line is missing (the file was probably cut short)');
  if (out.length > 0) yield Uint8Array.from(out);
}

/** Strict decoding of one armor line: canonical padding, zero unused bits. */
function decodeLine(text: string, out: number[]): void {
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const c = [0, 1, 2, 3].map((k) => text.charCodeAt(i + k));
    const pad = c[3] === 0x3d ? (c[2] === 0x3d ? 2 : 1) : 0;
    if (pad > 0 && !last) throw badArmor('padding in the middle of a line');
    const v = c.map((code, k) => (k >= 4 - pad ? 0 : code < 128 ? B64_VALUES[code]! : -1));
    if (v.some((x) => x < 0)) throw badArmor('a line holds a character that is not base64');
    const n = (v[0]! << 18) | (v[1]! << 12) | (v[2]! << 6) | v[3]!;
    if ((pad === 1 && (n & 0xff) !== 0) || (pad === 2 && (n & 0xffff) !== 0)) throw badArmor('a line is not canonical base64');
    out.push(n >> 16);
    if (pad < 2) out.push((n >> 8) & 0xff);
    if (pad < 1) out.push(n & 0xff);
  }
}
