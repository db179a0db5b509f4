/**
 * DiscordChatExporter's JSON export (the de-facto way to get Discord history out): one channel,
 * thread or DM per file, `{guild, channel, dateRange, messages[], messageCount}`.
 *
 * Field shapes follow DiscordChatExporter's JSON writer:
 * https://github.com/Tyrrrz/DiscordChatExporter/blob/master/DiscordChatExporter.Core/Exporting/JsonMessageWriter.cs
 * Snowflakes (Discord's ids) are unique across all of Discord, so they make the archive ids
 * directly: the same message exported by two people is the same message.
 */
import type { Attachment, Conversation, ConversationKind, FidelityNote, Message, MessageKind, Participant, Reaction, Source } from '../../model/types.js';
import { headOf, isoFromMs, isRecord, parseJsonFile, Tally, timeOrder, callSeconds } from '../kit/json-input.js';
import { baseName, findRelative, includedAttachment } from '../kit/files.js';
import { mediaTypeOf } from '../kit/media-types.js';
import { discordMarkdown } from './markdown.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

type Json = Record<string, unknown>;

// Snowflakes are digits; encoding only matters for a damaged file, whose handles must still be URIs.
export const discordHandleOf = (userId: string): string => `discord:user/${encodeURIComponent(userId)}`;
export const discordMessageIdOf = (messageId: string): string => `discord:message/${messageId}`;
export const discordChannelIdOf = (channelId: string): string => `discord:channel/${channelId}`;

