/** The Windows layout: `[이름] [오후 4:03] 메시지` under `--------------- 2021년 3월 25일 목요일 ---------------`, in Korean and English. */
import { validDay } from '../kit/text.js';
import type { Grammar, LineInfo } from './read-layouts.js';
import { monthNumber, to24Hour, WEEKDAYS } from './read-times.js';

const PC_DAY_KO = /^-{3,} (\d{4})년 (\d{1,2})월 (\d{1,2})일 \S+요일 -{3,}$/;
const PC_DAY_EN = new RegExp(`^-{3,} ${WEEKDAYS}, ([A-Za-z]+) (\\d{1,2}), (\\d{4}) -{3,}$`);
// Newer Windows versions print 24-hour times (`[이름] [20:36] 메시지`) and `[]` for KakaoTalk's own notices.
const PC_MSG_KO = /^\[(.*?)\] \[(?:(오전|오후) )?(\d{1,2}):(\d{2})\](?: ([\s\S]*))?$/;
const PC_MSG_EN = /^\[(.*?)\] \[(\d{1,2}):(\d{2})(?: ?([AP]M))?\](?: ([\s\S]*))?$/i;
/** `[kim] [오후 4:0`: the time's bracket never closes. */
const PC_CUT = /^\[[^\]]*\] \[[^\]]{0,8}$/;

/** A PC txt line: `[] [time] text` (no name) is KakaoTalk's own notice. */
function pcLine(sender: string, hour: number, minute: number, time: string, text: string): LineInfo {
  return sender.trim() === '' ? { type: 'system', hour, minute, time, text } : { type: 'message', hour, minute, time, sender, text };
}

export const PC_KO_GRAMMAR: Grammar = {
  id: 'pc-txt/ko',
  layout: 'pc-txt',
  locale: 'ko',
  shape: '"[이름] [오후 4:03] 메시지"',
  cut: PC_CUT,
  classify(line) {
    const d = PC_DAY_KO.exec(line);
    if (d) {
      const day = validDay(+d[1]!, +d[2]!, +d[3]!);
      return day ? { type: 'day', day } : { type: 'bad', day: true, expected: 'a real date ("--------------- 2021년 3월 25일 목요일 ---------------")' };
    }
    const m = PC_MSG_KO.exec(line);
    if (m) {
      const hour = m[2] ? to24Hour(+m[3]!, m[2]) : +m[3]! <= 23 ? +m[3]! : undefined;
      if (hour === undefined || +m[4]! > 59) return { type: 'bad', expected: `a real time (${this.shape})` };
      return pcLine(m[1]!, hour, +m[4]!, `${m[2] ? `${m[2]} ` : ''}${m[3]}:${m[4]}`, m[5] ?? '');
    }
    if (/^-{10,} \d{4}년/.test(line)) return { type: 'bad', day: true, expected: 'a day line ("--------------- 2021년 3월 25일 목요일 ---------------")' };
    if (/^\[[^\]]*\] \[(?:오전|오후)/.test(line)) return { type: 'bad', expected: this.shape };
    return undefined;
  },
};

export const PC_EN_GRAMMAR: Grammar = {
  id: 'pc-txt/en',
  layout: 'pc-txt',
  locale: 'en',
  shape: '"[name] [4:03 PM] text"',
  cut: PC_CUT,
  classify(line) {
    const d = PC_DAY_EN.exec(line);
    if (d) {
      const month = monthNumber(d[1]!);
      const day = month ? validDay(+d[3]!, month, +d[2]!) : undefined;
      return day ? { type: 'day', day } : { type: 'bad', day: true, expected: 'a real date ("--------------- Saturday, August 1, 2015 ---------------")' };
    }
    const m = PC_MSG_EN.exec(line);
    if (m) {
      const hour = m[4] ? to24Hour(+m[2]!, m[4]) : +m[2]! <= 23 ? +m[2]! : undefined;
      if (hour === undefined || +m[3]! > 59) return { type: 'bad', expected: `a real time (${this.shape})` };
      return pcLine(m[1]!, hour, +m[3]!, `${m[2]}:${m[3]}${m[4] ? ` ${m[4]}` : ''}`, m[5] ?? '');
    }
    if (new RegExp(`^-{10,} ${WEEKDAYS}`).test(line)) return { type: 'bad', day: true, expected: 'a day line ("--------------- Saturday, August 1, 2015 ---------------")' };
    if (/^\[[^\]]*\] \[\d{1,2}:\d{2} ?[AP]M/i.test(line)) return { type: 'bad', expected: this.shape };
    return undefined;
  },
};
