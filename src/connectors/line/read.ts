/**
 * LINE "Send chat history" / "トーク履歴を送信" text files (English, German, Japanese,
 * Traditional Chinese, Korean).
 *
 *   [LINE] Chat history with Alice          (or "Chat history with Alice", 'Chat history in "Group"',
 *   Saved on: 1/30/2026, 22:13               "[LINE] 友達とのトーク履歴", "[LINE] 與小明的聊天記錄", ...)
 *
 *   Fri, 8/16/2019                          day line, localised: "Mo., 19.8.2019", "2024/1/23(火)",
 *   14:30<TAB>Alice<TAB>[Photo]              "2016/06/18（六）"
 *   14:35<TAB>Alice<TAB>At the beach         a message; lines without a time continue it
 *   near the lighthouse
 *   17:05<TAB>Josie left the group.         two fields: a notice with no sender
 *
 * This file is the reader's entry (detect, parse); each record kind has its own file:
 * read-headers, read-days, read-messages, read-records, read-placeholders (and calls),
 * read-system, read-senders.
 *
 * Shapes: ../../../../shared/notes/formats.md (LINE) and the real files listed in README.md.
 * No zone is printed: times are read in ConvertOptions.timeZone and the source says so.
 *
 * Browser-safe: TextDecoder and Intl only.
 */
