/**
 * Text files that are not UTF-8, told apart before any reader sees them: UTF-16 (Windows'
 * "Unicode" in Notepad and Excel's "Unicode Text" save UTF-16 LE, usually with a byte order mark,
 * sometimes without). The runner decodes them so every reader gets UTF-8. Browser-safe.
 */

export type Utf16 = 'utf-16le' | 'utf-16be';

/** How much of the file the byte-order-mark-less guess looks at. */
const SAMPLE = 4096;

/**
 * UTF-16 by its byte order mark, or without one when the file looks like it: text in UTF-16
 * has a zero byte in many pairs on the same side (every ASCII character, line break and digit),
 * binary files and UTF-8 have them on both sides or not at all. Undefined otherwise.
 */
export function utf16Of(bytes: Uint8Array): Utf16 | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  // A third of the pairs with a zero on one side, and at most an eighth as many on the other (a
  // character such as U+DE00, the low half of 😀, has its zero on the other side now and then).
  const guess: Utf16 | undefined = oddZeros >= pairs * 0.3 && evenZeros * 8 <= oddZeros ? 'utf-16le' : evenZeros >= pairs * 0.3 && oddZeros * 8 <= evenZeros ? 'utf-16be' : undefined;
  if (!guess) return undefined;
  // Text it is only if it decodes: no lone surrogates in the part looked at.
  try {
    new TextDecoder(guess, { fatal: true }).decode(bytes.subarray(0, n));
  } catch {
    return undefined;
  }
  return guess;
}

/** The file as UTF-8 bytes, its byte order mark dropped. */
export function utf16ToUtf8(bytes: Uint8Array, encoding: Utf16): Uint8Array {
  return new TextEncoder().encode(new TextDecoder(encoding).decode(bytes));
}

/** "UTF-16 LE" / "UTF-16 BE", as the person's editor names it. */
export function utf16Name(encoding: Utf16): string {
  return encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE';
}

/**
 * Why a file holds nothing to read, or undefined when it holds something: no bytes, only a byte
 * order mark, or only spaces and line breaks. `bytes` is UTF-8; `hadMark` when a UTF-16 file's
 * byte order mark was dropped in decoding it.
 */
export function emptiness(bytes: Uint8Array, hadMark = false): string | undefined {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return undefined;
  }
  const mark = hadMark || start > 0;
  const blank = bytes.length > start;
  if (mark) return blank ? 'it holds only a byte order mark and blank lines' : 'it holds only a byte order mark (the invisible mark editors put first), no text';
  return blank ? 'it holds only blank lines' : 'it has no bytes at all';
}
