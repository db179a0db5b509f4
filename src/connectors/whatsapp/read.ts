/**
 * Reader of WhatsApp's "Export chat" files: the .txt in any layout and language WhatsApp has
 * written since 2012 (README.md has the table), alone or in the zip WhatsApp writes with the
 * media beside it.
 *
 * Browser-safe. Works on the file's bytes, never on the whole file as one string: a 70 MB export
 * would be a 140 MB string as soon as one emoji made it two-byte. Given a file's source (the
 * CLI's), each pass reads it from disk a window at a time, so the file is never held whole. Lines are read by a
 * hand-written grammar (read-headers.ts, no regular expression per line); only each message's
 * own bytes are decoded.
 *
 * Passes: (1) every message classified without ids, the header shape of each line counted and
 * the day/month evidence gathered (read-summary.ts); rarely a second time, when the layout or
 * the order the file settles on is not the one the first pass assumed; (2) messages(), run by
 * the writer: the same walk plus content ids. Each pass is linear in the file.
 */
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import { ConvertError, type InputFileSource, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import type { Message } from '../../model/types.js';
import { exportLosses } from '../kit/fidelity.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { AUTHOR_DASH, newHeader, readHeader, shapeParts, skipMarks, type Header } from './read-headers.js';
import { describeLayout } from './read-layout.js';
import { readRange, sortedMessages, streamMessages, WINDOW, type State } from './read-messages.js';
import { chatNameFrom, conversationOf } from './read-senders.js';
import { summarize } from './read-summary.js';
import { LOCALE_MARKERS } from './read-system.js';
import { truncation } from './read-truncation.js';

export { chatNameFrom, handleOf } from './read-senders.js';
export { readHeader, newHeader, type Header } from './read-headers.js';

export const SERVICE = 'whatsapp';

const CHAT_FILE = /(?:^|\/)(?:_chat\.txt|[^/]*\.txt)$/i;

/** The first line that is not empty (or only marks) as a header, when it is one. */
function firstHeader(bytes: Uint8Array, limit: number): Header | undefined {
  const h = newHeader();
  let start = 0;
  while (start < limit) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0 || end > limit) end = limit;
    let stop = end;
    while (stop > start && bytes[stop - 1] === 0x0d) stop--;
    if (skipMarks(bytes, start, stop) < stop) return readHeader(bytes, start, stop, h) ? h : undefined;
    start = end + 1;
  }
  return undefined;
}

/** The end of a streamed file, from its last line break on (or all of it): what truncation() looks at. */
function lastLine(source: InputFileSource): Uint8Array {
  for (let from = Math.max(0, source.size - 4096); ; from = Math.max(0, from - WINDOW)) {
    const tail = readRange(source, from, source.size);
    if (from === 0 || tail.lastIndexOf(0x0a) >= 0) return tail;
  }
}

function platformOf(shape: number): 'ios' | 'android' {
  // Android writes " - " before the author; iOS brackets the stamp (and before 2017 wrote ": ").
  return shapeParts(shape).author === AUTHOR_DASH ? 'android' : 'ios';
}

/**
 * signal-export's text files ("[2019-12-24, 12:23] Jane Doe: Hello") share WhatsApp's bracketed
 * shape; WhatsApp brackets ISO dates without a comma ("[2019-04-16 02:09]") or with seconds
 * ("[2020-01-01, 12:00:01]"), so this one shape is left to a Signal reader rather than guessed.
 */
function isSignalExport(h: Header): boolean {
  const s = shapeParts(h.shape);
  return s.bracket && !s.seconds && s.yearFirst && s.dateSep === 2 && h.between === ', ' && s.halfKind === 0 && !s.timeFirst;
}

export function detectWhatsApp(file: InputFile): Detection | undefined {
  if (file.kind !== 'file' || !CHAT_FILE.test(file.name)) return undefined;
  // The first non-empty line must be a message header; then at least that is WhatsApp's layout.
  const head = firstHeader(file.bytes, Math.min(file.bytes.length, 16_384));
  if (!head || isSignalExport(head)) return undefined;
  return { format: SERVICE, layout: `${platformOf(head.shape)}-txt` };
}

