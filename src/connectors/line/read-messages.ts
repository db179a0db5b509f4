/**
 * Message lines: `14:30<TAB>Alice<TAB>text`; a notice has no sender field (`17:05<TAB>notice`) or
 * an empty one (`下午07:04<TAB><TAB>阿明已加入群組`). 12-hour marks in every language LINE prints.
 */

const MERIDIEM = '(?:午前|午後|上午|下午|오전|오후|AM|PM|am|pm)';
const TIME = new RegExp(`^(?:(${MERIDIEM}) ?)?(\\d{1,2}):(\\d{2})(?: ?(${MERIDIEM}))?\\t`);
const PM = /^(?:午後|下午|오후|PM|pm)$/;
/** A last line that stops inside the time ("21:4", "下午07:"): the file was cut there. */
export const CUT_TIME = new RegExp(`^(?:${MERIDIEM} ?)?\\d{1,2}:\\d?$`);

function hour24(hour: number, meridiem: string | undefined): number | undefined {
  if (!meridiem) return hour <= 23 ? hour : undefined;
  if (hour > 12) return undefined;
  const pm = PM.test(meridiem);
  return hour === 12 ? (pm ? 12 : 0) : pm ? hour + 12 : hour;
}

export type LineInfo = { type: 'message'; hour: number; minute: number; time: string; sender: string; text: string } | { type: 'system'; hour: number; minute: number; time: string; text: string } | { type: 'bad'; expected: string };

export function parseMessageLine(line: string): LineInfo | undefined {
  const m = TIME.exec(line);
  if (!m) return undefined;
  const hour = hour24(+m[2]!, m[1] ?? m[4]);
  if (hour === undefined || +m[3]! > 59) return { type: 'bad', expected: 'a real time ("14:30<TAB>Name<TAB>text")' };
  const time = m[0].slice(0, -1);
  const rest = line.slice(m[0].length);
  const tab = rest.indexOf('\t');
  const minute = +m[3]!;
  if (tab < 0) return { type: 'system', hour, minute, time, text: rest };
  const sender = rest.slice(0, tab);
  if (sender.trim() === '') return { type: 'system', hour, minute, time, text: rest.slice(tab + 1) };
  return { type: 'message', hour, minute, time, sender, text: rest.slice(tab + 1) };
}
