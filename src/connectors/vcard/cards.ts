/**
 * What vCard reading and writing share: the card and property shapes, text escapes both ways,
 * and values written back into folded, escaped 4.0 lines (RFC 6350). Reading a file's lines into
 * cards is read-cards.ts.
 */

export interface VCardProperty {
  /** "item1" in "item1.TEL" (Apple and Google tie a label to a value this way). */
  group?: string;
  /** Upper case. */
  name: string;
  /** Upper-case parameter names; values as given (quotes removed, comma lists split). 2.1 bare values are under TYPE. */
  params: Map<string, string[]>;
  /** The decoded value, still with vCard escapes (\, \; \n) in place. */
  raw: string;
  /** For ENCODING=BASE64 / b: the bytes. */
  bytes?: Uint8Array;
}

export interface VCard {
  version: string;
  properties: VCardProperty[];
  /** 1-based line of its BEGIN:VCARD (of the AGENT line, for a card given as one escaped value). */
  line: number;
  /** For a card nested in an AGENT property: the card it is the agent of. */
  agentOf?: VCard;
}

export class VCardError extends Error {
  override name = 'VCardError';
  constructor(
    message: string,
    /** 1-based line where the trouble is, when there is one. */
    readonly line?: number,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------
// Values, both ways (reading lines into cards is read-cards.ts)

/** vCard text escapes: \n and \N are line breaks, \, \; \\ the characters themselves. */
export function unescapeText(text: string): string {
  return text.replace(/\\([nN,;:\\"])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value (N, ADR, ORG) at unescaped `sep`. Slices, not a character at a time: a value may be megabytes. */
export function splitEscaped(text: string, sep: ';' | ','): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) i++;
    else if (c === sep) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map(unescapeText);
}

/** A phone number as a contact handle, the same spelling on the way in and out. */
export function telHandle(number: string): string {
  return number.startsWith('tel:') ? number : `tel:${number.replace(/\s+/g, '-')}`;
}

// ---------------------------------------------------------------------------
// Writing (RFC 6350)

export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r?\n/g, '\\n');
}

/** RFC 6350 3.2: lines longer than 75 octets are folded; never inside a UTF-8 sequence. */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function base64(bytes: Uint8Array): string {
  const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += table[(n >> 18) & 63]! + table[(n >> 12) & 63]! + (i + 1 < bytes.length ? table[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? table[n & 63]! : '=');
  }
  return out;
}
