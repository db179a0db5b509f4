/**
 * Lines and message boundaries: a message is a header line of the file's layout and the lines
 * after it up to the next. Works on the bytes; only each message's own bytes are decoded.
 */
import type { HashedContentIds } from '../kit/content-ids.js';
import { ConvertError, type InputFileSource, type InputFile } from '../contract.js';
import { wallClockToEpochMs, wallClockToIso } from '../kit/wall-clock.js';
import type { Message } from '../../model/types.js';
import { newHeader, readHeader, skipMarks, type Header } from './read-headers.js';
import { LINE_HEADER, LINE_SUSPICIOUS, lineKind } from './read-layout.js';
import { resolveAttachment } from './read-media.js';
import { readBody, senderHandle } from './read-senders.js';
import { decodeShort, wallOf, type DayOrder } from './read-timestamps.js';

export interface State {
  file: InputFile;
  /**
   * The bytes being read: the whole file, or with `source` the window of it a scanner holds
   * (every offset in a Header is into this), which starts at `base` in the file.
   */
  bytes: Uint8Array;
  base: number;
  /** The file's size in bytes. */
  size: number;
  /** The file on disk, read a window at a time (InputFile.source); absent when `bytes` is all of it. */
  source: InputFileSource | undefined;
  /** The header family of the file's layout (read-headers.ts). */
  family: number;
  /** The layout writes WhatsApp's notices under a name (iOS) rather than without one (Android). */
  namedNotices: boolean;
  /** Day/month order; undefined while not settled (the first pass). */
  order: DayOrder | undefined;
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
  /** Printed names before ": " as judged by authorOf (null: not a name, the line is a notice). */
  authors: Map<string, string | null>;
  /** ConvertOptions.onRead. */
  onRead?: ((done: number, total: number) => void) | undefined;
}

/** At most this many suspicious line numbers are kept for the notice (all are counted). */
const SUSPICIOUS_KEPT = 1000;

/** Bytes read from a source at a time: large enough that the copy of a window's tail costs nothing. */
export const WINDOW = 1 << 20;

/** Reads [start, end) of the file, or fewer bytes at its end. */
export function readRange(source: InputFileSource, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, Math.min(end, source.size) - start));
  let done = 0;
  while (done < out.length) {
    const n = source.readAt(out.subarray(done), start + done);
    if (n === 0) break;
    done += n;
  }
  return done === out.length ? out : out.subarray(0, done);
}

/**
 * Walks the file's messages in file order: after next() returns true, `h` is the message's
 * header, `end` the end of its last line and `line` its header's line number. Linear in the
 * file: every line is looked at once.
 */
export class MessageScanner {
  h = newHeader();
  end = 0;
  line = 0;
  /** Header-shaped lines that are not headers of this layout: count and the first line numbers. */
  suspicious = 0;
  readonly suspiciousLines: number[] = [];
  /** How many lines of each header family the file has (only when asked for). */
  readonly shapes: Map<number, number> | undefined;

  /** The open message's header, and a spare the next line is read into (swapped, never allocated per line). */
  private current = newHeader();
  private spare = newHeader();
  private open = false;
  private openLine = 0;
  private lastEnd = 0;
  private start = 0;
  private lineNo = 1;
  private done = false;
  /** Where in `bytes` the open message's first line starts (before any marks): kept at a refill. */
  private openStart = 0;
  /** This scanner's window of a streamed file, and where it starts in the file. */
  private window: Uint8Array;
  private base = 0;

  constructor(
    private readonly state: State,
    countShapes = false,
  ) {
    this.shapes = countShapes ? new Map() : undefined;
    this.window = state.source ? readRange(state.source, 0, state.source.window ?? WINDOW) : state.bytes;
    state.bytes = this.window;
    state.base = 0;
  }

  /**
   * The next part of a streamed file after the window: the open message (or the unfinished
   * line) moves to the front, every offset into it shifts with it. False at the end of the file.
   */
  private refill(): boolean {
    const source = this.state.source;
    const old = this.window;
    if (!source || this.base + old.length >= source.size) return false;
    const keep = this.open ? this.openStart : this.start;
    // At least as much as is kept: a message longer than the window is then copied O(log n) times, not once per window.
    const more = readRange(source, this.base + old.length, this.base + old.length + Math.max(source.window ?? WINDOW, old.length - keep));
    if (more.length === 0) return false;
    const next = new Uint8Array(old.length - keep + more.length);
    next.set(old.subarray(keep));
    next.set(more, old.length - keep);
    const c = this.current;
    c.lineStart -= keep;
    c.stampStart -= keep;
    c.stampEnd -= keep;
    c.bodyStart -= keep;
    this.openStart -= keep;
    this.lastEnd -= keep;
    this.start -= keep;
    this.base += keep;
    this.window = next;
    this.state.bytes = next;
    this.state.base = this.base;
    return true;
  }

