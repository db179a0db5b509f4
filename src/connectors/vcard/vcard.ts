/**
 * Contacts to and from vCard: read 2.1 (vCard 2.1 spec, versit 1996), 3.0 (RFC 2425/2426) and
 * 4.0 (RFC 6350) as phones and address books export them; write 4.0 so a friend list can go
 * back into a phone or an address book.
 *
 * Files are read as bytes: vCard 2.1 lets every property name its own CHARSET (Shift_JIS from
 * Japanese phones, UTF-8, ...), often quoted-printable on top, so a file is not one text until
 * each value has been decoded. Browser-safe: TextDecoder does the charsets (full ICU in Node).
 */
import { sha256Hex } from '../../model/ids.js';
import type { Attachment, Contact, LabelledValue, StructuredName } from '../../model/types.js';

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

function decodeBase64(text: string): Uint8Array {
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
function unescapeText(text: string): string {
  return text.replace(/\\([nN,;:\\"])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Splits a structured value (N, ADR, ORG) at unescaped `sep`. */
function splitEscaped(text: string, sep: ';' | ','): string[] {
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

const MEDIA_TYPES: Record<string, string> = { JPEG: 'image/jpeg', JPG: 'image/jpeg', PNG: 'image/png', GIF: 'image/gif' };

export interface ContactsFromVCard {
  contacts: Contact[];
  /** Avatar bytes of the contacts, by SHA-256, for the archive's attachments/. */
  attachments: Map<string, Uint8Array>;
  /** Per property name, how many values Ferry's contact model has no place for (ADR, ORG, BDAY, ...). */
  dropped: Map<string, number>;
}

/** Lower-case kinds, without vCard 2.1's encoding words and Apple's "pref"-as-type duplicates. */
function typesOf(property: VCardProperty): string[] {
  // The schema's type tokens are lower-case words; a damaged parameter (a NUL, a stray quote) is left out, not kept broken.
  const types = (property.params.get('TYPE') ?? [])
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== 'internet' && t !== 'x400' && /^[a-z0-9][a-z0-9._-]*$/.test(t));
  if (property.params.has('PREF') && !types.includes('pref')) types.push('pref');
  return [...new Set(types)];
}

function telHandle(number: string): string {
  return number.startsWith('tel:') ? number : `tel:${number.replace(/\s+/g, '-')}`;
}

const KEPT = new Set(['FN', 'N', 'TEL', 'EMAIL', 'IMPP', 'X-JABBER', 'CATEGORIES', 'NOTE', 'PHOTO', 'UID', 'X-PHONETIC-FIRST-NAME', 'X-PHONETIC-LAST-NAME', 'SOUND', 'X-ABLABEL', 'PRODID', 'REV']);

/** Ferry contacts from a .vcf file. Ids: the card's UID when it has one, otherwise derived from its content. */
export function contactsFromVCard(file: Uint8Array): ContactsFromVCard {
  const attachments = new Map<string, Uint8Array>();
  const dropped = new Map<string, number>();
  const contacts: Contact[] = [];
  const usedIds = new Map<string, number>();
  for (const card of parseVCards(file)) {
    const labels = new Map<string, string>();
    for (const p of card.properties) if (p.name === 'X-ABLABEL' && p.group) labels.set(p.group, unescapeText(p.raw).replace(/^_\$!<(.*)>!\$_$/, '$1'));
    const handles: string[] = [];
    const phones: LabelledValue[] = [];
    const emails: LabelledValue[] = [];
    const groups: string[] = [];
    const name: StructuredName = {};
    let displayName = '';
    let notes: string | undefined;
    let uid: string | undefined;
    let avatar: Attachment | undefined;
    const labelled = (p: VCardProperty, value: string): LabelledValue => {
      const label = p.group ? labels.get(p.group) : undefined;
      return { value, types: typesOf(p), ...(label ? { label } : {}) };
    };
    for (const p of card.properties) {
      switch (p.name) {
        case 'FN':
          displayName = unescapeText(p.raw);
          break;
        case 'N': {
          const [family, given, additional, prefix, suffix] = splitEscaped(p.raw, ';');
          const parts = { family, given, additional, prefix, suffix };
          for (const [k, v] of Object.entries(parts)) if (v) name[k as keyof StructuredName] = v;
          const sortAs = p.params.get('SORT-AS')?.join(',');
          if (sortAs) {
            const [pf, pg] = splitEscaped(sortAs, ';');
            if (pf) name.phoneticFamily = pf;
            if (pg) name.phoneticGiven = pg;
          }
          break;
        }
        case 'SOUND':
          // AOSP and Japanese phones keep the name's reading as SOUND;X-IRMC-N:family;given.
          if (p.params.get('TYPE')?.some((t) => t.toUpperCase() === 'X-IRMC-N')) {
            const [pf, pg] = splitEscaped(p.raw, ';');
            if (pf) name.phoneticFamily = pf;
            if (pg) name.phoneticGiven = pg;
          } else dropped.set('SOUND', (dropped.get('SOUND') ?? 0) + 1);
          break;
        case 'X-PHONETIC-FIRST-NAME':
          name.phoneticGiven = unescapeText(p.raw);
          break;
        case 'X-PHONETIC-LAST-NAME':
          name.phoneticFamily = unescapeText(p.raw);
          break;
        case 'TEL': {
          const value = unescapeText(p.raw).trim();
          if (!value) break;
          const number = value.startsWith('tel:') ? value.slice(4) : value;
          phones.push(labelled(p, number));
          handles.push(telHandle(value));
          break;
        }
        case 'EMAIL': {
          const value = unescapeText(p.raw).trim();
          if (!value) break;
          emails.push(labelled(p, value));
          handles.push(`mailto:${value}`);
          break;
        }
        case 'IMPP':
          if (p.raw.trim()) handles.push(unescapeText(p.raw).trim());
          break;
        case 'X-JABBER':
          if (p.raw.trim()) handles.push(`xmpp:${unescapeText(p.raw).trim()}`);
          break;
        case 'CATEGORIES':
          groups.push(...splitEscaped(p.raw, ',').filter((g) => g !== ''));
          break;
        case 'NOTE':
          notes = unescapeText(p.raw);
          break;
        case 'UID':
          uid = unescapeText(p.raw).trim() || undefined;
          break;
        case 'PHOTO': {
          const data = p.bytes ?? (/^data:([^;,]+)?(;base64)?,/.exec(p.raw) ? decodeBase64(p.raw.slice(p.raw.indexOf(',') + 1)) : undefined);
          const type = p.params.get('TYPE')?.[0]?.toUpperCase();
          const mediaType = /^data:([^;,]+)/.exec(p.raw)?.[1] ?? (type && MEDIA_TYPES[type]) ?? p.params.get('MEDIATYPE')?.[0] ?? 'application/octet-stream';
          if (data) {
            const sha256 = sha256Hex(data);
            attachments.set(sha256, data);
            avatar = { mediaType, size: data.length, sha256, path: `attachments/${sha256}` };
          } else if (p.raw.trim()) {
            avatar = { mediaType, notIncluded: { reason: 'not-downloaded', detail: p.raw.trim() } };
          }
          break;
        }
        default:
          if (!KEPT.has(p.name)) dropped.set(p.name, (dropped.get(p.name) ?? 0) + 1);
      }
    }
    if (!displayName) displayName = [name.prefix, name.given, name.additional, name.family, name.suffix].filter(Boolean).join(' ');
    const base = uid ?? `vcard:${sha256Hex(new TextEncoder().encode(JSON.stringify([displayName, name, handles]))).slice(0, 32)}`;
    // Two identical cards in one file are two entries the person made; keep both, distinctly.
    const repeat = usedIds.get(base) ?? 0;
    usedIds.set(base, repeat + 1);
    const contact: Contact = {
      id: repeat === 0 ? base : `${base}#${repeat + 1}`,
      displayName,
      ...(Object.keys(name).length ? { name } : {}),
      handles: [...new Set(handles)].filter((h) => /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(h)),
      ...(phones.length ? { phones } : {}),
      ...(emails.length ? { emails } : {}),
      ...(avatar ? { avatar } : {}),
      groups: [...new Set(groups)],
      ...(notes !== undefined ? { notes } : {}),
      ...(uid ? { sourceIds: { 'vcard-uid': uid } } : {}),
    };
    contacts.push(contact);
  }
  return { contacts, attachments, dropped };
}

// ---------------------------------------------------------------------------
// Writing (RFC 6350)

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r?\n/g, '\\n');
}

/** RFC 6350 3.2: lines longer than 75 octets are folded; never inside a UTF-8 sequence. */
function fold(line: string): string {
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

function base64(bytes: Uint8Array): string {
  const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += table[(n >> 18) & 63]! + table[(n >> 12) & 63]! + (i + 1 < bytes.length ? table[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? table[n & 63]! : '=');
  }
  return out;
}

export interface VCardOutput {
  text: string;
  /** What had no place in vCard 4.0 (per contact field), for the person's report and fidelity.json. */
  dropped: { item: string; count: number; reason: string }[];
}

/** vCard 4.0 for each contact, CRLF line ends, UTF-8. `attachments` supplies avatar bytes when the archive has them. */
export function contactsToVCard(contacts: Contact[], attachments: Map<string, Uint8Array> = new Map()): VCardOutput {
  const lines: string[] = [];
  let favourites = 0;
  let blocked = 0;
  let missingAvatars = 0;
  for (const c of contacts) {
    const card = ['BEGIN:VCARD', 'VERSION:4.0', `UID:${escapeText(c.id)}`, `FN:${escapeText(c.displayName || c.handles[0] || '')}`];
    const n = c.name;
    if (n) {
      card.push(`N:${[n.family, n.given, n.additional, n.prefix, n.suffix].map((v) => escapeText(v ?? '')).join(';')}`);
      // Apple's and Google's spelling of the reading; RFC 6350 has none of its own for N's parts.
      if (n.phoneticGiven) card.push(`X-PHONETIC-FIRST-NAME:${escapeText(n.phoneticGiven)}`);
      if (n.phoneticFamily) card.push(`X-PHONETIC-LAST-NAME:${escapeText(n.phoneticFamily)}`);
    }
    let item = 0;
    const labelled = (prop: string, v: LabelledValue) => {
      const types = v.types.filter((t) => t !== 'pref');
      const params = `${types.length ? `;TYPE=${types.join(',')}` : ''}${v.types.includes('pref') ? ';PREF=1' : ''}`;
      if (v.label) {
        item++;
        card.push(`item${item}.${prop}${params}:${escapeText(v.value)}`, `item${item}.X-ABLabel:${escapeText(v.label)}`);
      } else card.push(`${prop}${params}:${escapeText(v.value)}`);
    };
    for (const p of c.phones ?? []) labelled('TEL', p);
    for (const e of c.emails ?? []) labelled('EMAIL', e);
    const derived = new Set([...(c.phones ?? []).map((p) => telHandle(p.value)), ...(c.emails ?? []).map((e) => `mailto:${e.value}`)]);
    for (const h of c.handles) {
      if (derived.has(h)) continue;
      if (h.startsWith('tel:')) card.push(`TEL;VALUE=uri:${h}`);
      else if (h.startsWith('mailto:')) card.push(`EMAIL:${escapeText(h.slice(7))}`);
      else card.push(`IMPP:${h}`);
    }
    if (c.groups.length) card.push(`CATEGORIES:${c.groups.map(escapeText).join(',')}`);
    if (c.notes !== undefined) card.push(`NOTE:${escapeText(c.notes)}`);
    if (c.avatar) {
      const bytes = c.avatar.sha256 ? attachments.get(c.avatar.sha256) : undefined;
      if (bytes) card.push(`PHOTO:data:${c.avatar.mediaType};base64,${base64(bytes)}`);
      else missingAvatars++;
    }
    if (c.favourite) favourites++;
    if (c.blocked) blocked++;
    card.push('END:VCARD');
    lines.push(...card.map(fold));
  }
  const dropped = [
    { item: 'contact.favourite', count: favourites, reason: 'vCard has no standard property for favourites.' },
    { item: 'contact.blocked', count: blocked, reason: 'vCard has no property for blocked contacts.' },
    { item: 'contact.avatar', count: missingAvatars, reason: 'the picture is not in the archive.' },
  ].filter((d) => d.count > 0);
  return { text: lines.length ? lines.join('\r\n') + '\r\n' : '', dropped };
}
