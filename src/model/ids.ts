/**
 * Stable ids for messages whose source has no ids of its own (chat export files: KakaoTalk,
 * WhatsApp, LINE text). The id is derived from what the message is, so exporting the same
 * history again gives the same ids and a merge or import recognises what it already has.
 *
 * Exact repeats (same conversation, sender, timestamp and text: "ㅋㅋ" twice in one minute)
 * are told apart by their ordinal among those repeats, in source order. Messages arrive in
 * time order, so only the repeats at the current timestamp need remembering: memory stays
 * bounded however long the history is.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const encoder = new TextEncoder();

/**
 * The id of one message: `${conversationId}#c:` and 32 hex digits (128 bits) of SHA-256 over
 * the JSON array [conversationId, sender, timestamp, text, ordinal]. JSON keeps the fields
 * apart unambiguously, whatever characters they hold. Documented in schemas/README.md, so
 * other tools can derive the same ids.
 */
export function contentMessageId(conversationId: string, sender: string, timestamp: string, text: string, ordinal: number): string {
  const digest = sha256(encoder.encode(JSON.stringify([conversationId, sender, timestamp, text, ordinal])));
  return `${conversationId}#c:${bytesToHex(digest).slice(0, 32)}`;
}

/** Hands out content ids for one source, in source order. */
export class ContentIds {
  private conversationId = '';
  private timestamp = '';
  private seen = new Map<string, number>();

  next(message: { conversationId: string; sender: string; timestamp: string; text: string }): string {
    if (message.conversationId !== this.conversationId || message.timestamp !== this.timestamp) {
      this.conversationId = message.conversationId;
      this.timestamp = message.timestamp;
      this.seen.clear();
    }
    const key = JSON.stringify([message.sender, message.text]);
    const ordinal = this.seen.get(key) ?? 0;
    this.seen.set(key, ordinal + 1);
    return contentMessageId(message.conversationId, message.sender, message.timestamp, message.text, ordinal);
  }
}

/** Lower-case hex SHA-256 of bytes: how attachments are addressed in the archive. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
