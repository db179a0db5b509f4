/**
 * Content-derived message ids (src/model/ids.ts) with a pluggable SHA-256, so the Node CLI can
 * hash a million messages with node:crypto while the extension keeps the pure-JS default. The ids
 * are exactly those of `contentMessageId` / `ContentIds` (test/convert/content-ids.test.ts checks).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

export const nobleSha256Hex = (text: string): string => bytesToHex(sha256(encoder.encode(text)));

/** Hands out content ids for one source, in source order (repeats at one timestamp get ordinals). */
export class HashedContentIds {
  private conversationId = '';
  private timestamp = '';
  private seen = new Map<string, number>();

  constructor(private readonly hex: (text: string) => string = nobleSha256Hex) {}

  next(conversationId: string, sender: string, timestamp: string, text: string): string {
    if (conversationId !== this.conversationId || timestamp !== this.timestamp) {
      this.conversationId = conversationId;
      this.timestamp = timestamp;
      if (this.seen.size > 0) this.seen.clear();
    }
    const key = sender + '\u0000' + text;
    const ordinal = this.seen.get(key) ?? 0;
    this.seen.set(key, ordinal + 1);
    const digest = this.hex(JSON.stringify([conversationId, sender, timestamp, text, ordinal]));
    return `${conversationId}#c:${digest.slice(0, 32)}`;
  }
}
