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
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { wallClockToEpochMs } from '../kit/wall-clock.js';
import type { Conversation, FidelityNote, Message, Participant } from '../../model/types.js';
import { LOCALE_MARKERS } from './read-system.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { newHeader, readHeader } from './read-headers.js';
import { bomLength, buildMessage, forEachMessage, streamMessages, type State } from './read-messages.js';
import { resolveAttachment } from './read-media.js';
import { chatNameFrom, handleOf, readBody } from './read-senders.js';
import { realDate, wallOf } from './read-timestamps.js';

export { chatNameFrom, handleOf } from './read-senders.js';
export { readHeader, newHeader, type Header } from './read-headers.js';

export const SERVICE = 'whatsapp';

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

export const whatsappReader: FileReader = {
  name: SERVICE,
  detect: detectWhatsApp,
  parse: parseWhatsApp,
};
