/**
 * Meta writes every string's UTF-8 bytes as if each byte were a Latin-1 character
 * (`\u00c3\u00a9` for "é", four characters for one emoji), so every string is repaired on read.
 */
import { isRecord } from '../kit/json-input.js';

type Json = Record<string, unknown>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Meta's mojibake undone: a string whose characters are all below U+0100 and whose code points,
 * taken as bytes, are valid UTF-8 is decoded as UTF-8. Anything else (already correct text, or
 * real Latin-1 such as "café" whose bytes are not UTF-8) is returned unchanged.
 */
export function repairMojibake(value: string): string {
  let high = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return value;
    if (c >= 0x80) high = true;
  }
  if (!high) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return value;
  }
}

/** Every string in a parsed JSON value, repaired. */
export function repairAll(v: unknown): unknown {
  if (typeof v === 'string') return repairMojibake(v);
  if (Array.isArray(v)) return v.map(repairAll);
  if (isRecord(v)) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = repairAll(x);
    return out;
  }
  return v;
}
