/**
 * One message of a chat (`messages[]`), ordinary or service, into the archive's message: sender,
 * time, text and entities, kind (poll, location, contact, sticker, media, call, system), reply,
 * forward and reactions.
 */
import type { Attachment, ConversationKind, Message, MessageKind, Reaction } from '../../model/types.js';
import { callSeconds, isRecord, type Tally } from '../kit/json-input.js';
import { mediaTypeFrom } from '../kit/media-types.js';
import { ConvertError, type InputFile } from '../contract.js';
import { ImpossibleDate, timeOf, type MessageTime } from './read-dates.js';
import { handleOfId, messageIdOf } from './read-ids.js';
import { attachmentOf } from './read-media.js';
import { callOutcome, SERVICE_TEXT } from './read-service.js';
import { textOf } from './read-text.js';

type Json = Record<string, unknown>;

export interface ChatContext {
  file: InputFile;
  chatId: string;
  kind: ConversationKind;
  conversationId: string;
  timeZone: string;
  attachments: Map<string, Uint8Array>;
  /** Counters; only the first run (in parse) counts. */
  stats: Tally;
  dropped: Tally;
}

/** The message's time, or a ConvertError naming the message when it has none a clock can show. */
export function timeOfMessage(raw: Json, ctx: ChatContext, index: number, notBefore?: number): MessageTime {
  const when = timeOf(raw, ctx.timeZone, notBefore);
  const which = `message ${String(raw.id ?? `#${index + 1}`)} in chat ${ctx.chatId}`;
  if (when instanceof ImpossibleDate)
    throw new ConvertError(ctx.file.name, undefined, `${which} has an impossible "${when.field}" (${JSON.stringify(when.value)}): no such day or time exists, so the file was damaged or edited. Export the chat again with Telegram Desktop, or correct that date in a text editor.`);
  if (!when) throw new ConvertError(ctx.file.name, undefined, `${which} has no readable "date" or "date_unixtime"; export the chat again with Telegram Desktop.`);
  return when;
}

