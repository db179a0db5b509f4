/**
 * The header LINE writes above the history (the chat's title and the "saved on" line, in each
 * language), a history whose header the user removed, and where a second export pasted into the
 * same file begins.
 */
import { validDay } from '../kit/text.js';
import type { WallClock } from '../kit/wall-clock.js';
import { dayLineLocale, parseDayLine } from './read-days.js';
import { parseMessageLine } from './read-messages.js';

export const SERVICE = 'line';
export type LineLocale = 'en' | 'de' | 'ja' | 'zh-TW' | 'zh-CN' | 'ko';

interface HeaderPattern {
  re: RegExp;
  locale: LineLocale;
  kind: 'direct' | 'group';
}

const TITLES: HeaderPattern[] = [
  {
    re: /^(?:\[LINE\] )?Chat history with (.+)$/,
    locale: 'en',
    kind: 'direct',
  },
  { re: /^(?:\[LINE\] )?Chat history in "(.+)"$/, locale: 'en', kind: 'group' },
  { re: /^(?:\[LINE\] )?Chat history in (.+)$/, locale: 'en', kind: 'group' },
  { re: /^(?:\[LINE\] )?Chat mit (.+)$/, locale: 'de', kind: 'direct' },
  { re: /^(?:\[LINE\] )?Chat in "?(.+?)"?$/, locale: 'de', kind: 'group' },
  { re: /^\[LINE\] (.+)とのトーク履歴$/, locale: 'ja', kind: 'direct' },
  { re: /^\[LINE\] (.+)のトーク履歴$/, locale: 'ja', kind: 'group' },
  { re: /^\[LINE\] 與(.+)的聊天記錄$/, locale: 'zh-TW', kind: 'direct' },
  { re: /^\[LINE\] (.+)的聊天記錄$/, locale: 'zh-TW', kind: 'group' },
  { re: /^\[LINE\] 与(.+)的聊天记录$/, locale: 'zh-CN', kind: 'direct' },
  { re: /^\[LINE\] (.+)的聊天记录$/, locale: 'zh-CN', kind: 'group' },
  { re: /^\[LINE\] (.+)님과의 대화$/, locale: 'ko', kind: 'direct' },
  { re: /^\[LINE\] (.+?)(?:의)? 대화$/, locale: 'ko', kind: 'group' },
];

const SAVED: { re: RegExp; locale: LineLocale }[] = [
  { re: /^Saved on: ?(.+)$/, locale: 'en' },
  { re: /^Gespeichert (?:um|am): ?(.+)$/, locale: 'de' },
  { re: /^保存日時[：:] ?(.+)$/, locale: 'ja' },
  { re: /^儲存日期[：:] ?(.+)$/, locale: 'zh-TW' },
  { re: /^保存日期[：:] ?(.+)$/, locale: 'zh-CN' },
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

export interface Sniffed {
  locale: LineLocale;
  headerLines: number;
  title?: string;
  kind?: 'direct' | 'group';
  saved?: string;
}

/** At least this many time-name-text lines, and nothing else but day lines and their continuations before them, claim a file with no header. */
const HEADERLESS_EVIDENCE = 2;

/**
 * A history whose two header lines the user deleted: claimed when it starts with a day line and
 * the lines below are LINE's tab-separated messages. Nothing else people export begins so.
 */
function headerless(lines: readonly string[]): Sniffed | undefined {
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const first = lines[i]?.trim() ?? '';
  const day = parseDayLine(first);
  if (!day || 'bad' in day) return undefined;
  let messages = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + 60) && messages < HEADERLESS_EVIDENCE; j++) {
    const info = parseMessageLine(lines[j]!);
    if (info?.type === 'bad') return undefined;
    if (info?.type === 'message') messages++;
    else if (j === i + 1) return undefined; // the day line is followed by a message, always
  }
  return messages >= HEADERLESS_EVIDENCE ? { locale: dayLineLocale(first) ?? 'en', headerLines: 0 } : undefined;
}

export function sniff(lines: readonly string[]): Sniffed | undefined {
  const title = lineTitle(lines[0] ?? '');
  const saved = savedLine(lines[1] ?? '');
  if (!title && !saved) return headerless(lines);
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

/** The header of an export pasted into the file after the first: its title and saved-on line. */
export function laterHeader(lines: readonly string[], i: number): Sniffed | undefined {
  const title = lineTitle(lines[i]!);
  const saved = title && savedLine(lines[i + 1] ?? '');
  return saved ? { locale: saved.locale, headerLines: 2, title: title.title, kind: title.kind, saved: saved.text } : undefined;
}

/** Lines (0-based) after the first where another export begins ("[LINE] Chat history with …" over "Saved on: …"). */
export function laterExports(lines: readonly string[]): number[] {
  const starts: number[] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i]!;
    // Every title starts so (TITLES); the cheap test spares a million message lines eleven patterns each.
    if ((line.startsWith('[LINE] ') || line.startsWith('Chat ')) && laterHeader(lines, i)) starts.push(i);
  }
  return starts;
}

/** When LINE says the history was saved, if that is a real date and time (a damaged header is ignored, and the run's time used instead). */
export function savedWallClock(text: string, locale: LineLocale): WallClock | undefined {
  const wall = savedWallClockAsWritten(text, locale);
  return wall && validDay(wall.year, wall.month, wall.day) && wall.hour <= 23 && wall.minute <= 59 ? wall : undefined;
}

function savedWallClockAsWritten(text: string, locale: LineLocale): WallClock | undefined {
  const clock = (h: string, min: string, meridiem: string | undefined) => ({ hour: meridiem ? (+h % 12) + (/^pm$/i.test(meridiem) ? 12 : 0) : +h, minute: +min });
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2})(?: ?(AM|PM))?$/i.exec(text);
  if (m && locale === 'en') return { year: +m[3]!, month: +m[1]!, day: +m[2]!, ...clock(m[4]!, m[5]!, m[6]) };
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),? (\d{1,2}):(\d{2})$/.exec(text);
  if (m) return { year: +m[3]!, month: +m[2]!, day: +m[1]!, hour: +m[4]!, minute: +m[5]! };
  m = /^(\d{4})[/.] ?(\d{1,2})[/.] ?(\d{1,2})\.? (\d{1,2}):(\d{2})$/.exec(text);
  if (m) return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! };
  return undefined;
}
