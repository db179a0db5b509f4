/** The Android layouts: `2021년 12월 29일 오후 8:36, 이름 : 메시지` and `8:34pm, July 9, 2015, name : text`; a bare date-time line opens each day. */
import { validDay } from '../kit/text.js';
import { timed, type Grammar } from './read-layouts.js';
import { monthNumber, to24Hour } from './read-times.js';

export const ANDROID_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 (오전|오후) (\d{1,2}):(\d{2})([\s\S]*)$/;
const ANDROID_EN = /^(\d{1,2}):(\d{2}) ?([ap]m), ([A-Za-z]+\.?) (\d{1,2}), (\d{4})([\s\S]*)$/i;

export const ANDROID_KO_GRAMMAR: Grammar = {
  layout: 'android-txt',
  locale: 'ko',
  shape: '"2021년 12월 29일 오후 8:36, 이름 : 메시지"',
  classify(line) {
    const m = ANDROID_KO.exec(line);
    if (!m) return undefined;
    return timed(validDay(+m[1]!, +m[2]!, +m[3]!), to24Hour(+m[5]!, m[4]!), +m[6]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
  },
};

export const ANDROID_EN_GRAMMAR: Grammar = {
  layout: 'android-txt',
  locale: 'en',
  shape: '"8:34pm, July 9, 2015, name : text"',
  classify(line) {
    const m = ANDROID_EN.exec(line);
    if (!m) return undefined;
    const month = monthNumber(m[4]!);
    return timed(month ? validDay(+m[6]!, month, +m[5]!) : undefined, to24Hour(+m[1]!, m[3]!), +m[2]!, line.slice(0, line.length - m[7]!.length), m[7]!, ', ', this.shape);
  },
};
