/**
 * The header of a WhatsApp message line, read from the file's bytes by one grammar instead of a
 * list of fixed layouts (issue 16): a date and a time in either order, then the author.
 *
 *   line   := mark* ( "[" stamp "]" " "  |  stamp (" - " | ": ") ) body
 *   stamp  := date between time | time between date
 *   date   := N sep N sep N          sep one of / . - (the same twice; ". " as Korean writes it)
 *           | D month Y | month D, Y   month names in the file's language (read-months.ts)
 *           | Y年M月D日
 *             a year has 2 or 4 digits, or is Buddhist ("2565 BE") or Japanese-era ("R4")
 *   time   := [午前 午後 上午 下午 오전 오후] H (":" | ".") MM [(":" | ".") SS] [AM PM a.m. p. m. ص م]
 *   between:= [","  "،"] space+  |  " klo "
 *
 * Direction marks and isolates (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069) and byte
 * order marks (U+FEFF, also in mid-file where two exports were pasted together) may stand
 * anywhere between the pieces; U+00A0, U+202F and U+2009 count as spaces.
 *
 * A line that reads is "header-shaped"; its `shape` (a number) says which layout it is written
 * in: brackets, order, separators, seconds, the 12-hour mark and what stands before the author.
 * The reader settles one shape for the whole file (read-layout.ts); whether the numbers make a
 * real date and time is judged there, so a header-shaped line with "23:59 PM" can be reported
 * instead of silently swallowed.
 *
 * Browser-safe; allocates nothing per line (month names are looked up only on lines that have
 * a word where a month can be).
 */
import { monthOf } from './read-months.js';

/** The 12-hour mark's kind; the hours it allows differ (read-timestamps.ts). */
export const HALF_NONE = 0;
export const HALF_LATIN = 1; // AM/PM, am, a.m., a. m.
export const HALF_JA = 2; // 午前/午後 before the time, hours 0-11
export const HALF_ZH = 3; // 上午/下午 before the time
export const HALF_KO = 4; // 오전/오후 before the time
export const HALF_AR = 5; // ص/م after the time

export const DATE_NUMERIC = 0;
export const DATE_DAY_MONTH_NAME = 1; // 28 Aug 2013
export const DATE_MONTH_NAME_DAY = 2; // Aug 28, 2013
export const DATE_CJK = 3; // 2022年3月18日

export const ERA_NONE = 0;
export const ERA_BUDDHIST = 1;
export const ERA_JAPANESE = 2;

export const AUTHOR_BRACKET = 0;
export const AUTHOR_DASH = 1;
export const AUTHOR_COLON = 2;

/** A header as read. Reused between lines: the scanner allocates nothing per line. */
export interface Header {
  /** The layout this line is written in (bits: see shapeOf). */
  shape: number;
  /**
   * The shape without the date's own form (separator, field order, month names, era): lines of
   * one family belong to one file. Phones never mix date forms, but files merged by hand or by
   * other tools do, and the dates themselves are checked one by one anyway.
   */
  family: number;
  dateKind: number;
  /** The date's numbers in the order printed (a month name's number goes in `month`). */
  a: number;
  b: number;
  c: number;
  aDigits: number;
  bDigits: number;
  cDigits: number;
  hourDigits: number;
  /** Year first (2022/3/18, 2023. 1. 5., ISO). */
  yearFirst: boolean;
  /** Month from a month name, 1-12; 0 for numeric dates. */
  month: number;
  era: number;
  /** Japanese era: the Gregorian year before its first year (Reiwa: 2018). */
  eraBase: number;
  hour: number;
  minute: number;
  /** -1 when the layout prints no seconds. */
  second: number;
  /** 0: 24-hour; 1: AM (or its translation); 2: PM. */
  half: number;
  halfKind: number;
  /** Where the line's text starts after leading marks (the "[" included), the stamp's own span, and the body. */
  lineStart: number;
  stampStart: number;
  stampEnd: number;
  bodyStart: number;
  /** How date and time are joined in this line, for describing the layout: ", ", " ", "، ", " klo ". */
  between: string;
}

