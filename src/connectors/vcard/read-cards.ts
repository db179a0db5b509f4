/**
 * The vCard text grammar, read: 2.1 (vCard 2.1 spec, versit 1996), 3.0 (RFC 2425/2426) and 4.0
 * (RFC 6350) lines into cards of properties, cards nested in an AGENT included.
 *
 * Files are read as bytes: vCard 2.1 lets every property name its own CHARSET (Shift_JIS from
 * Japanese phones, UTF-8, ...), often quoted-printable on top, so a file is not one text until
 * each value has been decoded. Browser-safe: TextDecoder does the charsets (full ICU in Node).
 * Linear in the file: no value is scanned again for each line it continues on.
 */
import { unescapeText, VCardError, type VCard, type VCardProperty } from './cards.js';

/** One char per byte, so the structure can be parsed before any value is decoded. */
const binary = new TextDecoder('latin1');

function bytesOf(binaryText: string): Uint8Array {
  const out = new Uint8Array(binaryText.length);
  for (let i = 0; i < binaryText.length; i++) out[i] = binaryText.charCodeAt(i) & 0xff;
  return out;
}

const HEX = /^[0-9A-Fa-f]{2}$/;

function decodeQuotedPrintable(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */ && HEX.test(text.slice(i + 1, i + 3))) {
      out[at++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (c === 61 && (text[i + 1] === '\r' || text[i + 1] === '\n' || i === text.length - 1)) {
      // soft line break left over
    } else out[at++] = c & 0xff;
  }
  return out.subarray(0, at);
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
    throw new VCardError(`This vCard uses the character set "${charset}", which Ferry cannot decode. Export the contacts again as UTF-8 vCard.`);
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

interface LogicalLine {
  text: string;
  /** 1-based physical line it starts on. */
  line: number;
}

/**
 * Physical lines to logical ones. Line ends may be CRLF, LF, CR, or iOS 6's "\r\r\n". In 2.1, a
 * quoted-printable value ending in "=" is a soft line break: the value goes on with the next line
 * whatever it starts with, a space included (that space is text). Otherwise a line starting with
 * a space or tab continues the previous one, without that one character (RFC 6350 3.2).
 */
function logicalLines(text: string): LogicalLine[] {
  const physical = text.split(/\r*\n|\r/);
  const out: LogicalLine[] = [];
  // Parts of the logical line being built, joined once it is complete (a long folded value is not copied per line).
  let parts: string[] = [];
  let start = 0;
  // Whether the line being built is a quoted-printable property: decided once, from its first physical line.
  let qp = false;
  const flush = () => {
    if (parts.length) out.push({ text: parts.length === 1 ? parts[0]! : parts.join(''), line: start });
    parts = [];
  };
  physical.forEach((line, i) => {
    const last = parts.length ? parts[parts.length - 1]! : undefined;
    if (last !== undefined && qp && last.endsWith('=')) {
      parts[parts.length - 1] = last.slice(0, -1);
      parts.push(line);
    } else if (last !== undefined && (line.startsWith(' ') || line.startsWith('\t'))) {
      parts.push(line.slice(1));
    } else {
      flush();
      if (line === '') return;
      parts = [line];
      start = i + 1;
      const colon = valueColon(line);
      qp = colon > 0 && isQuotedPrintable(line.slice(0, colon));
    }
  });
  flush();
  return out;
}

/** How deep AGENT cards may nest: a card's agent's agent is already more than any address book writes. */
const MAX_AGENT_DEPTH = 8;

/**
 * Every card in a .vcf file, in the order they begin, a card nested in an AGENT (vCard 2.1 §2.5.4,
 * RFC 2426 §3.5.4) right after the card it belongs to, with `agentOf` naming that card. Three
 * shapes of AGENT are read: its value on the following lines (`AGENT:` then BEGIN:VCARD, as
 * Android writes it), the card starting on the AGENT line itself (`AGENT:BEGIN:VCARD`), and
 * RFC 2426's one escaped text value (`AGENT:BEGIN:VCARD\nFN:...\nEND:VCARD`). Throws VCardError
 * with the line when a card begins inside another without an AGENT, or never ends.
 */
export function parseVCards(file: Uint8Array): VCard[] {
  let text = binary.decode(file);
  if (text.startsWith('\u00ef\u00bb\u00bf')) text = text.slice(3); // UTF-8 BOM, as bytes
  return parseText(text, 0, undefined);
}

function parseText(text: string, depth: number, agentOf: VCard | undefined): VCard[] {
  const cards: VCard[] = [];
  /** Open cards, innermost last. */
  const open: VCard[] = [];
  /** The card whose last property was an empty AGENT: the next BEGIN:VCARD is its agent. */
  let awaitingAgent: VCard | undefined;
  const begin = (line: number, parent: VCard | undefined) => {
    if (open.length + depth >= MAX_AGENT_DEPTH) throw new VCardError(`cards nest more than ${MAX_AGENT_DEPTH} deep in AGENT properties; no address book writes that.`, line);
    const card: VCard = { version: '', properties: [], line, ...(parent ? { agentOf: parent } : {}) };
    cards.push(card);
    open.push(card);
  };
  for (const { text: line, line: at } of logicalLines(text)) {
    const colon = valueColon(line);
    if (colon < 0) continue; // garbage between cards, as some exporters leave
    const head = line.slice(0, colon);
    const rawValue = line.slice(colon + 1);
    const [nameWithGroup = '', ...paramTexts] = splitOutsideQuotes(head, ';');
    const dot = nameWithGroup.lastIndexOf('.');
    const name = nameWithGroup.slice(dot + 1).toUpperCase();
    const current = open[open.length - 1];
    if (name === 'BEGIN' && rawValue.trim().toUpperCase() === 'VCARD') {
      if (current && awaitingAgent !== current)
        throw new VCardError(`a new card begins at line ${at} before the card that starts at line ${current.line} has ended (END:VCARD is missing). Export the contacts again, or add END:VCARD before line ${at}.`, at);
      begin(at, current ?? agentOf);
      awaitingAgent = undefined;
      continue;
    }
    awaitingAgent = undefined;
    if (name === 'END' && rawValue.trim().toUpperCase() === 'VCARD') {
      open.pop();
      continue;
    }
    if (!current) continue;
    if (name === 'VERSION') {
      current.version = rawValue.trim();
      continue;
    }
    if (name === 'AGENT') {
      const value = rawValue.trim();
      if (value === '') {
        awaitingAgent = current;
        continue;
      }
      if (value.toUpperCase() === 'BEGIN:VCARD') {
        begin(at, current);
        continue;
      }
      if (/^BEGIN:VCARD\\[nN]/i.test(value)) {
        // RFC 2426: the agent's card as one text value, its line breaks escaped as \n.
        let nested: VCard[];
        try {
          nested = parseText(unescapeText(value), depth + open.length, current);
        } catch (error) {
          if (error instanceof VCardError) throw new VCardError(`the AGENT at line ${at} holds a card that cannot be read: ${error.message}`, at);
          throw error;
        }
        for (const card of nested) {
          card.line = at;
          cards.push(card);
        }
        continue;
      }
    }
    current.properties.push(propertyOf(name, head, paramTexts, rawValue, dot > 0 ? nameWithGroup.slice(0, dot) : undefined));
  }
  const unclosed = open[0];
  if (unclosed) throw new VCardError(`the card that starts at line ${unclosed.line} never ends (END:VCARD is missing): the file may be cut short. Export the contacts again.`, unclosed.line);
  return cards;
}

function propertyOf(name: string, head: string, paramTexts: string[], rawValue: string, group: string | undefined): VCardProperty {
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
  if (group !== undefined) property.group = group;
  if (encoding === 'BASE64' || encoding === 'B') {
    property.bytes = decodeBase64(rawValue);
  } else {
    const bytes = encoding === 'QUOTED-PRINTABLE' ? decodeQuotedPrintable(rawValue) : bytesOf(rawValue);
    property.raw = decodeCharset(bytes, charset);
  }
  return property;
}
