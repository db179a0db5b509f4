/**
 * What a WhatsApp message body means: text, or one of the placeholders WhatsApp prints (media
 * omitted or attached, deleted, edited, calls, locations, polls), or a notice, in any language
 * of phrases.ts. Structure decides where it can, so an unknown language still reads: a Google
 * Maps link after a label is a location whatever the label says, "<label: 00000012-PHOTO-….jpg>"
 * and "IMG-20240301-WA0002.jpg (words)" are attached files, and a poll is its label line with
 * "LABEL: option (n votes)" lines under it.
 *
 * Fast path first: ordinary text is told apart with a few string checks and one Set lookup, no
 * regular expression over the text.
 */
import type { MessageKind } from '../../model/types.js';
import { OMITTED_TYPES, PHRASES } from './phrases.js';
import { isGroupEvent, isKnownNotice, noticeLocale, withoutMarks } from './read-system.js';

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

// ---------------------------------------------------------------------------------------------
// Lookups built once from the tables

type Kind = keyof typeof OMITTED_TYPES;
const MEDIA_OMITTED = new Map<string, string>();
const OMITTED = new Map<string, { kind: Kind; locale: string }>();
/** Omitted phrases by their last character, for "Title • 3 pages document omitted" without marks. */
const OMITTED_BY_LAST = new Map<number, string[]>();
const FILE_ATTACHED = new Map<string, string>();
const ATTACHED = new Map<string, string>();
const DELETED = new Map<string, string>();
const EDITED = new Map<string, string>();
const MISSED = new Map<string, { video: boolean; locale: string }>();
const ANSWERED = new Map<string, { video: boolean; locale: string }>();
const LOCATION = new Map<string, string>();
const POLL = new Map<string, string>();
const OPTION = new Set<string>();
/** Exact short bodies the fast path must not take for text. */
const SHORT = new Set<string>();
/** First and last character of every SHORT phrase, so most text needs no Set lookup at all. */
const SHORT_ENDS = new Set<number>();
/** Document phrases by last character, both cases: "Title document omitted" must leave the fast path. */
const DOCUMENT_BY_LAST = new Map<number, string[]>();
/** First characters of answered-call labels ("Voice call, 12 min"). */
const ANSWERED_FIRST = new Set<number>();

const ends = (text: string) => text.charCodeAt(0) * 65536 + text.charCodeAt(text.length - 1);

for (const [locale, p] of Object.entries(PHRASES)) {
  for (const s of p.mediaOmitted ?? []) MEDIA_OMITTED.set(s.toLowerCase(), locale);
  for (const kind of Object.keys(OMITTED_TYPES) as Kind[]) {
    for (const s of p[kind] ?? []) {
      const key = s.toLowerCase();
      if (!OMITTED.has(key)) OMITTED.set(key, { kind, locale });
      const last = key.charCodeAt(key.length - 1);
      if (!OMITTED_BY_LAST.has(last)) OMITTED_BY_LAST.set(last, []);
      OMITTED_BY_LAST.get(last)!.push(key);
      SHORT.add(s);
      SHORT.add(key);
      if (kind === 'document') {
        for (const v of new Set([s, key, s[0]!.toUpperCase() + s.slice(1)])) {
          const c = v.charCodeAt(v.length - 1);
          if (!DOCUMENT_BY_LAST.has(c)) DOCUMENT_BY_LAST.set(c, []);
          DOCUMENT_BY_LAST.get(c)!.push(` ${v}`);
        }
      }
    }
  }
  for (const s of p.fileAttached ?? []) FILE_ATTACHED.set(s, locale);
  for (const s of p.attached ?? []) ATTACHED.set(s, locale);
  for (const s of p.deleted ?? []) {
    if (!DELETED.has(s)) DELETED.set(s, locale);
    for (const v of [s, `${s}.`, `${s}。`]) SHORT.add(v);
  }
  for (const s of p.edited ?? []) EDITED.set(s, locale);
  for (const s of p.missedVoice ?? []) MISSED.set(s, { video: false, locale });
  for (const s of p.missedVideo ?? []) MISSED.set(s, { video: true, locale });
  for (const s of p.voiceCall ?? []) ANSWERED.set(s, { video: false, locale });
  for (const s of p.videoCall ?? []) ANSWERED.set(s, { video: true, locale });
  for (const s of [...(p.voiceCall ?? []), ...(p.videoCall ?? [])]) ANSWERED_FIRST.add(s.charCodeAt(0));
  for (const s of [...(p.missedVoice ?? []), ...(p.missedVideo ?? []), ...(p.voiceCall ?? []), ...(p.videoCall ?? [])]) for (const v of [s, `${s}.`]) SHORT.add(v);
  for (const s of p.location ?? []) LOCATION.set(s, locale);
  for (const s of p.poll ?? []) POLL.set(s, locale);
  for (const s of p.option ?? []) OPTION.add(s);
}

