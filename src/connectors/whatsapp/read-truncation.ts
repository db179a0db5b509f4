/**
 * Whether the file was cut short: it ends inside a UTF-8 character (a copy or download that
 * stopped), or without a line end inside what can only be the start of a message header
 * ("18/03/2022, 15:0"). A file that merely lacks its last line break is not cut.
 */
import { readHeader, newHeader, skipMarks } from './read-headers.js';

/** How the file ends when it is cut ("in the middle of a character"), else undefined. */
export function truncation(bytes: Uint8Array): string | undefined {
  const n = bytes.length;
  if (n === 0) return undefined;
  // Up to three continuation bytes (10xxxxxx) may follow a lead byte; count back to the lead.
  let i = n - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 4 && (bytes[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i >= 0) {
    const lead = bytes[i]!;
    const needs = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
    if (needs > continuation) return 'in the middle of a character';
  }
  if (bytes[n - 1] === 0x0a || bytes[n - 1] === 0x0d) return undefined;
  let start = bytes.lastIndexOf(0x0a) + 1;
  start = skipMarks(bytes, start, n);
  if (n - start < 3 || n - start > 40) return undefined;
  const first = bytes[start]!;
  if (first !== 0x5b && (first < 0x30 || first > 0x39)) return undefined;
  if (readHeader(bytes, start, n, newHeader())) return undefined;
  // Only what a header is made of: digits, separators, spaces, brackets, AM/PM letters.
  for (let p = start; p < n; p++) {
    const x = bytes[p]!;
    const headerish = (x >= 0x30 && x <= 0x39) || x === 0x2f || x === 0x2e || x === 0x2d || x === 0x2c || x === 0x3a || x === 0x20 || x === 0x5b || x === 0x5d || (x | 0x20) === 0x61 || (x | 0x20) === 0x70 || (x | 0x20) === 0x6d;
    if (!headerish) return undefined;
  }
  return 'in the middle of a line (a message header is cut off)';
}
