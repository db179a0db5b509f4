/** Node only: node:crypto's SHA-256 for content ids, the same ids as the browser-safe default and several times faster. */
import * as crypto from 'node:crypto';

/** crypto.hash (Node 20.12+, one call, no Hash object) when there is one; createHash otherwise. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export const nodeSha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
