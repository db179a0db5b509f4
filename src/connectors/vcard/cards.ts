/**
 * The vCard text grammar, both ways: 2.1 (vCard 2.1 spec, versit 1996), 3.0 (RFC 2425/2426) and
 * 4.0 (RFC 6350) lines into properties, and values back into folded, escaped 4.0 lines.
 *
 * Files are read as bytes: vCard 2.1 lets every property name its own CHARSET (Shift_JIS from
 * Japanese phones, UTF-8, ...), often quoted-printable on top, so a file is not one text until
 * each value has been decoded. Browser-safe: TextDecoder does the charsets (full ICU in Node).
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
}

export class VCardError extends Error {
  override name = 'VCardError';
}

// ---------------------------------------------------------------------------
// Reading

/** One char per byte, so the structure can be parsed before any value is decoded. */
const binary = new TextDecoder('latin1');

function bytesOf(binaryText: string): Uint8Array {
  const out = new Uint8Array(binaryText.length);
  for (let i = 0; i < binaryText.length; i++) out[i] = binaryText.charCodeAt(i) & 0xff;
  return out;
}

function decodeQuotedPrintable(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '=' && (text[i + 1] === '\r' || text[i + 1] === '\n' || i === text.length - 1)) {
      // soft line break left over
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return new Uint8Array(out);
}

export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of clean) {
    value = (value << 6) | table.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').toLowerCase();
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    throw new VCardError(`This vCard uses the character set "${charset}", which Ferry cannot decode.`);
  }
}

/** Splits at `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (text[i] === sep && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The index of the ':' that ends the name and parameters (one inside a quoted parameter does not count). */
function valueColon(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ':' && !quoted) return i;
  }
  return -1;
}

const isQuotedPrintable = (head: string) => /(^|;)(ENCODING=)?QUOTED-PRINTABLE(;|$)/i.test(head);

/**
 * Physical lines to logical ones. Line ends may be CRLF, LF, CR, or iOS 6's "\r\r\n"; a line
 * starting with a space or tab continues the previous one (RFC 6350 3.2); in 2.1,
 * a quoted-printable value ending in "=" continues on the next line whatever it starts with.
 */
function logicalLines(text: string): string[] {
  const physical = text.split(/\r*\n|\r/);
  const out: string[] = [];
  for (const line of physical) {
    const last = out.length - 1;
    const previous = out[last];
    if (previous !== undefined && (line.startsWith(' ') || line.startsWith('\t'))) {
      out[last] = previous + line.slice(1);
    } else if (previous !== undefined && previous.endsWith('=') && isQuotedPrintable(previous.slice(0, Math.max(0, valueColon(previous))))) {
      out[last] = previous.slice(0, -1) + line;
    } else if (line !== '') out.push(line);
  }
  return out;
}

/** Every card in a .vcf file. */
export function parseVCards(file: Uint8Array): VCard[] {
  let text = binary.decode(file);
  if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3); // UTF-8 BOM, as bytes
  const cards: VCard[] = [];
  let current: VCard | undefined;
  for (const line of logicalLines(text)) {
    const colon = valueColon(line);
    if (colon < 0) continue; // garbage between cards, as some exporters leave
    const head = line.slice(0, colon);
    const rawValue = line.slice(colon + 1);
    const [nameWithGroup = '', ...paramTexts] = splitOutsideQuotes(head, ';');
    const dot = nameWithGroup.lastIndexOf('.');
    const name = nameWithGroup.slice(dot + 1).toUpperCase();
    if (name === 'BEGIN' && rawValue.trim().toUpperCase() === 'VCARD') {
      current = { version: '', properties: [] };
      continue;
    }
    if (name === 'END' && rawValue.trim().toUpperCase() === 'VCARD') {
      if (current) cards.push(current);
      current = undefined;
      continue;
    }
    if (!current) continue;
    if (name === 'VERSION') {
      current.version = rawValue.trim();
      continue;
    }
    const params = new Map<string, string[]>();
    const paramCharset = /;CHARSET=([^;:]+)/i.exec(head)?.[1];
    for (const p of paramTexts.map((t) => decodeCharset(bytesOf(t), paramCharset))) {
      const eq = p.indexOf('=');
      // vCard 2.1 allows bare parameter values: TEL;CELL;PREF, ADR;HOME, ...;QUOTED-PRINTABLE.
      const key = eq < 0 ? (/^(QUOTED-PRINTABLE|BASE64|8BIT|7BIT|B)$/i.test(p) ? 'ENCODING' : 'TYPE') : p.slice(0, eq).toUpperCase();
      const values = eq < 0 ? [p] : splitOutsideQuotes(p.slice(eq + 1), ',').map((v) => v.replace(/^"|"$/g, ''));
      // TYPE="work,voice" is one quoted list in 4.0.
      const flat = values.flatMap((v) => (key === 'TYPE' ? v.split(',') : [v]));
      params.set(key, [...(params.get(key) ?? []), ...flat]);
    }
    const encoding = params.get('ENCODING')?.[0]?.toUpperCase();
    const charset = params.get('CHARSET')?.[0];
    const property: VCardProperty = { name, params, raw: '' };
    if (dot > 0) property.group = nameWithGroup.slice(0, dot);
    if (encoding === 'BASE64' || encoding === 'B') {
      property.bytes = decodeBase64(rawValue);
    } else {
      const bytes = encoding === 'QUOTED-PRINTABLE' ? decodeQuotedPrintable(rawValue) : bytesOf(rawValue);
      property.raw = decodeCharset(bytes, charset);
    }
    current.properties.push(property);
  }
  return cards;
}

/** vCard text escapes: \n and \N are line breaks, \, \; \\ the characters themselves. */
export function unescapeText(text: string): string {
  return text.replace(/\\([nN,;:\\"])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value (N, ADR, ORG) at unescaped `sep`. */
export function splitEscaped(text: string, sep: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      current += text[i]! + text[i + 1]!;
      i++;
    } else if (text[i] === sep) {
      parts.push(current);
      current = '';
    } else current += text[i];
  }
  parts.push(current);
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
