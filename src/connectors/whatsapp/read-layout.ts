/**
 * The file's layout, settled from the whole file: the header family most lines are written in
 * (read-headers.ts: brackets, time, 12-hour mark, what stands before the author), and for numeric dates that do not start with the year, the day/month order.
 * A header-shaped line that does not fit (another shape, "23:59 PM", "30/02") is not a header:
 * it stays text of the message above and is reported as suspicious.
 */
import { ConvertError } from '../contract.js';
import { AUTHOR_BRACKET, AUTHOR_COLON, DATE_CJK, DATE_DAY_MONTH_NAME, DATE_MONTH_NAME_DAY, ERA_BUDDHIST, ERA_JAPANESE, HALF_AR, HALF_JA, HALF_KO, HALF_LATIN, HALF_NONE, HALF_ZH, shapeParts, type Header } from './read-headers.js';
import { dateValid, needsOrder, timeValid, type DayOrder } from './read-timestamps.js';

export const LINE_TEXT = 0;
export const LINE_HEADER = 1;
export const LINE_SUSPICIOUS = 2;

/**
 * What a header-shaped line is in a file whose headers are of family `family`: a header, or suspicious. `order` undefined:
 * the order is not settled yet, and a date that exists in either order counts as a header.
 */
export function lineKind(h: Header, family: number, order: DayOrder | undefined): number {
  if (h.family !== family || !timeValid(h)) return LINE_SUSPICIOUS;
  const valid = validity(h);
  if (needsOrder(h)) {
    if (order) return valid & (order === 'dmy' ? DMY : MDY) ? LINE_HEADER : LINE_SUSPICIOUS;
    return valid ? LINE_HEADER : LINE_SUSPICIOUS;
  }
  return valid & DMY ? LINE_HEADER : LINE_SUSPICIOUS;
}

const DMY = 1;
const MDY = 2;
// Consecutive messages mostly share their date: the last answer is kept.
let lastShape = -1;
let lastA = -1;
let lastB = -1;
let lastC = -1;
let lastEra = -1;
let lastValidity = 0;

/** Whether the header's date exists read day first (bit 1) and month first (bit 2). */
export function validity(h: Header): number {
  if (h.shape === lastShape && h.a === lastA && h.b === lastB && h.c === lastC && h.eraBase === lastEra) return lastValidity;
  lastShape = h.shape;
  lastA = h.a;
  lastB = h.b;
  lastC = h.c;
  lastEra = h.eraBase;
  lastValidity = (dateValid(h, 'dmy') ? DMY : 0) | (needsOrder(h) && dateValid(h, 'mdy') ? MDY : 0);
  return lastValidity;
}

/** Evidence for the day/month order, gathered from every header of the file. */
export class OrderEvidence {
  dayFirst = 0;
  monthFirst = 0;
  ambiguous = 0;
  dayFirstAt = 0;
  monthFirstAt = 0;
  firstAmbiguous = '';

  add(h: Header, line: number, text: (h: Header) => string): void {
    if (!needsOrder(h)) return;
    const valid = validity(h);
    const d = (valid & DMY) !== 0;
    const m = (valid & MDY) !== 0;
    if (d && !m) {
      if (this.dayFirst++ === 0) this.dayFirstAt = line;
    } else if (m && !d) {
      if (this.monthFirst++ === 0) this.monthFirstAt = line;
    } else if (d && m && h.a !== h.b && this.ambiguous++ === 0) this.firstAmbiguous = `line ${line}: "${text(h)}"`;
  }

