/**
 * Random KakaoTalk exports in every layout the reader knows, each with the messages it holds:
 * Korean and English, 오전/오후 and AM/PM or 24-hour clocks, multi-line texts, placeholders,
 * deleted messages, invites, leaves, kicks and open-chat joins with the policy sentence. The
 * file is written from the messages, never read back, so a reader can be checked against it
 * (test/connectors/generated-exports.test.ts); a later `ferry generate` can write sample files.
 */
import type { MessageKind } from '../../model/types.js';
import { chance, chatText, laterTime, MONTHS_EN, pad2, pick, sameDay, startTime, twelve, weekday, WEEKDAYS_EN, WEEKDAYS_KO, type Random } from '../kit/generate.js';
import type { WallClock } from '../kit/wall-clock.js';
import { OPEN_CHAT_POLICY } from './read-system.js';

export const GENERATED_LAYOUTS = ['pc-txt/ko', 'pc-txt/ko-24h', 'pc-txt/en', 'pc-csv', 'android-txt/ko', 'android-txt/en', 'android-txt/en-date-first', 'ios-txt/ko', 'ios-txt/ko-24h', 'ios-txt/ko-time-only', 'ios-txt/en', 'ios-txt/en-24h'] as const;
export type GeneratedLayout = (typeof GENERATED_LAYOUTS)[number];

/** One message as the file holds it, and as a correct reader must give it back. */
export interface GeneratedMessage {
  /**
   * A person by the name printed, the exporting user, or KakaoTalk itself. A notice (kind
   * `system`) comes from KakaoTalk, except in CSV, which prints joins and leaves under the
   * member's own name.
   */
  from: { name: string } | 'me' | 'system';
  /** As printed (minutes only, except CSV); read in whatever zone the reader is told. */
  time: WallClock;
  kind: MessageKind;
  /** The text the archive keeps: '' for placeholders and deleted messages. */
  text: string;
  /** For a `파일: name` placeholder. */
  fileName?: string;
}

export interface GeneratedExport {
  layout: GeneratedLayout;
  /** What the reader's detection must say. */
  detection: { format: 'kakaotalk'; layout: string; locale?: string };
  fileName: string;
  bytes: Uint8Array;
  /** The `--me` a conversion needs: layouts that print the user by name. */
  me?: string;
  title: string;
  messages: GeneratedMessage[];
}

const NAMES_KO = ['민지', '수빈', '지훈', '하늘', '영우', '테스터', '삼구/김응준/공정', '방장봇', 'user1', '엄마'];
const NAMES_EN = ['Mina', 'Joon', 'Mentor Kim', 'Ha-eun', 'iPad', 'Sora', 'Leo'];

interface Placeholder {
  printed: string;
  kind: MessageKind;
  fileName?: string;
}
const PLACEHOLDERS_KO: Placeholder[] = [
  { printed: '사진', kind: 'media' },
  { printed: '사진 3장', kind: 'media' },
  { printed: '<사진>', kind: 'media' },
  { printed: '동영상', kind: 'media' },
  { printed: '음성메시지', kind: 'media' },
  { printed: '이모티콘', kind: 'sticker' },
  { printed: '(이모티콘)', kind: 'sticker' },
  { printed: '파일: 보고서.pdf', kind: 'media', fileName: '보고서.pdf' },
  { printed: '삭제된 메시지입니다.', kind: 'deleted' },
];
const PLACEHOLDERS_EN: Placeholder[] = [
  { printed: 'Photo', kind: 'media' },
  { printed: '<Photo>', kind: 'media' },
  { printed: '3 photos', kind: 'media' },
  { printed: 'video', kind: 'media' },
  { printed: 'emoticon', kind: 'sticker' },
  { printed: '(emoticon)', kind: 'sticker' },
  { printed: 'File: report.pdf', kind: 'media', fileName: 'report.pdf' },
  { printed: 'This message has been deleted.', kind: 'deleted' },
];

type Family = 'pc' | 'csv' | 'android' | 'ios';

/** The block KakaoTalk prints under a join in group open chats since 2023 (part of the same notice). */
const FILMING_NOTICE = '불법촬영물등 식별 및 게재제한 조치 안내\n그룹 오픈채팅방에서 동영상・압축파일 전송 시 전송을 제한하는 조치가 적용됩니다.';

