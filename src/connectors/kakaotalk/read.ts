/**
 * KakaoTalk "대화 내보내기" (export chat) files: the four layouts, Korean and English.
 *
 *   pc-txt       Windows:  `[이름] [오후 4:03] 메시지` under `--------------- 2021년 3월 25일 목요일 ---------------`
 *                          (English: `[name] [4:03 PM] text` under `--- Saturday, August 1, 2015 ---`)
 *   pc-csv       Mac / PC: `Date,User,Message` then `2021-01-27 09:00:31,"min","text"` (quoted multi-line fields)
 *   android-txt  `2021년 12월 29일 오후 8:36, 이름 : 메시지` (English: `8:34pm, July 9, 2015, name : text`),
 *                shipped as KakaoTalkChats.txt, alone or in a zip with the media
 *   ios-txt      `2022. 5. 13. 오전 10:28, 이름 : 메시지` (English: `Jul 9, 2015, 8:34 PM, name : text`);
 *                system lines `2022. 5. 13. 오전 10:28: X님이 Y님을 초대했습니다.`
 *
 * This file is the reader's entry (detect, parse); each record kind has its own file:
 * read-headers (header lines, layout), read-layouts (day and message lines of each layout),
 * read-times, read-records (txt records), read-csv, read-system (notices), read-placeholders,
 * read-senders.
 *
 * Shapes: ../../../../shared/notes/formats.md (KakaoTalk) and real exports (see README.md).
 * No layout states a time zone: times are read in ConvertOptions.timeZone and the source says
 * so (`timeZone.status: "assumed"`); each message keeps the printed time in `wallClock`.
 *
 * Browser-safe: TextDecoder, papaparse and Intl only.
 */
