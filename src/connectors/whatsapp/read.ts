/**
 * Reader of WhatsApp's "Export chat" files: the .txt (Android or iOS layout, any of the locales
 * in README.md), alone or in the zip WhatsApp writes with the media beside it.
 *
 * Browser-safe. Works on the file's bytes, never on the whole file as one string: a 70 MB export
 * would be a 140 MB string as soon as one emoji made it two-byte. Lines are found by a
 * hand-written scanner (no regular expression per line); only each message's own bytes are
 * decoded.
 *
 * Passes: (1) headers only: the day/month order is decided from the whole file, and whether the
 * messages are in time order; (2) every message classified without ids: counts, participants,
 * media hashed, locale; (3) messages(), run by the writer: the same plus content ids.
 */
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import { ConvertError, type ConvertOptions, type DateOrder, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { wallClockToEpochMs, wallClockToIso } from '../kit/wall-clock.js';
import { mediaTypeOf } from '../kit/media-types.js';
import { sha256Hex } from '../../model/ids.js';
import type { Attachment, Conversation, FidelityNote, Message, Participant } from '../../model/types.js';
import { classifyBody, LOCALE_MARKERS, type Classified } from './phrases.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

export const SERVICE = 'whatsapp';

// ---------------------------------------------------------------------------
// The header of a message line, read from bytes

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

// ---------------------------------------------------------------------------
// Lines

/** Calls `onLine(start, end, lineNumber)` for every line (end excludes CR/LF). Returns the line count. */
function forEachLine(bytes: Uint8Array, from: number, onLine: (start: number, end: number, line: number) => void): void {
  const n = bytes.length;
  let start = from;
  let line = 1;
  while (start < n) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = n;
    let stop = end;
    while (stop > start && bytes[stop - 1] === 0x0d) stop--;
    onLine(start, stop, line);
    start = end + 1;
    line++;
  }
}

function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

// ---------------------------------------------------------------------------
// Detection

const CHAT_FILE = /(?:^|\/)(?:_chat\.txt|WhatsApp Chat (?:with|mit|met|com|con|avec|-) .+\.txt|[^/]*\.txt)$/i;

export function detectWhatsApp(file: InputFile): Detection | undefined {
  if (file.kind !== 'file' || !CHAT_FILE.test(file.name)) return undefined;
  const bytes = file.bytes;
  const head = newHeader();
  let found: boolean | undefined;
  const limit = Math.min(bytes.length, 16_384);
  let start = bomLength(bytes);
  // The first non-empty line must be a message header; then at least that is WhatsApp's layout.
  while (start < limit) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0 || end > limit) end = limit;
    let stop = end;
    while (stop > start && bytes[stop - 1] === 0x0d) stop--;
    if (stop > start) {
      found = readHeader(bytes, start, stop, head);
      break;
    }
    start = end + 1;
  }
  if (!found) return undefined;
  return { format: SERVICE, layout: head.ios ? 'ios-txt' : 'android-txt' };
}

// ---------------------------------------------------------------------------
// Parsing