  /**
   * The order, or a ConvertError: both orders with no clear majority, or none and no answer in
   * `asked`. A clear majority (ten to one) wins; the lines against it become suspicious.
   */
  decide(file: string, asked: 'dmy' | 'mdy' | 'ymd' | undefined): DayOrder {
    const { dayFirst, monthFirst } = this;
    if (dayFirst && monthFirst) {
      if (dayFirst >= 10 * monthFirst) return 'dmy';
      if (monthFirst >= 10 * dayFirst) return 'mdy';
      throw new ConvertError(
        file,
        Math.max(this.dayFirstAt, this.monthFirstAt),
        `the dates disagree: line ${this.dayFirstAt} has a day before the month (${dayFirst.toLocaleString('en-US')} line${dayFirst === 1 ? '' : 's'} read only so) and line ${this.monthFirstAt} has a month before the day (${monthFirst.toLocaleString('en-US')} line${monthFirst === 1 ? '' : 's'}). Check that this is one export, not two pasted together.`,
      );
    }
    if (dayFirst) return 'dmy';
    if (monthFirst) return 'mdy';
    if (this.ambiguous > 0) {
      if (asked === 'dmy' || asked === 'mdy') return asked;
      throw new ConvertError(
        file,
        undefined,
        `the file cannot tell whether its dates are day/month or month/day: no day after the 12th in ${this.ambiguous.toLocaleString('en-US')} message${this.ambiguous === 1 ? '' : 's'} with such dates (the first at ${this.firstAmbiguous}). Say which with --date-order dmy or --date-order mdy.`,
        'date-order',
      );
    }
    return 'dmy';
  }

  /** Headers read so in the pass before the order was settled that are not dates in `order`. */
  against(order: DayOrder): number {
    return order === 'dmy' ? this.monthFirst : this.dayFirst;
  }
}

/**
 * The layout in words, as one line of it would read: `[DD/MM/YY, HH:MM:SS] Name: text`,
 * `D.M.YYYY klo H.MM.SS - Name: text`, `YYYY/M/D 午後h:MM - Name: text`.
 */
export function describeLayout(sample: Header, order: DayOrder): string {
  const s = shapeParts(sample.shape);
  const sep = ['/', '.', '-', ''][s.dateSep]!;
  const y = s.era === ERA_JAPANESE ? 'R#' : s.yearFirst || sample.cDigits === 4 ? 'YYYY' : 'YY';
  let date: string;
  if (s.dateKind === DATE_CJK) date = 'YYYY年M月D日';
  else if (s.dateKind === DATE_DAY_MONTH_NAME) date = `D Mon ${y}`;
  else if (s.dateKind === DATE_MONTH_NAME_DAY) date = `Mon D, ${y}`;
  else {
    const dot = sep === '.' && sample.yearFirst ? '. ' : sep;
    const first = sample.aDigits === 1 ? 1 : 2;
    const second = sample.bDigits === 1 ? 1 : 2;
    const d = (n: number) => (n === 1 ? 'D' : 'DD');
    const m = (n: number) => (n === 1 ? 'M' : 'MM');
    const fields = s.yearFirst ? [y, m(second), d(sample.cDigits === 1 ? 1 : 2)] : order === 'mdy' ? [m(first), d(second), y] : [d(first), m(second), y];
    date = fields.join(dot) + (s.era === ERA_BUDDHIST ? ' BE' : '') + (dot === '. ' ? '.' : '');
  }
  const ts = s.timeSep === 1 ? '.' : ':';
  const hours = s.halfKind !== HALF_NONE ? 'h' : sample.hourDigits === 1 ? 'H' : 'HH';
  let time = `${hours}${ts}MM${s.seconds ? `${ts}SS` : ''}`;
  if (s.halfKind === HALF_LATIN) time += ' AM';
  else if (s.halfKind === HALF_AR) time += ' م';
  else if (s.halfKind === HALF_JA) time = `午後${time}`;
  else if (s.halfKind === HALF_ZH) time = `下午${time}`;
  else if (s.halfKind === HALF_KO) time = `오후 ${time}`;
  const stamp = s.timeFirst ? `${time}${sample.between}${date}` : `${date}${sample.between}${time}`;
  if (s.author === AUTHOR_BRACKET) return `[${stamp}] Name: text`;
  if (s.author === AUTHOR_COLON) return `${stamp}: Name: text`;
  return `${stamp} - Name: text`;
}
