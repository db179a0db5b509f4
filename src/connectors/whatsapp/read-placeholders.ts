/**
 * What a WhatsApp message body means: text, or one of the placeholders WhatsApp prints (media
 * omitted or attached, deleted, edited, calls, locations, polls), or a notice.
 *
 * Fast path first: a body that starts with none of the marker characters (U+200E, "<", a known
 * first letter) and ends without ">" is plain text, decided without any regular expression.
 */
import type { MessageKind } from '../../model/types.js';
import { ATTACHED, CALL_START, CALLS, DELETED, EDITED, endsOmitted, FILE_ATTACHED, FILE_ATTACHED_LOCALE, FOURSQUARE, GROUP_EVENT, IOS_OMITTED, LOCATION, LOCATION_LOCALE, MARKS, MEDIA_OMITTED, NOUN_TYPES, OPTION, POLL, POLL_LOCALE, SHORT_PHRASES } from './phrases.js';
import { localeOfSystem } from './read-system.js';

export interface PendingAttachment {
  fileName?: string;
  mediaType: string;
  /** True when WhatsApp says it left the file out (not just "the file is elsewhere"). */
  omitted: boolean;
}

export interface Classified {
  kind: MessageKind;
  text: string;
  attachments: PendingAttachment[];
  call?: { durationSeconds?: number; video?: boolean; outcome?: 'answered' | 'missed' | 'declined' | 'cancelled' };
  poll?: { question: string; options: { text: string; votes?: number }[] };
  location?: { latitude: number; longitude: number; name?: string };
  edited?: boolean;
  /** A group notice ("created group", "added"): the chat is a group. */
  groupEvent?: boolean;
  /** The locale a localised phrase in this message belongs to. */
  locale?: string;
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

function restLines(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? '' : text.slice(nl + 1);
}

function durationSeconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /(\d+)\s*(sec|s|min|hr|h|Std|Min|Sek)/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  return unit.startsWith('h') || unit === 'std' ? n * 3600 : unit.startsWith('m') ? n * 60 : n;
}

/**
 * What one message body is. `noSender`: the line had no "Name: " (a notice from WhatsApp).
 * Text keeps what the person wrote (captions, document titles); WhatsApp's own placeholders and
 * direction marks are taken out of it.
 */
