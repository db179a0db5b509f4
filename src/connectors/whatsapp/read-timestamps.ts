/** A header's numbers as a wall-clock time: the day/month order, real dates, 12-hour marks. */
import { ConvertError, type DateOrder } from '../contract.js';
import type { Header } from './read-headers.js';

export function realDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

export function wallOf(h: Header, order: DateOrder, file: string, line: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let year: number;
  let month: number;
  let day: number;
  if (h.aDigits === 4) {
    year = h.a;
    month = h.b;
    day = h.c;
  } else {
    year = h.c < 100 ? 2000 + h.c : h.c;
    if (order === 'mdy') {
      month = h.a;
      day = h.b;
    } else {
      day = h.a;
      month = h.b;
    }
  }
  let hour = h.hour;
  if (h.half === 1 && hour === 12) hour = 0;
  else if (h.half === 2 && hour !== 12) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    throw new ConvertError(file, line, `"${year}-${month}-${day}" is not a date (read as ${order === 'mdy' ? 'month/day' : 'day/month'}). If the file uses the other order, say so with --date-order.`);
  }
  return { year, month, day, hour, minute: h.minute, second: h.second < 0 ? 0 : h.second };
}

/** Decodes bytes that are usually ASCII without a TextDecoder call (short strings: the call costs more than the work). */
export function decodeShort(decoder: TextDecoder, bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return decoder.decode(bytes.subarray(start, end));
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return decoder.decode(bytes.subarray(start, end));
  // One flat string (concatenating character by character would leave a rope per message).
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