export function newHeader(): Header {
  return {
    shape: 0, family: 0, dateKind: 0, a: 0, b: 0, c: 0, aDigits: 0, bDigits: 0, cDigits: 0, hourDigits: 0, yearFirst: false, month: 0, era: 0, eraBase: 0,
    hour: 0, minute: 0, second: -1, half: 0, halfKind: 0, lineStart: 0, stampStart: 0, stampEnd: 0, bodyStart: 0, between: ', ',
  };
}

/** Copies `from` into `to` (the sorted path re-reads a header it kept no object for). */
export function copyHeader(from: Header, to: Header): void {
  Object.assign(to, from);
}

const SPACE = 0x20;

/**
 * Skips direction marks, isolates and byte order marks: U+200E, U+200F (E2 80 8E/8F), U+202A-
 * U+202E (E2 80 AA-AE), U+2066-U+2069 (E2 81 A6-A9), U+FEFF (EF BB BF), U+061C (D8 9C).
 */
export function skipMarks(bytes: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const x = bytes[p]!;
    if (x === 0xe2 && p + 2 < end) {
      const y = bytes[p + 1]!;
      const z = bytes[p + 2]!;
      if ((y === 0x80 && (z === 0x8e || z === 0x8f || (z >= 0xaa && z <= 0xae))) || (y === 0x81 && z >= 0xa6 && z <= 0xa9)) {
        p += 3;
        continue;
      }
      return p;
    }
    if (x === 0xef && p + 2 < end && bytes[p + 1] === 0xbb && bytes[p + 2] === 0xbf) p += 3;
    else if (x === 0xd8 && p + 1 < end && bytes[p + 1] === 0x9c) p += 2;
    else return p;
  }
  return p;
}

/** Length of a space at p (U+0020, U+00A0, U+202F, U+2009), or 0. */
function spaceAt(bytes: Uint8Array, p: number, end: number): number {
  if (p >= end) return 0;
  const x = bytes[p]!;
  if (x === SPACE) return 1;
  if (x === 0xc2 && p + 1 < end && bytes[p + 1] === 0xa0) return 2;
  if (x === 0xe2 && p + 2 < end && bytes[p + 1] === 0x80 && (bytes[p + 2] === 0xaf || bytes[p + 2] === 0x89)) return 3;
  return 0;
}

function isDigit(x: number | undefined): boolean {
  return x !== undefined && x >= 0x30 && x <= 0x39;
}

let numValue = 0;
let numDigits = 0;
/** Reads 1..max ASCII digits at p into numValue/numDigits; returns the new position, or -1. */
function digits(bytes: Uint8Array, p: number, end: number, max: number): number {
  let value = 0;
  let n = 0;
  while (p < end && n <= max) {
    const ch = bytes[p]!;
    if (ch < 0x30 || ch > 0x39) break;
    value = value * 10 + (ch - 0x30);
    p++;
    n++;
  }
  if (n === 0 || n > max) return -1;
  numValue = value;
  numDigits = n;
  return p;
}

/** Japanese era letters before a year ("R4"): the Gregorian year before each era's first. */
function eraBaseOf(letter: number): number {
  switch (letter) {
    case 0x52: return 2018; // R Reiwa
    case 0x48: return 1988; // H Heisei
    case 0x53: return 1925; // S Showa
    case 0x54: return 1911; // T Taisho
    case 0x4d: return 1867; // M Meiji
    default: return 0;
  }
}

let dateEnd = 0;
let dateSep = 0;
/**
 * A date at p; fills h's date fields and dateEnd / dateSep (0 "/", 1 ".", 2 "-", 3 none).
 * False when there is none.
 */