/** The chat's name, from WhatsApp's own file names ("WhatsApp Chat with Kim.txt", "WhatsApp Chat - Kim.zip"). */
export function chatNameFrom(fileName: string): string | undefined {
  const parts = fileName.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = /^WhatsApp Chat (?:with|mit|met|com|con|avec|-) (.+?)(?:\.txt|\.zip)?$/i.exec(parts[i]!);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/** A person's handle: a phone number as tel:, anything else as the name WhatsApp printed. */
export function handleOf(name: string): string {
  const compact = name.replace(/[\s\u00a0\u202a-\u202e\u200e\u200f()-]/g, '');
  if (/^\+\d{6,15}$/.test(compact)) return `tel:${compact}`;
  return `whatsapp:name:${encodeURIComponent(name)}`;
}


interface State {
  file: InputFile;
  bytes: Uint8Array;
  bodyFrom: number;
  ios: boolean;
  order: DateOrder;
  zone: string;
  conversationId: string;
  account: string;
  /** Name of the exporting user, when known: their messages get `account` as sender. */
  meName: string | undefined;
  /** Media in the zip, by file name (no folder). */
  media: Map<string, { path: string; bytes: Uint8Array; sha256?: string }>;
  hex: (text: string) => string;
  decoder: TextDecoder;
  handles: Map<string, string>;
}

/** Message boundaries in file order: header line start, header, end of the last continuation line. */
function forEachMessage(state: State, onMessage: (h: Header, end: number, line: number) => void): void {
  const { bytes } = state;
  let h = newHeader();
  let pending = newHeader();
  let open = false;
  let openLine = 0;
  let lastEnd = 0;
  forEachLine(bytes, state.bodyFrom, (start, end, line) => {
    if (end > start && readHeader(bytes, start, end, pending) && pending.ios === state.ios) {
      if (open) onMessage(h, lastEnd, openLine);
      const swap = h;
      h = pending;
      pending = swap;
      open = true;
      openLine = line;
      lastEnd = end;
      return;
    }
    if (!open) {
      if (end === start) return;
      throw new ConvertError(state.file.name, line, `expected a WhatsApp message line such as "18/03/2022, 14:56 - Name: text" or "[18/03/2022, 14:56:01] Name: text", found "${state.decoder.decode(bytes.subarray(start, Math.min(end, start + 80)))}". Give the chat file exactly as WhatsApp exported it.`);
    }
    lastEnd = end;
  });
  if (open) onMessage(h, lastEnd, openLine);
}

function realDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

function wallOf(h: Header, order: DateOrder, file: string, line: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let year: number;
  let month: number;
  let day: number;
  if (h.aDigits === 4) {
    year = h.a;
    month = h.b;
    day = h.c;
  } else {
    year = h.c < 100 ? 2000 + h.c : h.c;
    if (order === 'mdy') {
      month = h.a;
      day = h.b;
    } else {
      day = h.a;
      month = h.b;
    }
  }
  let hour = h.hour;
  if (h.half === 1 && hour === 12) hour = 0;
  else if (h.half === 2 && hour !== 12) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    throw new ConvertError(file, line, `"${year}-${month}-${day}" is not a date (read as ${order === 'mdy' ? 'month/day' : 'day/month'}). If the file uses the other order, say so with --date-order.`);
  }
  return { year, month, day, hour, minute: h.minute, second: h.second < 0 ? 0 : h.second };
}

