/**
 * One message of `messages[]` (DiscordChatExporter's JsonMessageWriter) into the archive's
 * message: author, instant, markdown text, kind by `type` (content, call, system), attachments,
 * stickers, reply, reactions and mentions.
 */
import type { Attachment, Message, MessageKind, Reaction } from '../../model/types.js';
import { isoInstant, isRecord, callSeconds, type Tally } from '../kit/json-input.js';
import { baseName } from '../kit/files.js';
import { ConvertError, type InputFile } from '../contract.js';
import { fileAttachment } from './read-attachments.js';
import { discordHandleOf, discordMessageIdOf } from './read-ids.js';
import { discordMarkdown } from './markdown.js';

type Json = Record<string, unknown>;

const CONTENT_TYPES = new Set(['Default', 'Reply', 'ThreadStarterMessage', 'ChatInputCommand', 'ContextMenuCommand']);

/** DCE renders timestamps with the exporting machine's offset; the archive keeps them in UTC. Undefined for a time no message can have (year 10000). */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return isoInstant(Date.parse(value));
}

export interface Context {
  file: InputFile;
  conversationId: string;
  attachments: Map<string, Uint8Array>;
  stats: Tally;
}

export function toMessage(raw: Json, ctx: Context): Message {
  const timestamp = instant(raw.timestamp);
  if (!timestamp || typeof raw.id !== 'string')
    throw new ConvertError(ctx.file.name, undefined, `a message (${JSON.stringify(raw.id ?? null)}) has no id or no readable "timestamp"; export the channel again with DiscordChatExporter.`);
  const author = isRecord(raw.author) ? raw.author : {};
  const sender = discordHandleOf(String(author.id ?? '0'));
  const type = String(raw.type ?? 'Default');
  const content = typeof raw.content === 'string' ? raw.content : '';
  // Markdown becomes entities for messages people wrote; system texts are DCE's own words.
  const { text: plain, entities } = CONTENT_TYPES.has(type) ? discordMarkdown(content) : { text: content, entities: [] };
  let text = plain;
  let kind: MessageKind = 'text';
  const extra: Partial<Message> = {};
  if (type === 'Call') {
    kind = 'call';
    const end = typeof raw.callEndedTimestamp === 'string' ? Date.parse(raw.callEndedTimestamp) : NaN;
    const seconds = Number.isNaN(end) ? undefined : callSeconds((end - Date.parse(timestamp)) / 1000);
    extra.call = { ...(seconds !== undefined ? { durationSeconds: seconds, outcome: 'answered' as const } : {}) };
  } else if (!CONTENT_TYPES.has(type)) {
    kind = 'system';
    if (!text) text = type;
  }
  const attachments: Attachment[] = [];
  for (const a of Array.isArray(raw.attachments) ? raw.attachments.filter(isRecord) : []) {
    const url = String(a.url ?? '');
    const fileName = (typeof a.fileName === 'string' && a.fileName) || baseName(url) || 'attachment';
    attachments.push(fileAttachment(ctx, url, fileName, typeof a.fileSizeBytes === 'number' ? a.fileSizeBytes : undefined));
  }
  const stickers = Array.isArray(raw.stickers) ? raw.stickers.filter(isRecord) : [];
  for (const s of stickers) {
    const url = String(s.sourceUrl ?? '');
    const ext = s.format === 'Lottie' ? 'json' : s.format === 'Gif' ? 'gif' : 'png';
    attachments.push(fileAttachment(ctx, url, `${String(s.name ?? 'sticker')}.${ext}`, undefined));
  }
  if (kind === 'text') {
    if (stickers.length && !text) {
      kind = 'sticker';
      text = String(stickers[0]!.name ?? '');
    } else if (attachments.length) kind = 'media';
  }
  const reference = isRecord(raw.reference) ? raw.reference : undefined;
  if (reference && typeof reference.messageId === 'string' && reference.messageId) extra.replyTo = discordMessageIdOf(reference.messageId);
  if (typeof raw.timestampEdited === 'string') ctx.stats.add('edited');
  const embeds = Array.isArray(raw.embeds) ? raw.embeds.length : 0;
  ctx.stats.add('embeds', embeds);
  const reactions: Reaction[] = [];
  for (const r of Array.isArray(raw.reactions) ? raw.reactions.filter(isRecord) : []) {
    const emoji = isRecord(r.emoji) ? r.emoji : {};
    const custom = typeof emoji.id === 'string' && emoji.id !== '';
    const symbol = custom ? `:${String(emoji.name ?? emoji.id)}:` : String(emoji.name ?? '?');
    const users = Array.isArray(r.users) ? r.users.filter(isRecord) : [];
    for (const u of users) reactions.push({ emoji: symbol, sender: discordHandleOf(String(u.id)) });
    const count = typeof r.count === 'number' ? r.count : users.length;
    ctx.stats.add('reactions without who', Math.max(0, count - users.length));
  }
  const mentions = (Array.isArray(raw.mentions) ? raw.mentions.filter(isRecord) : []).map((m) => discordHandleOf(String(m.id)));
  return {
    id: discordMessageIdOf(raw.id),
    conversationId: ctx.conversationId,
    sender,
    timestamp,
    kind,
    text,
    ...(entities.length && text === plain ? { entities } : {}),
    ...(mentions.length ? { mentions } : {}),
    ...extra,
    ...(reactions.length ? { reactions } : {}),
    ...(attachments.length ? { attachments } : {}),
    sourceIds: { 'discord-message': raw.id, ...(type !== 'Default' ? { 'discord-type': type } : {}) },
  };
}
