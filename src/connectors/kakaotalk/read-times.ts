/** Month names and 12-hour clocks as KakaoTalk prints them in English and Korean. */

const MONTHS: Record<string, number> = {};
['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].forEach((m, i) => {
  MONTHS[m] = i + 1;
  MONTHS[m.slice(0, 3)] = i + 1;
});
MONTHS['sept'] = 9;

/** The English weekdays of day lines, as a regular expression group. */
export const WEEKDAYS = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';

/** 1-12 for an English month name or its abbreviation ("Jul", "Sept.", "February"); undefined otherwise. */
export function monthNumber(name: string): number | undefined {
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
