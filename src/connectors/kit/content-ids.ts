/**
 * Content-derived message ids (src/model/ids.ts) with a pluggable SHA-256, so the Node CLI can
 * hash a million messages with node:crypto while the extension keeps the pure-JS default. The ids
 * are exactly those of `contentMessageId` / `ContentIds` (test/connectors/kit/content-ids.test.ts checks).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();
const LIST_LIMIT = 32;

export const nobleSha256Hex = (text: string): string => bytesToHex(sha256(encoder.encode(text)));

/** Hands out content ids for one source, in source order (repeats at one timestamp get ordinals). */
export class HashedContentIds {
  private conversationId = '';
  private timestamp = '';
  /** Sender and text of the messages at the current timestamp: usually a few, so a list beats a Map. */
  private senders: string[] = [];
  private texts: string[] = [];
  /**
   * Past LIST_LIMIT messages at one timestamp (a flood of messages in one minute, or a hostile
   * file), counts by sender and text instead, so the work stays linear.
   */
  private counts: Map<string, number> | undefined;
  /** JSON of the conversation id and of the last sender: the same for long runs of messages. */
  private prefixFor: string | undefined;
  private prefix = '';
  private senderFor: string | undefined;
  private senderJson = '';

  constructor(private readonly hex: (text: string) => string = nobleSha256Hex) {}

  next(conversationId: string, sender: string, timestamp: string, text: string): string {
    if (conversationId !== this.conversationId || timestamp !== this.timestamp) {
      this.conversationId = conversationId;
      this.timestamp = timestamp;
      if (this.senders.length > 0) {
        this.senders.length = 0;
        this.texts.length = 0;
      }
      this.counts = undefined;
    }
    let ordinal = 0;
    const senders = this.senders;
    const texts = this.texts;
    if (this.counts === undefined && senders.length >= LIST_LIMIT) {
      this.counts = new Map();
      for (let i = 0; i < senders.length; i++) {
        const key = `${senders[i]}\u0000${texts[i]}`;
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    }
    if (this.counts !== undefined) {
      const key = `${sender}\u0000${text}`;
      ordinal = this.counts.get(key) ?? 0;
      this.counts.set(key, ordinal + 1);
    } else {
      for (let i = 0; i < senders.length; i++) if (texts[i] === text && senders[i] === sender) ordinal++;
      senders.push(sender);
      texts.push(text);
    }
    // Exactly JSON.stringify([conversationId, sender, timestamp, text, ordinal]), without the array.
    if (conversationId !== this.prefixFor) {
      this.prefixFor = conversationId;
      this.prefix = '[' + JSON.stringify(conversationId) + ',';
    }
    if (sender !== this.senderFor) {
      this.senderFor = sender;
      this.senderJson = JSON.stringify(sender) + ',';
    }
    const json = this.prefix + this.senderJson + JSON.stringify(timestamp) + ',' + JSON.stringify(text) + ',' + ordinal + ']';
    return conversationId + '#c:' + this.hex(json).slice(0, 32);
  }
}
