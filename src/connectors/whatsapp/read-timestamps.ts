/**
 * A header's numbers as a wall-clock time: which number is the day, Gregorian years from two
 * digits, Buddhist and Japanese eras, 12-hour marks, and whether the date and time can exist.
 */
import { DATE_NUMERIC, ERA_BUDDHIST, ERA_JAPANESE, HALF_JA, HALF_NONE, type Header } from './read-headers.js';

/** Day/month order of numeric dates that do not start with the year. */
export type DayOrder = 'dmy' | 'mdy';

export function realDate(year: number, month: number, day: number): boolean {
  return (
    year >= 1970 &&
    year < 2200 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= (month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
  );
}

/** The Gregorian year. Two digits are 20xx (WhatsApp began in 2009); 2565 BE is 2022; R4 is 2022. */
export function yearOf(h: Header): number {
  const printed = h.yearFirst ? h.a : h.c;
  if (h.era === ERA_JAPANESE) return h.eraBase + printed;
  if (h.era === ERA_BUDDHIST) return printed - 543;
  if (!h.yearFirst && h.cDigits === 2) return 2000 + printed;
  // A Thai phone may print Buddhist years without "BE": no chat is from the 25th century.
  return printed >= 2400 ? printed - 543 : printed;
}

/** True when the layout leaves day and month to the file's order (neither year first nor a month name). */
export function needsOrder(h: Header): boolean {
  return h.dateKind === DATE_NUMERIC && !h.yearFirst;
}

export function monthOfHeader(h: Header, order: DayOrder): number {
  if (h.dateKind !== DATE_NUMERIC) return h.month || h.b;
  if (h.yearFirst) return h.b;
  return order === 'mdy' ? h.a : h.b;
}

export function dayOfHeader(h: Header, order: DayOrder): number {
  if (h.dateKind !== DATE_NUMERIC) return h.month ? h.a : h.c;
  if (h.yearFirst) return h.c;
  return order === 'mdy' ? h.b : h.a;
}

export function dateValid(h: Header, order: DayOrder): boolean {
  return realDate(yearOf(h), monthOfHeader(h, order), dayOfHeader(h, order));
}

/**
 * Whether the time can exist: minutes and seconds up to 59; 24-hour 0-23; AM/PM and the Korean,
 * Chinese and Arabic marks 1-12 ("00:04 AM" and "23:59 PM" cannot be); Japanese 午前/午後 run
 * 0-11 (and 12, which some phones print for noon and midnight).
 */
export function timeValid(h: Header): boolean {
  if (h.minute > 59 || h.second > 59) return false;
  if (h.halfKind === HALF_NONE) return h.hour <= 23;
  if (h.halfKind === HALF_JA) return h.hour <= 12;
  return h.hour >= 1 && h.hour <= 12;
}

export function hour24(h: Header): number {
  if (h.half === 0) return h.hour;
  return (h.hour % 12) + (h.half === 2 ? 12 : 0);
}

export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time; call only for a header whose date and time are valid in `order`. */
export function wallOf(h: Header, order: DayOrder): Wall {
  return { year: yearOf(h), month: monthOfHeader(h, order), day: dayOfHeader(h, order), hour: hour24(h), minute: h.minute, second: h.second < 0 ? 0 : h.second };
}

/** Decodes bytes that are usually ASCII without a TextDecoder call (short strings: the call costs more than the work). */
export function decodeShort(decoder: TextDecoder, bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return decoder.decode(bytes.subarray(start, end));
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) return decoder.decode(bytes.subarray(start, end));
  // One flat string (concatenating character by character would leave a rope per message).
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
