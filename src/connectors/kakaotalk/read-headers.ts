/**
 * The two header lines (the room's name, "저장한 날짜 : …" / "Date Saved : …"), what they and the
 * first dated lines tell about the layout and language, and where a second export pasted into
 * the same file begins.
 */
import type { Detection } from '../contract.js';
import { baseName } from '../kit/files.js';
import type { WallClock } from '../kit/wall-clock.js';
import { ANDROID_KO } from './read-android.js';
import { GRAMMARS } from './read-grammars.js';
import { IOS_KO } from './read-ios.js';
import type { Grammar, KakaoLayout, Locale } from './read-layouts.js';
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
  if (m) return { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  for (const grammar of GRAMMARS) {
    if (grammar.layout === 'pc-txt') continue;
    const info = grammar.classify(grammar.layout === 'ios-txt' ? `${text}: x` : `${text}, x`);
    if (info && (info.type === 'system' || info.type === 'message') && info.day) return { ...info.day, hour: info.hour, minute: info.minute };
  }
  m = /^(\d{1,2}):(\d{2}) ?([ap]m), ([A-Za-z]+) (\d{1,2}), (\d{4})$/i.exec(text);
  if (m && monthNumber(m[4]!)) return { year: +m[6]!, month: monthNumber(m[4]!)!, day: +m[5]!, hour: to24Hour(+m[1]!, m[3]!) ?? 0, minute: +m[2]! };
  return undefined;
}

export interface Sniffed {
  layout: KakaoLayout;
  locale?: Locale;
  /** The txt layout's line grammar; absent for CSV. */
  grammar?: Grammar;
}

const found = (grammar: Grammar): Sniffed => ({ layout: grammar.layout, locale: grammar.locale, grammar });

/** How many header lines an export starting at `start` has: the room line (whatever its wording, when a saved-on line follows) and the saved-on line. */
export function headerLines(lines: readonly string[], start: number): number {
  if (SAVED.test(lines[start + 1] ?? '')) return 2;
  return roomTitle(lines[start] ?? '') !== undefined ? 1 : 0;
}

/** Layout and language from an export's first lines (header, then the first dated line). */
export function sniff(lines: readonly string[], fileName: string, start = 0): Sniffed | undefined {
  const first = lines[start] ?? '';
  if (/^Date,User,Message\s*$/.test(first)) return { layout: 'pc-csv' };
  const header = headerLines(lines, start) > 0;
  const isAndroidFile = /^KakaoTalkChats\.txt$/i.test(baseName(fileName));
  if (!header && !isAndroidFile) return undefined;
  for (let i = start + (header ? 1 : 0); i < Math.min(lines.length, start + 200); i++) {
    const line = lines[i]!;
    if (i === start + 1 && SAVED.test(line)) continue;
    for (const grammar of GRAMMARS) {
      const info = grammar.classify(line);
      if (!info || info.type === 'bad') continue;
      // A bare Android date-time line is a day line too, but only trust it after a header.
      if (info.type === 'day' && grammar.layout === 'android-txt') {
        if (header) return found(grammar);
        continue;
      }
      if (!grammar.sniffByDayOnly) return found(grammar);
    }
  }
  if (!header) return undefined;
  // No message yet (an empty chat): the saved-on line alone tells the layout.
  const saved = SAVED.exec(lines[start + 1] ?? '')?.[1];
  if (!saved) return undefined;
  const byId = (id: string) => found(GRAMMARS.find((g) => g.id === id)!);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(saved)) return byId(/카카오톡 대화|저장한 날짜/.test(first + lines[start + 1]) ? 'pc-txt/ko' : 'pc-txt/en');
  if (ANDROID_KO.test(saved)) return byId('android-txt/ko');
  if (IOS_KO.test(saved)) return byId('ios-txt/ko');
  if (/^\d{1,2}:\d{2} ?[ap]m, /i.test(saved)) return byId('android-txt/en');
  if (/^[A-Za-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} ?[AP]M$/i.test(saved)) return byId('ios-txt/en');
  return undefined;
}

export function detection(s: Sniffed): Detection {
  return { format: SERVICE, layout: s.layout, ...(s.locale ? { locale: s.locale } : {}) };
}

/**
 * Lines (0-based) after the first where another export begins: its room line, then a saved-on
 * line whose time is a real one. Two exports pasted into one file (the same room twice, or two
 * rooms) would otherwise become one message's text.
 */
export function laterExports(lines: readonly string[]): number[] {
  const starts: number[] = [];
  for (let i = 2; i < lines.length - 1; i++) {
    const saved = SAVED.exec(lines[i + 1]!);
    if (!saved || !savedWallClock(saved[1]!.trim())) continue;
    const line = lines[i]!;
    if (roomTitle(line) !== undefined || /\S\.txt\s*$/i.test(line)) starts.push(i);
  }
  return starts;
}
