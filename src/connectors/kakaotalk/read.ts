/**
 * KakaoTalk "대화 내보내기" (export chat) files: the four layouts, Korean and English.
 *
 *   pc-txt       Windows:  `[이름] [오후 4:03] 메시지` under `--------------- 2021년 3월 25일 목요일 ---------------`
 *                          (English: `[name] [4:03 PM] text` under `--- Saturday, August 1, 2015 ---`)
 *   pc-csv       Mac / PC: `Date,User,Message` then `2021-01-27 09:00:31,"min","text"` (quoted multi-line fields)
 *   android-txt  `2021년 12월 29일 오후 8:36, 이름 : 메시지` (English: `8:34pm, July 9, 2015, name : text`
 *                or `February 10, 2016, 2:33 AM, name : text`), shipped as KakaoTalkChats.txt, alone or
 *                in a zip with the media
 *   ios-txt      `2022. 5. 13. 오전 10:28, 이름 : 메시지` (English: `Jul 9, 2015, 8:34 PM, name : text`);
 *                system lines `2022. 5. 13. 오전 10:28: X님이 Y님을 초대했습니다.`
 *
 * This file is the reader's entry (detect, parse); each record kind has its own file:
 * read-headers (header lines, layout, where a pasted-in export begins), read-pc / read-android /
 * read-ios (day and message lines of each layout, on read-layouts' types), read-times,
 * read-records (txt records), read-csv, read-system (notices), read-placeholders, read-senders,
 * read-room (one room as a conversation).
 *
 * Shapes: ../../../../shared/notes/formats.md (KakaoTalk) and real exports (see README.md).
 * No layout states a time zone: times are read in ConvertOptions.timeZone and the source says
 * so (`timeZone.status: "assumed"`); each message keeps the printed time in `wallClock`.
 *
 * Browser-safe: TextDecoder, papaparse and Intl only.
 */
import { ConvertError, type ConvertOptions, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nobleSha256Hex } from '../kit/content-ids.js';
import { roomsByTitle } from '../kit/copies.js';
import { baseName } from '../kit/files.js';
import { decodeTextFile, exportLines, FileDamage } from '../kit/text-files.js';
import { wallClockToIso, type WallClock } from '../kit/wall-clock.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { CSV_HEADER, csvRecords, csvRows } from './read-csv.js';
import { detection, headerLines, laterExports, roomTitle, SAVED, savedWallClock, SERVICE, sniff, type Sniffed } from './read-headers.js';
import { txtRecords, type ExportPart } from './read-records.js';
import { exportFidelity, readRoom, type KakaoRoom } from './read-room.js';
import { kakaoHandle } from './read-senders.js';

export type { KakaoLayout } from './read-layouts.js';
export { roomTitle } from './read-headers.js';
export { to24Hour } from './read-times.js';
export { isSystemText } from './read-system.js';
export { placeholder } from './read-placeholders.js';
export { kakaoHandle } from './read-senders.js';

const MEDIA_FILE = /\.(?:jpe?g|png|gif|heic|webp|mp4|mov|m4a|aac|3gp)$/i;

const NOT_KAKAO = 'this is not a KakaoTalk export: expected "방 이름 님과 카카오톡 대화" / "KakaoTalk Chats with ..." and a "저장한 날짜" / "Date Saved" line, or "Date,User,Message" for CSV.';

interface FileRooms {
  sniffed: Sniffed;
  rooms: KakaoRoom[];
  /** When each export in the file says it was saved. */
  saved: WallClock[];
}

/** A CSV file: one room (named after the file), one copy per `Date,User,Message` row. */
function csvRooms(file: InputFile, text: string, title: string, damage: FileDamage): FileRooms {
  const table = csvRows(file.name, text);
  const ends = [...table.headers.slice(1), table.rows.length];
  damage.concatenated.push(...table.headers.slice(1).map((r) => table.rowLines[r]!));
  const exports = table.headers.map((from, k) => ({ title, about: {}, records: () => csvRecords(file.name, table, from, ends[k]!) }));
  return { sniffed: { layout: 'pc-csv' }, rooms: roomsByTitle(exports), saved: [] };
}

