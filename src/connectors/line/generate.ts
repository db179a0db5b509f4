/**
 * Random LINE chat histories in every language the reader knows, each with the messages it holds:
 * one-to-one and group chats, 24-hour and 12-hour clocks (AM/PM, 午前/午後, 上午/下午, 오전/오후),
 * multi-line texts (quoted with doubled quotes as some versions write them, or not), placeholders,
 * calls, and notices with no sender field or an empty one; now and then without the header lines
 * the user may have deleted. The file is written from the messages, never read back
 * (test/connectors/generated-exports.test.ts); a later `ferry generate` can write sample files.
 */
import type { MessageKind } from '../../model/types.js';
import { chance, chatText, laterTime, pad2, pick, sameDay, startTime, twelve, weekday, type Random } from '../kit/generate.js';
import type { WallClock } from '../kit/wall-clock.js';

export const GENERATED_LOCALES = ['en', 'de', 'ja', 'zh-TW', 'zh-CN', 'ko'] as const;
export type GeneratedLocale = (typeof GENERATED_LOCALES)[number];

export interface GeneratedMessage {
  /** A member by the name printed, or LINE itself (a notice). */
  from: { name: string } | 'notice';
  /** As printed, to the minute; read in whatever zone the reader is told. */
  time: WallClock;
  kind: MessageKind;
  /** The text the archive keeps: '' for placeholders, the printed text for calls and notices. */
  text: string;
}

export interface GeneratedHistory {
  locale: GeneratedLocale;
  fileName: string;
  bytes: Uint8Array;
  /** The chat's name (from the header, or the file's name when the header was removed). */
  title: string;
  /** Whether the header lines were left out, as a user may delete them before sharing. */
  headerless: boolean;
  /** In a one-to-one chat with its header, the user's name (the one besides the title's). */
  me?: string;
  messages: GeneratedMessage[];
}

interface Locale {
  names: string[];
  direct(name: string): string;
  group(name: string): string;
  saved(w: WallClock): string;
  day(w: WallClock): string;
  /** Times: a 24-hour form and a 12-hour one. */
  time24(w: WallClock): string;
  time12(w: WallClock): string;
  notices(name: string): string[];
  placeholders: { printed: string; kind: MessageKind }[];
  calls: string[];
}

const EN_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DE_DAYS = ['So.', 'Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.'];
const JA_DAYS = ['日', '月', '火', '水', '木', '金', '土'];
const ZH_TW_DAYS = ['日', '一', '二', '三', '四', '五', '六'];
const ZH_CN_DAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const KO_DAYS = ['일', '월', '화', '수', '목', '금', '토'];

const ymd = (w: WallClock, padded: boolean) => (padded ? `${w.year}/${pad2(w.month)}/${pad2(w.day)}` : `${w.year}/${w.month}/${w.day}`);
const hm = (w: WallClock) => `${w.hour}:${pad2(w.minute)}`;
const hhmm = (w: WallClock) => `${pad2(w.hour)}:${pad2(w.minute)}`;
/** 12-hour with 12 for noon and midnight (AM/PM, 上午/下午, 오전/오후). */
const h12 = (w: WallClock, pad: boolean) => `${pad ? pad2(twelve(w.hour).hour) : twelve(w.hour).hour}:${pad2(w.minute)}`;

