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
 * Shapes: ../../../../shared/notes/formats.md (KakaoTalk) and real exports (see README.md).
 * No layout states a time zone: times are read in ConvertOptions.timeZone and the source says
 * so (`timeZone.status: "assumed"`); each message keeps the printed time in `wallClock`.
 *
 * Browser-safe: TextDecoder, papaparse and Intl only.
 */
import Papa from 'papaparse';
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { baseName, notIncludedAttachment } from '../kit/files.js';
import { mediaTypeOfExtension } from '../kit/media-types.js';
import { splitLines, validDay, type Day } from '../kit/text.js';
import { wallClockToIso, type WallClock } from '../kit/wall-clock.js';
import type { Attachment, FidelityNote, Message, MessageKind, Participant } from '../../model/types.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

export type KakaoLayout = 'pc-txt' | 'pc-csv' | 'android-txt' | 'ios-txt';
type Locale = 'ko' | 'en';

const SERVICE = 'kakaotalk';

/** Names KakaoTalk prints for the exporting user ("회원님" on Korean phones, "you"/"You" in English). */
const ME_MARKERS = new Set(['회원님', 'you', 'You']);

// ---------------------------------------------------------------------------------------------
// Lines

const MONTHS: Record<string, number> = {};
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach((m, i) => {
  MONTHS[m] = i + 1;
  MONTHS[m.slice(0, 3)] = i + 1;
});
MONTHS['sept'] = 9;
const WEEKDAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';

function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

/** 12-hour clock to 24: 오전/AM 12 is midnight (0), 오후/PM 12 is noon (12). Undefined when impossible. */
export function to24Hour(hour: number, meridiem: string): number | undefined {
  if (hour < 0 || hour > 12) return undefined;
  const pm = meridiem === '오후' || /^pm$/i.test(meridiem);
  if (hour === 0) return pm ? undefined : 0;
  if (hour === 12) return pm ? 12 : 0;
  return pm ? hour + 12 : hour;
}

/** What one line of a txt export is. `undefined`: not a line of its own (it continues the message above). */
type LineInfo =
  | { type: 'day'; day: Day }
  | { type: 'message'; day?: Day; hour: number; minute: number; time: string; sender: string; text: string }
  | { type: 'system'; day?: Day; hour: number; minute: number; time: string; text: string }
  | { type: 'bad'; expected: string };

interface Grammar {
  layout: Exclude<KakaoLayout, 'pc-csv'>;
  locale: Locale;
  /** The line shape in words, for errors. */
  shape: string;
  classify(line: string): LineInfo | undefined;
}

/** `, name : text` or `, system text` after an Android timestamp; `: system text` after an iOS one. */
function rest(after: string, systemSeparator: ', ' | ': '): { sender?: string; text: string } | undefined {
  const message = /^, (.*?) :(?: ([\s\S]*))?$/.exec(after);
  // `,  : text` (no name) is KakaoTalk's own notice.
  if (message) return message[1]!.trim() === '' ? { text: message[2] ?? '' } : { sender: message[1]!, text: message[2] ?? '' };
  if (after.startsWith(systemSeparator) && after.length > 2) return { text: after.slice(2) };
  return undefined;
}

function timed(day: Day | undefined, hour: number | undefined, minute: number, time: string, after: string, sep: ', ' | ': ', shape: string): LineInfo {
  if (!day || hour === undefined || minute > 59) return { type: 'bad', expected: `a real date and time (${shape})` };
  if (after === '') return { type: 'day', day };
  const parts = rest(after, sep);
  if (!parts) return { type: 'bad', expected: shape };
  return parts.sender === undefined
    ? { type: 'system', day, hour, minute, time, text: parts.text }
    : { type: 'message', day, hour, minute, time, sender: parts.sender, text: parts.text };
}