import type { FidelityNote, Message, MessageKind, Participant } from '../../model/types.js';
import { ConvertError, type ConvertOptions, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import { baseName } from '../kit/files.js';
import { splitLines } from '../kit/text.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { CSV_HEADER, csvRecords, csvRows, type CsvRows } from './read-csv.js';
import { detection, roomTitle, SAVED, savedWallClock, SERVICE, sniff, type Sniffed } from './read-headers.js';
import { GRAMMARS } from './read-grammars.js';
import { DELETED, placeholder } from './read-placeholders.js';
import { txtRecords, type RawRecord } from './read-records.js';
import { kakaoHandle, ME_MARKERS } from './read-senders.js';

export type { KakaoLayout } from './read-layouts.js';
export { roomTitle } from './read-headers.js';
export { to24Hour } from './read-times.js';
export { isSystemText } from './read-system.js';
export { placeholder } from './read-placeholders.js';
export { kakaoHandle } from './read-senders.js';

const decoder = new TextDecoder('utf-8'); // strips a leading BOM

const MEDIA_FILE = /\.(?:jpe?g|png|gif|heic|webp|mp4|mov|m4a|aac|3gp)$/i;

function parseKakao(file: InputFile, options: ConvertOptions): ParsedExport {
  const text = decoder.decode(file.bytes);
  const csv = CSV_HEADER.test(text);
  let lines: string[] = [];
  let table: CsvRows = { rows: [], rowLines: [] };
  let sniffed: Sniffed | undefined;
  if (csv) {
    table = csvRows(file.name, text);
    sniffed = { layout: 'pc-csv' };
  } else {
    lines = splitLines(text);
    sniffed = sniff(lines, file.name);
  }
  if (!sniffed) {
    throw new ConvertError(file.name, 1, 'this is not a KakaoTalk export: expected "방 이름 님과 카카오톡 대화" / "KakaoTalk Chats with ..." and a "저장한 날짜" / "Date Saved" line, or "Date,User,Message" for CSV.');
  }
  const grammar = sniffed.layout === 'pc-csv' ? undefined : GRAMMARS[`${sniffed.layout}/${sniffed.locale}`]!;
  const records = (): Generator<RawRecord> => (grammar ? txtRecords(file.name, lines, grammar) : csvRecords(file.name, table));

  const header = csv ? undefined : roomTitle((lines[0] ?? '').replace(/^\uFEFF/, ''));
  const title = header?.title ?? baseName(file.name).replace(/\.(?:txt|csv)$/i, '');
  const savedText = csv ? undefined : SAVED.exec(lines[1] ?? '')?.[1];
  const savedWall = savedText ? savedWallClock(savedText.trim()) : undefined;
  const zone = options.timeZone;
  const exportedAt = savedWall ? new Date(wallClockToIso(savedWall, zone)).toISOString() : options.now;

  // First pass: validate every line (a ConvertError surfaces before anything is written), learn
  // who speaks and whether the file marks the exporting user, and check the time order.
  const meName = options.me?.trim() || undefined;
  const account = kakaoHandle(meName ?? 'me');
  const senders = new Map<string, number>();
  let markedMe = false;
  let meNamed = false;
  let systemCount = 0;
  let undatedSystem = 0;
  let notIncluded = 0;
  let count = 0;
  let ordered = true;
  let previous = -Infinity;
  for (const rec of records()) {
    count++;
    if (rec.system) {
      systemCount++;
      if (grammar?.layout === 'pc-txt') undatedSystem++;
    } else if (placeholder(rec.text)) notIncluded++;
    if (rec.sender !== undefined) {
      if (ME_MARKERS.has(rec.sender)) markedMe = true;
      else if (rec.sender === meName) meNamed = true;
      else if (!rec.system) senders.set(rec.sender, (senders.get(rec.sender) ?? 0) + 1);
    }
    const instant = Date.parse(wallClockToIso(rec.wall, zone));
    if (instant < previous) ordered = false;
    previous = Math.max(previous, instant);
  }

  const warnings: ConvertWarning[] = [];
  if (!markedMe && !meNamed) {
    warnings.push(
      meName
        ? warning('me_not_found', [meName], `--me "${meName}" does not appear as a sender in this file; messages keep the names as printed.`)
        : warning('me_unknown', [], 'this export does not say which messages are yours; they keep the name as printed. Give --me NAME to mark your own messages.'),
    );
  }
  if (undatedSystem > 0) warnings.push(warning('undated_notices', [undatedSystem], `${undatedSystem} join/leave notice${undatedSystem === 1 ? '' : 's'} had no time in the file and took the time of the message before.`));
  const media = [...(file.siblings?.keys() ?? [])].filter((p) => MEDIA_FILE.test(p));
  if (media.length > 0)
    warnings.push(
      warning(
        'unmatched_media',
        [media.length],
        `${media.length} media file${media.length === 1 ? '' : 's'} beside the chat could not be matched to messages (KakaoTalk's text names no files) and ${media.length === 1 ? 'was' : 'were'} not included.`,
      ),
    );

  const isMe = (name: string): boolean => ME_MARKERS.has(name) || name === meName;
  const conversationId = `${SERVICE}:room/${title.replace(/\s/gu, (c) => encodeURIComponent(c)) || 'untitled'}`;
  const others = [...senders.keys()];
  // A one-to-one room is named after the other person; when the file does not mark the user, the
  // one other name beside the title's is the user's own.
  const oneToOne = !markedMe && !meNamed && others.length === 2 && others.includes(title) && header?.members === undefined;
  const kind = !oneToOne && ((header?.members ?? 0) > 2 || others.length > 1 || systemCount > 0) ? 'group' : 'direct';
  const participants: Participant[] = [
    { handle: account, role: 'owner' },
    ...others.map((name): Participant => ({
      handle: kakaoHandle(name),
      role: 'member',
    })),
  ];
  const hash = options.sha256Hex ?? nobleSha256Hex;

  function* inFileOrder(): Generator<Message> {
    const ids = new HashedContentIds(hash);
    for (const rec of records()) {
      const sender = rec.sender === undefined || isMe(rec.sender) ? account : kakaoHandle(rec.sender);
      const timestamp = wallClockToIso(rec.wall, zone);
      const found = rec.system ? undefined : placeholder(rec.text);
      const deleted = !rec.system && !found && DELETED.test(rec.text.trim());
      const text = found || deleted ? '' : rec.text;
      const kindOf: MessageKind = rec.system ? 'system' : deleted ? 'deleted' : (found?.kind ?? 'text');
      yield {
        id: ids.next(conversationId, sender, timestamp, text),
        conversationId,
        sender,
        timestamp,
        wallClock: rec.wallText,
        kind: kindOf,
        text,
        ...(found ? { attachments: [found.attachment] } : {}),
      };
    }
  }
  const messages = ordered
    ? inFileOrder
    : function* sorted(): Generator<Message> {
        // Rare (a clock set back, an hour repeated in autumn): only then are the messages held at once.
        const all = [...inFileOrder()];
        yield* all
          .map((m, i) => ({ m, i, t: Date.parse(m.timestamp) }))
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map((x) => x.m);
      };

  const fidelity: FidelityNote[] = [];
  const at = options.now;
  if (notIncluded > 0)
    fidelity.push({
      stage: 'export',
      account,
      item: 'message.attachments',
      count: notIncluded,
      reason: 'KakaoTalk text and CSV exports print a placeholder (사진, 이모티콘, 파일: name) instead of the file.',
      at,
    });
  if (count > 0) {
    fidelity.push({
      stage: 'export',
      account,
      item: 'message.timestamp',
      count,
      reason: `KakaoTalk exports print local times without a time zone${grammar ? ' and to the minute' : ''}; read as ${zone} (the wall clock is kept in wallClock).`,
      at,
    });
  }
  if (media.length > 0)
    fidelity.push({
      stage: 'export',
      account,
      item: 'attachment.unmatched',
      count: media.length,
      reason: 'media files beside the chat text cannot be matched to messages; not included.',
      at,
    });

  return {
    detection: detection(sniffed),
    source: {
      service: SERVICE,
      account,
      exportedAt,
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

export const kakaoTalkReader: FileReader = {
  name: SERVICE,
  detect(file) {
    if (file.kind !== 'file') return undefined;
    const head = decoder.decode(file.bytes.subarray(0, 16_384));
    const lines = splitLines(head);
    if (file.bytes.length > 16_384) lines.pop(); // possibly cut mid-line
    const sniffed = sniff(lines, file.name);
    return sniffed ? detection(sniffed) : undefined;
  },
  parse: parseKakao,
};
