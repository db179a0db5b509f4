/** Text-file helpers the line-based readers (KakaoTalk, LINE, WhatsApp) share. Browser-safe. */

/** Lines of a text export, whatever mix of CRLF, CR and LF the phone or PC wrote. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A calendar day as an export prints it. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

/**
 * The day when it exists in the Gregorian calendar (no 31 February) and lies in the years a chat
 * export can come from; undefined otherwise, so a reader can tell a date from text that looks
 * like one.
 */
export function validDay(year: number, month: number, day: number): Day | undefined {
  if (!(month >= 1 && month <= 12 && day >= 1 && year >= 1970 && year < 2200)) return undefined;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate() ? { year, month, day } : undefined;
}
