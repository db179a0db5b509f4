/** WhatsApp's own notices: which locale a notice's wording belongs to, and the Korean marker. */
import { LOCALE_SYSTEM } from './phrases.js';

export function localeOfSystem(text: string): { locale?: string } {
  for (const [pattern, locale] of LOCALE_SYSTEM) if (pattern.test(text)) return { locale };
  return {};
}

export const LOCALE_MARKERS = {
  /** 오전/오후 in the bytes: a Korean export even when no other phrase says so. */
  hasKorean(bytes: Uint8Array): boolean {
    const limit = Math.min(bytes.length, 4096);
    for (let i = 0; i + 5 < limit; i++) if (bytes[i] === 0xec && bytes[i + 1] === 0x98 && bytes[i + 2] === 0xa4 && (bytes[i + 3] === 0xec || bytes[i + 3] === 0xed)) return true;
    return false;
  },
};