/** `when`: the time the first run settled on, where file order chose between two readings. */
export function toMessage(raw: Json, ctx: ChatContext, index: number, when: MessageTime = timeOfMessage(raw, ctx, index)): Message {
  const isService = raw.type === 'service';
  const senderId = isService ? raw.actor_id : raw.from_id;
  const senderName = isService ? raw.actor : raw.from;
  const sender = handleOfId(senderId, ctx.chatId, ctx.kind) ?? `telegram:name/${encodeURIComponent(String(senderName ?? 'unknown'))}`;
  const { text: bodyText, entities } = textOf(raw, ctx.dropped);
  let text = bodyText;
  let kind: MessageKind = 'text';
  const message: Partial<Message> = {};
  const attachments: Attachment[] = [];

  if (isService) {
    const action = String(raw.action ?? 'unknown');
    if (action === 'phone_call' || action === 'group_call') {
      kind = 'call';
      message.call = {
        ...(callSeconds(raw.duration_seconds) !== undefined ? { durationSeconds: callSeconds(raw.duration_seconds) } : {}),
        ...(callOutcome(raw) ? { outcome: callOutcome(raw) } : {}),
      };
    } else {
      kind = 'system';
      const describe = SERVICE_TEXT[action];
      if (!describe) ctx.stats.add(`service action "${action}" kept as its name`);
      const actor = typeof senderName === 'string' ? senderName : 'someone';
      if (!text) text = `${actor} ${describe ? describe(raw) : action.replace(/_/g, ' ')}`.trim();
    }
    if (action === 'pin_message' && raw.message_id !== undefined) message.replyTo = messageIdOf(ctx.conversationId, raw.message_id);
  } else {
    if (isRecord(raw.poll)) {
      kind = 'poll';
      const answers = Array.isArray(raw.poll.answers) ? raw.poll.answers.filter(isRecord) : [];
      message.poll = {
        question: String(raw.poll.question ?? ''),
        options: answers.map((a) => ({ text: String(a.text ?? ''), ...(typeof a.voters === 'number' ? { votes: a.voters } : {}) })),
      };
      if (!text) text = message.poll.question;
    } else if (isRecord(raw.location_information) && Number.isFinite(Number(raw.location_information.latitude)) && Number.isFinite(Number(raw.location_information.longitude))) {
      kind = 'location';
      const loc = raw.location_information;
      const name = [raw.place_name, raw.address].filter((v) => typeof v === 'string' && v).join(', ');
      message.location = { latitude: Number(loc.latitude), longitude: Number(loc.longitude), ...(name ? { name } : {}) };
    } else if (isRecord(raw.contact_information)) {
      kind = 'contact';
      const c = raw.contact_information;
      const displayName = [c.first_name, c.last_name].filter((v) => typeof v === 'string' && v).join(' ');
      const phone = typeof c.phone_number === 'string' ? c.phone_number : '';
      message.contactCard = { displayName, handles: phone ? [`tel:${phone.replace(/\s+/g, '')}`] : [] };
    }
    const mediaType = mediaTypeFrom(raw.mime_type);
    const fileName = typeof raw.file_name === 'string' ? raw.file_name : undefined;
    if (typeof raw.photo === 'string') attachments.push(attachmentOf(ctx, raw.photo, 'image/jpeg', fileName));
    if (typeof raw.file === 'string') attachments.push(attachmentOf(ctx, raw.file, mediaType, fileName));
    if (raw.media_type === 'sticker') {
      kind = 'sticker';
      if (!text && typeof raw.sticker_emoji === 'string') text = raw.sticker_emoji;
    } else if (attachments.length && kind === 'text') kind = 'media';
    if (raw.reply_to_message_id !== undefined) message.replyTo = messageIdOf(ctx.conversationId, raw.reply_to_message_id);
    if (typeof raw.forwarded_from === 'string' || raw.forwarded_from_id !== undefined) {
      const fromHandle = handleOfId(raw.forwarded_from_id, '', 'group');
      message.forwardedFrom = {
        ...(fromHandle ? { sender: fromHandle } : {}),
        ...(typeof raw.forwarded_from === 'string' ? { name: raw.forwarded_from } : {}),
      };
    }
    if (raw.edited !== undefined || raw.edited_unixtime !== undefined) ctx.stats.add('edited');
    if (raw.via_bot !== undefined) ctx.stats.add('via bot');
    if (raw.media_type === 'sticker' && attachments.length === 0) ctx.stats.add('sticker without file');
  }

  const reactions: Reaction[] = [];
  if (Array.isArray(raw.reactions)) {
    for (const r of raw.reactions.filter(isRecord)) {
      const emoji = typeof r.emoji === 'string' ? r.emoji : typeof r.document_id === 'string' ? `custom:${r.document_id}` : String(r.type ?? '?');
      const recent = Array.isArray(r.recent) ? r.recent.filter(isRecord) : [];
      for (const who of recent) {
        const handle = handleOfId(who.from_id, ctx.chatId, ctx.kind);
        if (!handle) continue;
        const read = typeof who.date === 'string' ? timeOf({ date: who.date }, ctx.timeZone) : undefined;
        // A reaction's time is optional: one that cannot be read is left out, the reaction kept.
        const at = read instanceof ImpossibleDate ? undefined : read?.timestamp;
        reactions.push({ emoji, sender: handle, ...(at ? { timestamp: at } : {}) });
      }
      const count = typeof r.count === 'number' ? r.count : recent.length;
      ctx.stats.add('reactions without who', Math.max(0, count - recent.length));
    }
  }

  const id = messageIdOf(ctx.conversationId, raw.id ?? `index${index}`);
  return {
    id,
    conversationId: ctx.conversationId,
    sender,
    timestamp: when.timestamp,
    ...(when.wallClock ? { wallClock: when.wallClock } : {}),
    kind,
    text,
    ...(entities.length && text === bodyText ? { entities } : {}),
    ...message,
    ...(reactions.length ? { reactions } : {}),
    ...(attachments.length ? { attachments } : {}),
    sourceIds: { 'telegram-message': String(raw.id), 'telegram-chat': ctx.chatId },
  };
}
