/** Who wrote: LINE prints every name, the user's own too, and a stand-in for members who have left. */
import { SERVICE } from './read-headers.js';

/** Names LINE prints for members who have left. */
export const UNKNOWN_NAMES = new Set(['Unknown', 'Unbekannt', '不明', '未知', '알 수 없음', '알수없음']);

/** `line:` + the name as printed (whitespace and % percent-encoded); `line:unnamed` when LINE printed no name. */
export function lineHandle(name: string): string {
  if (name.trim() === '') return `${SERVICE}:unnamed`;
  return `${SERVICE}:${name.replace(/[%\s]/gu, (c) => encodeURIComponent(c))}`;
}