function readDate(bytes: Uint8Array, p: number, end: number, h: Header): boolean {
  h.era = 0;
  h.eraBase = 0;
  h.month = 0;
  let first = bytes[p]!;
  // An era letter before a year-first date ("R4/3/18").
  let eraFirst = 0;
  if (first >= 0x41 && first <= 0x5a && p + 1 < end && bytes[p + 1]! >= 0x30 && bytes[p + 1]! <= 0x39) {
    eraFirst = eraBaseOf(first);
    if (!eraFirst) return readNamedDate(bytes, p, end, h);
    p++;
    first = bytes[p]!;
  }
  if (first < 0x30 || first > 0x39) return eraFirst ? false : readNamedDate(bytes, p, end, h);
  const start = p;
  p = digits(bytes, p, end, 4);
  if (p < 0) return false;
  h.a = numValue;
  h.aDigits = numDigits;
  if (eraFirst && numDigits > 2) return false;
  let q = skipMarks(bytes, p, end);
  const sepByte = bytes[q];
  let sep: number;
  if (sepByte === 0x2f) sep = 0;
  else if (sepByte === 0x2e) sep = 1;
  else if (sepByte === 0x2d) sep = 2;
  else if (sepByte === 0xe5 && bytes[q + 1] === 0xb9 && bytes[q + 2] === 0xb4) return readCjkDate(bytes, q, end, h);
  else return eraFirst ? false : readNamedDate(bytes, start, end, h);
  q++;
  if (sep === 1 && bytes[q] === SPACE) q++; // Korean "2023. 1. 5."
  q = skipMarks(bytes, q, end);
  q = digits(bytes, q, end, 2);
  if (q < 0) return false;
  h.b = numValue;
  h.bDigits = numDigits;
  q = skipMarks(bytes, q, end);
  if (bytes[q] !== sepByte) return false;
  q++;
  if (sep === 1 && bytes[q] === SPACE) q++;
  q = skipMarks(bytes, q, end);
  let eraLast = 0;
  if (!eraFirst && h.aDigits <= 2 && bytes[q]! >= 0x41 && bytes[q]! <= 0x5a) {
    eraLast = eraBaseOf(bytes[q]!);
    if (!eraLast) return false;
    q++;
  }
  q = digits(bytes, q, end, 4);
  if (q < 0) return false;
  h.c = numValue;
  h.cDigits = numDigits;
  h.yearFirst = h.aDigits === 4 || eraFirst > 0;
  if (h.yearFirst) {
    if (h.cDigits > 2) return false;
  } else {
    if (h.aDigits > 2) return false;
    if (eraLast ? h.cDigits > 2 : h.cDigits !== 2 && h.cDigits !== 4) return false;
  }
  if (eraFirst || eraLast) {
    h.era = ERA_JAPANESE;
    h.eraBase = eraFirst || eraLast;
  } else if (!h.yearFirst && h.cDigits === 4 && bytes[q] === SPACE && bytes[q + 1] === 0x42 && bytes[q + 2] === 0x45) {
    // "2565 BE"
    h.era = ERA_BUDDHIST;
    q += 3;
  }
  if (sep === 1 && bytes[q] === 0x2e) q++; // the last "." of "2023. 1. 5."
  h.dateKind = DATE_NUMERIC;
  dateSep = sep;
  dateEnd = q;
  return true;
}

/** "2022年3月18日": p at 年. */
function readCjkDate(bytes: Uint8Array, p: number, end: number, h: Header): boolean {
  if (h.aDigits !== 4) return false;
  p += 3;
  p = digits(bytes, p, end, 2);
  if (p < 0 || bytes[p] !== 0xe6 || bytes[p + 1] !== 0x9c || bytes[p + 2] !== 0x88) return false; // 月
  h.b = numValue;
  h.bDigits = numDigits;
  p = digits(bytes, p + 3, end, 2);
  if (p < 0 || bytes[p] !== 0xe6 || bytes[p + 1] !== 0x97 || bytes[p + 2] !== 0xa5) return false; // 日
  h.c = numValue;
  h.cDigits = numDigits;
  h.yearFirst = true;
  h.dateKind = DATE_CJK;
  dateSep = 3;
  dateEnd = p + 3;
  return true;
}

/** Bytes of a word (letters of any script, no digits, spaces or punctuation but a final "."). */
function wordEnd(bytes: Uint8Array, p: number, end: number): number {
  const start = p;
  while (p < end && p - start < 24) {
    const x = bytes[p]!;
    if ((x >= 0x61 && x <= 0x7a) || (x >= 0x41 && x <= 0x5a) || (x >= 0x80 && x !== 0xc2 && x !== 0xe2)) p++;
    else if (x === 0xc2 && bytes[p + 1] !== 0xa0) p++;
    else break;
  }
  return p;
}

