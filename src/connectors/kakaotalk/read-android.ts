/**
 * The Android layouts: `2021년 12월 29일 오후 8:36, 이름 : 메시지`, `8:34pm, July 9, 2015, name : text`
 * (time first, as 2015 phones wrote it) and `February 10, 2016, 2:33 AM, name : text` (date first,
 * as later phones write it); a bare date-time line opens each day, notices follow `, ` with no name.
 */
import { validDay } from '../kit/text.js';
import { timed, type Grammar } from './read-layouts.js';
import { monthNumber, to24Hour } from './read-times.js';

export const ANDROID_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (오전|오후) (\d{1,2}):(\d{2})([\s\S]*)$/;
const ANDROID_EN = /^(\d{1,2}):(\d{2}) ?([ap]m), ([A-Za-z]+\.?) (\d{1,2}), (\d{4})([\s\S]*)$/i;
const ANDROID_EN_DATE_FIRST = /^([A-Za-z]+) (\d{1,2}), (\d{4}), (\d{1,2}):(\d{2}) ?([AP]M)([\s\S]*)$/i;

export const ANDROID_KO_GRAMMAR: Grammar = {
  id: 'android-txt/ko',
  layout: 'android-txt',
  locale: 'ko',
  shape: '"2021년 12월 29일 오후 8:36, 이름 : 메시지"',
  cut: /^\d{4}년 \d{1,2}월 \d{1,2}일 (?:오전|오후)(?: \d{1,2}(?::\d?)?)?$/,
  classify(line) {
    const m = ANDROID_KO.exec(line);
    if (!m) return undefined;
    return timed(validDay(+m[1]!, +m[2]!, +m[3]!), to24Hour(+m[5]!, m[4]!), +m[6]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
  },
};

export const ANDROID_EN_GRAMMAR: Grammar = {
  id: 'android-txt/en',
  layout: 'android-txt',
  locale: 'en',
  shape: '"8:34pm, July 9, 2015, name : text"',
  cut: /^\d{1,2}:(?:\d?|\d{2} ?[ap]m?(?:, [A-Za-z]*\.?(?: \d{0,2},?(?: \d{0,3})?)?)?)$/i,
  classify(line) {
    const m = ANDROID_EN.exec(line);
    if (!m) return undefined;
    const month = monthNumber(m[4]!);
    return timed(month ? validDay(+m[6]!, month, +m[5]!) : undefined, to24Hour(+m[1]!, m[3]!), +m[2]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
  },
};

export const ANDROID_EN_DATE_FIRST_GRAMMAR: Grammar = {
  id: 'android-txt/en-date-first',
  layout: 'android-txt',
  locale: 'en',
  shape: '"February 10, 2016, 2:33 AM, name : text"',
  cut: /^[A-Za-z]+ \d{1,2}, \d{4}, \d{1,2}(?::\d{0,2}(?: ?[AP]?)?)?$/i,
  // Its lines look like iOS English ones (`Jul 9, 2015, 8:34 PM, name : text`); only the bare
  // date-time line that opens each day, which iOS never prints, tells it apart.
  sniffByDayOnly: true,
  classify(line) {
    const m = ANDROID_EN_DATE_FIRST.exec(line);
    if (!m) return undefined;
    const month = monthNumber(m[1]!);
    if (month === undefined) return undefined;
    return timed(validDay(+m[3]!, month, +m[2]!), to24Hour(+m[4]!, m[6]!), +m[5]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
  },
};
