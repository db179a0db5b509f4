/**
 * The header of a WhatsApp message line (`18/03/2022, 14:56 - ` on Android, `[18/03/2022, 14:56:01] `
 * on iOS), read from the file's bytes. Browser-safe; allocates nothing per line.
 */

const LRM_0 = 0xe2; // U+200E / U+200F / U+202F start E2 80 ..
const SPACE = 0x20;

/** A parsed header. Reused between lines: the scanner allocates nothing per line. */
export interface Header {
  ios: boolean;
  a: number;
  b: number;
  c: number;
  /** Digits of the first date number: 4 means year first. */
  aDigits: number;
  hour: number;
  minute: number;
  /** -1 when the layout prints no seconds (Android). */
  second: number;
  /** 0: 24-hour; 1: AM; 2: PM. */
  half: number;
  /** Byte offset where the header text starts (after leading direction marks) and where the body starts. */
  textStart: number;
  textEnd: number;
  bodyStart: number;
}

export function newHeader(): Header {
  return { ios: false, a: 0, b: 0, c: 0, aDigits: 0, hour: 0, minute: 0, second: -1, half: 0, textStart: 0, textEnd: 0, bodyStart: 0 };
}

/** Skips U+200E (LRM), U+200F (RLM) and U+061C (ALM). */
function skipMarks(bytes: Uint8Array, p: number, end: number): number {
  for (;;) {
    if (p + 2 < end && bytes[p] === LRM_0 && bytes[p + 1] === 0x80 && (bytes[p + 2] === 0x8e || bytes[p + 2] === 0x8f)) p += 3;
    else if (p + 1 < end && bytes[p] === 0xd8 && bytes[p + 1] === 0x9c) p += 2;
    else return p;
  }
}

let numValue = 0;
/** Reads 1..max ASCII digits at p into numValue; returns the new position, or -1. */
function digits(bytes: Uint8Array, p: number, end: number, max: number): number {
  let value = 0;
  let n = 0;
  while (p < end && n < max) {
    const ch = bytes[p]!;
    if (ch < 0x30 || ch > 0x39) break;
    value = value * 10 + (ch - 0x30);
    p++;
    n++;
  }
  if (n === 0) return -1;
  numValue = value;
  return p;
}

/** "AM"/"PM" (any case, with dots and a space as Spanish writes "p. m."), after a space, NBSP or NNBSP. Returns new position or -1. */
function halfOfDay(bytes: Uint8Array, p: number, end: number, header: Header): number {
  let q = p;
  if (bytes[q] === SPACE) q++;
  else if (bytes[q] === 0xe2 && bytes[q + 1] === 0x80 && bytes[q + 2] === 0xaf) q += 3;
  else if (bytes[q] === 0xc2 && bytes[q + 1] === 0xa0) q += 2;
  else return -1;
  const first = bytes[q]! | 0x20;
  if (first !== 0x61 && first !== 0x70) return -1; // a / p
  q++;
  if (bytes[q] === 0x2e) q++;
  if (bytes[q] === SPACE || (bytes[q] === 0xc2 && bytes[q + 1] === 0xa0)) q += bytes[q] === SPACE ? 1 : 2;
  else if (bytes[q] === 0xe2 && bytes[q + 1] === 0x80 && bytes[q + 2] === 0xaf) q += 3;
  if ((bytes[q]! | 0x20) !== 0x6d) return -1; // m
  q++;
  if (bytes[q] === 0x2e) q++;
  if (q > end) return -1;
  header.half = first === 0x61 ? 1 : 2;
  return q;
}

/** Korean 오전 (EC 98 A4 EC A0 84) / 오후 (EC 98 A4 ED 9B 84) before the time. */
function koreanHalf(bytes: Uint8Array, p: number, header: Header): number {
  if (bytes[p] !== 0xec || bytes[p + 1] !== 0x98 || bytes[p + 2] !== 0xa4) return p;
  if (bytes[p + 3] === 0xec && bytes[p + 4] === 0xa0 && bytes[p + 5] === 0x84) header.half = 1;
  else if (bytes[p + 3] === 0xed && bytes[p + 4] === 0x9b && bytes[p + 5] === 0x84) header.half = 2;
  else return p;
  return bytes[p + 6] === SPACE ? p + 7 : -1;
}