/** A notice as the layout prints it, lines after the first included (an open chat's policy). */
function notice(random: Random, ko: boolean, names: readonly string[], family: Family): string {
  const a = pick(random, names);
  const b = pick(random, names);
  if (!ko) return pick(random, [`${a} invited ${b}.`, `${a} left this chatroom.`, `${a} joined this chatroom.`]);
  // The Windows file glues the policy sentence onto the join line (a space after it, sometimes); phones print it below.
  const join = {
    pc: `${a}님이 들어왔습니다.${OPEN_CHAT_POLICY}${pick(random, ['', ' '])}${chance(random, 30) ? `\n${FILMING_NOTICE}` : ''}`,
    android: `${a}님이 들어왔습니다.\n${OPEN_CHAT_POLICY}\n운영정책 보기`,
    ios: `${a}님이 들어왔습니다.\n${OPEN_CHAT_POLICY}`,
    csv: `${a}님이 들어왔습니다.`,
  }[family];
  return pick(random, [join, `${a}님이 나갔습니다.`, `${a}님이 ${b}님을 초대했습니다.`, `${a}님이 ${b}님을 초대하였습니다.`, `방장님이 ${a}님을 내보냈습니다.`, '채팅방 관리자가 메시지를 가렸습니다.', `${a}님이 들어왔습니다.`]);
}

/** The messages of one random room: who, when, what. Times never go back. */
function conversation(random: Random, layout: GeneratedLayout, ko: boolean, names: readonly string[], meByName: string | undefined, wanted?: number): GeneratedMessage[] {
  const family: Family = layout === 'pc-csv' ? 'csv' : (layout.split('-')[0] as Family);
  const placeholders = ko ? PLACEHOLDERS_KO : PLACEHOLDERS_EN;
  const count = wanted ?? random.int(1, 30);
  const out: GeneratedMessage[] = [];
  let time = startTime(random, family === 'csv');
  for (let i = 0; i < count; i++) {
    if (i > 0) time = laterTime(random, time, family === 'csv');
    const roll = random.int(1, 100);
    if (roll <= 15) {
      const text = notice(random, ko, names, family);
      // CSV prints a join or a leave under the member's name, other notices under an empty one.
      const named = family === 'csv' && /^(\S+)님이 (?:들어왔|나갔)습니다\.$/.exec(text);
      out.push({ from: named && chance(random, 50) ? { name: named[1]! } : 'system', time, kind: 'system', text });
      continue;
    }
    const from: GeneratedMessage['from'] = chance(random, 30) ? (meByName ? { name: meByName } : 'me') : { name: pick(random, names) };
    if (roll <= 35) {
      const p = pick(random, placeholders);
      out.push({ from, time, kind: p.kind, text: '', ...(p.fileName ? { fileName: p.fileName } : {}) });
      continue;
    }
    out.push({ from, time, kind: 'text', text: chatText(random) });
  }
  return out;
}

/** The printed form of a placeholder message, found again from its kind and file name. */
function printedPlaceholder(random: Random, m: GeneratedMessage, ko: boolean): string {
  const candidates = (ko ? PLACEHOLDERS_KO : PLACEHOLDERS_EN).filter((p) => p.kind === m.kind && p.fileName === m.fileName);
  return pick(random, candidates).printed;
}

const koMeridiem = (hour: number): string => (twelve(hour).pm ? '오후' : '오전');
const koTime = (w: WallClock): string => `${koMeridiem(w.hour)} ${twelve(w.hour).hour}:${pad2(w.minute)}`;
const enTime = (w: WallClock, space = ' ', upper = true): string => `${twelve(w.hour).hour}:${pad2(w.minute)}${space}${upper ? (twelve(w.hour).pm ? 'PM' : 'AM') : twelve(w.hour).pm ? 'pm' : 'am'}`;
const h24 = (w: WallClock): string => `${pad2(w.hour)}:${pad2(w.minute)}`;
const koDate = (w: WallClock): string => `${w.year}년 ${w.month}월 ${w.day}일`;
const enDate = (w: WallClock): string => `${MONTHS_EN[w.month - 1]} ${w.day}, ${w.year}`;
const enShortDate = (w: WallClock): string => `${MONTHS_EN[w.month - 1]!.slice(0, 3)} ${w.day}, ${w.year}`;