/** A txt file: an export at the top, and any pasted after it, each read in its own layout. */
function txtRooms(file: InputFile, text: string, fileTitle: string, damage: FileDamage): FileRooms {
  const lines = exportLines(text);
  const first = sniff(lines, file.name);
  if (!first) throw new ConvertError(file.name, 1, NOT_KAKAO);
  const starts = [0, ...laterExports(lines)];
  damage.concatenated.push(...starts.slice(1).map((s) => s + 1));
  let last = first;
  const parts = starts.map((start, k): { part: ExportPart; title: string; members?: number; saved?: WallClock } => {
    const sniffed = k === 0 ? first : (sniff(lines, file.name, start) ?? last);
    last = sniffed;
    const header = headerLines(lines, start);
    const named = header > 0 ? roomTitle(lines[start]!) : undefined;
    const savedText = header === 2 ? SAVED.exec(lines[start + 1]!)?.[1] : undefined;
    const saved = savedText ? savedWallClock(savedText.trim()) : undefined;
    return { part: { start, end: starts[k + 1] ?? lines.length, header, grammar: sniffed.grammar! }, title: named?.title ?? fileTitle, ...(named?.members === undefined ? {} : { members: named.members }), ...(saved ? { saved } : {}) };
  });
  // A last line that stops inside a timestamp: the file was cut there. Left out, and said.
  const lastPart = parts.at(-1)!.part;
  const lastLine = lines.at(-1)!;
  if (!/[\r\n]$/.test(text) && lines.length > lastPart.start + lastPart.header && lastPart.grammar.cut.test(lastLine)) {
    damage.cutLine = { line: lines.length, text: lastLine };
    lastPart.end = lines.length - 1;
  }
  const exports = parts.map(({ part, title, members }) => ({ title, about: members === undefined ? {} : { members }, records: (d?: FileDamage) => txtRecords(file.name, lines, part, d) }));
  return { sniffed: first, rooms: roomsByTitle(exports), saved: parts.flatMap((p) => (p.saved ? [p.saved] : [])) };
}

function parseKakao(file: InputFile, options: ConvertOptions): ParsedExport {
  const decoded = decodeTextFile(file.bytes);
  const damage = FileDamage.of(decoded);
  const fileTitle = baseName(file.name).replace(/\.(?:txt|csv)$/i, '');
  const { sniffed, rooms, saved } = CSV_HEADER.test(decoded.text) ? csvRooms(file, decoded.text, fileTitle, damage) : txtRooms(file, decoded.text, fileTitle, damage);
  const zone = options.timeZone;
  const meName = options.me?.trim() || undefined;
  const account = kakaoHandle(meName ?? 'me');
  const hash = options.sha256Hex ?? nobleSha256Hex;
  const read = rooms.map((room) => readRoom(room, options, account, damage, hash));

  // The latest saved-on time: a file holding several exports was put together after the last.
  const exportedAt = saved.length > 0 ? new Date(Math.max(...saved.map((w) => Date.parse(wallClockToIso(w, zone))))).toISOString() : options.now;
  const count = read.reduce((n, r) => n + r.count, 0);
  const notIncluded = read.reduce((n, r) => n + r.notIncluded, 0);
  const undated = read.reduce((n, r) => n + r.undated, 0);

  const warnings: ConvertWarning[] = damage.warnings();
  if (read.some((r) => !r.userFound)) {
    warnings.push(
      meName
        ? warning('me_not_found', [meName], `--me "${meName}" does not appear as a sender in this file; messages keep the names as printed.`)
        : warning('me_unknown', [], 'this export does not say which messages are yours; they keep the name as printed. Give --me NAME to mark your own messages.'),
    );
  }
  if (undated > 0) warnings.push(warning('undated_notices', [undated], `${undated} join/leave notice${undated === 1 ? '' : 's'} had no time in the file and took the time of the message before.`));
  const media = [...(file.siblings?.keys() ?? [])].filter((p) => MEDIA_FILE.test(p)).length;
  if (media > 0) warnings.push(warning('unmatched_media', [media], `${media} media file${media === 1 ? '' : 's'} beside the chat could not be matched to messages (KakaoTalk's text names no files) and ${media === 1 ? 'was' : 'were'} not included.`));

  return {
    detection: detection(sniffed),
    source: { service: SERVICE, account, exportedAt, method: 'export-file', timeZone: { status: 'assumed', zone } },
    contacts: [],
    conversations: read.map((r) => r.conversation),
    attachments: new Map(),
    fidelity: [...exportFidelity(account, options.now, zone, sniffed.layout === 'pc-csv', { messages: count, notIncluded, media }), ...damage.fidelity(account, options.now)],
    warnings,
  };
}

export const kakaoTalkReader: FileReader = {
  name: SERVICE,
  detect(file) {
    if (file.kind !== 'file') return undefined;
    const head = decodeTextFile(file.bytes.subarray(0, 16_384)).text;
    const lines = exportLines(head);
    if (file.bytes.length > 16_384) lines.pop(); // possibly cut mid-line
    const sniffed = sniff(lines, file.name);
    return sniffed ? detection(sniffed) : undefined;
  },
  parse: parseKakao,
};
