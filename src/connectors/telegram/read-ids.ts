/**
 * Who and what a Telegram Desktop export names by id: users, channels and chats ("user123" in
 * newer exports, 123 in older ones) as handle URIs, and messages scoped by their chat.
 */
import type { ConversationKind } from '../../model/types.js';

/** "user123" (newer) or 123 (older) to a handle URI. In a channel, a numeric id equal to the chat's is the channel itself. */
export function handleOfId(id: unknown, chatId: string, chatKind: ConversationKind): string | undefined {
  if (typeof id === 'string' && /^(user|channel|chat)\d+$/.test(id)) return `telegram:${id}`;
  if (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id))) {
    const n = String(id);
    return chatKind === 'channel' && n === chatId ? `telegram:channel${n}` : `telegram:user${n}`;
  }
  return undefined;
}

/** A user's number from 123, "123" or "user123"; undefined for anything else (a channel, a damaged value). */
export function userNumberOf(id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (typeof id === 'string') return /^(?:user)?(\d+)$/.exec(id)?.[1];
  return undefined;
}

export function messageIdOf(conversationId: string, id: unknown): string {
  return `${conversationId}#m:${String(id)}`;
}