/** How one layout prints its lines. */
interface Printer {
  header(title: string, saved: WallClock): string[];
  /** The line that opens a new day, if the layout has one. */
  day?(w: WallClock): string;
  message(w: WallClock, name: string, text: string): string;
  /** A notice with its time; undefined when the layout prints notices without one (PC). */
  notice?(w: WallClock, text: string): string;
  me: string | undefined;
}

function printer(layout: GeneratedLayout, title: string): Printer {
  switch (layout) {
    case 'pc-txt/ko':
    case 'pc-txt/ko-24h':
      return {
        header: (t, s) => [`${t} 님과 카카오톡 대화`, `저장한 날짜 : ${s.year}-${pad2(s.month)}-${pad2(s.day)} ${h24(s)}:00`, ''],
        day: (w) => `--------------- ${koDate(w)} ${WEEKDAYS_KO[weekday(w)]}요일 ---------------`,
        message: (w, name, text) => `[${name}] [${layout === 'pc-txt/ko' ? koTime(w) : h24(w)}] ${text}`,
        me: undefined,
      };
    case 'pc-txt/en':
      return {
        header: (t, s) => [`${t} with KakaoTalk Chats`, `Date Saved : ${s.year}-${pad2(s.month)}-${pad2(s.day)} ${h24(s)}:00`, ''],
        day: (w) => `--------------- ${WEEKDAYS_EN[weekday(w)]}, ${enDate(w)} ---------------`,
        message: (w, name, text) => `[${name}] [${enTime(w)}] ${text}`,
        me: undefined,
      };
    case 'android-txt/ko':
      return {
        header: (t, s) => [`${t} 님과 카카오톡 대화`, `저장한 날짜 : ${koDate(s)} ${koTime(s)}`, '', ''],
        day: (w) => `${koDate(w)} ${koTime(w)}`,
        message: (w, name, text) => `${koDate(w)} ${koTime(w)}, ${name} : ${text}`,
        notice: (w, text) => `${koDate(w)} ${koTime(w)}, ${text}`,
        me: '회원님',
      };
    case 'android-txt/en':
      return {
        header: (t, s) => [`KakaoTalk Chats with ${t}`, `Date Saved : ${enTime(s, '', false)}, ${enDate(s)}`, '', ''],
        day: (w) => `${enTime(w, '', false)}, ${enDate(w)}`,
        message: (w, name, text) => `${enTime(w, '', false)}, ${enDate(w)}, ${name} : ${text}`,
        notice: (w, text) => `${enTime(w, '', false)}, ${enDate(w)}, ${text}`,
        me: 'you',
      };
    case 'android-txt/en-date-first':
      return {
        header: (t, s) => [`KakaoTalk Chats with ${t}`, `Date Saved : ${enDate(s)}, ${enTime(s)}`, '', ''],
        day: (w) => `${enDate(w)}, ${enTime(w)}`,
        message: (w, name, text) => `${enDate(w)}, ${enTime(w)}, ${name} : ${text}`,
        notice: (w, text) => `${enDate(w)}, ${enTime(w)}, ${text}`,
        me: 'you',
      };
    case 'ios-txt/ko':
    case 'ios-txt/ko-24h':
    case 'ios-txt/ko-time-only': {
      const stamp = (w: WallClock) => (layout === 'ios-txt/ko-time-only' ? koTime(w) : `${w.year}. ${w.month}. ${w.day}. ${layout === 'ios-txt/ko' ? koTime(w) : h24(w)}`);
      return {
        header: (t, s) => [`${t} (3명)과 카카오톡 대화-1.txt`, `저장한 날짜 : ${s.year}. ${s.month}. ${s.day}. ${koTime(s)}`, '', '', ''],
        day: (w) => `${koDate(w)} ${WEEKDAYS_KO[weekday(w)]}요일`,
        message: (w, name, text) => `${stamp(w)}, ${name} : ${text}`,
        // Time-only lines put notices after ", " as Android does; full-date ones after ": ".
        notice: (w, text) => `${stamp(w)}${layout === 'ios-txt/ko-time-only' ? ',' : ':'} ${text}`,
        me: '회원님',
      };
    }
    case 'ios-txt/en':
    case 'ios-txt/en-24h': {
      const stamp = (w: WallClock) => (layout === 'ios-txt/en' ? `${enShortDate(w)}, ${enTime(w)}` : `${enShortDate(w)} at ${h24(w)}`);
      return {
        header: (t, s) => [`KakaoTalk Chats with ${t} (3 people)-1.txt`, `Date Saved : ${enShortDate(s)}, ${enTime(s)}`, '', '', ''],
        day: (w) => `${WEEKDAYS_EN[weekday(w)]}, ${enDate(w)}`,
        message: (w, name, text) => `${stamp(w)}, ${name} : ${text}`,
        notice: (w, text) => `${stamp(w)}: ${text}`,
        me: 'You',
      };
    }
    case 'pc-csv':
      throw new Error(`no line printer for ${layout} (${title})`);
  }
}

