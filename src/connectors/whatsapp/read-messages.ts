/**
 * Lines and message boundaries: a message is a header line and the continuation lines after it.
 * Works on the bytes; only each message's own bytes are decoded.
 */
import type { HashedContentIds } from '../kit/content-ids.js';
import { ConvertError, type DateOrder, type InputFile } from '../contract.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import type { Message } from '../../model/types.js';
import { newHeader, readHeader, type Header } from './read-headers.js';
import { resolveAttachment } from './read-media.js';
import { readBody, senderHandle } from './read-senders.js';
import { decodeShort, wallOf } from './read-timestamps.js';

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

export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

export interface State {
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
export function forEachMessage(state: State, onMessage: (h: Header, end: number, line: number) => void): void {
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

/** One message; `ids` undefined: no id yet (the caller sorts first). */
export function buildMessage(state: State, h: Header, end: number, line: number, ids: HashedContentIds | undefined): Message {
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


/** Pass 3 when the file is in time order: a generator over the bytes, one message at a time. */
export function* streamMessages(state: State, ids: HashedContentIds): Generator<Message> {
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