/** Decodes bytes that are usually ASCII without a TextDecoder call (short strings: the call costs more than the work). */
function decodeShort(decoder: TextDecoder, bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return decoder.decode(bytes.subarray(start, end));
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return decoder.decode(bytes.subarray(start, end));
  // One flat string (concatenating character by character would leave a rope per message).
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/** What the body of one message says; `senderName` undefined for WhatsApp's own notices. */
interface Body {
  senderName: string | undefined;
  classified: Classified;
}

function readBody(state: State, h: Header, end: number): Body {
  let body = state.decoder.decode(state.bytes.subarray(h.bodyStart, end));
  if (body.indexOf('\r') >= 0) body = body.replace(/\r+\n/g, '\n');
  // "Name: text"; a line with no ": " is a notice from WhatsApp itself.
  const colon = body.indexOf(': ');
  const newline = body.indexOf('\n');
  if (colon > 0 && (newline < 0 || colon < newline)) {
    let senderName = body.slice(0, colon);
    const first = senderName.charCodeAt(0);
    if (first === 0x200e || first === 0x200f) senderName = senderName.replace(/^[\u200e\u200f]+/, '');
    return { senderName, classified: classifyBody(body.slice(colon + 2), false) };
  }
  return { senderName: undefined, classified: classifyBody(body, true) };
}

/** Handles by sender name: the same few names repeat a million times. */
function senderHandle(state: State, body: Body): string {
  const name = body.senderName;
  if (body.classified.kind === 'system' || name === undefined || name === state.meName) return state.account;
  let handle = state.handles.get(name);
  if (handle === undefined) {
    handle = handleOf(name);
    if (state.handles.size < 100_000) state.handles.set(name, handle);
  }
  return handle;
}

/** One message; `ids` undefined: no id yet (the caller sorts first). */
function buildMessage(state: State, h: Header, end: number, line: number, ids: HashedContentIds | undefined): Message {
  const body = readBody(state, h, end);
  const { classified } = body;
  const timestamp = wallClockToIso(wallOf(h, state.order, state.file.name, line), state.zone);
  let wallClock = decodeShort(state.decoder, state.bytes, h.textStart + (h.ios ? 1 : 0), h.ios ? h.textEnd - 1 : h.textEnd);
  if (h.textEnd - h.textStart !== wallClock.length + (h.ios ? 2 : 0)) wallClock = wallClock.replace(/[\u200e\u200f\u061c]/g, '');
  const sender = senderHandle(state, body);
  const text = classified.text;
  const message: Message = {
    id: ids ? ids.next(state.conversationId, sender, timestamp, text) : '',
    conversationId: state.conversationId,
    sender,
    timestamp,
    wallClock,
    kind: classified.kind,
    text,
  };
  if (classified.attachments.length > 0) message.attachments = classified.attachments.map((a) => resolveAttachment(state, a));
  if (classified.call) message.call = classified.call;
  if (classified.poll) message.poll = classified.poll;
  if (classified.location) message.location = classified.location;
  return message;
}

const NOT_IN_EXPORT = 'WhatsApp named this file, but it is not in the export; export the chat "with media" (as a zip) to include it';
const OMITTED = 'WhatsApp left this file out of the export (exported "without media")';

function resolveAttachment(state: State, a: { fileName?: string; mediaType: string; omitted: boolean }): Attachment {
  if (a.fileName !== undefined && !a.omitted) {
    const found = state.media.get(a.fileName);
    if (found) {
      found.sha256 ??= sha256Hex(found.bytes);
      return { fileName: a.fileName, mediaType: a.fileName ? mediaTypeOf(a.fileName) : a.mediaType, size: found.bytes.length, sha256: found.sha256, path: `attachments/${found.sha256}` };
    }
  }
  return {
    ...(a.fileName ? { fileName: a.fileName } : {}),
    mediaType: a.fileName ? mediaTypeOf(a.fileName) : a.mediaType,
    notIncluded: { reason: 'not-downloaded', detail: a.omitted || !a.fileName ? OMITTED : NOT_IN_EXPORT },
  };
}

/** Reads a WhatsApp chat export. Throws ConvertError with file and line on anything it cannot read. */
export function parseWhatsApp(file: InputFile, options: ConvertOptions): ParsedExport {
  const bytes = file.bytes;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const detection = detectWhatsApp(file);
  if (!detection) throw new ConvertError(file.name, 1, 'this is not a WhatsApp chat export: its first line is not a message line such as "18/03/2022, 14:56 - Name: text". Give the .txt or .zip WhatsApp exported.');
  const state: State = {
    file,
    bytes,
    bodyFrom: bomLength(bytes),
    ios: detection.layout === 'ios-txt',
    order: 'dmy',
    zone: options.timeZone,
    conversationId: '',
    account: '',
    meName: undefined,
    media: new Map(),
    hex: options.sha256Hex ?? nobleSha256Hex,
    decoder,
    handles: new Map(),
  };

  if (file.siblings) {
    for (const [path, data] of file.siblings) state.media.set(path.slice(path.lastIndexOf('/') + 1), { path, bytes: data });
  }

  // One pass over the file: the evidence for the day/month order (decided from the whole file),
  // whether each reading gives real dates in time order, and what every message is (no ids yet).
  let dayFirstAt = 0;
  let monthFirstAt = 0;
  let ambiguousLines = 0;
  let firstAmbiguous = '';
  let firstHeaderLine = '';
  let messageCount = 0;
  let prevDmy = -Infinity;
  let prevMdy = -Infinity;
  let sortedDmy = true;
  let sortedMdy = true;
  let badDmyAt = 0;
  let badMdyAt = 0;
  let withoutSeconds = 0;
  const zone = options.timeZone;
  const senders = new Map<string, number>();
  let attachments = 0;
  let notIncluded = 0;
  let edited = 0;
  let groupEvents = 0;
  const localeVotes = new Map<string, number>();
  forEachMessage(state, (h, end, line) => {
    if (messageCount === 0) firstHeaderLine = decoder.decode(bytes.subarray(h.textStart, h.bodyStart));
    messageCount++;
    if (h.second < 0) withoutSeconds++;
    const year = h.aDigits === 4 ? h.a : h.c < 100 ? 2000 + h.c : h.c;
    if (h.aDigits !== 4) {
      if (h.a > 12 && !dayFirstAt) dayFirstAt = line;
      else if (h.b > 12 && !monthFirstAt) monthFirstAt = line;
      else if (h.a <= 12 && h.b <= 12 && ambiguousLines++ === 0) firstAmbiguous = `line ${line}: "${decoder.decode(bytes.subarray(h.textStart, h.textEnd)).replace(/[\u200e\u200f]/g, '').trim()}"`;
      if (!badDmyAt && !realDate(year, h.b, h.a)) badDmyAt = line;
      if (!badMdyAt && !realDate(year, h.a, h.b)) badMdyAt = line;
    } else if (!realDate(year, h.b, h.c)) {
      badDmyAt ||= line;
      badMdyAt ||= line;
    }
    // Time order is checked on instants, not on the printed times: a time in an hour the zone
    // skips (possible when --tz is not the phone's zone) reads with the old offset and can fall
    // before the minutes just ahead of it.
    const hour = h.half === 1 ? h.hour % 12 : h.half === 2 ? (h.hour % 12) + 12 : h.hour;
    const second = Math.max(0, h.second);
    const kd = h.aDigits === 4 ? wallClockToEpochMs(zone, year, h.b, h.c, hour, h.minute, second) : wallClockToEpochMs(zone, year, h.b, h.a, hour, h.minute, second);
    const km = h.aDigits === 4 || h.a === h.b ? kd : wallClockToEpochMs(zone, year, h.a, h.b, hour, h.minute, second);
    if (kd < prevDmy) sortedDmy = false;
    if (km < prevMdy) sortedMdy = false;
    prevDmy = kd;
    prevMdy = km;

    const body = readBody(state, h, end);
    const { classified } = body;
    if (body.senderName !== undefined && classified.kind !== 'system') senders.set(body.senderName, (senders.get(body.senderName) ?? 0) + 1);
    if (classified.edited) edited++;
    if (classified.groupEvent) groupEvents++;
    if (classified.locale) localeVotes.set(classified.locale, (localeVotes.get(classified.locale) ?? 0) + 1);
    for (const pending of classified.attachments) {
      attachments++;
      if (resolveAttachment(state, pending).notIncluded) notIncluded++;
    }
  });
  if (messageCount === 0) throw new ConvertError(file.name, 1, 'this WhatsApp export holds no messages.');
  if (dayFirstAt && monthFirstAt) {
    throw new ConvertError(
      file.name,
      Math.max(dayFirstAt, monthFirstAt),
      `the dates disagree: line ${dayFirstAt} has a day before the month (first number above 12) and line ${monthFirstAt} has a month before the day (second number above 12). Check that this is one export, not two pasted together.`,
    );
  }
  if (dayFirstAt) state.order = 'dmy';
  else if (monthFirstAt) state.order = 'mdy';
  else if (ambiguousLines > 0) {
    if (options.dateOrder === 'dmy' || options.dateOrder === 'mdy') state.order = options.dateOrder;
    else {
      throw new ConvertError(
        file.name,
        undefined,
        `the file cannot tell whether its dates are day/month or month/day: no day after the 12th in ${ambiguousLines.toLocaleString('en-US')} message${ambiguousLines === 1 ? '' : 's'} with such dates (the first at ${firstAmbiguous}). Say which with --date-order dmy or --date-order mdy.`,
        'date-order',
      );
    }
  }
  const badAt = state.order === 'mdy' ? badMdyAt : badDmyAt;
  // A date that does not exist (31/02) stops the conversion here, before anything is written.
  if (badAt) forEachMessage(state, (h, _end, line) => void (line === badAt && wallOf(h, state.order, file.name, line)));
  const sorted = state.order === 'mdy' ? sortedMdy : sortedDmy;

  // Who is who, and which chat this is.
  const containerName = file.name.includes('/') ? file.name.slice(0, file.name.lastIndexOf('/')) : '';
  const chatName = chatNameFrom(file.name) ?? (containerName ? chatNameFrom(containerName) : undefined);
  const chatKey = chatName ?? `first-line:${firstHeaderLine}`;
  state.conversationId = `whatsapp:chat:${state.hex(JSON.stringify([SERVICE, chatKey])).slice(0, 24)}`;
  state.meName = options.me;
  state.account = options.me ? handleOf(options.me) : 'whatsapp:me';
  const placeholders = notIncluded;
  const warnings: ConvertWarning[] = [];
  // A direct chat named after the other person: the other sender is the exporting user.
  if (!options.me && chatName && senders.size === 2 && senders.has(chatName)) {
    state.meName = [...senders.keys()].find((n) => n !== chatName)!;
    state.account = handleOf(state.meName);
  } else if (!options.me) {
    warnings.push(warning('me_unknown', [], 'the file does not say which sender is you; your messages keep your name as sender (give --me NAME to mark them as yours)'));
  }

  const isGroup = senders.size > 2 || groupEvents > 0;
  const participants: Participant[] = [...senders.keys()].map((name) => ({ handle: name === state.meName ? state.account : handleOf(name), role: 'member' as const }));
  if (!participants.some((p) => p.handle === state.account) && state.account !== 'whatsapp:me') participants.unshift({ handle: state.account, role: 'owner' });
  for (const p of participants) if (p.handle === state.account && !isGroup) p.role = 'owner';
  const conversation: Conversation = {
    id: state.conversationId,
    kind: isGroup ? 'group' : 'direct',
    title: chatName ?? (isGroup ? 'WhatsApp group' : `WhatsApp chat with ${[...senders.keys()].filter((n) => n !== state.meName).join(', ') || 'unknown'}`),
    participants,
    source: state.account,
  };

  // Locale: from the phrases WhatsApp localises; 12-hour English with U+202F is en-US.
  let locale: string | undefined;
  let best = 0;
  for (const [tag, votes] of localeVotes) if (votes > best) [locale, best] = [tag, votes];
  if (!locale && LOCALE_MARKERS.hasKorean(bytes)) locale = 'ko';
  if (locale === 'en') locale = state.order === 'mdy' ? 'en-US' : 'en-GB';

  const includedMedia = new Map<string, Uint8Array>();
  for (const m of state.media.values()) if (m.sha256) includedMedia.set(m.sha256, m.bytes);

  const fidelity: FidelityNote[] = [];
  const note = (item: string, count: number, reason: string) => {
    if (count > 0) fidelity.push({ stage: 'export', account: state.account, item, count, reason, at: options.now });
  };
  note('message.edits', edited, 'WhatsApp marks edited messages but does not export their earlier versions');
  note('message.attachments', placeholders, 'the export names or omits these files without their bytes (export "with media" as a zip to include them)');
  note('message.timestamp', withoutSeconds, 'Android exports print minutes only; seconds are recorded as 00');
  note('message.reactions', messageCount, 'WhatsApp exports carry no reactions, replies (which message a reply answers) or read receipts');

  const messages = function* (): Generator<Message> {
    const ids = new HashedContentIds(state.hex);
    if (sorted) {
      yield* streamMessages(state, ids);
      return;
    }
    // Out of time order (a hand-edited file, a phone whose clock jumped, or times in an hour the
    // zone skips): sort where each message starts by instant, ties in file order, then read each
    // again from its place. About 20 bytes per message, never the messages themselves.
    let starts = new Float64Array(1024);
    let ends = new Float64Array(1024);
    let lines = new Float64Array(1024);
    let instants = new Float64Array(1024);
    let count = 0;
    forEachMessage(state, (h, end, line) => {
      if (count === starts.length) {
        const grow = (old: Float64Array) => {
          const next = new Float64Array(old.length * 2);
          next.set(old);
          return next;
        };
        [starts, ends, lines, instants] = [grow(starts), grow(ends), grow(lines), grow(instants)];
      }
      const w = wallOf(h, state.order, file.name, line);
      starts[count] = h.textStart;
      ends[count] = end;
      lines[count] = line;
      instants[count] = wallClockToEpochMs(zone, w.year, w.month, w.day, w.hour, w.minute, w.second);
      count++;
    });
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((x, y) => instants[x]! - instants[y]! || x - y);
    const h = newHeader();
    for (const i of order) {
      const start = starts[i]!;
      let lineEnd = bytes.indexOf(0x0a, start);
      if (lineEnd < 0) lineEnd = bytes.length;
      while (lineEnd > start && bytes[lineEnd - 1] === 0x0d) lineEnd--;
      readHeader(bytes, start, lineEnd, h);
      yield buildMessage(state, h, ends[i]!, lines[i]!, ids);
    }
  };
  if (!sorted) warnings.push(warning('not_time_ordered', [], 'the messages are not in time order in the file; the archive lists them by time'));

  return {
    detection: { format: SERVICE, layout: file.siblings && /\.zip$/i.test(containerName) ? detection.layout.replace('-txt', '-zip') : detection.layout, ...(locale ? { locale } : {}) },
    source: { service: SERVICE, account: state.account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'assumed', zone: options.timeZone } },
    contacts: [],
    conversations: [{ conversation, messages, counts: { messages: messageCount, attachments, notIncluded } }],
    attachments: includedMedia,
    fidelity,
    warnings,
  };
}

/** Pass 3 when the file is in time order: a generator over the bytes, one message at a time. */
function* streamMessages(state: State, ids: HashedContentIds): Generator<Message> {
  // forEachMessage is callback-based; to stay a generator without buffering, walk lines here.
  const { bytes } = state;
  const n = bytes.length;
  let h = newHeader();
  let pending = newHeader();
  let open = false;
  let openLine = 0;
  let lastEnd = 0;
  let start = state.bodyFrom;
  let line = 1;
  while (start < n) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = n;
    let stop = end;
    while (stop > start && bytes[stop - 1] === 0x0d) stop--;
    if (stop > start && readHeader(bytes, start, stop, pending) && pending.ios === state.ios) {
      if (open) yield buildMessage(state, h, lastEnd, openLine, ids);
      const swap = h;
      h = pending;
      pending = swap;
      open = true;
      openLine = line;
      lastEnd = stop;
    } else if (open) {
      lastEnd = stop;
    }
    start = end + 1;
    line++;
  }
  if (open) yield buildMessage(state, h, lastEnd, openLine, ids);
}

export const whatsappReader: FileReader = {
  name: SERVICE,
  detect: detectWhatsApp,
  parse: parseWhatsApp,
};
