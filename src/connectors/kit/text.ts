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

/**
 * The bytes without NUL (0x00) bytes, and how many there were. In a UTF-8 or legacy-charset text
 * export a 0x00 byte is always U+0000, which no app writes and no target can hold (XML cannot);
 * readers remove them and report the count (kit/warnings.ts nulsRemoved). UTF-16 files are
 * decoded by the runner before a reader sees them, so their zero bytes are not NULs here.
 */
export function withoutNulBytes(bytes: Uint8Array): { bytes: Uint8Array; removed: number } {
  let removed = 0;
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) removed++;
  if (removed === 0) return { bytes, removed };
  const out = new Uint8Array(bytes.length - removed);
  let at = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) out[at++] = bytes[i]!;
  return { bytes: out, removed };
}