const csvField = (text: string): string => `"${text.replace(/"/g, '""')}"`;

function csvFile(random: Random, messages: readonly GeneratedMessage[], me: string): string[] {
  const rows = ['Date,User,Message'];
  for (const m of messages) {
    const w = m.time;
    const when = `${w.year}-${pad2(w.month)}-${pad2(w.day)} ${h24(w)}:${pad2(w.second ?? 0)}`;
    const name = m.from === 'system' ? '' : m.from === 'me' ? me : m.from.name;
    const text = m.kind === 'text' || m.kind === 'system' ? m.text : printedPlaceholder(random, m, true);
    // Newer builds quote a field only when they must; older ones quote every field.
    const quote = chance(random, 50) || /[",\n]/.test(text);
    rows.push(`${when},${quote ? csvField(name) : name},${quote ? csvField(text) : text}`);
  }
  return rows;
}

/** A random export in `layout` (or a random layout). */
/** `count`: how many messages (default 1 to 30), for `ferry generate`'s sizes. */
export function generateKakaoTalkExport(random: Random, layout: GeneratedLayout = pick(random, GENERATED_LAYOUTS), count?: number): GeneratedExport {
  const csv = layout === 'pc-csv';
  const pc = layout.startsWith('pc-txt');
  const ko = csv || !layout.includes('/en');
  const names = ko ? NAMES_KO : NAMES_EN;
  const title = pick(random, ko ? ['친구들', '오픈채팅방', '가족', '스터디'] : ['Weekend hikers', 'Study room', 'Family']);
  // Windows and CSV print the user by name, so a conversion is told it with --me.
  const meByName = csv || pc ? pick(random, names) : undefined;
  const others = names.filter((n) => n !== meByName);
  let messages = conversation(random, layout, ko, others, meByName, count);
  const eol = chance(random, 30) ? '\r\n' : '\n';
  const bom = chance(random, 30) ? '\uFEFF' : '';
  const [format, variant] = layout.split('/') as [string, string | undefined];
  const detection = { format: 'kakaotalk' as const, layout: format, ...(csv ? {} : { locale: variant!.startsWith('en') ? 'en' : 'ko' }) };
  let lines: string[];
  if (csv) lines = csvFile(random, messages, meByName!);
  else {
    const p = printer(layout, title);
    lines = p.header(title, laterTime(random, messages.at(-1)!.time));
    let day: WallClock | undefined;
    let lastTimed: WallClock | undefined;
    messages = messages.map((m) => {
      // Windows prints most notices bare, with no time: they take the time of the line before
      // on that day, or midnight. A one-line notice may come as "[] [time] text" instead.
      const bare = pc && m.from === 'system' && (m.text.includes('\n') || chance(random, 70));
      const newDay = !day || !sameDay(day, m.time);
      const time = bare ? (!newDay && lastTimed ? lastTimed : { ...m.time, hour: 0, minute: 0 }) : m.time;
      if (newDay && p.day) {
        if (day) lines.push('');
        lines.push(p.day(m.time));
        lastTimed = undefined;
      }
      day = m.time;
      const text = m.kind === 'text' || m.kind === 'system' ? m.text : printedPlaceholder(random, m, ko);
      if (bare) lines.push(text);
      else if (m.from === 'system') lines.push(p.notice ? p.notice(m.time, text) : p.message(m.time, '', text));
      else lines.push(p.message(m.time, m.from === 'me' ? (p.me ?? meByName!) : m.from.name, text));
      if (!bare) lastTimed = m.time;
      return { ...m, time };
    });
  }
  const text = bom + lines.join(eol) + (chance(random, 50) ? eol : '');
  return {
    layout,
    detection,
    fileName: layout.startsWith('android') ? 'KakaoTalkChats.txt' : csv ? `${title}.csv` : `${title}.txt`,
    bytes: new TextEncoder().encode(text),
    ...(meByName ? { me: meByName } : {}),
    title,
    messages,
  };
}