/** "28 Aug 2013", "28. Aug. 2013" or "Aug 28, 2013". */
function readNamedDate(bytes: Uint8Array, p: number, end: number, h: Header): boolean {
  const x = bytes[p]!;
  if (x >= 0x30 && x <= 0x39) {
    p = digits(bytes, p, end, 2);
    if (p < 0) return false;
    const day = numValue;
    if (bytes[p] === 0x2e) p++;
    if (bytes[p] !== SPACE) return false;
    const w = p + 1;
    const we = wordEnd(bytes, w, end);
    p = we;
    if (bytes[p] === 0x2e) p++;
    // The cheap checks first: most lines that get here are text ("3 apples"), not dates.
    if (bytes[p] !== SPACE || !isDigit(bytes[p + 1])) return false;
    const month = we > w + 1 ? monthOf(bytes, w, we) : 0;
    if (!month) return false;
    p = digits(bytes, p + 1, end, 4);
    if (p < 0 || numDigits !== 4) return false;
    h.a = day;
    h.aDigits = 2;
    h.b = month;
    h.c = numValue;
    h.cDigits = 4;
    h.month = month;
    h.dateKind = DATE_DAY_MONTH_NAME;
  } else {
    const we = wordEnd(bytes, p, end);
    const w = p;
    p = we;
    if (bytes[p] === 0x2e) p++;
    if (bytes[p] !== SPACE || !isDigit(bytes[p + 1])) return false;
    const month = we > w + 1 ? monthOf(bytes, w, we) : 0;
    if (!month) return false;
    p = digits(bytes, p + 1, end, 2);
    if (p < 0) return false;
    const day = numValue;
    if (bytes[p] === 0x2c) p++;
    if (bytes[p] !== SPACE) return false;
    p = digits(bytes, p + 1, end, 4);
    if (p < 0 || numDigits !== 4) return false;
    h.a = day;
    h.aDigits = 2;
    h.b = month;
    h.c = numValue;
    h.cDigits = 4;
    h.month = month;
    h.dateKind = DATE_MONTH_NAME_DAY;
  }
  h.yearFirst = false;
  dateSep = 3;
  dateEnd = p;
  return true;
}

/** The mark before a time (午前/午後, 上午/下午, 오전/오후): sets h.half/halfKind, returns the new position (p when none). */
function prefixHalf(bytes: Uint8Array, p: number, end: number, h: Header): number {
  if (p + 6 > end) return p;
  const x = bytes[p]!;
  if (x === 0xe5 && bytes[p + 1] === 0x8d && bytes[p + 2] === 0x88 && bytes[p + 3] === 0xe5) {
    // 午前 E5 8D 88 E5 89 8D / 午後 E5 8D 88 E5 BE 8C
    if (bytes[p + 4] === 0x89 && bytes[p + 5] === 0x8d) h.half = 1;
    else if (bytes[p + 4] === 0xbe && bytes[p + 5] === 0x8c) h.half = 2;
    else return p;
    h.halfKind = HALF_JA;
  } else if (x === 0xe4 && bytes[p + 1] === 0xb8 && (bytes[p + 2] === 0x8a || bytes[p + 2] === 0x8b) && bytes[p + 3] === 0xe5 && bytes[p + 4] === 0x8d && bytes[p + 5] === 0x88) {
    // 上午 E4 B8 8A E5 8D 88 / 下午 E4 B8 8B E5 8D 88
    h.half = bytes[p + 2] === 0x8a ? 1 : 2;
    h.halfKind = HALF_ZH;
  } else if (x === 0xec && bytes[p + 1] === 0x98 && bytes[p + 2] === 0xa4) {
    // 오전 EC 98 A4 EC A0 84 / 오후 EC 98 A4 ED 9B 84
    if (bytes[p + 3] === 0xec && bytes[p + 4] === 0xa0 && bytes[p + 5] === 0x84) h.half = 1;
    else if (bytes[p + 3] === 0xed && bytes[p + 4] === 0x9b && bytes[p + 5] === 0x84) h.half = 2;
    else return p;
    h.halfKind = HALF_KO;
  } else return p;
  p += 6;
  const s = spaceAt(bytes, p, end);
  return p + s;
}