const LOCALES: Record<GeneratedLocale, Locale> = {
  en: {
    names: ['Alice', 'Bob', 'Cara', 'Dana Lee', 'Eli'],
    direct: (n) => `[LINE] Chat history with ${n}`,
    group: (n) => `[LINE] Chat history in "${n}"`,
    saved: (w) => `Saved on: ${w.month}/${w.day}/${w.year}, ${hhmm(w)}`,
    day: (w) => `${EN_DAYS[weekday(w)]}, ${w.month}/${w.day}/${w.year}`,
    time24: hhmm,
    time12: (w) => `${h12(w, true)} ${twelve(w.hour).pm ? 'PM' : 'AM'}`,
    notices: (n) => [`${n} left the group.`, `${n} joined the group.`, `${n} unsent a message.`],
    placeholders: [
      { printed: '[Photo]', kind: 'media' },
      { printed: '[Video]', kind: 'media' },
      { printed: '[File]', kind: 'media' },
      { printed: '[Voice message]', kind: 'media' },
      { printed: '[Album]', kind: 'media' },
      { printed: '[Sticker]', kind: 'sticker' },
    ],
    calls: ['☎ Call time 1:05', '☎ Missed call', '☎ Canceled call'],
  },
  de: {
    names: ['Anna', 'Bernd', 'Clara', 'Jonas'],
    direct: (n) => `[LINE] Chat mit ${n}`,
    group: (n) => `[LINE] Chat in ${n}`,
    saved: (w) => `Gespeichert am: ${w.day}.${w.month}.${w.year}, ${hhmm(w)}`,
    day: (w) => `${DE_DAYS[weekday(w)]}, ${w.day}.${w.month}.${w.year}`,
    time24: hhmm,
    time12: hhmm, // German phones print 24-hour times
    notices: (n) => [`${n} hat die Gruppe verlassen.`, `${n} ist der Gruppe beigetreten.`],
    placeholders: [
      { printed: '[Foto]', kind: 'media' },
      { printed: '[Datei]', kind: 'media' },
      { printed: '[Sticker]', kind: 'sticker' },
    ],
    calls: ['☎ Anrufdauer 2:30'],
  },
  ja: {
    names: ['さくら', 'けんた', '田中', '佐藤'],
    direct: (n) => `[LINE] ${n}とのトーク履歴`,
    group: (n) => `[LINE] ${n}のトーク履歴`,
    saved: (w) => `保存日時：${ymd(w, false)} ${hhmm(w)}`,
    day: (w) => `${ymd(w, false)}(${JA_DAYS[weekday(w)]})`,
    time24: hm,
    // Japanese runs 午前0:00 to 午後11:59: noon is 午後0:00.
    time12: (w) => `${w.hour >= 12 ? '午後' : '午前'}${w.hour % 12}:${pad2(w.minute)}`,
    notices: (n) => [`${n}がグループに参加しました。`, `${n}がグループを退会しました。`, `${n}が送信を取り消しました`],
    placeholders: [
      { printed: '[写真]', kind: 'media' },
      { printed: '[動画]', kind: 'media' },
      { printed: '[スタンプ]', kind: 'sticker' },
    ],
    calls: ['☎ 通話時間1:16', '☎ 通話時間12:34'],
  },
  'zh-TW': {
    names: ['阿明', '小美', '小王'],
    direct: (n) => `[LINE] 與${n}的聊天記錄`,
    group: (n) => `[LINE] ${n}的聊天記錄`,
    saved: (w) => `儲存日期： ${ymd(w, true)} ${hhmm(w)}`,
    day: (w) => `${ymd(w, true)}（${ZH_TW_DAYS[weekday(w)]}）`,
    time24: hhmm,
    time12: (w) => `${twelve(w.hour).pm ? '下午' : '上午'}${h12(w, true)}`,
    notices: (n) => [`${n}已加入群組`, `${n}已離開群組`, `${n}已收回訊息`],
    placeholders: [
      { printed: '[照片]', kind: 'media' },
      { printed: '[影片]', kind: 'media' },
      { printed: '[貼圖]', kind: 'sticker' },
    ],
    calls: ['☎ 通話時間1:16', '☎ 您已取消通話'],
  },
  'zh-CN': {
    names: ['小王', '小李', '小张'],
    direct: (n) => `[LINE] 与${n}的聊天记录`,
    group: (n) => `[LINE] ${n}的聊天记录`,
    saved: (w) => `保存日期：${ymd(w, true)} ${hhmm(w)}`,
    day: (w) => `${ymd(w, false)}${ZH_CN_DAYS[weekday(w)]}`,
    time24: hhmm,
    time12: (w) => `${twelve(w.hour).pm ? '下午' : '上午'}${h12(w, true)}`,
    notices: (n) => [`${n}已加入该群`, `${n}已退出该群`],
    placeholders: [
      { printed: '[照片]', kind: 'media' },
      { printed: '[贴图]', kind: 'sticker' },
    ],
    calls: ['☎ 通话时间0:45'],
  },
  ko: {
    names: ['김민지', '이준호', '박서연'],
    direct: (n) => `[LINE] ${n}님과의 대화`,
    group: (n) => `[LINE] ${n} 대화`,
    saved: (w) => `저장한 날짜 : ${ymd(w, true)} ${hhmm(w)}`,
    day: (w) => `${ymd(w, true)}(${KO_DAYS[weekday(w)]})`,
    time24: hhmm,
    time12: (w) => `${twelve(w.hour).pm ? '오후' : '오전'} ${h12(w, false)}`,
    notices: (n) => [`${n}님이 나갔습니다.`, `${n}님이 참여했습니다.`],
    placeholders: [
      { printed: '[사진]', kind: 'media' },
      { printed: '[동영상]', kind: 'media' },
      { printed: '[스티커]', kind: 'sticker' },
    ],
    calls: ['☎ 통화시간 3:02', '☎ 부재중 전화'],
  },
};

