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
 * Shapes: ../../../../shared/notes/formats.md (LINE) and the real files listed in README.md.
 * No zone is printed: times are read in ConvertOptions.timeZone and the source says so.
 *
 * Browser-safe: TextDecoder and Intl only.
 */
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { baseName, notIncludedAttachment } from '../kit/files.js';
import { splitLines, validDay, type Day } from '../kit/text.js';
import { wallClockToIso, type WallClock } from '../kit/wall-clock.js';
import type { Attachment, FidelityNote, Message, MessageKind, Participant } from '../../model/types.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

const SERVICE = 'line';
export type LineLocale = 'en' | 'de' | 'ja' | 'zh-TW' | 'ko';

// ---------------------------------------------------------------------------------------------
// Header

interface HeaderPattern {
  re: RegExp;
  locale: LineLocale;
  kind: 'direct' | 'group';
}

const TITLES: HeaderPattern[] = [
  { re: /^(?:\[LINE\] )?Chat history with (.+)$/, locale: 'en', kind: 'direct' },
  { re: /^(?:\[LINE\] )?Chat history in "(.+)"$/, locale: 'en', kind: 'group' },
  { re: /^(?:\[LINE\] )?Chat history in (.+)$/, locale: 'en', kind: 'group' },
  { re: /^(?:\[LINE\] )?Chat mit (.+)$/, locale: 'de', kind: 'direct' },
  { re: /^(?:\[LINE\] )?Chat in "?(.+?)"?$/, locale: 'de', kind: 'group' },
  { re: /^\[LINE\] (.+)とのトーク履歴$/, locale: 'ja', kind: 'direct' },
  { re: /^\[LINE\] (.+)のトーク履歴$/, locale: 'ja', kind: 'group' },
  { re: /^\[LINE\] 與(.+)的聊天記錄$/, locale: 'zh-TW', kind: 'direct' },
  { re: /^\[LINE\] (.+)的聊天記錄$/, locale: 'zh-TW', kind: 'group' },
  { re: /^\[LINE\] (.+)님과의 대화$/, locale: 'ko', kind: 'direct' },
  { re: /^\[LINE\] (.+?)(?:의)? 대화$/, locale: 'ko', kind: 'group' },
];

const SAVED: { re: RegExp; locale: LineLocale }[] = [
  { re: /^Saved on: ?(.+)$/, locale: 'en' },
  { re: /^Gespeichert (?:um|am): ?(.+)$/, locale: 'de' },
  { re: /^保存日時[：:] ?(.+)$/, locale: 'ja' },
  { re: /^儲存日期[：:] ?(.+)$/, locale: 'zh-TW' },
  { re: /^저장(?:한 날짜| 날짜|일시| 일시) ?[：:] ?(.+)$/, locale: 'ko' },
];

export function lineTitle(line: string): { title: string; locale: LineLocale; kind: 'direct' | 'group' } | undefined {
  const text = line.replace(/^\uFEFF/, '').trim();
  for (const p of TITLES) {
    const m = p.re.exec(text);
    if (m) return { title: m[1]!, locale: p.locale, kind: p.kind };
  }
  return undefined;
}