  /**
   * The next message. `h` stays valid until the following call (the scanner then reads into
   * the same object).
   */
  next(): boolean {
    if (this.done) return false;
    const { family, order } = this.state;
    // Another scanner over the same file may have moved the state's window.
    this.state.bytes = this.window;
    this.state.base = this.base;
    let bytes = this.window;
    let n = bytes.length;
    for (;;) {
      if (this.start >= n) {
        if (!this.refill()) break;
        bytes = this.window;
        n = bytes.length;
        continue;
      }
      const start = this.start;
      let lineEnd = bytes.indexOf(0x0a, start);
      if (lineEnd < 0) {
        if (this.refill()) {
          bytes = this.window;
          n = bytes.length;
          continue;
        }
        lineEnd = n;
      }
      let stop = lineEnd;
      while (stop > start && bytes[stop - 1] === 0x0d) stop--;
      const line = this.lineNo;
      this.start = lineEnd + 1;
      this.lineNo++;
      const read = this.spare;
      let kind = 0;
      if (stop > start && readHeader(bytes, start, stop, read)) {
        if (this.shapes && this.shapes.size < 64) this.shapes.set(read.family, (this.shapes.get(read.family) ?? 0) + 1);
        kind = lineKind(read, family, order);
      }
      if (kind === LINE_HEADER) {
        const had = this.open;
        const finished = this.current;
        this.current = read;
        this.spare = finished;
        if (had) {
          this.h = finished;
          this.end = this.lastEnd;
          this.line = this.openLine;
        }
        this.open = true;
        this.openLine = line;
        this.openStart = start;
        this.lastEnd = stop;
        if (had) return true;
        continue;
      }
      if (!this.open) {
        if (stop === skipMarks(bytes, start, stop)) continue; // empty, or only marks
        throw this.beforeFirst(start, stop, line, kind === LINE_SUSPICIOUS);
      }
      if (kind === LINE_SUSPICIOUS && this.suspicious++ < SUSPICIOUS_KEPT) this.suspiciousLines.push(line);
      this.lastEnd = stop;
    }
    this.done = true;
    if (!this.open) return false;
    this.h = this.current;
    this.end = this.lastEnd;
    this.line = this.openLine;
    this.open = false;
    return true;
  }

  private beforeFirst(start: number, stop: number, line: number, suspicious: boolean): ConvertError {
    const { bytes, decoder, file } = this.state;
    const shown = decoder.decode(bytes.subarray(start, Math.min(stop, start + 80)));
    if (suspicious) {
      return new ConvertError(file.name, line, `"${shown}" looks like a message line, but its date or time cannot exist, or it is written in another layout than the rest of the file. Check the file is one WhatsApp export as the phone wrote it.`);
    }
    return new ConvertError(file.name, line, `expected a WhatsApp message line such as "18/03/2022, 14:56 - Name: text" or "[18/03/2022, 14:56:01] Name: text", found "${shown}". Give the chat file exactly as WhatsApp exported it.`);
  }
}

/** One message; `ids` undefined: no id yet (the caller sorts first). */
export function buildMessage(state: State, h: Header, end: number, ids: HashedContentIds | undefined): Message {
  const body = readBody(state, h, end);
  const { classified } = body;
  const timestamp = wallClockToIso(wallOf(h, state.order ?? 'dmy'), state.zone);
  let wallClock = decodeShort(state.decoder, state.bytes, h.stampStart, h.stampEnd);
  if (h.stampEnd - h.stampStart !== wallClock.length) wallClock = wallClock.replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
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

/** The file's messages in file order, with ids: a generator over the bytes, one message at a time. */
export function* streamMessages(state: State, ids: HashedContentIds): Generator<Message> {
  const scanner = new MessageScanner(state);
  while (scanner.next()) yield buildMessage(state, scanner.h, scanner.end, ids);
}

/**
 * The messages in time order when the file is not (a hand-edited file, a phone whose clock
 * jumped, or times in an hour the zone skips): sort where each message starts by instant, ties
 * in file order, then read each again from its place. About 24 bytes per message, never the
 * messages themselves.
 */
export function* sortedMessages(state: State, ids: HashedContentIds): Generator<Message> {
  const order = state.order ?? 'dmy';
  let starts = new Float64Array(1024);
  let ends = new Float64Array(1024);
  let instants = new Float64Array(1024);
  let count = 0;
  const scanner = new MessageScanner(state);
  while (scanner.next()) {
    if (count === starts.length) {
      const grow = (old: Float64Array) => {
        const next = new Float64Array(old.length * 2);
        next.set(old);
        return next;
      };
      [starts, ends, instants] = [grow(starts), grow(ends), grow(instants)];
    }
    const w = wallOf(scanner.h, order);
    // Offsets in the file, not in the scanner's window (a streamed file's moves).
    starts[count] = state.base + scanner.h.lineStart;
    ends[count] = state.base + scanner.end;
    instants[count] = wallClockToEpochMs(state.zone, w.year, w.month, w.day, w.hour, w.minute, w.second);
    count++;
  }
  const sorted = new Uint32Array(count);
  for (let i = 0; i < count; i++) sorted[i] = i;
  sorted.sort((x, y) => instants[x]! - instants[y]! || x - y);
  const h = newHeader();
  const whole = state.source ? undefined : state.bytes;
  for (const i of sorted) {
    // A streamed file is read again message by message, from where each starts.
    const base = whole ? 0 : starts[i]!;
    const bytes = whole ?? readRange(state.source!, base, ends[i]!);
    state.bytes = bytes;
    state.base = base;
    const start = starts[i]! - base;
    let lineEnd = bytes.indexOf(0x0a, start);
    if (lineEnd < 0) lineEnd = bytes.length;
    while (lineEnd > start && bytes[lineEnd - 1] === 0x0d) lineEnd--;
    readHeader(bytes, start, lineEnd, h);
    yield buildMessage(state, h, ends[i]! - base, ids);
  }
}
