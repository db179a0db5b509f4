/**
 * The line grammar of each txt layout and language: which lines open a day, which open a message
 * or a notice, and which only look like they do (`bad`). CSV has its own reader (read-csv.ts).
 */
import type { Day } from '../kit/text.js';

export type KakaoLayout = 'pc-txt' | 'pc-csv' | 'android-txt' | 'ios-txt';
export type Locale = 'ko' | 'en';

/** What one line of a txt export is. `undefined`: not a line of its own (it continues the message above). */
export type LineInfo =
  | { type: 'day'; day: Day }
  | {
      type: 'message';
      day?: Day;
      hour: number;
      minute: number;
      time: string;
      sender: string;
      text: string;
    }
  | {
      type: 'system';
      day?: Day;
      hour: number;
      minute: number;
      time: string;
      text: string;
    }
  /**
   * Shaped like a timestamped line but not a real one (오후 13:37, 2월 30일). `day`: a day line,
   * which dates every message under it, so it cannot be passed over as text.
   */
  | { type: 'bad'; expected: string; day?: true };

export interface Grammar {
  /** `layout/locale`, or with a variant (`android-txt/en-date-first`). */
  id: string;
  layout: Exclude<KakaoLayout, 'pc-csv'>;
  locale: Locale;
  /** The line shape in words, for errors. */
  shape: string;
  classify(line: string): LineInfo | undefined;
  /**
   * A last line that stops inside this layout's timestamp ("2021년 6월 3일 오후 9:1",
   * "[kim] [오후 4:0"): the file was cut mid-line. Only the timestamp is checked, since a cut
   * inside a message's text cannot be told from text.
   */
  cut: RegExp;
  /** Detection trusts only this grammar's bare day lines, not its message lines (another layout shares their shape). */
  sniffByDayOnly?: boolean;
}

/** `, name : text` or `, system text` after an Android timestamp; `: system text` after an iOS one. */
export function rest(after: string, systemSeparator: ', ' | ': '): { sender?: string; text: string } | undefined {
  const message = /^, (.*?) :(?: ([\s\S]*))?$/.exec(after);
  // `,  : text` (no name) is KakaoTalk's own notice.
  if (message) return message[1]!.trim() === '' ? { text: message[2] ?? '' } : { sender: message[1]!, text: message[2] ?? '' };
  if (after.startsWith(systemSeparator) && after.length > 2) return { text: after.slice(2) };
  return undefined;
}

export function timed(day: Day | undefined, hour: number | undefined, minute: number, time: string, after: string, sep: ', ' | ': ', shape: string): LineInfo {
  if (!day || hour === undefined || minute > 59) return { type: 'bad', expected: `a real date and time (${shape})` };
  if (after === '') return { type: 'day', day };
  const parts = rest(after, sep);
  if (!parts) return { type: 'bad', expected: shape };
  return parts.sender === undefined
    ? { type: 'system', day, hour, minute, time, text: parts.text }
    : {
        type: 'message',
        day,
        hour,
        minute,
        time,
        sender: parts.sender,
        text: parts.text,
      };
}