/** How a multi-line message is written: LINE wraps some in double quotes, inner quotes doubled. */
function printedText(random: Random, text: string): string {
  return text.includes('\n') && chance(random, 50) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `count`: how many messages (default 1 to 30), for `ferry generate`'s sizes. */
export function generateLineHistory(random: Random, locale: GeneratedLocale = pick(random, GENERATED_LOCALES), count?: number): GeneratedHistory {
  const l = LOCALES[locale];
  const group = chance(random, 50);
  const members = group ? l.names.slice(0, random.int(2, l.names.length)) : l.names.slice(0, 2);
  const title = group ? pick(random, ['Weekend', '週末チーム', '大學同學', 'Book club']) : members[0]!;
  const headerless = chance(random, 20);
  const twelveHour = chance(random, 40);
  const time = (w: WallClock) => (twelveHour ? l.time12(w) : l.time24(w));

  const messages: GeneratedMessage[] = [];
  let at = startTime(random);
  const total = count ?? random.int(headerless ? 2 : 1, 30);
  for (let i = 0; i < total; i++) {
    if (i > 0) at = laterTime(random, at);
    // Without the header, the first two lines under the day must be messages for the file to be told apart.
    const roll = headerless && i < 2 ? 100 : random.int(1, 100);
    const name = pick(random, members);
    if (roll <= 10 && group) messages.push({ from: 'notice', time: at, kind: 'system', text: pick(random, l.notices(pick(random, members))) });
    else if (roll <= 25) {
      const p = pick(random, l.placeholders);
      messages.push({ from: { name }, time: at, kind: p.kind, text: '' });
    } else if (roll <= 30) messages.push({ from: { name }, time: at, kind: 'call', text: pick(random, l.calls) });
    else messages.push({ from: { name }, time: at, kind: 'text', text: headerless && i < 2 ? chatText(random, 1) : chatText(random) });
  }

  const lines: string[] = [];
  if (!headerless) lines.push(group ? l.group(title) : l.direct(title), l.saved(laterTime(random, at)), '');
  let day: WallClock | undefined;
  for (const m of messages) {
    if (!day || !sameDay(day, m.time)) {
      if (day) lines.push('');
      lines.push(l.day(m.time));
      day = m.time;
    }
    if (m.from === 'notice') lines.push(`${time(m.time)}\t${chance(random, 50) ? '\t' : ''}${m.text}`);
    else {
      const placeholder = m.kind === 'media' || m.kind === 'sticker';
      const printed = placeholder
        ? pick(
            random,
            l.placeholders.filter((p) => p.kind === m.kind),
          ).printed
        : printedText(random, m.text);
      lines.push(`${time(m.time)}\t${m.from.name}\t${printed}`);
    }
  }
  const eol = chance(random, 30) ? '\r\n' : '\n';
  const bom = chance(random, 40) ? '\uFEFF' : '';
  const fileName = headerless ? 'talk.txt' : `[LINE] ${title}.txt`;
  return {
    locale,
    fileName,
    bytes: new TextEncoder().encode(bom + lines.join(eol) + (chance(random, 50) ? eol : '')),
    title: headerless ? 'talk' : title,
    headerless,
    ...(!group && !headerless ? { me: members[1]! } : {}),
    messages,
  };
}
