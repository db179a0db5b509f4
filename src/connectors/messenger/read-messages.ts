/**
 * One message of a thread into the archive's message: sender (by display name: Meta gives no
 * ids), instant, text, kind (unsent, call, subscribe notices, sticker, media), shared link,
 * reactions; a content-derived id, since Meta gives none.
 */
import type { HashedContentIds } from '../kit/content-ids.js';
import type { Attachment, Message, MessageKind, Reaction } from '../../model/types.js';
import { callSeconds, isoFromMs, isoInstant, isRecord, type Tally } from '../kit/json-input.js';
import type { InputFile } from '../contract.js';
import { mediaOf, stickerOf } from './read-media.js';

type Json = Record<string, unknown>;

/** A message as first read: who, when, what it says, and the rest of its object. */
export interface Raw {
  sender: string;
  ms: number;
  text: string;
  json: Json;
}

export interface ThreadContext {
  file: InputFile;
  conversationId: string;
  handleOf: (name: string) => string;
  attachments: Map<string, Uint8Array>;
  stats: Tally;
}

/** `ids` is absent in the counting pass: ids are only needed when messages are written. */
export function toMessage(ctx: ThreadContext, r: Raw, ids: HashedContentIds | undefined, count: boolean): Message {
  const { conversationId, handleOf } = ctx;
  const m = r.json;
  let kind: MessageKind = 'text';
  let text = r.text;
  const extra: Partial<Message> = {};
  const files = mediaOf(ctx, m, count);
  const sticker: Attachment | undefined = stickerOf(ctx, m, count);
  const type = typeof m.type === 'string' ? m.type : '';
  if (m.is_unsent === true || m.isUnsent === true) {
    kind = 'deleted';
  } else if (type === 'Call' || typeof m.call_duration === 'number') {
    kind = 'call';
    const seconds = callSeconds(m.call_duration);
    extra.call = { ...(seconds !== undefined ? { durationSeconds: seconds } : {}), ...(seconds === 0 || m.missed === true ? { outcome: 'missed' as const } : seconds ? { outcome: 'answered' as const } : {}) };
  } else if (type === 'Subscribe' || type === 'Unsubscribe') {
    kind = 'system';
  } else if (sticker) {
    kind = 'sticker';
  } else if (files.length) {
    kind = 'media';
  }
  if (isRecord(m.share) && typeof m.share.link === 'string' && !text.includes(m.share.link)) {
    text = text ? `${text}\n${m.share.link}` : m.share.link;
  }
  const reactions: Reaction[] = [];
  for (const x of Array.isArray(m.reactions) ? m.reactions.filter(isRecord) : []) {
    if (typeof x.reaction !== 'string' || typeof x.actor !== 'string') continue;
    // A reaction's time is optional: one no clock can show is left out, the reaction kept.
    const at = typeof x.timestamp === 'number' ? isoInstant(x.timestamp * 1000) : undefined;
    reactions.push({ emoji: x.reaction, sender: handleOf(x.actor), ...(at ? { timestamp: at } : {}) });
  }
  const sender = handleOf(r.sender || 'unknown');
  const timestamp = isoFromMs(r.ms);
  const all = [...files, ...(sticker ? [sticker] : [])];
  return {
    id: ids ? ids.next(conversationId, sender, timestamp, text) : '',
    conversationId,
    sender,
    timestamp,
    kind,
    text,
    ...extra,
    ...(reactions.length ? { reactions } : {}),
    ...(all.length ? { attachments: all } : {}),
  };
}
