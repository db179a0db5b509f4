/**
 * Parts the export generators share (src/connectors/<service>/generate.ts): a source of random
 * choices, wall clocks that move forward, and message texts that can never be mistaken for a line
 * of the layout they are written into. The generators write an export file together with the
 * messages it holds, so a reader can be checked against what was written rather than against
 * itself (test/connectors/generated-exports.test.ts), and a later `ferry generate` can make sample
 * files. Browser-safe, no dependencies: the randomness comes from outside.
 */
import type { WallClock } from './wall-clock.js';

/** Whole numbers from min to max, both included. fast-check's `fc.gen()` in tests (so failures shrink), `seeded()` elsewhere. */
export interface Random {
  int(min: number, max: number): number;
}

/** A small deterministic generator (mulberry32): the same seed gives the same files. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(0, items.length - 1)]!;
export const chance = (random: Random, percent: number): boolean => random.int(1, 100) <= percent;

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 0 (Sunday) to 6. */
export const weekday = (w: WallClock): number => new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
export const sameDay = (a: WallClock, b: WallClock): boolean => a.year === b.year && a.month === b.month && a.day === b.day;

export const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const WEEKDAYS_KO = ['일', '월', '화', '수', '목', '금', '토'];

/** The hour on a 12-hour clock (12 for 0 and 12) and whether it is after noon. */
export const twelve = (hour: number): { hour: number; pm: boolean } => ({ hour: hour % 12 === 0 ? 12 : hour % 12, pm: hour >= 12 });

function fromMs(ms: number, seconds: boolean): WallClock {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), ...(seconds ? { second: d.getUTCSeconds() } : {}) };
}

/** A first message's time between 2012 and 2026; `seconds` for layouts that print them. */
export function startTime(random: Random, seconds = false): WallClock {
  const ms = Date.UTC(random.int(2012, 2026), random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59), seconds ? random.int(0, 59) : 0);
  return fromMs(ms, seconds);
}

/** A later time (or the same minute: chats come in bursts), now and then on a later day. */
export function laterTime(random: Random, after: WallClock, seconds = false): WallClock {
  const base = Date.UTC(after.year, after.month - 1, after.day, after.hour, after.minute, after.second ?? 0);
  const step = pick(random, [0, 0, 1, 2, 5, 37, 180, 600, 1439, 2880, 40_000]) * 60_000 + (seconds ? random.int(0, 59) * 1000 : 0);
  return fromMs(base + step, seconds);
}

/**
 * Words of everyday chat text. None is a placeholder, a notice's wording, a month or weekday
 * name, a 12-hour mark, a quote or a tab; digits, times, colons, brackets, URLs and emoji are
 * there on purpose, inside lines.
 */
const WORDS = [
  '안녕',
  '내일',
  '몇',
  '시에',
  '만나?',
  '좋아',
  'ㅋㅋ',
  '고마워',
  '점심',
  '먹자',
  '회의',
  '자료',
  '확인',
  'hello',
  'see',
  'you',
  'at',
  'the',
  'station',
  'ok',
  'lunch',
  'soon',
  '9:00',
  '19:30-22:30',
  '2021.3.1',
  ':',
  ' : ',
  '-',
  '1.',
  '(maybe)',
  '[link]',
  'https://example.com/a?b=1',
  '🙂',
  '🎉',
  'おはよう',
  '早上好',
  '大家好',
  'Guten',
  'Morgen',
];
/** Words a continuation line may start with: no digit, bracket, dash, mark or name that some layout starts a line with. */
const STARTERS = ['그리고', '사과', '내일은', 'and', 'also', 'ok', 'thanks', '🙂', 'ㅎㅎ', 'また', '还有', 'und'];

function line(random: Random, first: boolean): string {
  const n = random.int(1, 6);
  const words = [first ? pick(random, WORDS) : pick(random, STARTERS)];
  for (let i = 1; i < n; i++) words.push(pick(random, WORDS).trim() || ':');
  return words.join(' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * A message text: one line, or several, with now and then a blank line inside (never at the
 * end, where a reader cannot tell it from the gap before the next day). Its lines after the
 * first start with a plain word, so no layout can take them for a new message.
 */
export function chatText(random: Random, maxLines = 4): string {
  const lines = [line(random, true)];
  const more = maxLines > 1 && chance(random, 30) ? random.int(1, maxLines - 1) : 0;
  for (let i = 0; i < more; i++) {
    if (chance(random, 20)) lines.push('');
    lines.push(line(random, false));
  }
  return lines.join('\n');
}