const ANDROID_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (오전|오후) (\d{1,2}):(\d{2})([\s\S]*)$/;
const ANDROID_EN = /^(\d{1,2}):(\d{2}) ?([ap]m), ([A-Za-z]+\.?) (\d{1,2}), (\d{4})([\s\S]*)$/i;
const IOS_KO = /^(\d{4})\. (\d{1,2})\. (\d{1,2})\. (오전|오후) (\d{1,2}):(\d{2})([\s\S]*)$/;
// Newer iOS versions: `Dec 31, 2014 at 19:12, name : text` (24-hour, "at").
const IOS_EN = /^([A-Za-z]+\.?) (\d{1,2}), (\d{4}),? (?:at )?(\d{1,2}):(\d{2})(?: ?([AP]M))?([\s\S]*)$/i;
/** Newer iOS Korean versions print only the time on each line, under a day line: `오후 8:36, 이름 : 메시지`. */
const IOS_TIME_KO = /^(오전|오후) (\d{1,2}):(\d{2})(, [\s\S]*)$/;
const IOS_DAY_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 \S+요일$/;
const IOS_DAY_EN = new RegExp(`^${WEEKDAYS}, ([A-Za-z]+) (\\d{1,2}), (\\d{4})$`);
const PC_DAY_KO = /^-{3,} (\d{4})년 (\d{1,2})월 (\d{1,2})일 \S+요일 -{3,}$/;
const PC_DAY_EN = new RegExp(`^-{3,} ${WEEKDAYS}, ([A-Za-z]+) (\\d{1,2}), (\\d{4}) -{3,}$`);
// Newer Windows versions print 24-hour times (`[이름] [20:36] 메시지`) and `[]` for KakaoTalk's own notices.
const PC_MSG_KO = /^\[(.*?)\] \[(?:(오전|오후) )?(\d{1,2}):(\d{2})\](?: ([\s\S]*))?$/;
const PC_MSG_EN = /^\[(.*?)\] \[(\d{1,2}):(\d{2})(?: ?([AP]M))?\](?: ([\s\S]*))?$/i;

/** Join, leave and invite notices (PC txt prints them without a time; CSV under the inviter's name). */
const SYSTEM_TEXT = [
  /님이 들어왔습니다\.?$/,
  /님이 나갔습니다\.?$/,
  /님을 초대(?:했|하였)습니다\.?$/,
  /님을 내보냈습니다\.?$/,
  /^\S.* invited .+\.$/,
  /^\S.* (?:left|joined) (?:this|the) chat(?:room)?\.$/,
  /^\S.* (?:has left|has joined|was removed)\.?$/,
];
export const isSystemText = (text: string): boolean => !text.includes('\n') && SYSTEM_TEXT.some((re) => re.test(text));

/** A PC txt line: `[] [time] text` (no name) is KakaoTalk's own notice. */
function pcLine(sender: string, hour: number, minute: number, time: string, text: string): LineInfo {
  return sender.trim() === '' ? { type: 'system', hour, minute, time, text } : { type: 'message', hour, minute, time, sender, text };
}