export function classifyBody(raw: string, noSender: boolean): Classified {
  const lead = raw.charCodeAt(0);
  const newline = raw.indexOf('\n');
  const last = raw.charCodeAt((newline < 0 ? raw.length : newline) - 1);
  // Fast path: ordinary text, told apart with a few string checks and no regular expression
  // over the text: no direction mark, no "<…>" or "(…)" placeholder, no "label: https://" link,
  // no "POLL:" head, and not one of the short fixed phrases (deleted, missed call).
  if (!noSender && lead !== 0x3c && last !== 0x3e && last !== 0x29 && last !== 0x3a && raw.indexOf('\u200e') < 0 && raw.indexOf('\u200f') < 0) {
    const head = newline < 0 ? raw : raw.slice(0, newline);
    if (head.indexOf('://') < 0 && !endsOmitted(head) && !(head.length <= 48 && (SHORT_PHRASES.has(head) || CALL_START.test(head)))) return plainText(raw);
  }
  let text = raw;
  let edited = false;
  const editMatch = raw.charCodeAt(raw.length - 1) === 0x3e ? EDITED.exec(text) : null;
  if (editMatch) {
    edited = true;
    text = text.slice(0, editMatch.index);
  }
  const marked = lead === 0x200e || lead === 0x200f;
  const bare = text.replace(MARKS, '');
  const head = firstLine(bare);
  const base = { edited, attachments: [] as PendingAttachment[] };

  if (noSender) {
    return { ...base, kind: 'system', text: bare, groupEvent: GROUP_EVENT.test(bare), ...localeOfSystem(bare) };
  }
  const headTrim = head.replace(/[.\u200e\u200f]+$/, '').replace(MARKS, '');
  if (DELETED[headTrim] && !restLines(bare)) return { ...base, kind: 'deleted', text: headTrim, locale: DELETED[headTrim] };

  const omitted = MEDIA_OMITTED[head.trim()];
  if (omitted) {
    return { ...base, kind: 'media', text: restLines(bare), attachments: [{ mediaType: 'application/octet-stream', omitted: true }], locale: omitted };
  }
  // iOS: "[title ]‎image omitted" (a document keeps its title in front).
  for (const [pattern, locale] of marked || head.indexOf('\u200e') >= 0 || head.indexOf('\u200f') >= 0 || endsOmitted(head) ? IOS_OMITTED : []) {
    const lrm = head.lastIndexOf('\u200e') >= 0 ? head.lastIndexOf('\u200e') : head.lastIndexOf('\u200f');
    const tail = lrm >= 0 ? head.slice(lrm + 1) : head;
    const m = pattern.exec(tail.trim());
    if (!m) continue;
    const noun = (m[1] ?? m[2] ?? '').toLowerCase();
    const mediaType = NOUN_TYPES[noun] ?? 'application/octet-stream';
    const title = (lrm >= 0 ? head.slice(0, lrm) : '').replace(/[\u200e\u200f]/g, '').trim();
    const rest = restLines(bare);
    const kind: MessageKind = mediaType === 'image/webp' ? 'sticker' : 'media';
    return { ...base, kind, text: [title, rest].filter(Boolean).join('\n'), attachments: [{ mediaType: mediaType.endsWith('/*') ? 'application/octet-stream' : mediaType, omitted: true }], locale };
  }
  const attached = head.indexOf('<') >= 0 ? ATTACHED.exec(head) : null;
  if (attached) {
    const fileName = attached[1]!.trim();
    const title = head.slice(0, attached.index).replace(/[\u200e\u200f]/g, '').trim();
    const kind: MessageKind = /STICKER|^STK-/.test(fileName) ? 'sticker' : 'media';
    return { ...base, kind, text: [title, restLines(bare)].filter(Boolean).join('\n'), attachments: [{ fileName, mediaType: 'application/octet-stream', omitted: false }] };
  }
  const fileAttached = head.charCodeAt(head.length - 1) === 0x29 ? FILE_ATTACHED.exec(head) : null;
  if (fileAttached) {
    const fileName = fileAttached[1]!.trim();
    const phrase = /\(([^)]*)\)$/.exec(head)![1]!;
    const kind: MessageKind = /^STK-/.test(fileName) ? 'sticker' : 'media';
    return { ...base, kind, text: restLines(bare), attachments: [{ fileName, mediaType: 'application/octet-stream', omitted: false }], locale: FILE_ATTACHED_LOCALE[phrase] };
  }
  const location = bare.indexOf('maps.google.com') >= 0 ? LOCATION.exec(bare) : null;
  if (location) {
    return { ...base, kind: 'location', text: bare.trim(), location: { latitude: Number(location[2]), longitude: Number(location[3]) }, locale: LOCATION_LOCALE[location[1]!] };
  }
  const poll = head.trimEnd().endsWith(':') ? POLL.exec(head.trim()) : null;
  if (poll) {
    const lines = bare.split('\n').slice(1);
    const question: string[] = [];
    const options: { text: string; votes?: number }[] = [];
    for (const line of lines) {
      const option = OPTION.exec(line);
      if (option) options.push({ text: option[1]!, ...(option[2] !== undefined ? { votes: Number(option[2]) } : {}) });
      else if (options.length === 0) question.push(line);
      else options[options.length - 1]!.text += `\n${line}`;
    }
    if (options.length > 0) {
      const q = question.join('\n');
      return { ...base, kind: 'poll', text: q, poll: { question: q, options }, locale: POLL_LOCALE[poll[1]!] };
    }
  }
  for (const [pattern, call, locale] of CALL_START.test(headTrim) ? CALLS : []) {
    const m = pattern.exec(headTrim);
    if (!m || restLines(bare)) continue;
    const seconds = durationSeconds(m[1]);
    return { ...base, kind: 'call', text: headTrim, call: { ...call, ...(seconds !== undefined ? { durationSeconds: seconds } : {}) }, locale };
  }
  // A shared place without coordinates ("Name (address): https://foursquare.com/v/…"): text with its link.
  if (head.indexOf('foursquare.com') >= 0 && FOURSQUARE.test(head)) return { ...base, kind: 'text', text: bare };
  // iOS writes WhatsApp's own notices under a name, with a mark in front of the text.
  if (marked) return { ...base, kind: 'system', text: bare, groupEvent: GROUP_EVENT.test(bare), ...localeOfSystem(bare) };
  return { ...base, kind: 'text', text: edited ? text : raw };
}

/** Plain text: one object shape for all of them, so the caller's property reads stay monomorphic. */
function plainText(text: string): Classified {
  return { kind: 'text', text, attachments: NO_ATTACHMENTS };
}
const NO_ATTACHMENTS: PendingAttachment[] = [];
