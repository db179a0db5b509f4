/**
 * LINE "Send chat history" / "トーク履歴を送信" text files (English, German, Japanese,
 * Traditional and Simplified Chinese, Korean).
 *
 *   [LINE] Chat history with Alice          (or "Chat history with Alice", 'Chat history in "Group"',
 *   Saved on: 1/30/2026, 22:13               "[LINE] 友達とのトーク履歴", "[LINE] 與小明的聊天記錄", ...)
 *
 *   Fri, 8/16/2019                          day line, localised: "Mo., 19.8.2019", "2024/1/23(火)",
 *   14:30<TAB>Alice<TAB>[Photo]              "2016/06/18（六）", "2026/1/30周五"
 *   14:35<TAB>Alice<TAB>At the beach         a message; lines without a time continue it
 *   near the lighthouse
 *   17:05<TAB>Josie left the group.         two fields (or an empty middle one): a notice
 *
 * This file is the reader's entry (detect, parse); each record kind has its own file:
 * read-headers (and headerless files, and exports pasted one after another), read-days,
 * read-messages, read-records, read-placeholders (and calls), read-system, read-senders,
 * read-room (one room as a conversation).
 *
 * Shapes: ../../../../shared/notes/formats.md (LINE) and the real files listed in README.md.
 * No zone is printed: times are read in ConvertOptions.timeZone and the source says so.
 *
 * Browser-safe: TextDecoder and Intl only.
 */
import type { FidelityNote } from '../../model/types.js';
import { ConvertError, type ConvertOptions, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nobleSha256Hex } from '../kit/content-ids.js';
import { roomsByTitle } from '../kit/copies.js';
import { baseName } from '../kit/files.js';
import { decodeTextFile, exportLines, FileDamage } from '../kit/text-files.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { laterExports, laterHeader, savedWallClock, SERVICE, sniff, type Sniffed } from './read-headers.js';
import { CUT_TIME } from './read-messages.js';
import { records, type ExportPart } from './read-records.js';
import { oneOtherName, roomConversation, surveyRoom } from './read-room.js';
import { lineHandle } from './read-senders.js';

export type { LineLocale } from './read-headers.js';
export { lineTitle } from './read-headers.js';
export { parseDayLine } from './read-days.js';
export { lineCall, linePlaceholder } from './read-placeholders.js';
export { lineHandle } from './read-senders.js';

