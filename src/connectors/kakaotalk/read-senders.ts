/** Who wrote: KakaoTalk prints names, and marks the exporting user only in some layouts and languages. */
import { SERVICE } from './read-headers.js';

/** Names KakaoTalk prints for the exporting user ("회원님" on Korean phones, "you"/"You" in English). */
export const ME_MARKERS = new Set(['회원님', 'you', 'You']);

/** `kakaotalk:` + the name as printed; whitespace and % are percent-encoded so the handle stays a URI. */
export function kakaoHandle(name: string): string {
  return `${SERVICE}:${name.replace(/[%\s]/gu, (c) => encodeURIComponent(c))}`;
}
