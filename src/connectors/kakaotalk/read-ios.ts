/**
 * The iOS layouts: `2022. 5. 13. 오전 10:28, 이름 : 메시지` (on a 24-hour phone `2026. 1. 26. 09:05, …`)
 * and `Jul 9, 2015, 8:34 PM, name : text` (newer: `Dec 31, 2014 at 19:12, …`), notices after `: `;
 * day lines `2021년 12월 29일 수요일` / `Thursday, July 9, 2015`.
 */
import { validDay } from '../kit/text.js';
import { rest, timed, type Grammar } from './read-layouts.js';
import { monthNumber, to24Hour, WEEKDAYS } from './read-times.js';

export const IOS_KO = /^(\d{4})\. (\d{1,2})\. (\d{1,2})\. (?:(오전|오후) )?(\d{1,2}):(\d{2})([\s\S]*)$/;
// Newer iOS versions: `Dec 31, 2014 at 19:12, name : text` (24-hour, "at").
const IOS_EN = /^([A-Za-z]+\.?) (\d{1,2}), (\d{4}),? (?:at )?(\d{1,2}):(\d{2})(?: ?([AP]M))?([\s\S]*)$/i;
/** Newer iOS Korean versions print only the time on each line, under a day line: `오후 8:36, 이름 : 메시지`. */
const IOS_TIME_KO = /^(오전|오후) (\d{1,2}):(\d{2})(, [\s\S]*)$/;
const IOS_DAY_KO = /^(\d{4})년 (\d{1,2})월 (\d{1,2})일 \S+요일$/;
const IOS_DAY_EN = new RegExp(`^${WEEKDAYS}, ([A-Za-z]+) (\\d{1,2}), (\\d{4})$`);

/** The hour of a time with a 12-hour mark, or of a 24-hour one; undefined when impossible. */
const hourOf = (hour: number, meridiem: string | undefined): number | undefined => (meridiem ? to24Hour(hour, meridiem) : hour <= 23 ? hour : undefined);

export const IOS_KO_GRAMMAR: Grammar = {
  id: 'ios-txt/ko',
  layout: 'ios-txt',
  locale: 'ko',
  shape: '"2022. 5. 13. 오전 10:28, 이름 : 메시지"',
  cut: /^(?:\d{4}\. \d{1,2}\. \d{1,2}\.(?: (?:오전|오후))?(?: \d{1,2}(?::\d?)?)?|(?:오전|오후) \d{1,2}(?::\d?)?)$/,
  classify(line) {
    const d = IOS_DAY_KO.exec(line);
    if (d) {
      const day = validDay(+d[1]!, +d[2]!, +d[3]!);
      return day ? { type: 'day', day } : { type: 'bad', day: true, expected: 'a real date ("2022년 5월 13일 금요일")' };
    }
    const t = IOS_TIME_KO.exec(line);
    if (t) {
      const hour = to24Hour(+t[2]!, t[1]!);
      const parts = rest(t[4]!, ', ');
      if (hour === undefined || +t[3]! > 59 || !parts) return { type: 'bad', expected: `a real time ("오후 8:36, 이름 : 메시지")` };
      const time = `${t[1]} ${t[2]}:${t[3]}`;
      const minute = +t[3]!;
      return parts.sender === undefined ? { type: 'system', hour, minute, time, text: parts.text } : { type: 'message', hour, minute, time, sender: parts.sender, text: parts.text };
    }
    const m = IOS_KO.exec(line);
    if (!m) return undefined;
    if (m[7] === '') return { type: 'bad', expected: this.shape };
    return timed(validDay(+m[1]!, +m[2]!, +m[3]!), hourOf(+m[5]!, m[4]), +m[6]!, line.slice(0, line.length - m[7]!.length), m[7]!, ': ', this.shape);
  },
};

export const IOS_EN_GRAMMAR: Grammar = {
  id: 'ios-txt/en',
  layout: 'ios-txt',
  locale: 'en',
  shape: '"Jul 9, 2015, 8:34 PM, name : text"',
  cut: /^[A-Za-z]+\.? \d{1,2}, \d{4},? (?:at )?\d{1,2}(?::\d{0,2}(?: ?[AP]?)?)?$/i,
  classify(line) {
    const d = IOS_DAY_EN.exec(line);
    if (d) {
      const month = monthNumber(d[1]!);
      const day = month ? validDay(+d[3]!, month, +d[2]!) : undefined;
      return day ? { type: 'day', day } : { type: 'bad', day: true, expected: 'a real date ("Thursday, July 9, 2015")' };
    }
    const m = IOS_EN.exec(line);
    if (!m || monthNumber(m[1]!) === undefined) return undefined;
    if (m[7] === '') return { type: 'bad', expected: this.shape };
    return timed(validDay(+m[3]!, monthNumber(m[1]!)!, +m[2]!), hourOf(+m[4]!, m[6]), +m[5]!, line.slice(0, line.length - m[7]!.length), m[7]!, ': ', this.shape);
  },
};
