/**
 * The pass over the whole file before any message is written: how many messages there are and
 * what they are (senders, media, edits, locale), whether they are in time order, the evidence
 * for the day/month order, the header shapes, and the lines that looked like headers but were not.
 */
import { wallClockToEpochMs } from '../kit/wall-clock.js';
import { OrderEvidence } from './read-layout.js';
import { resolveAttachment } from './read-media.js';
import { MessageScanner, type State } from './read-messages.js';
import { readBody } from './read-senders.js';
import { dateValid, hour24, needsOrder, type DayOrder, dayOfHeader, monthOfHeader, yearOf } from './read-timestamps.js';
import type { Header } from './read-headers.js';

export interface Summary {
  messages: number;
  /** The first header as printed, from its first character to the body (the chat's key when its file has no name). */
  firstHeaderLine: string;
  /** A header of the layout, for describing it. */
  sample: Header | undefined;
  withoutSeconds: number;
  senders: Map<string, number>;
  attachments: number;
  notIncluded: number;
  edited: number;
  groupEvents: number;
  localeVotes: Map<string, number>;
  /** In time order, read day first and month first. */
  sorted: { dmy: boolean; mdy: boolean };
  evidence: OrderEvidence;
  shapes: Map<number, number> | undefined;
  suspicious: number;
  suspiciousLines: number[];
}

export function summarize(state: State, countShapes: boolean): Summary {
  const { decoder, zone } = state;
  const scanner = new MessageScanner(state, countShapes);
  const s: Summary = {
    messages: 0,
    firstHeaderLine: '',
    sample: undefined,
    withoutSeconds: 0,
    senders: new Map(),
    attachments: 0,
    notIncluded: 0,
    edited: 0,
    groupEvents: 0,
    localeVotes: new Map(),
    sorted: { dmy: true, mdy: true },
    evidence: new OrderEvidence(),
    shapes: undefined,
    suspicious: 0,
    suspiciousLines: [],
  };
  // state.bytes, not a copy of it: a streamed file's window moves during the pass.
  const stampText = (h: Header) => decoder.decode(state.bytes.subarray(h.stampStart, h.stampEnd)).replace(/[\u200e\u200f]/g, '').trim();
  let prevDmy = -Infinity;
  let prevMdy = -Infinity;
  while (scanner.next()) {
    const h = scanner.h;
    if (s.messages === 0) {
      s.firstHeaderLine = decoder.decode(state.bytes.subarray(h.lineStart, h.bodyStart));
      s.sample = { ...h };
    }
    s.messages++;
    // Every 16,384 messages: often enough for a progress line, rarely enough to cost nothing.
    if ((s.messages & 0x3fff) === 0) state.onRead?.(state.base + h.lineStart, state.size);
    if (h.second < 0) s.withoutSeconds++;
    s.evidence.add(h, scanner.line, stampText);
    // Time order is checked on instants, not on the printed times: a time in an hour the zone
    // skips (possible when --tz is not the phone's zone) reads with the old offset and can fall
    // before the minutes just ahead of it.
    const kd = instant(zone, h, 'dmy', state.order);
    const km = needsOrder(h) && h.a !== h.b ? instant(zone, h, 'mdy', state.order) : kd;
    if (kd !== undefined) {
      if (kd < prevDmy) s.sorted.dmy = false;
      prevDmy = kd;
    }
    if (km !== undefined) {
      if (km < prevMdy) s.sorted.mdy = false;
      prevMdy = km;
    }

    const body = readBody(state, h, scanner.end);
    const { classified } = body;
    if (body.senderName !== undefined && classified.kind !== 'system') s.senders.set(body.senderName, (s.senders.get(body.senderName) ?? 0) + 1);
    if (classified.edited) s.edited++;
    if (classified.groupEvent) s.groupEvents++;
    if (classified.locale) s.localeVotes.set(classified.locale, (s.localeVotes.get(classified.locale) ?? 0) + 1);
    for (const pending of classified.attachments) {
      s.attachments++;
      if (resolveAttachment(state, pending).notIncluded) s.notIncluded++;
    }
  }
  state.onRead?.(state.size, state.size);
  s.shapes = scanner.shapes;
  s.suspicious = scanner.suspicious;
  s.suspiciousLines = scanner.suspiciousLines;
  return s;
}

/** The instant of a header read in `order`, when that reading is a date (and the file's order, once settled, is that one). */
function instant(zone: string, h: Header, order: DayOrder, settled: DayOrder | undefined): number | undefined {
  if (settled && needsOrder(h) && order !== settled) return undefined;
  if (needsOrder(h) && !dateValid(h, order)) return undefined;
  return wallClockToEpochMs(zone, yearOf(h), monthOfHeader(h, order), dayOfHeader(h, order), hour24(h), h.minute, h.second < 0 ? 0 : h.second);
}