const GRAMMARS: Record<string, Grammar> = {
  'android-txt/ko': {
    layout: 'android-txt',
    locale: 'ko',
    shape: '"2021년 12월 29일 오후 8:36, 이름 : 메시지"',
    classify(line) {
      const m = ANDROID_KO.exec(line);
      if (!m) return undefined;
      return timed(validDay(+m[1]!, +m[2]!, +m[3]!), to24Hour(+m[5]!, m[4]!), +m[6]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
    },
  },
  'android-txt/en': {
    layout: 'android-txt',
    locale: 'en',
    shape: '"8:34pm, July 9, 2015, name : text"',
    classify(line) {
      const m = ANDROID_EN.exec(line);
      if (!m) return undefined;
      const month = monthNumber(m[4]!);
      return timed(month ? validDay(+m[6]!, month, +m[5]!) : undefined, to24Hour(+m[1]!, m[3]!), +m[2]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
    },
  },
  'ios-txt/ko': {
    layout: 'ios-txt',
    locale: 'ko',
    shape: '"2022. 5. 13. 오전 10:28, 이름 : 메시지"',
    classify(line) {
      const d = IOS_DAY_KO.exec(line);
      if (d) {
        const day = validDay(+d[1]!, +d[2]!, +d[3]!);
        return day ? { type: 'day', day } : { type: 'bad', expected: 'a real date ("2022년 5월 13일 금요일")' };
      }
      const t = IOS_TIME_KO.exec(line);
      if (t) {
        const hour = to24Hour(+t[2]!, t[1]!);
        const parts = rest(t[4]!, ', ');
        if (hour === undefined || +t[3]! > 59 || !parts) return { type: 'bad', expected: `a real time ("오후 8:36, 이름 : 메시지")` };
        const time = `${t[1]} ${t[2]}:${t[3]}`;
        return parts.sender === undefined ? { type: 'system', hour, minute: +t[3]!, time, text: parts.text } : { type: 'message', hour, minute: +t[3]!, time, sender: parts.sender, text: parts.text };
      }
      const m = IOS_KO.exec(line);
      if (!m) return undefined;
      if (m[7] === '') return { type: 'bad', expected: this.shape };
      return timed(validDay(+m[1]!, +m[2]!, +m[3]!), to24Hour(+m[5]!, m[4]!), +m[6]!, line.slice(0, line.length - m[7]!.length), m[7]!, ': ', this.shape);
    },
  },
  'ios-txt/en': {
    layout: 'ios-txt',
    locale: 'en',
    shape: '"Jul 9, 2015, 8:34 PM, name : text"',
    classify(line) {
      const d = IOS_DAY_EN.exec(line);
      if (d) {
        const month = monthNumber(d[1]!);
        const day = month ? validDay(+d[3]!, month, +d[2]!) : undefined;
        return day ? { type: 'day', day } : { type: 'bad', expected: 'a real date ("Thursday, July 9, 2015")' };
      }
      const m = IOS_EN.exec(line);
      if (!m || monthNumber(m[1]!) === undefined) return undefined;
      if (m[7] === '') return { type: 'bad', expected: this.shape };
      const hour = m[6] ? to24Hour(+m[4]!, m[6]) : +m[4]! <= 23 ? +m[4]! : undefined;
      return timed(validDay(+m[3]!, monthNumber(m[1]!)!, +m[2]!), hour, +m[5]!, line.slice(0, line.length - m[7]!.length), m[7]!, ': ', this.shape);
    },
  },
  'pc-txt/ko': {
    layout: 'pc-txt',
    locale: 'ko',
    shape: '"[이름] [오후 4:03] 메시지"',
    classify(line) {
      const d = PC_DAY_KO.exec(line);
      if (d) {
        const day = validDay(+d[1]!, +d[2]!, +d[3]!);
        return day ? { type: 'day', day } : { type: 'bad', expected: 'a real date ("--------------- 2021년 3월 25일 목요일 ---------------")' };
      }
      const m = PC_MSG_KO.exec(line);
      if (m) {
        const hour = m[2] ? to24Hour(+m[3]!, m[2]) : +m[3]! <= 23 ? +m[3]! : undefined;
        if (hour === undefined || +m[4]! > 59) return { type: 'bad', expected: `a real time (${this.shape})` };
        return pcLine(m[1]!, hour, +m[4]!, `${m[2] ? `${m[2]} ` : ''}${m[3]}:${m[4]}`, m[5] ?? '');
      }
      if (/^\[[^\]]*\] \[(?:오전|오후)/.test(line) || /^-{10,} \d{4}년/.test(line)) return { type: 'bad', expected: this.shape };
      return undefined;
    },
  },
  'pc-txt/en': {
    layout: 'pc-txt',
    locale: 'en',
    shape: '"[name] [4:03 PM] text"',
    classify(line) {
      const d = PC_DAY_EN.exec(line);
      if (d) {
        const month = monthNumber(d[1]!);
        const day = month ? validDay(+d[3]!, month, +d[2]!) : undefined;
        return day ? { type: 'day', day } : { type: 'bad', expected: 'a real date ("--------------- Saturday, August 1, 2015 ---------------")' };
      }
      const m = PC_MSG_EN.exec(line);
      if (m) {
        const hour = m[4] ? to24Hour(+m[2]!, m[4]) : +m[2]! <= 23 ? +m[2]! : undefined;
        if (hour === undefined || +m[3]! > 59) return { type: 'bad', expected: `a real time (${this.shape})` };
        return pcLine(m[1]!, hour, +m[3]!, `${m[2]}:${m[3]}${m[4] ? ` ${m[4]}` : ''}`, m[5] ?? '');
      }
      if (/^\[[^\]]*\] \[\d{1,2}:\d{2} ?[AP]M/i.test(line) || new RegExp(`^-{10,} ${WEEKDAYS}`).test(line)) return { type: 'bad', expected: this.shape };
      return undefined;
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Header

const TITLE_PATTERNS = [/^KakaoTalk Chats with (.+)$/, /^(.+) with KakaoTalk Chats$/, /^(.+?) ?님과 카카오톡 대화$/, /^(.+?)[과와] 카카오톡 대화$/, /^(.+?) 카카오톡 대화$/];
const SAVED = /^(?:저장한 날짜|Date Saved) ?: ?(.+)$/;

/** The room's name from the first line (iOS writes the file's name there: "방 (4명)과 카카오톡 대화-1.txt"). */
export function roomTitle(line: string): { title: string; members?: number } | undefined {
  const stripped = line.trim().replace(/(?:-\d+)?\.txt$/i, '');
  for (const pattern of TITLE_PATTERNS) {
    const m = pattern.exec(stripped);
    if (!m) continue;
    const counted = /^(.*?) ?\((\d+)(?:명| people)?\)$/.exec(m[1]!);
    return counted ? { title: counted[1]!, members: +counted[2]! } : { title: m[1]! };
  }
  return undefined;
}

/** The "saved on" time of the header, as a wall clock, in whichever layout printed it. */
function savedWallClock(text: string): WallClock | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (m) return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  for (const grammar of Object.values(GRAMMARS)) {
    if (grammar.layout === 'pc-txt') continue;
    const info = grammar.classify(grammar.layout === 'ios-txt' ? `${text}: x` : `${text}, x`);
    if (info && (info.type === 'system' || info.type === 'message') && info.day) return { ...info.day, hour: info.hour, minute: info.minute };
  }
  m = /^(\d{1,2}):(\d{2}) ?([ap]m), ([A-Za-z]+) (\d{1,2}), (\d{4})$/i.exec(text);
  if (m && monthNumber(m[4]!)) return { year: +m[6]!, month: monthNumber(m[4]!)!, day: +m[5]!, hour: to24Hour(+m[1]!, m[3]!) ?? 0, minute: +m[2]! };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Decoding and detection

const decoder = new TextDecoder('utf-8'); // strips a leading BOM

interface Sniffed {
  layout: KakaoLayout;
  locale?: Locale;
}

/** Layout and language from the first lines (header, then the first dated line). */
function sniff(lines: readonly string[], fileName: string): Sniffed | undefined {
  const first = (lines[0] ?? '').replace(/^\uFEFF/, '');
  if (/^Date,User,Message\s*$/.test(first)) return { layout: 'pc-csv' };
  const header = roomTitle(first) !== undefined || SAVED.test(lines[1] ?? '');
  const isAndroidFile = /^KakaoTalkChats\.txt$/i.test(baseName(fileName));
  if (!header && !isAndroidFile) return undefined;
  for (let i = header ? 1 : 0; i < Math.min(lines.length, 200); i++) {
    const line = lines[i]!;
    if (i === 1 && SAVED.test(line)) continue;
    for (const grammar of Object.values(GRAMMARS)) {
      const info = grammar.classify(line);
      if (info && info.type !== 'bad' && (info.type !== 'day' || grammar.layout !== 'android-txt')) return { layout: grammar.layout, locale: grammar.locale };
      // A bare Android date-time line is a day line too, but only trust it after a header.
      if (info && info.type === 'day' && header) return { layout: grammar.layout, locale: grammar.locale };
    }
  }
  if (!header) return undefined;
  // No message yet (an empty chat): the saved-on line alone tells the layout.
  const saved = SAVED.exec(lines[1] ?? '')?.[1];
  if (!saved) return undefined;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(saved)) return { layout: 'pc-txt', locale: /카카오톡 대화|저장한 날짜/.test(first + lines[1]) ? 'ko' : 'en' };
  if (ANDROID_KO.test(saved)) return { layout: 'android-txt', locale: 'ko' };
  if (IOS_KO.test(saved)) return { layout: 'ios-txt', locale: 'ko' };
  if (/^\d{1,2}:\d{2} ?[ap]m, /i.test(saved)) return { layout: 'android-txt', locale: 'en' };
  if (/^[A-Za-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} ?[AP]M$/i.test(saved)) return { layout: 'ios-txt', locale: 'en' };
  return undefined;
}

function detection(s: Sniffed): Detection {
  return { format: SERVICE, layout: s.layout, ...(s.locale ? { locale: s.locale } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Records: one per message, in file order, produced afresh on every pass

interface RawRecord {
  /** 1-based line where the record starts. */
  line: number;
  wall: WallClock;
  wallText: string;
  /** Undefined for system lines that name no sender. */
  sender?: string;
  text: string;
  system: boolean;
}

function* txtRecords(fileName: string, lines: readonly string[], grammar: Grammar): Generator<RawRecord> {
  let day: Day | undefined;
  let dayText = '';
  let last: { hour: number; minute: number; time: string } | undefined;
  let pending: { rec: RawRecord; parts: string[] } | undefined;
  let started = false;
  const flush = (): RawRecord | undefined => {
    if (!pending) return undefined;
    const parts = pending.parts;
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    pending.rec.text = parts.join('\n');
    const rec = pending.rec;
    pending = undefined;
    return rec;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = i === 0 ? lines[0]!.replace(/^\uFEFF/, '') : lines[i]!;
    // Header: the room line (whatever its wording, when a saved-on line follows) and the saved-on line.
    if (!started && i < 2 && (i === 0 ? roomTitle(line) !== undefined || SAVED.test(lines[1] ?? '') : SAVED.test(line))) continue;
    const info = grammar.classify(line);
    if (info?.type === 'bad') {
      throw new ConvertError(fileName, i + 1, `this line starts like a KakaoTalk ${grammar.layout} line but is not one: expected ${info.expected}, found "${line.slice(0, 80)}". If the file was edited by hand, restore the line; otherwise please report it with this line.`);
    }
    if (info?.type === 'day') {
      const done = flush();
      if (done) yield done;
      started = true;
      day = info.day;
      dayText = line.replace(/^-+ | -+$/g, '');
      last = undefined;
      continue;
    }
    if (info?.type === 'message' || info?.type === 'system') {
      const done = flush();
      if (done) yield done;
      started = true;
      const onDay = info.day ?? day;
      if (!onDay) {
        throw new ConvertError(fileName, i + 1, `a message before any date line: expected a line like "--------------- 2021년 3월 25일 목요일 ---------------" first. Export the chat again from KakaoTalk; a file cut at the top cannot be dated.`);
      }
      last = { hour: info.hour, minute: info.minute, time: info.time };
      const wallText = info.day ? info.time : `${dayText} ${info.time}`;
      pending = {
        rec: {
          line: i + 1,
          wall: { ...onDay, hour: info.hour, minute: info.minute },
          wallText,
          ...(info.type === 'message' ? { sender: info.sender } : {}),
          text: '',
          system: info.type === 'system',
        },
        parts: [info.text],
      };
      continue;
    }
    // PC txt prints join/leave/invite notices as bare lines between messages.
    if (grammar.layout === 'pc-txt' && day && isSystemText(line)) {
      const done = flush();
      if (done) yield done;
      const at = last ?? { hour: 0, minute: 0, time: '' };
      pending = { rec: { line: i + 1, wall: { ...day, hour: at.hour, minute: at.minute }, wallText: at.time ? `${dayText} ${at.time}` : dayText, text: '', system: true }, parts: [line] };
      continue;
    }
    if (pending) {
      pending.parts.push(line);
      continue;
    }
    if (line.trim() === '') continue;
    throw new ConvertError(fileName, i + 1, `expected the header ("방 이름 님과 카카오톡 대화", "저장한 날짜 : ...") or a first dated line like ${grammar.shape}, found "${line.slice(0, 80)}". Give the file exactly as KakaoTalk exported it.`);
  }
  const done = flush();
  if (done) yield done;
}

const CSV_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function* csvRecords(fileName: string, rows: readonly string[][], rowLines: readonly number[]): Generator<RawRecord> {
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const line = rowLines[r]!;
    if (row.length === 1 && row[0] === '') continue; // a trailing newline
    const m = row.length === 3 ? CSV_DATE.exec(row[0]!) : null;
    const day = m ? validDay(+m[1]!, +m[2]!, +m[3]!) : undefined;
    if (!m || !day || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) {
      throw new ConvertError(
        fileName,
        line,
        `expected three fields, a date and time, the sender and the message (2021-01-27 09:00:31,"이름","메시지"), found ${row.length} field${row.length === 1 ? '' : 's'} starting "${row.join(',').slice(0, 60)}". A message with a stray quote breaks CSV; export the chat again from KakaoTalk.`,
      );
    }
    const text = row[2]!;
    // An empty User column is KakaoTalk's own notice ("시스템 알림"): a system message with no sender.
    const sender = row[1]!.trim() === '' ? undefined : row[1]!;
    yield { line, wall: { ...day, hour: +m[4]!, minute: +m[5]!, second: +m[6]! }, wallText: row[0]!, ...(sender === undefined ? {} : { sender }), text, system: sender === undefined || isSystemText(text) };
  }
}

// ---------------------------------------------------------------------------------------------
// Placeholders

const PLACEHOLDERS: { re: RegExp; kind: MessageKind; mediaType: string }[] = [
  { re: /^(?:사진|<사진>|\(사진\)|사진 \d+장|photo|<photo>|\(photo\)|\d+ photos)$/i, kind: 'media', mediaType: 'image/jpeg' },
  { re: /^(?:동영상|<동영상>|\(동영상\)|video|<video>|\(video\))$/i, kind: 'media', mediaType: 'video/mp4' },
  { re: /^(?:음성메시지|<음성메시지>|\(음성메시지\)|voice message|<voice message>)$/i, kind: 'media', mediaType: 'audio/mp4' },
  { re: /^(?:이모티콘|<이모티콘>|\(이모티콘\)|emoticon|<emoticon>|\(emoticon\)|sticker|\(sticker\))$/i, kind: 'sticker', mediaType: 'application/octet-stream' },
];

/** A placeholder KakaoTalk printed instead of a file, as kind and attachment record; undefined for real text. */
/** What KakaoTalk prints for a message its sender deleted for everyone. */
const DELETED = /^(?:삭제된 메시지입니다\.?|This message has been deleted\.?|Message deleted\.?)$/;

export function placeholder(text: string): { kind: MessageKind; attachment: Attachment } | undefined {
  const trimmed = text.trim();
  const file = /^(?:파일|File): (.+)$/.exec(trimmed);
  if (file) {
    const name = file[1]!.trim();
    const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    return { kind: 'media', attachment: notIncludedAttachment(mediaTypeOfExtension(ext) ?? 'application/octet-stream', `KakaoTalk printed "${trimmed}" instead of the file`, name) };
  }
  for (const p of PLACEHOLDERS) {
    if (p.re.test(trimmed)) return { kind: p.kind, attachment: notIncludedAttachment(p.mediaType, `KakaoTalk printed "${trimmed}" instead of the file`) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The format

/** `kakaotalk:` + the name as printed; whitespace and % are percent-encoded so the handle stays a URI. */
export function kakaoHandle(name: string): string {
  return `${SERVICE}:${name.replace(/[%\s]/gu, (c) => encodeURIComponent(c))}`;
}

const MEDIA_FILE = /\.(?:jpe?g|png|gif|heic|webp|mp4|mov|m4a|aac|3gp)$/i;

function parseKakao(file: InputFile, options: ConvertOptions): ParsedExport {
  const text = decoder.decode(file.bytes);
  const csv = /^\uFEFF?Date,User,Message\s*(?:\r\n|\r|\n|$)/.test(text);
  let lines: string[] = [];
  let rows: string[][] = [];
  const rowLines: number[] = [];
  let sniffed: Sniffed | undefined;
  if (csv) {
    const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false });
    rows = result.data;
    // Papaparse reports rows, not lines: count the line breaks inside quoted fields to say where each row starts.
    let line = 1;
    for (const row of rows) {
      rowLines.push(line);
      line += 1;
      for (const field of row) line += (field.match(/\r\n|\r|\n/g) ?? []).length;
    }
    const broken = result.errors.find((e) => e.type === 'Quotes');
    if (broken) {
      throw new ConvertError(file.name, rowLines[broken.row ?? 0] ?? undefined, `a quoted field never ends (${broken.message}): every message must be in double quotes, with quotes inside doubled (""). Export the chat again from KakaoTalk.`);
    }
    sniffed = { layout: 'pc-csv' };
  } else {
    lines = splitLines(text);
    sniffed = sniff(lines, file.name);
  }
  if (!sniffed) {
    throw new ConvertError(file.name, 1, 'this is not a KakaoTalk export: expected "방 이름 님과 카카오톡 대화" / "KakaoTalk Chats with ..." and a "저장한 날짜" / "Date Saved" line, or "Date,User,Message" for CSV.');
  }
  const grammar = sniffed.layout === 'pc-csv' ? undefined : GRAMMARS[`${sniffed.layout}/${sniffed.locale}`]!;
  const records = (): Generator<RawRecord> => (grammar ? txtRecords(file.name, lines, grammar) : csvRecords(file.name, rows, rowLines));

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
  if (media.length > 0) warnings.push(warning('unmatched_media', [media.length], `${media.length} media file${media.length === 1 ? '' : 's'} beside the chat could not be matched to messages (KakaoTalk's text names no files) and ${media.length === 1 ? 'was' : 'were'} not included.`));

  const isMe = (name: string): boolean => ME_MARKERS.has(name) || name === meName;
  const conversationId = `${SERVICE}:room/${title.replace(/\s/gu, (c) => encodeURIComponent(c)) || 'untitled'}`;
  const others = [...senders.keys()];
  // A one-to-one room is named after the other person; when the file does not mark the user, the
  // one other name beside the title's is the user's own.
  const oneToOne = !markedMe && !meNamed && others.length === 2 && others.includes(title) && header?.members === undefined;
  const kind = !oneToOne && ((header?.members ?? 0) > 2 || others.length > 1 || systemCount > 0) ? 'group' : 'direct';
  const participants: Participant[] = [{ handle: account, role: 'owner' }, ...others.map((name): Participant => ({ handle: kakaoHandle(name), role: 'member' }))];
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
        yield* all.map((m, i) => ({ m, i, t: Date.parse(m.timestamp) })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.m);
      };

  const fidelity: FidelityNote[] = [];
  const at = options.now;
  if (notIncluded > 0) fidelity.push({ stage: 'export', account, item: 'message.attachments', count: notIncluded, reason: 'KakaoTalk text and CSV exports print a placeholder (사진, 이모티콘, 파일: name) instead of the file.', at });
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
  if (media.length > 0) fidelity.push({ stage: 'export', account, item: 'attachment.unmatched', count: media.length, reason: 'media files beside the chat text cannot be matched to messages; not included.', at });

  return {
    detection: detection(sniffed),
    source: { service: SERVICE, account, exportedAt, method: 'export-file', timeZone: { status: 'assumed', zone } },
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