/**
 * Reads a message header at `start` (a line start) up to `end` (the line end). True when the
 * line starts a message: `[date, time] ` (iOS) or `date, time - ` (Android), in any of the
 * spellings the locales use.
 */
export function readHeader(bytes: Uint8Array, start: number, end: number, h: Header): boolean {
  let p = skipMarks(bytes, start, end);
  h.textStart = p;
  h.ios = bytes[p] === 0x5b; // [
  if (h.ios) p = skipMarks(bytes, p + 1, end);
  const aStart = p;
  p = digits(bytes, p, end, 4);
  if (p < 0) return false;
  h.a = numValue;
  h.aDigits = p - aStart;
  if (h.aDigits === 3) return false;
  p = skipMarks(bytes, p, end);
  const sep = bytes[p];
  if (sep !== 0x2f && sep !== 0x2e && sep !== 0x2d) return false; // / . -
  p++;
  if (sep === 0x2e && bytes[p] === SPACE) p++; // Korean "2023. 1. 5."
  p = skipMarks(bytes, p, end);
  p = digits(bytes, p, end, 2);
  if (p < 0) return false;
  h.b = numValue;
  p = skipMarks(bytes, p, end);
  if (bytes[p] !== sep) return false;
  p++;
  if (sep === 0x2e && bytes[p] === SPACE) p++;
  p = skipMarks(bytes, p, end);
  const cStart = p;
  p = digits(bytes, p, end, 4);
  if (p < 0) return false;
  h.c = numValue;
  const cDigits = p - cStart;
  if (h.aDigits === 4 ? cDigits > 2 : cDigits !== 2 && cDigits !== 4) return false;
  if (h.aDigits !== 4 && h.aDigits > 2) return false;
  if (sep === 0x2e && bytes[p] === 0x2e) p++; // trailing "." of "2023. 1. 5."
  p = skipMarks(bytes, p, end);
  // Between date and time: ", " or Arabic "، " or a bare space.
  if (bytes[p] === 0x2c) p++;
  else if (bytes[p] === 0xd8 && bytes[p + 1] === 0x8c) p += 2;
  if (bytes[p] !== SPACE) return false;
  p++;
  p = skipMarks(bytes, p, end);
  h.half = 0;
  p = koreanHalf(bytes, p, h);
  if (p < 0) return false;
  p = digits(bytes, p, end, 2);
  if (p < 0 || bytes[p] !== 0x3a) return false;
  h.hour = numValue;
  const mStart = p + 1;
  p = digits(bytes, mStart, end, 2);
  if (p < 0 || p - mStart !== 2) return false;
  h.minute = numValue;
  h.second = -1;
  if (bytes[p] === 0x3a) {
    const sStart = p + 1;
    p = digits(bytes, sStart, end, 2);
    if (p < 0 || p - sStart !== 2) return false;
    h.second = numValue;
  }
  if (h.half === 0) {
    const q = halfOfDay(bytes, p, end, h);
    if (q >= 0) p = q;
  }
  if (h.minute > 59 || h.second > 59 || (h.half === 0 ? h.hour > 23 : h.hour < 1 || h.hour > 12)) return false;
  if (h.ios) {
    // iOS always prints seconds; without them this is some other app's "[date, time]" (Signal).
    if (h.second < 0 || bytes[p] !== 0x5d) return false;
    h.textEnd = p + 1;
    p++;
    if (bytes[p] === SPACE) p++;
    else if (p < end) return false;
  } else {
    h.textEnd = p;
    // " - " (or " – "), then the body.
    if (bytes[p] !== SPACE) return false;
    p++;
    if (bytes[p] === 0x2d) p++;
    else if (bytes[p] === 0xe2 && bytes[p + 1] === 0x80 && bytes[p + 2] === 0x93) p += 3;
    else return false;
    if (bytes[p] === SPACE) p++;
    else if (p < end) return false;
  }
  h.bodyStart = p;
  // Plausible numbers in at least one reading.
  if (h.aDigits === 4) return h.b >= 1 && h.b <= 12 && h.c >= 1 && h.c <= 31;
  return h.a >= 1 && h.b >= 1 && h.a <= 31 && h.b <= 31 && (h.a <= 12 || h.b <= 12);
}
