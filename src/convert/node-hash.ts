/** Node only: node:crypto's SHA-256 for content ids, the same ids as the browser-safe default and several times faster. */
import { createHash } from 'node:crypto';

export const nodeSha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
