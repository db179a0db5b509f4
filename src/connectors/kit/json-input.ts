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
 * The file's JSON. A syntax error becomes a ConvertError naming the line and column, saying what
 * the file was taken for (`what`, e.g. "a Telegram Desktop export") and what to do.
 */
export function parseJsonFile(file: InputFile, what: string, text = textOf(file.bytes)): unknown {
  try {
    return JSON.parse(text);
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
