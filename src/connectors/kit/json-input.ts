/**
 * Helpers shared by the readers of JSON export files (Telegram, Discord, Slack, Messenger,
 * Instagram): decoding, parsing with an error that names the line and column, cheap detection
 * on the first bytes, and finding a file the export refers to among the entries given with it.
 * Browser-safe.
 */
import { sha256Hex } from '../../model/ids.js';
import type { Attachment } from '../../model/types.js';
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

/** The folder part of a path ("a/b/c.json" -> "a/b"; "c.json" -> ""). */
function dirOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

/**
 * Bytes of a file the export refers to by a path relative to the export file itself
 * ("photos/photo_1.jpg" beside result.json), looked up among the entries given with it. For a
 * file inside a zip or folder, `file.name` is "container/inner/path" and siblings are keyed by
 * the inner path; the match must sit in the same folder as the export file.
 */
export function findRelative(file: InputFile, relPath: string): { path: string; bytes: Uint8Array } | undefined {
  const siblings = file.siblings;
  if (!siblings || !relPath) return undefined;
  const rel = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (file.kind === 'container') {
    const bytes = siblings.get(rel);
    return bytes ? { path: rel, bytes } : undefined;
  }
  const ownDir = dirOf(file.name.replace(/\\/g, '/'));
  let atRoot: { path: string; bytes: Uint8Array } | undefined;
  for (const [key, bytes] of siblings) {
    if (key === rel) atRoot = { path: key, bytes };
    else if (key.endsWith(`/${rel}`)) {
      const base = key.slice(0, key.length - rel.length - 1);
      if (ownDir === base || ownDir.endsWith(`/${base}`)) return { path: key, bytes };
    }
  }
  return atRoot;
}

const MEDIA_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  svg: 'image/svg+xml',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  pdf: 'application/pdf',
  txt: 'text/plain',
  json: 'application/json',
  zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  tgs: 'application/x-tgsticker',
};

/** IANA media type guessed from a file name's extension; "application/octet-stream" when unknown. */
export function mediaTypeOf(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext && MEDIA_BY_EXTENSION[ext]) || 'application/octet-stream';
}

/** A media type the export names, lower-cased, if it is one (type/subtype, parameters dropped); otherwise undefined, so the caller guesses from the file name. */
export function mediaTypeFrom(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : undefined;
}

/** A call's length as the schema holds it (whole seconds, not negative), or undefined for a value no call can last. */
export function callSeconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** The last path segment, with either slash. */
export function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

/**
 * An attachment whose bytes were found: adds them to `store` (by SHA-256) and returns the
 * archive's record of it.
 */
export function includedAttachment(bytes: Uint8Array, fileName: string, mediaType: string, store: Map<string, Uint8Array>): Attachment {
  const sha256 = sha256Hex(bytes);
  store.set(sha256, bytes);
  return { fileName, mediaType, size: bytes.length, sha256, path: `attachments/${sha256}` };
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