import type { FidelityNote, Message, MessageKind, Participant } from '../../model/types.js';
import { ConvertError, type ConvertOptions, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import { baseName } from '../kit/files.js';
import { splitLines } from '../kit/text.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { savedWallClock, SERVICE, sniff } from './read-headers.js';
import { lineCall, linePlaceholder } from './read-placeholders.js';
import { records, type RawRecord } from './read-records.js';
import { lineHandle, UNKNOWN_NAMES } from './read-senders.js';
import { isNoticeWithSender } from './read-system.js';

export type { LineLocale } from './read-headers.js';
export { lineTitle } from './read-headers.js';
export { parseDayLine } from './read-days.js';
export { lineCall, linePlaceholder } from './read-placeholders.js';
export { lineHandle } from './read-senders.js';

const decoder = new TextDecoder('utf-8'); // strips a leading BOM

function parseLine(file: InputFile, options: ConvertOptions): ParsedExport {
  const lines = splitLines(decoder.decode(file.bytes));
  const sniffed = sniff(lines);
  if (!sniffed) {
    throw new ConvertError(file.name, 1, 'this is not a LINE chat history: expected a first line like "[LINE] Chat history with NAME" and a "Saved on:" / "保存日時：" line.');
  }
  const run = (): Generator<RawRecord> => records(file.name, lines, sniffed.headerLines);
  const zone = options.timeZone;
  const title = sniffed.title ?? baseName(file.name).replace(/\.txt$/i, '');

  // First pass: validate every line and learn who writes.
  const senders = new Map<string, number>();
  let count = 0;
  let unknown = 0;
  let notIncluded = 0;
  let ordered = true;
  let previous = -Infinity;
  for (const rec of run()) {
    count++;
    if (rec.sender !== undefined) senders.set(rec.sender, (senders.get(rec.sender) ?? 0) + 1);
    if (rec.sender !== undefined && UNKNOWN_NAMES.has(rec.sender)) unknown++;
    if (linePlaceholder(rec.text)) notIncluded++;
    const instant = Date.parse(wallClockToIso(rec.wall, zone));
    if (instant < previous) ordered = false;
    previous = Math.max(previous, instant);
  }

  // Who the user is: --me, or in a one-to-one chat ("Chat history with Alice") the one other name.
  const warnings: ConvertWarning[] = [];
  const given = options.me?.trim() || undefined;
  let meName = given && senders.has(given) ? given : undefined;
  if (!meName && sniffed.kind === 'direct' && sniffed.title) {
    const others = [...senders.keys()].filter((n) => n !== sniffed.title && !UNKNOWN_NAMES.has(n));
    if (others.length === 1) meName = others[0];
  }
  if (given && !senders.has(given)) {
    warnings.push(
      warning('me_not_found', [given], `--me "${given}" does not appear as a sender in this file; ${meName ? `"${meName}", the one name besides "${sniffed.title}" in this one-to-one chat, is taken as you` : 'messages keep the names as printed'}.`),
    );
  } else if (!meName) {
    warnings.push(warning('me_unknown', [], 'this export does not say which messages are yours; they keep the name as printed. Give --me NAME to mark your own messages.'));
  }
  const account = lineHandle(meName ?? 'me');
  const conversationId = `${SERVICE}:room/${title.replace(/\s/gu, (c) => encodeURIComponent(c)) || 'untitled'}`;
  const others = [...senders.keys()].filter((n) => n !== meName);
  const kind = sniffed.kind ?? (others.length > 1 ? 'group' : 'direct');
  const participants: Participant[] = [{ handle: account, role: 'owner' }, ...others.filter((n) => !UNKNOWN_NAMES.has(n)).map((n): Participant => ({ handle: lineHandle(n), role: 'member' }))];
  const hash = options.sha256Hex ?? nobleSha256Hex;

  function* inFileOrder(): Generator<Message> {
    const ids = new HashedContentIds(hash);
    for (const rec of run()) {
      const sender = rec.sender === undefined || rec.sender === meName ? account : lineHandle(rec.sender);
      const timestamp = wallClockToIso(rec.wall, zone);
      const found = linePlaceholder(rec.text);
      const call = found ? undefined : lineCall(rec.text);
      const notice = rec.sender === undefined || isNoticeWithSender(rec.text);
      const text = found ? '' : rec.text;
      const kindOf: MessageKind = found ? found.kind : call ? 'call' : notice ? 'system' : 'text';
      yield {
        id: ids.next(conversationId, sender, timestamp, text),
        conversationId,
        sender,
        timestamp,
        wallClock: rec.wallText,
        kind: kindOf,
        text,
        ...(found ? { attachments: [found.attachment] } : {}),
        ...(call ? { call } : {}),
      };
    }
  }
  const messages = ordered
    ? inFileOrder
    : function* sorted(): Generator<Message> {
        const all = [...inFileOrder()];
        yield* all
          .map((m, i) => ({ m, i, t: Date.parse(m.timestamp) }))
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map((x) => x.m);
      };

  const at = options.now;
  const fidelity: FidelityNote[] = [];
  if (notIncluded > 0)
    fidelity.push({
      stage: 'export',
      account,
      item: 'message.attachments',
      count: notIncluded,
      reason: 'LINE chat history text prints a placeholder ([Photo], [Sticker], ...) instead of the file.',
      at,
    });
  if (unknown > 0)
    fidelity.push({
      stage: 'export',
      account,
      item: 'message.sender',
      count: unknown,
      reason: 'LINE prints members who have left as "Unknown" (localised); who wrote these is lost.',
      at,
    });
  if (count > 0)
    fidelity.push({
      stage: 'export',
      account,
      item: 'message.timestamp',
      count,
      reason: `LINE prints local times to the minute without a time zone; read as ${zone} (the printed time is kept in wallClock).`,
      at,
    });
  const savedWall = sniffed.saved ? savedWallClock(sniffed.saved, sniffed.locale) : undefined;

  return {
    detection: { format: SERVICE, layout: 'txt', locale: sniffed.locale },
    source: {
      service: SERVICE,
      account,
      exportedAt: savedWall ? new Date(wallClockToIso(savedWall, zone)).toISOString() : options.now,
      method: 'export-file',
      timeZone: { status: 'assumed', zone },
    },
    contacts: [],
    conversations: [
      {
        conversation: {
          id: conversationId,
          kind,
          title,
          participants,
          source: account,
        },
        messages,
        // Known from the validating pass: spares the converter a counting pass of its own.
        counts: { messages: count, attachments: notIncluded, notIncluded },
      },
    ],
    attachments: new Map(),
    fidelity,
    warnings,
  };
}

export const lineReader: FileReader = {
  name: SERVICE,
  detect(file) {
    if (file.kind !== 'file') return undefined;
    const lines = splitLines(decoder.decode(file.bytes.subarray(0, 16_384)));
    if (file.bytes.length > 16_384) lines.pop();
    const sniffed = sniff(lines);
    return sniffed ? { format: SERVICE, layout: 'txt', locale: sniffed.locale } : undefined;
  },
  parse: parseLine,
};
