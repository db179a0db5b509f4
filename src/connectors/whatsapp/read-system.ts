/**
 * WhatsApp's own notices. On Android they have no "Name: " and are notices whatever they say;
 * on iOS they stand under the chat's or group's name after U+200E, so there only a known
 * wording (the encryption notice, a changed security code, a group event) makes a line a
 * notice, and every other line with a name is that person's message.
 */
import { PHRASES } from './phrases.js';

const MARKS_ANYWHERE = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]/g;

const ENCRYPTED: [string, string][] = [];
const SECURITY: [RegExp, string][] = [];
const GROUP: [string, string][] = [];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
for (const [locale, p] of Object.entries(PHRASES)) {
  for (const e of p.encrypted ?? []) ENCRYPTED.push([e, locale]);
  for (const [before, after] of p.securityCode ?? []) SECURITY.push([new RegExp(`^${escape(before)}.+${escape(after)}`), locale]);
  for (const g of p.groupNotices ?? []) GROUP.push([g, locale]);
}

/** The notice without direction marks, which iOS also puts inside it ("… changed. ‎Tap to learn more."). */
export function withoutMarks(text: string): string {
  return text.replace(MARKS_ANYWHERE, '');
}

/** The locale of the encryption notice or a changed security code, when it is one. */
export function noticeLocale(text: string): string | undefined {
  for (const [start, locale] of ENCRYPTED) if (text.startsWith(start)) return locale;
  for (const [pattern, locale] of SECURITY) if (pattern.test(text)) return locale;
  return undefined;
}

const LETTER = /\p{L}/u;
/** Scripts written with spaces between words, where "left" must not match inside "lefta". */
const SPACED = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Hangul}]/u;

/** A group event ("created group", "added", "left") in any language of the tables, as whole words. */
export function isGroupEvent(text: string): boolean {
  for (const [words] of GROUP) {
    for (let at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) {
      if (!SPACED.test(words)) return true;
      const before = at > 0 ? text[at - 1]! : ' ';
      const after = at + words.length < text.length ? text[at + words.length]! : ' ';
      if (!LETTER.test(before) && !LETTER.test(after)) return true;
    }
  }
  return false;
}

/** True when an authored, marked iOS body is one of WhatsApp's notices (text without marks). */
export function isKnownNotice(text: string): boolean {
  return noticeLocale(text) !== undefined || isGroupEvent(text);
}

export const LOCALE_MARKERS = {
  /** 오전/오후 in the bytes: a Korean export even when no other phrase says so. */
  hasKorean(bytes: Uint8Array): boolean {
    const limit = Math.min(bytes.length, 4096);
    for (let i = 0; i + 5 < limit; i++) if (bytes[i] === 0xec && bytes[i + 1] === 0x98 && bytes[i + 2] === 0xa4 && (bytes[i + 3] === 0xec || bytes[i + 3] === 0xed)) return true;
    return false;
  },
};