for (const phrase of SHORT) SHORT_ENDS.add(ends(phrase));

const LEADING_MARKS = /^[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]+/;
const TRAILING = /[\s\u200e\u200f.。]+$/;

function isMark(code: number): boolean {
  return code === 0x200e || code === 0x200f || code === 0x061c || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;
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

/** "Title • 3 pages document omitted" or "image omitted", marks already taken out: the phrase's kind and the title before it. */
function omittedIn(head: string): { kind: Kind; locale: string; title: string } | undefined {
  const lower = head.toLowerCase();
  const exact = OMITTED.get(lower);
  if (exact) return { ...exact, title: '' };
  const candidates = OMITTED_BY_LAST.get(lower.charCodeAt(lower.length - 1));
  if (!candidates) return undefined;
  for (const phrase of candidates) {
    if (lower.length > phrase.length && lower.endsWith(phrase) && lower.charCodeAt(lower.length - phrase.length - 1) === 0x20) {
      const found = OMITTED.get(phrase)!;
      return { ...found, title: head.slice(0, head.length - phrase.length).trim() };
    }
  }
  return undefined;
}

/** WhatsApp's own names for media files: Android "IMG-20240301-WA0002.jpg", iOS "00000035-PHOTO-….jpg". */
const WHATSAPP_FILE = /^(?:(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4}|\d{8}-[^<>]+)\.[A-Za-z0-9]{1,5}$/;
/** "<attached: FILE>" at the end of the first line, in any language: the label and the file. */
const ATTACHED_AT_END = /<([^<>:]{1,40}): ([^<>]+)>$/;
/** "FILE (words)" on Android: the file and the words. */
const FILE_THEN_WORDS = /^(.+?\.[A-Za-z0-9]{1,5}) \(([^()]{1,60})\)$/;
/** A Google Maps pin after any label. */
const MAPS = /^([^\n:]{1,60}): https:\/\/maps\.google\.com\/\?q=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/;
const FOURSQUARE = /: https:\/\/foursquare\.com\/v\/\S+$/;
/** A poll option: "LABEL: text (n votes)". */
const OPTION_LINE = /^[\u200e\u200f]*([^\s:]{1,20}): (.*?)(?: \((\d+) [^()]*\))?$/;

/** Plain text: one object shape for all of them, so the caller's property reads stay monomorphic. */
function plainText(text: string): Classified {
  return { kind: 'text', text, attachments: NO_ATTACHMENTS };
}
const NO_ATTACHMENTS: PendingAttachment[] = [];

/** Cheap checks, no allocation: could this first line be one of WhatsApp's placeholders? */
function mayBePlaceholder(head: string): boolean {
  if (head.indexOf('://') >= 0) return true;
  if (head.length > 80) return false;
  if (SHORT_ENDS.has(ends(head)) && SHORT.has(head)) return true;
  if (ANSWERED_FIRST.has(head.charCodeAt(0))) {
    const comma = head.indexOf(', ');
    if (comma > 0 && ANSWERED.has(head.slice(0, comma))) return true;
  }
  const documents = DOCUMENT_BY_LAST.get(head.charCodeAt(head.length - 1));
  if (documents) for (const d of documents) if (head.length > d.length && head.endsWith(d)) return true;
  return false;
}

/**
 * What one message body is. `noSender`: the line had no "Name: " (a notice from WhatsApp).
 * `namedNotices`: the layout writes WhatsApp's notices under a name (iOS), so a known notice
 * after a mark is one; on Android every line with a name is that person's.
 * Text keeps what the person wrote (captions, document titles); WhatsApp's own placeholders and
 * the direction marks it puts in front of a body are taken out of it.
 */
export function classifyBody(raw: string, noSender: boolean, namedNotices = true): Classified {
  const lead = raw.charCodeAt(0);
  const newline = raw.indexOf('\n');
  const last = raw.charCodeAt((newline < 0 ? raw.length : newline) - 1);
  // The edit marker ends the whole body, which may have more lines than the first.
  if (!noSender && lead !== 0x3c && last !== 0x3e && last !== 0x29 && last !== 0x3a && raw.charCodeAt(raw.length - 1) !== 0x3e && raw.indexOf('\u200e') < 0 && raw.indexOf('\u200f') < 0) {
    if (!mayBePlaceholder(newline < 0 ? raw : raw.slice(0, newline))) return plainText(raw);
  }
  let text = raw;
  let edited = false;
  let locale: string | undefined;
  if (raw.charCodeAt(raw.length - 1) === 0x3e) {
    const open = raw.lastIndexOf('<');
    const phrase = open >= 0 ? EDITED.get(raw.slice(open + 1, -1)) : undefined;
    if (phrase) {
      edited = true;
      locale = phrase;
      text = raw.slice(0, open).replace(/[\s\u200e\u200f]+$/, '');
    }
  }
  const marked = isMark(lead);
  const bare = text.replace(LEADING_MARKS, '');
  const head = firstLine(bare);
  const rest = restLines(bare);
  const base = { edited, attachments: [] as PendingAttachment[], ...(locale ? { locale } : {}) };

  if (noSender) {
    const clean = withoutMarks(bare);
    const noticeIn = noticeLocale(clean);
    return { ...base, kind: 'system', text: bare, groupEvent: isGroupEvent(clean), ...(noticeIn ? { locale: noticeIn } : {}) };
  }
  const plainHead = withoutMarks(head).trim();
  const headTrim = plainHead.replace(TRAILING, '');

  const deleted = rest ? undefined : DELETED.get(headTrim);
  if (deleted) return { ...base, kind: 'deleted', text: headTrim, locale: deleted };

  const omitted = MEDIA_OMITTED.get(plainHead.toLowerCase());
  if (omitted) return { ...base, kind: 'media', text: rest, attachments: [{ mediaType: 'application/octet-stream', omitted: true }], locale: omitted };

  // iOS "image omitted" (a document keeps its title in front, often after its own mark).
  const markAt = Math.max(head.lastIndexOf('\u200e'), head.lastIndexOf('\u200f'));
  const afterMark = markAt >= 0 ? head.slice(markAt + 1).trim() : '';
  const ios = afterMark ? (OMITTED.has(afterMark.toLowerCase()) ? { ...OMITTED.get(afterMark.toLowerCase())!, title: withoutMarks(head.slice(0, markAt)).trim() } : undefined) : undefined;
  const found = ios ?? omittedIn(plainHead);
  if (found) {
    const kind: MessageKind = found.kind === 'sticker' ? 'sticker' : 'media';
    return { ...base, kind, text: [found.title, rest].filter(Boolean).join('\n'), attachments: [{ mediaType: OMITTED_TYPES[found.kind], omitted: true }], locale: found.locale };
  }

  const attached = head.charCodeAt(head.length - 1) === 0x3e ? ATTACHED_AT_END.exec(head) : null;
  if (attached && (ATTACHED.has(attached[1]!.trim()) || WHATSAPP_FILE.test(attached[2]!.trim()))) {
    const fileName = attached[2]!.trim();
    const title = withoutMarks(head.slice(0, attached.index)).trim();
    const kind: MessageKind = /STICKER|^STK-/.test(fileName) ? 'sticker' : 'media';
    const where = ATTACHED.get(attached[1]!.trim());
    return { ...base, kind, text: [title, rest].filter(Boolean).join('\n'), attachments: [{ fileName, mediaType: 'application/octet-stream', omitted: false }], ...(where ? { locale: where } : {}) };
  }
  const fileThen = plainHead.charCodeAt(plainHead.length - 1) === 0x29 ? FILE_THEN_WORDS.exec(plainHead) : null;
  if (fileThen && (FILE_ATTACHED.has(fileThen[2]!) || WHATSAPP_FILE.test(fileThen[1]!))) {
    const fileName = fileThen[1]!.trim();
    const kind: MessageKind = /STICKER|^STK-/.test(fileName) ? 'sticker' : 'media';
    const where = FILE_ATTACHED.get(fileThen[2]!);
    return { ...base, kind, text: rest, attachments: [{ fileName, mediaType: 'application/octet-stream', omitted: false }], ...(where ? { locale: where } : {}) };
  }

  const maps = bare.indexOf('maps.google.com') >= 0 ? MAPS.exec(withoutMarks(bare)) : null;
  if (maps) {
    const where = LOCATION.get(maps[1]!.trim());
    return { ...base, kind: 'location', text: withoutMarks(bare).trim(), location: { latitude: Number(maps[2]), longitude: Number(maps[3]) }, ...(where ? { locale: where } : {}) };
  }

  if (plainHead.endsWith(':') && rest) {
    const poll = pollOf(plainHead.slice(0, -1), rest);
    if (poll) return { ...base, kind: 'poll', text: poll.poll.question, poll: poll.poll, ...(poll.locale ? { locale: poll.locale } : {}) };
  }

  if (!rest) {
    const missed = MISSED.get(headTrim);
    if (missed) return { ...base, kind: 'call', text: headTrim, call: { video: missed.video, outcome: 'missed' }, locale: missed.locale };
    const comma = headTrim.indexOf(', ');
    const answered = ANSWERED.get(comma > 0 ? headTrim.slice(0, comma) : headTrim);
    if (answered) {
      const seconds = durationSeconds(comma > 0 ? headTrim.slice(comma + 2) : undefined);
      return { ...base, kind: 'call', text: headTrim, call: { video: answered.video, outcome: 'answered', ...(seconds !== undefined ? { durationSeconds: seconds } : {}) }, locale: answered.locale };
    }
  }
  // A shared place without coordinates ("Name (address): https://foursquare.com/v/…"): text with its link.
  if (head.indexOf('foursquare.com') >= 0 && FOURSQUARE.test(head)) return { ...base, kind: 'text', text: bare };
  // iOS writes WhatsApp's own notices under a name, after a mark; only a known wording makes one.
  if (namedNotices && (marked || head.indexOf('\u200e') >= 0)) {
    const clean = withoutMarks(bare);
    if (isKnownNotice(clean)) {
      const noticeIn = noticeLocale(clean);
      return { ...base, kind: 'system', text: bare, groupEvent: isGroupEvent(clean), ...(noticeIn ? { locale: noticeIn } : {}) };
    }
  }
  return { ...base, kind: 'text', text: marked ? bare : text };
}

/**
 * A poll: "POLL:" (any upper-case word, or a known label in scripts without case), the question,
 * then lines "OPTION: text (n votes)" with one label. Anything else is text.
 */
function pollOf(label: string, rest: string): { poll: NonNullable<Classified['poll']>; locale?: string } | undefined {
  const locale = POLL.get(label);
  if (!locale && (label !== label.toUpperCase() || label === label.toLowerCase() || label.length > 20 || /\s/.test(label))) return undefined;
  const question: string[] = [];
  const options: { text: string; votes?: number }[] = [];
  let optionLabel: string | undefined;
  for (const line of rest.split('\n')) {
    const option = OPTION_LINE.exec(line);
    if (option && (optionLabel === undefined ? OPTION.has(option[1]!) || (option[1] === option[1]!.toUpperCase() && option[3] !== undefined) : option[1] === optionLabel)) {
      optionLabel = option[1]!;
      options.push({ text: option[2]!, ...(option[3] !== undefined ? { votes: Number(option[3]) } : {}) });
    } else if (options.length === 0) question.push(line);
    else options[options.length - 1]!.text += `\n${line}`;
  }
  // A known label may have an empty question; an unknown upper-case word needs one, or it is someone's list.
  if (options.length === 0 || (!locale && question.length === 0)) return undefined;
  const q = question.join('\n');
  return { poll: { question: q, options }, ...(locale ? { locale } : {}) };
}