/** Reads a WhatsApp chat export. Throws ConvertError with file and line on anything it cannot read. */
export function parseWhatsApp(file: InputFile, options: ConvertOptions): ParsedExport {
  const { bytes } = file;
  const first = firstHeader(bytes, bytes.length);
  if (!first || file.kind !== 'file') throw new ConvertError(file.name, 1, 'this is not a WhatsApp chat export: its first line is not a message line such as "18/03/2022, 14:56 - Name: text". Give the .txt or .zip WhatsApp exported.');
  const source = file.source;
  const state: State = {
    file,
    bytes,
    base: 0,
    size: source ? source.size : bytes.length,
    source,
    family: first.family,
    namedNotices: platformOf(first.family) === 'ios',
    order: undefined,
    zone: options.timeZone,
    conversationId: '',
    account: '',
    meName: undefined,
    media: new Map(),
    hex: options.sha256Hex ?? nobleSha256Hex,
    decoder: new TextDecoder('utf-8', { fatal: false }),
    handles: new Map(),
    authors: new Map(),
    onRead: options.onRead,
  };
  if (file.siblings) {
    for (const [path, data] of file.siblings) state.media.set(path.slice(path.lastIndexOf('/') + 1), { path, bytes: data });
  }

  // The layout is the header family most lines have (the first line's, nearly always), and the
  // day/month order is what the whole file says; a pass is repeated only when either turns out
  // other than the first pass assumed.
  let summary = summarize(state, true);
  let best = state.family;
  for (const [family, count] of summary.shapes!) if (count > (summary.shapes!.get(best) ?? 0)) best = family;
  if (best !== state.family) {
    state.family = best;
    state.namedNotices = platformOf(best) === 'ios';
    summary = summarize(state, false);
  }
  const order = summary.evidence.decide(file.name, options.dateOrder);
  const redo = summary.evidence.against(order) > 0;
  state.order = order;
  if (redo) summary = summarize(state, false);
  if (summary.messages === 0) throw new ConvertError(file.name, 1, 'this WhatsApp export holds no messages.');
  const sorted = order === 'mdy' ? summary.sorted.mdy : summary.sorted.dmy;

  const containerName = file.name.includes('/') ? file.name.slice(0, file.name.lastIndexOf('/')) : '';
  const chatName = chatNameFrom(file.name) ?? (containerName ? chatNameFrom(containerName) : undefined);
  state.conversationId = `whatsapp:chat:${state.hex(JSON.stringify([SERVICE, chatName ?? `first-line:${summary.firstHeaderLine}`])).slice(0, 24)}`;
  const { conversation, meKnown } = conversationOf(state, chatName, summary.senders, summary.groupEvents, options.me);

  const warnings: ConvertWarning[] = [];
  if (!meKnown) warnings.push(warning('me_unknown', [], 'the file does not say which sender is you; your messages keep your name as sender (give --me NAME to mark them as yours)'));
  if (!sorted) warnings.push(warning('not_time_ordered', [], 'the messages are not in time order in the file; the archive lists them by time'));
  if (summary.suspicious > 0) {
    const n = summary.suspicious;
    const lines = summary.suspiciousLines.join(', ') + (n > summary.suspiciousLines.length ? ', …' : '');
    warnings.push(
      warning('suspicious_lines', [n, lines], `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'} looked like the start of a new message but cannot be one (an impossible time or date, or another layout than the rest of the file), so ${n === 1 ? 'it was' : 'they were'} kept as text of the message above: line${n === 1 ? '' : 's'} ${lines}`),
    );
  }
  const cut = truncation(source ? lastLine(source) : bytes);
  if (cut) warnings.push(warning('truncated', [], `the file ends ${cut}: it looks cut short; if messages are missing at the end, export the chat again`));

  // Locale: from the phrases WhatsApp localises; English with month-first dates is en-US.
  let locale: string | undefined;
  let votes = 0;
  for (const [tag, n] of summary.localeVotes) if (n > votes) [locale, votes] = [tag, n];
  if (!locale && LOCALE_MARKERS.hasKorean(bytes)) locale = 'ko';
  if (locale === 'en') locale = order === 'mdy' ? 'en-US' : 'en-GB';

  const includedMedia = new Map<string, Uint8Array>();
  for (const m of state.media.values()) if (m.sha256) includedMedia.set(m.sha256, m.bytes);

  const { notes: fidelity, note } = exportLosses(state.account, options.now);
  note('message.edits', summary.edited, 'WhatsApp marks edited messages but does not export their earlier versions');
  note('message.attachments', summary.notIncluded, 'the export names or omits these files without their bytes (export "with media" as a zip to include them)');
  note('message.timestamp', summary.withoutSeconds, 'this export prints minutes only (as Android does); seconds are recorded as 00');
  note('message.reactions', summary.messages, 'WhatsApp exports carry no reactions, replies (which message a reply answers) or read receipts');
  note('message.text', summary.suspicious, 'lines that looked like message headers but could not be (impossible times or dates, or another layout) were kept as text of the message above');

  const messages = function* (): Generator<Message> {
    const ids = new HashedContentIds(state.hex);
    yield* sorted ? streamMessages(state, ids) : sortedMessages(state, ids);
  };

  const container = file.siblings && /\.zip$/i.test(containerName) ? 'zip' : 'txt';
  return {
    detection: { format: SERVICE, layout: `${platformOf(state.family)}-${container} "${describeLayout(summary.sample ?? first, order)}"`, ...(locale ? { locale } : {}) },
    source: { service: SERVICE, account: state.account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'assumed', zone: options.timeZone } },
    contacts: [],
    conversations: [{ conversation, messages, counts: { messages: summary.messages, attachments: summary.attachments, notIncluded: summary.notIncluded } }],
    attachments: includedMedia,
    fidelity,
    warnings,
  };
}

export const whatsappReader: FileReader = {
  name: SERVICE,
  detect: detectWhatsApp,
  parse: parseWhatsApp,
  streams: true,
};