/** True at the end of a 12-hour mark: the line ends or a space, bracket, colon, dash, comma or mark follows. */
function markEnds(bytes: Uint8Array, p: number, end: number): boolean {
  if (p >= end) return true;
  const x = bytes[p]!;
  return x === SPACE || x === 0x5d || x === 0x3a || x === 0x2d || x === 0x2c || x === 0xc2 || x === 0xe2 || x === 0xd8 || x === 0xef;
}

/** "AM"/"pm"/"a.m."/"p. m." (spaces may be U+00A0 or U+202F) or Arabic ص/م after the time. Returns the new position, or -1. */
function suffixHalf(bytes: Uint8Array, p: number, end: number, h: Header): number {
  const q0 = p + spaceAt(bytes, p, end);
  let q = q0;
  const first = bytes[q];
  if (first === 0xd8 && bytes[q + 1] === 0xb5 && q0 > p) {
    q += 2;
    if (!markEnds(bytes, q, end)) return -1;
    h.half = 1;
    h.halfKind = HALF_AR;
    return q;
  }
  if (first === 0xd9 && bytes[q + 1] === 0x85 && q0 > p) {
    q += 2;
    if (!markEnds(bytes, q, end)) return -1;
    h.half = 2;
    h.halfKind = HALF_AR;
    return q;
  }
  if (first === undefined) return -1;
  const lower = first | 0x20;
  if (lower !== 0x61 && lower !== 0x70) return -1; // a / p
  q++;
  if (bytes[q] === 0x2e) q++;
  q += spaceAt(bytes, q, end);
  if ((bytes[q]! | 0x20) !== 0x6d) return -1; // m
  q++;
  if (bytes[q] === 0x2e) q++;
  if (!markEnds(bytes, q, end)) return -1;
  h.half = lower === 0x61 ? 1 : 2;
  h.halfKind = HALF_LATIN;
  return q;
}

let timeEnd = 0;
let timeSep = 0;
/** A time at p; fills h's time fields and timeEnd / timeSep (0 ":", 1 "."). */
function readTime(bytes: Uint8Array, p: number, end: number, h: Header): boolean {
  h.half = 0;
  h.halfKind = HALF_NONE;
  p = prefixHalf(bytes, p, end, h);
  p = skipMarks(bytes, p, end);
  p = digits(bytes, p, end, 2);
  if (p < 0) return false;
  h.hour = numValue;
  h.hourDigits = numDigits;
  const sepByte = bytes[p];
  if (sepByte !== 0x3a && sepByte !== 0x2e) return false;
  p = digits(bytes, p + 1, end, 2);
  if (p < 0 || numDigits !== 2) return false;
  h.minute = numValue;
  h.second = -1;
  if (bytes[p] === sepByte) {
    const q = digits(bytes, p + 1, end, 2);
    if (q >= 0 && numDigits === 2) {
      h.second = numValue;
      p = q;
    }
  }
  if (h.halfKind === HALF_NONE) {
    const q = suffixHalf(bytes, p, end, h);
    if (q >= 0) p = q;
  }
  timeSep = sepByte === 0x3a ? 0 : 1;
  timeEnd = p;
  return true;
}

/** Between date and time: ", " / "، " / " " (any spaces, after an optional comma) or " klo ". Returns the new position, or -1. */
function readBetween(bytes: Uint8Array, p: number, end: number, h: Header): number {
  p = skipMarks(bytes, p, end);
  let comma = 0;
  if (bytes[p] === 0x2c) {
    comma = 1;
    p++;
  } else if (bytes[p] === 0xd8 && bytes[p + 1] === 0x8c) {
    comma = 2;
    p += 2;
  }
  let s = spaceAt(bytes, p, end);
  if (s === 0) return -1;
  while (s > 0) {
    p += s;
    p = skipMarks(bytes, p, end);
    s = spaceAt(bytes, p, end);
  }
  if (!comma && bytes[p] === 0x6b && bytes[p + 1] === 0x6c && bytes[p + 2] === 0x6f && bytes[p + 3] === SPACE) {
    h.between = ' klo ';
    return p + 4;
  }
  h.between = comma === 1 ? ', ' : comma === 2 ? '، ' : ' ';
  return p;
}

/**
 * Reads a header at `start` (a line start) up to `end` (the line end, CR/LF excluded). True when
 * the line is header-shaped; h then holds the numbers as printed (not yet checked) and the shape.
 */
