/**
 * Helpers shared by the readers of JSON export files (Telegram, Discord, Slack, Messenger,
 * Instagram): decoding, parsing with an error that names the line and column, cheap detection
 * on the first bytes, and the small value conversions they all need. Browser-safe.
 */
import { ConvertError, type InputFile } from '../contract.js';

const utf8 = new TextDecoder('utf-8');

/** The file as text, without a UTF-8 byte order mark. */
export function textOf(bytes: Uint8Array): string {
  const text = utf8.decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first `limit` bytes as text, for detection (a cut multi-byte character is harmless there). */
export function headOf(bytes: Uint8Array, limit = 64 * 1024): string {
  return textOf(bytes.subarray(0, limit));
}

/**
 * The last `limit` bytes as text (all of it for a short file), for detection of keys a program
 * wrote after a long array (a JSON re-saved with sorted keys puts "type" after "messages").
 */
export function tailOf(bytes: Uint8Array, limit = 64 * 1024): string {
  return bytes.length <= limit ? textOf(bytes) : utf8.decode(bytes.subarray(bytes.length - limit));
}

/** Line and column (1-based) of a UTF-16 offset. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Offset of the first JSON syntax error in `text` (RFC 8259), or -1 when there is none. V8's
 * JSON.parse says where only for some errors, so the reader finds the place itself.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 32) fail();
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail();
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          fail();
        }
      } else i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail();
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 10_000) fail();
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    ws();
    return i < n ? i : -1;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

/**
 * How deep real exports nest (Telegram, Slack and Meta: under 15 levels). Deeper is a damaged or
 * hostile file, refused right after parsing, before anything walks it: V8's JSON.parse copes with
 * any depth, but every recursive step after it (String(), JSON.stringify, a reviver) overflows the
 * stack at about 10,000 levels. The check walks the parsed containers (a few % of JSON.parse's
 * time); the text is scanned only to name the place of a file that fails.
 */
export const MAX_JSON_DEPTH = 512;

/** Whether a parsed value nests deeper than `limit` arrays and objects. Iterative, so any depth is safe; visits containers only. */
export function nestsDeeperThan(root: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: unknown[] = [root];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (child !== null && typeof child === 'object') {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in value) {
        const child: unknown = (value as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          stack.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** Offset where `text` first nests deeper than `limit` arrays and objects, or -1. Linear, strings skipped: only run to name the place. */
export function nestingTooDeepAt(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (;;) {
        const q = text.indexOf('"', i + 1);
        if (q < 0) return -1;
        let b = q - 1;
        while (text.charCodeAt(b) === 92) b--;
        i = q;
        if ((q - 1 - b) % 2 === 0) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** Repairs made while reading a JSON file, for the reader to report. */
export interface JsonRepairs {
  /** NUL characters (U+0000) removed: raw ones, and `\u0000` escapes inside strings. */
  nul: number;
}

/**
 * The text without U+0000: no exporter writes a NUL on purpose, and a NUL breaks names and texts
 * for every target (XML cannot hold one at all). Raw NULs (which JSON.parse refuses anyway) and
 * `\u0000` escapes are removed and counted; `\\u0000` (an escaped backslash, then "u0000") is text.
 */
function withoutNuls(text: string, repairs: JsonRepairs | undefined): string {
  if (text.includes('\\u0000')) {
    text = text.replace(/(\\+)u0000/g, (all: string, slashes: string) => {
      if (slashes.length % 2 === 0) return all;
      if (repairs) repairs.nul++;
      return slashes.slice(1);
    });
  }
  if (text.includes('\u0000')) {
    let count = 0;
    text = text.replace(/\u0000/g, () => {
      count++;
      return '';
    });
    if (repairs) repairs.nul += count;
  }
  return text;
}

/**
 * The file's JSON. A syntax error becomes a ConvertError naming the line and column, saying what
 * the file was taken for (`what`, e.g. "a Telegram Desktop export") and what to do; so does
 * nesting deeper than any export (MAX_JSON_DEPTH). NULs are removed and counted in `repairs`.
 */
export function parseJsonFile(file: InputFile, what: string, text = textOf(file.bytes), repairs?: JsonRepairs): unknown {
  text = withoutNuls(text, repairs);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = jsonErrorOffset(text);
    const at = offset < 0 ? text.length : offset;
    const { line, column } = lineColumnOf(text, at);
    const found = at >= text.length ? 'the file ends' : `found ${JSON.stringify(text.slice(at, at + 12))}`;
    throw new ConvertError(
      file.name,
      line,
      `this looks like ${what}, but it is not valid JSON at line ${line}, column ${column} (${found}). ` +
        'The file may be cut short or edited by hand: export it again, or fix that spot in a text editor.',
    );
  }
  if (nestsDeeperThan(value)) {
    const { line, column } = lineColumnOf(text, Math.max(0, nestingTooDeepAt(text)));
    throw new ConvertError(
      file.name,
      line,
      `this looks like ${what}, but its values nest more than ${MAX_JSON_DEPTH} levels deep (at line ${line}, column ${column}); exports nest fewer than 20. The file is damaged or was not written by the app: export it again.`,
    );
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ISO 8601 in UTC from epoch milliseconds, without ".000" when the source gives whole seconds. */
export function isoFromMs(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** 1970-01-01 and 2200-01-01 (epoch ms): the instants a chat message can have, as kit/text.ts validDay's years. */
export const EARLIEST_MS = 0;
export const LATEST_MS = Date.UTC(2200, 0, 1);

/**
 * `isoFromMs` for an instant a message can have; undefined for NaN, Infinity and anything before
 * 1970 or from 2200 on (a damaged value: `new Date(1e20)` is no date, and years past 9999 are
 * not ISO 8601 the archive accepts).
 */
export function isoInstant(ms: number): string | undefined {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS ? isoFromMs(ms) : undefined;
}

/** A call's length as the schema holds it (whole seconds, not negative), or undefined for a value no call can last. */
export function callSeconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** Counts by key, for fidelity notes and warnings. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(key: string, by = 1): void {
    if (by > 0) this.counts.set(key, (this.counts.get(key) ?? 0) + by);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * Indexes 0..n-1 sorted by time (stable: ties keep file order), so messages() can yield in time
 * order without holding every message object.
 */
export function timeOrder(times: number[]): number[] {
  const order = times.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) sorted = false;
  if (!sorted) order.sort((a, b) => times[a]! - times[b]! || a - b);
  return order;
}
