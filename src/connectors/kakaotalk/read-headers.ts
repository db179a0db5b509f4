/**
 * The two header lines (the room's name, "저장한 날짜 : …" / "Date Saved : …") and what they and
 * the first dated lines tell about the layout and language.
 */
import type { Detection } from '../contract.js';
import { baseName } from '../kit/files.js';
import type { WallClock } from '../kit/wall-clock.js';
import { ANDROID_KO } from './read-android.js';
import { GRAMMARS } from './read-grammars.js';
import { IOS_KO } from './read-ios.js';
import type { KakaoLayout, Locale } from './read-layouts.js';
import { monthNumber, to24Hour } from './read-times.js';

export const SERVICE = 'kakaotalk';

const TITLE_PATTERNS = [/^KakaoTalk Chats with (.+)$/, /^(.+) with KakaoTalk Chats$/, /^(.+?) ?님과 카카오톡 대화$/, /^(.+?)[과와] 카카오톡 대화$/, /^(.+?) 카카오톡 대화$/];
export const SAVED = /^(?:저장한 날짜|Date Saved) ?: ?(.+)$/;

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
export function savedWallClock(text: string): WallClock | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (m)
    return {
      year: +m[1]!,
      month: +m[2]!,
      day: +m[3]!,
      hour: +m[4]!,
      minute: +m[5]!,
      second: +m[6]!,
    };
  for (const grammar of Object.values(GRAMMARS)) {
    if (grammar.layout === 'pc-txt') continue;
    const info = grammar.classify(grammar.layout === 'ios-txt' ? `${text}: x` : `${text}, x`);
    if (info && (info.type === 'system' || info.type === 'message') && info.day) return { ...info.day, hour: info.hour, minute: info.minute };
  }
  m = /^(\d{1,2}):(\d{2}) ?([ap]m), ([A-Za-z]+) (\d{1,2}), (\d{4})$/i.exec(text);
  if (m && monthNumber(m[4]!))
    return {
      year: +m[6]!,
      month: monthNumber(m[4]!)!,
      day: +m[5]!,
      hour: to24Hour(+m[1]!, m[3]!) ?? 0,
      minute: +m[2]!,
    };
  return undefined;
}

export interface Sniffed {
  layout: KakaoLayout;
  locale?: Locale;
}

/** Layout and language from the first lines (header, then the first dated line). */
export function sniff(lines: readonly string[], fileName: string): Sniffed | undefined {
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
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(saved))
    return {
      layout: 'pc-txt',
      locale: /카카오톡 대화|저장한 날짜/.test(first + lines[1]) ? 'ko' : 'en',
    };
  if (ANDROID_KO.test(saved)) return { layout: 'android-txt', locale: 'ko' };
  if (IOS_KO.test(saved)) return { layout: 'ios-txt', locale: 'ko' };
  if (/^\d{1,2}:\d{2} ?[ap]m, /i.test(saved)) return { layout: 'android-txt', locale: 'en' };
  if (/^[A-Za-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} ?[AP]M$/i.test(saved)) return { layout: 'ios-txt', locale: 'en' };
  return undefined;
}

export function detection(s: Sniffed): Detection {
  return {
    format: SERVICE,
    layout: s.layout,
    ...(s.locale ? { locale: s.locale } : {}),
  };
}
