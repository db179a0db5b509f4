/** Day lines ("Fri, 8/16/2019", "Mo., 19.8.2019", "2024/1/23(火)", "2016/06/18（六）"): the date every message below takes. */
import { validDay, type Day } from '../kit/text.js';
import type { LineLocale } from './read-headers.js';

const weekdayOf = (d: Day): number => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
const EN_WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const DAY_EN = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat)[a-z]*\.?, (\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DAY_DE = /^(?:Mo|Di|Mi|Do|Fr|Sa|So)\.?, (\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DAY_YMD = /^(\d{4})[/.] ?(\d{1,2})[/.] ?(\d{1,2})\.? ?[(（]?[^\d\s()（）]{1,9}[)）]?$/;
const DAY_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 [월화수목금토일]요일$/;

export type DayResult = { day: Day; text: string } | { bad: string } | undefined;

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

/** The language a day line is written in, for a history without its header: the weekday's script and brackets tell. */
export function dayLineLocale(line: string): LineLocale | undefined {
  if (DAY_EN.test(line)) return 'en';
  if (DAY_DE.test(line)) return 'de';
  if (DAY_KO.test(line)) return 'ko';
  if (!DAY_YMD.test(line)) return undefined;
  if (/[周週]|星期/.test(line)) return 'zh-CN';
  if (/（[一二三四五六日]）/.test(line)) return 'zh-TW';
  if (/[(（][月火水木金土日][)）]/.test(line)) return 'ja';
  if (/[(（][월화수목금토일][)）]/.test(line)) return 'ko';
  return undefined;
}