function savedLine(line: string): { text: string; locale: LineLocale } | undefined {
  for (const p of SAVED) {
    const m = p.re.exec(line.trim());
    if (m) return { text: m[1]!.trim(), locale: p.locale };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Day lines

const weekdayOf = (d: Day): number => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const DAY_EN = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*\.?, (\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DAY_DE = /^(?:Mo|Di|Mi|Do|Fr|Sa|So)\.?, (\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DAY_YMD = /^(\d{4})[/.] ?(\d{1,2})[/.] ?(\d{1,2})\.? ?[(（]?[^\d\s()（）]{1,9}[)）]?$/;
const DAY_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 [월화수목금토일]요일$/;

type DayResult = { day: Day; text: string } | { bad: string } | undefined;

/** A day line in any of the locales; `bad` when it has a day line's shape but no real date. */
export function parseDayLine(line: string): DayResult {
  let m = DAY_EN.exec(line);
  if (m) {
    // LINE prints M/D/YYYY in English; the weekday decides when a phone printed D/M/YYYY instead.
    const wanted = EN_WEEKDAYS.indexOf(m[1]!);
    const mdy = validDay(+m[4]!, +m[2]!, +m[3]!);
    const dmy = validDay(+m[4]!, +m[3]!, +m[2]!);
    const day = mdy && weekdayOf(mdy) === wanted ? mdy : dmy && weekdayOf(dmy) === wanted ? dmy : undefined;
    return day ? { day, text: line } : { bad: `a real date whose weekday matches ("Fri, 8/16/2019")` };
  }
  m = DAY_DE.exec(line);
  if (m) {
    const day = validDay(+m[3]!, +m[2]!, +m[1]!);
    return day ? { day, text: line } : { bad: 'a real date ("Mo., 19.8.2019")' };
  }
  m = DAY_YMD.exec(line) ?? DAY_KO.exec(line);
  if (m) {
    const day = validDay(+m[1]!, +m[2]!, +m[3]!);
    return day ? { day, text: line } : { bad: 'a real date ("2024/1/23(火)")' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Message lines

const MERIDIEM = '(?:午前|午後|上午|下午|오전|오후|AM|PM|am|pm)';
const TIME = new RegExp(`^(?:(${MERIDIEM}) ?)?(\\d{1,2}):(\\d{2})(?: ?(${MERIDIEM}))?\\t`);
const PM = /^(?:午後|下午|오후|PM|pm)$/;

function hour24(hour: number, meridiem: string | undefined): number | undefined {
  if (!meridiem) return hour <= 23 ? hour : undefined;
  if (hour > 12) return undefined;
  const pm = PM.test(meridiem);
  return hour === 12 ? (pm ? 12 : 0) : pm ? hour + 12 : hour;
}

type LineInfo =
  | { type: 'message'; hour: number; minute: number; time: string; sender: string; text: string }
  | { type: 'system'; hour: number; minute: number; time: string; text: string }
  | { type: 'bad'; expected: string };

function parseMessageLine(line: string): LineInfo | undefined {
  const m = TIME.exec(line);
  if (!m) return undefined;
  const hour = hour24(+m[2]!, m[1] ?? m[4]);
  if (hour === undefined || +m[3]! > 59) return { type: 'bad', expected: 'a real time ("14:30<TAB>Name<TAB>text")' };
  const time = m[0].slice(0, -1);
  const rest = line.slice(m[0].length);
  const tab = rest.indexOf('\t');
  if (tab < 0) return { type: 'system', hour, minute: +m[3]!, time, text: rest };
  return { type: 'message', hour, minute: +m[3]!, time, sender: rest.slice(0, tab), text: rest.slice(tab + 1) };
}

// ---------------------------------------------------------------------------------------------
// Placeholders, calls, notices

const BRACKETED: { re: RegExp; kind: MessageKind; mediaType: string }[] = [
  { re: /^\[(?:Photo|Foto|写真|照片|사진)\]$/, kind: 'media', mediaType: 'image/jpeg' },
  { re: /^\[(?:Video|動画|影片|동영상)\]$/, kind: 'media', mediaType: 'video/mp4' },
  { re: /^\[(?:Voice message|Sprachnachricht|ボイスメッセージ|語音訊息|음성메시지)\]$/, kind: 'media', mediaType: 'audio/mp4' },
  { re: /^\[(?:File|Datei|ファイル|檔案|파일)\]$/, kind: 'media', mediaType: 'application/octet-stream' },
  { re: /^\[(?:Album|アルバム|相簿|앨범)\]$/, kind: 'media', mediaType: 'image/jpeg' },
  { re: /^\[(?:Sticker|スタンプ|貼圖|스티커)\]$/, kind: 'sticker', mediaType: 'application/octet-stream' },
];

export function linePlaceholder(text: string): { kind: MessageKind; attachment: Attachment } | undefined {
  for (const p of BRACKETED) {
    if (p.re.test(text.trim())) return { kind: p.kind, attachment: notIncludedAttachment(p.mediaType, `LINE printed "${text.trim()}" instead of the file`) };
  }
  return undefined;
}

/** "☎ 通話時間1:16", "☎ Call time 0:45", "☎ 您已取消通話", "☎ Missed call". */
export function lineCall(text: string): Message['call'] | undefined {
  if (!text.startsWith('☎')) return undefined;
  const duration = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (duration) {
    const seconds = duration[3] !== undefined ? +duration[1]! * 3600 + +duration[2]! * 60 + +duration[3] : +duration[1]! * 60 + +duration[2]!;
    return { durationSeconds: seconds, outcome: 'answered' };
  }
  if (/取消|キャンセル|[Cc]ancel|abgebrochen|취소/.test(text)) return { outcome: 'cancelled' };
  if (/未接|不在|[Mm]issed|[Vv]erpasst|부재/.test(text)) return { outcome: 'missed' };
  return {};
}

/** Notices LINE prints under a sender's name (album events). */
const NOTICE_WITH_SENDER = [/ created an album\.$/, / added items to an album\.$/, / hat ein Album erstellt\.$/, /がアルバムを作成しました。?$/];

/** Names LINE prints for members who have left. */
const UNKNOWN_NAMES = new Set(['Unknown', 'Unbekannt', '不明', '未知', '알 수 없음', '알수없음']);

// ---------------------------------------------------------------------------------------------
// Records

interface RawRecord {
  line: number;
  wall: WallClock;
  wallText: string;
  sender?: string;
  text: string;
}

const decoder = new TextDecoder('utf-8'); // strips a leading BOM

/** Multi-line messages in some LINE versions are wrapped in double quotes, with inner quotes doubled. */
function unquote(parts: string[]): string {
  const text = parts.join('\n');
  if (parts.length > 1 && text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/""/g, '"');
  return text;
}

function* records(fileName: string, lines: readonly string[], headerLines: number): Generator<RawRecord> {
  let day: { day: Day; text: string } | undefined;
  let pending: { rec: RawRecord; parts: string[] } | undefined;
  const flush = (): RawRecord | undefined => {
    if (!pending) return undefined;
    const parts = pending.parts;
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    pending.rec.text = unquote(parts);
    const rec = pending.rec;
    pending = undefined;
    return rec;
  };
  for (let i = headerLines; i < lines.length; i++) {
    const line = lines[i]!;
    const info = parseMessageLine(line);
    if (info?.type === 'bad') {
      throw new ConvertError(fileName, i + 1, `this line starts like a LINE message but is not one: expected ${info.expected}, found "${line.slice(0, 80)}". If the file was edited by hand, restore the line; otherwise please report it with this line.`);
    }
    if (info) {
      const done = flush();
      if (done) yield done;
      if (!day) {
        throw new ConvertError(fileName, i + 1, `a message before any date line: expected a day line such as "Fri, 8/16/2019" or "2024/1/23(火)" first. Send the chat history again from LINE; a file cut at the top cannot be dated.`);
      }
      pending = {
        rec: {
          line: i + 1,
          wall: { ...day.day, hour: info.hour, minute: info.minute },
          wallText: `${day.text} ${info.time}`,
          ...(info.type === 'message' ? { sender: info.sender } : {}),
          text: '',
        },
        parts: [info.text],
      };
      continue;
    }
    // A day line ends the message above only after a blank line (or at the top): a message may
    // itself contain a line that looks like a date.
    const previousBlank = i === headerLines || lines[i - 1]!.trim() === '' || !pending;
    const dayInfo = previousBlank ? parseDayLine(line.trim()) : undefined;
    if (dayInfo && 'bad' in dayInfo) {
      throw new ConvertError(fileName, i + 1, `this line looks like a LINE day line but is not a real date: expected ${dayInfo.bad}, found "${line.slice(0, 80)}". Restore the line as LINE wrote it.`);
    }
    if (dayInfo) {
      const done = flush();
      if (done) yield done;
      day = dayInfo;
      continue;
    }
    if (pending) {
      pending.parts.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    throw new ConvertError(fileName, i + 1, `expected a day line ("Fri, 8/16/2019", "2024/1/23(火)") or a message ("14:30<TAB>Name<TAB>text"), found "${line.slice(0, 80)}". Give the file exactly as LINE saved it.`);
  }
  const done = flush();
  if (done) yield done;
}

// ---------------------------------------------------------------------------------------------
// Detection

interface Sniffed {
  locale: LineLocale;
  headerLines: number;
  title?: string;
  kind?: 'direct' | 'group';
  saved?: string;
}

function sniff(lines: readonly string[]): Sniffed | undefined {
  const title = lineTitle(lines[0] ?? '');
  const saved = savedLine(lines[1] ?? '');
  if (!title && !saved) return undefined;
  const locale = saved?.locale ?? title!.locale;
  // Unmistakable only with a tab-separated message within the first lines, or with both header
  // lines: a "저장한 날짜" line alone is also how KakaoTalk begins.
  let evidence = false;
  for (let i = 1; i < Math.min(lines.length, 60) && !evidence; i++) {
    const info = parseMessageLine(lines[i]!);
    if (info && info.type !== 'bad') evidence = true;
  }
  if (!(title && (saved || evidence)) && !(saved && evidence)) return undefined;
  return { locale, headerLines: saved ? 2 : 1, ...(title ? { title: title.title, kind: title.kind } : {}), ...(saved ? { saved: saved.text } : {}) };
}

/** When LINE says the history was saved, if that is a real date and time (a damaged header is ignored, and the run's time used instead). */
function savedWallClock(text: string, locale: LineLocale): WallClock | undefined {
  const wall = savedWallClockAsWritten(text, locale);
  return wall && validDay(wall.year, wall.month, wall.day) && wall.hour <= 23 && wall.minute <= 59 ? wall : undefined;
}

function savedWallClockAsWritten(text: string, locale: LineLocale): WallClock | undefined {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2})$/.exec(text);
  if (m && locale === 'en') return { year: +m[3]!, month: +m[1]!, day: +m[2]!, hour: +m[4]!, minute: +m[5]! };
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),? (\d{1,2}):(\d{2})$/.exec(text);
  if (m) return { year: +m[3]!, month: +m[2]!, day: +m[1]!, hour: +m[4]!, minute: +m[5]! };
  m = /^(\d{4})[/.] ?(\d{1,2})[/.] ?(\d{1,2})\.? (\d{1,2}):(\d{2})$/.exec(text);
  if (m) return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The format

/** `line:` + the name as printed (whitespace and % percent-encoded); `line:unnamed` when LINE printed no name. */
export function lineHandle(name: string): string {
  if (name.trim() === '') return `${SERVICE}:unnamed`;
  return `${SERVICE}:${name.replace(/[%\s]/gu, (c) => encodeURIComponent(c))}`;
}

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
    warnings.push(warning('me_not_found', [given], `--me "${given}" does not appear as a sender in this file; ${meName ? `"${meName}", the one name besides "${sniffed.title}" in this one-to-one chat, is taken as you` : 'messages keep the names as printed'}.`));
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
      const notice = rec.sender === undefined || NOTICE_WITH_SENDER.some((re) => re.test(rec.text));
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
        yield* all.map((m, i) => ({ m, i, t: Date.parse(m.timestamp) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.m);
      };

  const at = options.now;
  const fidelity: FidelityNote[] = [];
  if (notIncluded > 0) fidelity.push({ stage: 'export', account, item: 'message.attachments', count: notIncluded, reason: 'LINE chat history text prints a placeholder ([Photo], [Sticker], ...) instead of the file.', at });
  if (unknown > 0) fidelity.push({ stage: 'export', account, item: 'message.sender', count: unknown, reason: 'LINE prints members who have left as "Unknown" (localised); who wrote these is lost.', at });
  if (count > 0) fidelity.push({ stage: 'export', account, item: 'message.timestamp', count, reason: `LINE prints local times to the minute without a time zone; read as ${zone} (the printed time is kept in wallClock).`, at });
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
        conversation: { id: conversationId, kind, title, participants, source: account },
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