export function readHeader(bytes: Uint8Array, start: number, end: number, h: Header): boolean {
  let p = skipMarks(bytes, start, end);
  if (p >= end) return false;
  h.lineStart = p;
  const x = bytes[p]!;
  const bracket = x === 0x5b;
  if (bracket) p = skipMarks(bytes, p + 1, end);
  else if (x > 0x39 && x < 0x80 && !(x >= 0x41 && x <= 0x5a) && !(x >= 0x61 && x <= 0x7a)) return false; // punctuation: text
  else if (x < 0x30) return false;
  h.stampStart = p;
  let timeFirst = false;
  let dSep = 0;
  let tSep = 0;
  if (readDate(bytes, p, end, h)) {
    dSep = dateSep;
    p = readBetween(bytes, dateEnd, end, h);
    if (p < 0 || !readTime(bytes, p, end, h)) return false;
    tSep = timeSep;
    p = timeEnd;
  } else {
    if (!readTime(bytes, p, end, h)) return false;
    tSep = timeSep;
    p = readBetween(bytes, timeEnd, end, h);
    if (p < 0 || !readDate(bytes, p, end, h)) return false;
    dSep = dateSep;
    p = dateEnd;
    timeFirst = true;
  }
  h.stampEnd = p;
  p = skipMarks(bytes, p, end);
  let author: number;
  if (bracket) {
    if (bytes[p] !== 0x5d) return false;
    p++;
    if (bytes[p] === SPACE) p++;
    else if (p < end) return false;
    author = AUTHOR_BRACKET;
  } else if (bytes[p] === 0x3a && (p + 1 >= end || bytes[p + 1] === SPACE)) {
    p += p + 1 < end ? 2 : 1;
    author = AUTHOR_COLON;
  } else {
    // " - " or " – ", then the body.
    const s = spaceAt(bytes, p, end);
    if (s === 0) return false;
    p += s;
    if (bytes[p] === 0x2d) p++;
    else if (bytes[p] === 0xe2 && bytes[p + 1] === 0x80 && bytes[p + 2] === 0x93) p += 3;
    else return false;
    if (bytes[p] === SPACE) p++;
    else if (p < end) return false;
    author = AUTHOR_DASH;
  }
  h.bodyStart = p;
  h.shape = shapeOf(bracket, timeFirst, h.dateKind, dSep, h.yearFirst, tSep, h.second >= 0, h.halfKind, author, h.era);
  h.family = h.shape & FAMILY;
  return true;
}

/** The bits of a shape that make its family: brackets, order, time form, 12-hour mark, author separator. */
const FAMILY = ~((3 << 2) | (3 << 4) | 64 | (3 << 14));

/** The layout as one number; shapeParts reads it back. */
export function shapeOf(bracket: boolean, timeFirst: boolean, dateKind: number, dateSepKind: number, yearFirst: boolean, timeSepKind: number, seconds: boolean, halfKind: number, author: number, era: number): number {
  return (
    (bracket ? 1 : 0) |
    (timeFirst ? 2 : 0) |
    (dateKind << 2) |
    (dateSepKind << 4) |
    (yearFirst ? 64 : 0) |
    (timeSepKind << 7) |
    (seconds ? 256 : 0) |
    (halfKind << 9) |
    (author << 12) |
    (era << 14)
  );
}

export interface Shape {
  bracket: boolean;
  timeFirst: boolean;
  dateKind: number;
  /** 0 "/", 1 ".", 2 "-", 3 none (month names, 年月日). */
  dateSep: number;
  yearFirst: boolean;
  /** 0 ":", 1 ".". */
  timeSep: number;
  seconds: boolean;
  halfKind: number;
  author: number;
  era: number;
}

export function shapeParts(shape: number): Shape {
  return {
    bracket: (shape & 1) !== 0,
    timeFirst: (shape & 2) !== 0,
    dateKind: (shape >> 2) & 3,
    dateSep: (shape >> 4) & 3,
    yearFirst: (shape & 64) !== 0,
    timeSep: (shape >> 7) & 1,
    seconds: (shape & 256) !== 0,
    halfKind: (shape >> 9) & 7,
    author: (shape >> 12) & 3,
    era: (shape >> 14) & 3,
  };
}