export function detectDiscord(file: InputFile): Detection | undefined {
  if (file.kind !== 'file' || !/\.json$/i.test(file.name)) return undefined;
  const head = headOf(file.bytes, 16 * 1024);
  if (/^\s*\{\s*"guild"\s*:\s*\{/.test(head) && /"channel"\s*:\s*\{/.test(head) && /"messages"\s*:\s*\[/.test(head)) return { format: 'discord', layout: 'dce-json' };
  return undefined;
}

function kindOfChannel(type: string): ConversationKind {
  if (type === 'DirectTextChat') return 'direct';
  if (type === 'DirectGroupTextChat') return 'group';
  return 'channel';
}

const CONTENT_TYPES = new Set(['Default', 'Reply', 'ThreadStarterMessage', 'ChatInputCommand', 'ContextMenuCommand']);

/** DCE renders timestamps with the exporting machine's offset; the archive keeps them in UTC. */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : isoFromMs(ms);
}

interface Context {
  file: InputFile;
  conversationId: string;
  attachments: Map<string, Uint8Array>;
  stats: Tally;
}

function fileAttachment(ctx: Context, url: string, fileName: string, size: number | undefined): Attachment {
  const mediaType = mediaTypeOf(fileName);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const found = findRelative(ctx.file, url);
    if (found) return includedAttachment(found.bytes, fileName, mediaType, ctx.attachments);
    ctx.stats.add('attachments missing');
    return {
      fileName,
      mediaType,
      ...(size !== undefined ? { size } : {}),
      notIncluded: { reason: 'unavailable', detail: `${url.replace(/\\/g, '/')} is named by the export but was not among the files given: give the export's folder or zip with its "_Files" folder` },
    };
  }
  ctx.stats.add('attachments as links');
  return {
    fileName,
    mediaType,
    ...(size !== undefined ? { size } : {}),
    notIncluded: { reason: 'not-downloaded', detail: `exported as a link only (${url}); run DiscordChatExporter with --media to download files` },
  };
}

function toMessage(raw: Json, ctx: Context): Message {
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

export function parseDiscord(file: InputFile, options: ConvertOptions): ParsedExport {
  const root = parseJsonFile(file, 'a DiscordChatExporter JSON export');
  if (!isRecord(root) || !isRecord(root.channel) || !Array.isArray(root.messages))
    throw new ConvertError(
      file.name,
      undefined,
      'this JSON is not a DiscordChatExporter export: it lacks "channel" or "messages". Export the channel with DiscordChatExporter in the JSON format (--format Json).',
    );
  const channel = root.channel;
  const guild = isRecord(root.guild) ? root.guild : {};
  const channelId = String(channel.id ?? '0');
  const channelType = String(channel.type ?? '');
  const kind = kindOfChannel(channelType);
  const conversationId = discordChannelIdOf(channelId);
  const warnings: ConvertWarning[] = [];
  const raws = root.messages.filter(isRecord);

  // Who "me" is: DiscordChatExporter does not say; --me names an author (name or nickname).
  let meId: string | undefined;
  for (const m of raws) {
    const a = isRecord(m.author) ? m.author : undefined;
    if (!a || a.id === undefined) continue;
    if (options.me && (a.name === options.me || a.nickname === options.me)) meId ??= String(a.id);
  }
  if (options.me && !meId) warnings.push(warning('me_not_found', [options.me], `--me "${options.me}" wrote no message in this channel; the account is recorded as "discord:me".`));
  if (!options.me) warnings.push(warning('me_unknown', [], 'DiscordChatExporter files do not say whose account exported them; the account is recorded as "discord:me". Pass --me NAME (your Discord name) to record it.'));
  const account = meId ? discordHandleOf(meId) : 'discord:me';

  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();
  const ctx: Context = { file, conversationId, attachments, stats };
  const seen = new Set<string>();
  const keep: number[] = [];
  const times: number[] = [];
  const participants = new Map<string, Participant['role']>();
  if (meId) participants.set(discordHandleOf(meId), kind === 'direct' ? 'owner' : 'member');
  // Names of the authors, by handle: the archive keeps names on contacts only.
  const people = new Map<string, { name: string; username?: string }>();
  raws.forEach((raw, i) => {
    if (typeof raw.id === 'string' && seen.has(raw.id)) {
      warnings.push(warning('message_repeated', [String(raw.id)], `Message ${raw.id} appears more than once in the file; it is kept once.`));
      return;
    }
    const message = toMessage(raw, ctx);
    seen.add(String(raw.id));
    keep.push(i);
    times.push(Date.parse(message.timestamp));
    if (!participants.has(message.sender)) participants.set(message.sender, 'member');
    const a = isRecord(raw.author) ? raw.author : {};
    const shown = typeof a.nickname === 'string' && a.nickname ? a.nickname : typeof a.name === 'string' ? a.name : '';
    if (shown) people.set(message.sender, { name: shown, ...(typeof a.name === 'string' ? { username: a.name } : {}) });
  });
  const order = timeOrder(times).map((i) => keep[i]!);
  if (typeof root.messageCount === 'number' && root.messageCount !== raws.length)
    warnings.push(warning('count_mismatch', [String(root.messageCount), raws.length], `The file says it holds ${root.messageCount} messages but lists ${raws.length}; it may be cut short.`));

  const guildName = typeof guild.name === 'string' && guild.id !== '0' ? guild.name : undefined;
  const channelName = String(channel.name ?? channelId);
  const title = guildName ? `${guildName} / ${channel.category ? `${String(channel.category)} / ` : ''}${channelName}` : channelName;
  const conversation: Conversation = {
    id: conversationId,
    kind,
    title,
    participants: [...participants].map(([handle, role]) => ({ handle, ...(people.has(handle) ? { contactId: handle } : {}), role })),
    source: account,
    sourceIds: {
      'discord-channel': channelId,
      'discord-channel-type': channelType,
      ...(guild.id !== undefined && guild.id !== '0' ? { 'discord-guild': String(guild.id) } : {}),
      ...(typeof channel.categoryId === 'string' && channel.categoryId !== '0' ? { 'discord-parent': channel.categoryId } : {}),
    },
  };
  const quiet: Context = { file, conversationId, attachments, stats: new Tally() };

  const fidelity: FidelityNote[] = [];
  const note = (item: string, count: number, reason: string) => {
    if (count > 0) fidelity.push({ stage: 'export', account, item, count, reason, at: options.now });
  };
  note('message.edits', stats.get('edited'), 'DiscordChatExporter gives the time of the last edit but not the earlier text.');
  note('message.reactions', stats.get('reactions without who'), 'The export counts these reactions but does not list who reacted (DiscordChatExporter before 2.40).');
  note('message.embeds', stats.get('embeds'), 'Link previews and bot embeds have no place in the archive; the links stay in the text.');
  note('message.attachments', stats.get('attachments as links'), 'Exported as links to Discord\'s servers, not as files (DiscordChatExporter without --media).');
  note('message.attachments', stats.get('attachments missing'), 'The export names these files but they were not among the files given.');

  const source: Source = { service: 'discord', account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return {
    detection: { format: 'discord', layout: 'dce-json' },
    source,
    contacts: [...people].map(([handle, p]) => ({
      id: handle,
      displayName: p.name,
      handles: [handle],
      groups: [],
      sourceIds: { 'discord-user': decodeURIComponent(handle.slice('discord:user/'.length)), ...(p.username ? { 'discord-username': p.username } : {}) },
    })),
    conversations: [
      {
        conversation,
        *messages() {
          for (const i of order) yield toMessage(raws[i]!, quiet);
        },
      },
    ],
    attachments,
    fidelity,
    warnings,
  };
}

export const discordReader: FileReader = {
  name: 'discord',
  detect: (file) => detectDiscord(file),
  parse: parseDiscord,
};