function parseLine(file: InputFile, options: ConvertOptions): ParsedExport {
  const decoded = decodeTextFile(file.bytes);
  const damage = FileDamage.of(decoded);
  const lines = exportLines(decoded.text);
  const first = sniff(lines);
  if (!first) {
    throw new ConvertError(file.name, 1, 'this is not a LINE chat history: expected a first line like "[LINE] Chat history with NAME" and a "Saved on:" / "保存日時：" line, or a day line ("Fri, 8/16/2019") over "14:30<TAB>Name<TAB>text" lines.');
  }
  const zone = options.timeZone;
  const fileTitle = baseName(file.name).replace(/\.txt$/i, '');

  // Exports pasted one after another: each from its header on, rooms by title, repeats once.
  const starts = [0, ...laterExports(lines)];
  damage.concatenated.push(...starts.slice(1).map((s) => s + 1));
  const parts = starts.map((start, k): { part: ExportPart; sniffed: Sniffed } => {
    const sniffed = k === 0 ? first : laterHeader(lines, start)!;
    return { part: { start, end: starts[k + 1] ?? lines.length, header: sniffed.headerLines }, sniffed };
  });
  // A last line that stops inside a time ("21:4"): the file was cut there. Left out, and said.
  const last = parts.at(-1)!.part;
  const lastLine = lines.at(-1)!;
  if (!/[\r\n]$/.test(decoded.text) && lines.length > last.start + last.header && CUT_TIME.test(lastLine)) {
    damage.cutLine = { line: lines.length, text: lastLine };
    last.end = lines.length - 1;
  }
  const rooms = roomsByTitle(
    parts.map(({ part, sniffed }) => ({
      title: sniffed.title ?? fileTitle,
      about: { named: sniffed.title !== undefined, ...(sniffed.kind ? { kind: sniffed.kind } : {}) },
      records: (d?: FileDamage) => records(file.name, lines, part, d),
    })),
  );
  const surveys = rooms.map((room) => surveyRoom(room, zone, damage));

  // Who the user is: --me, or the one other name of the one-to-one chats (when they agree).
  const warnings: ConvertWarning[] = damage.warnings();
  const given = options.me?.trim() || undefined;
  const writes = (name: string) => surveys.some((s) => s.senders.has(name));
  const guesses = surveys.map(oneOtherName);
  const guess = guesses.length > 0 && guesses.every((g) => g !== undefined && g === guesses[0]) ? guesses[0] : undefined;
  const meName = given && writes(given) ? given : guess;
  if (given && !writes(given)) {
    warnings.push(
      warning('me_not_found', [given], `--me "${given}" does not appear as a sender in this file; ${meName ? `"${meName}", the one name besides "${first.title}" in this one-to-one chat, is taken as you` : 'messages keep the names as printed'}.`),
    );
  } else if (!meName) {
    warnings.push(warning('me_unknown', [], 'this export does not say which messages are yours; they keep the name as printed. Give --me NAME to mark your own messages.'));
  }
  const account = lineHandle(meName ?? 'me');
  const hash = options.sha256Hex ?? nobleSha256Hex;

  const sum = (f: (s: (typeof surveys)[number]) => number) => surveys.reduce((n, s) => n + f(s), 0);
  const [count, unknown, notIncluded] = [sum((s) => s.count), sum((s) => s.unknown), sum((s) => s.notIncluded)];
  const at = options.now;
  const fidelity: FidelityNote[] = [];
  if (notIncluded > 0) fidelity.push({ stage: 'export', account, item: 'message.attachments', count: notIncluded, reason: 'LINE chat history text prints a placeholder ([Photo], [Sticker], ...) instead of the file.', at });
  if (unknown > 0) fidelity.push({ stage: 'export', account, item: 'message.sender', count: unknown, reason: 'LINE prints members who have left as "Unknown" (localised); who wrote these is lost.', at });
  if (count > 0) fidelity.push({ stage: 'export', account, item: 'message.timestamp', count, reason: `LINE prints local times to the minute without a time zone; read as ${zone} (the printed time is kept in wallClock).`, at });
  fidelity.push(...damage.fidelity(account, at));
  // The latest saved-on time: a file holding several exports was put together after the last.
  const saved = parts.flatMap(({ sniffed }) => {
    const wall = sniffed.saved ? savedWallClock(sniffed.saved, sniffed.locale) : undefined;
    return wall ? [Date.parse(wallClockToIso(wall, zone))] : [];
  });

  return {
    detection: { format: SERVICE, layout: 'txt', locale: first.locale },
    source: { service: SERVICE, account, exportedAt: saved.length > 0 ? new Date(Math.max(...saved)).toISOString() : options.now, method: 'export-file', timeZone: { status: 'assumed', zone } },
    contacts: [],
    conversations: surveys.map((s) => roomConversation(s, zone, account, meName, hash)),
    attachments: new Map(),
    fidelity,
    warnings,
  };
}

export const lineReader: FileReader = {
  name: SERVICE,
  detect(file) {
    if (file.kind !== 'file') return undefined;
    const lines = exportLines(decodeTextFile(file.bytes.subarray(0, 16_384)).text);
    if (file.bytes.length > 16_384) lines.pop();
    const sniffed = sniff(lines);
    return sniffed ? { format: SERVICE, layout: 'txt', locale: sniffed.locale } : undefined;
  },
  parse: parseLine,
};
