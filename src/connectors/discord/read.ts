/**
 * DiscordChatExporter's JSON export (the de-facto way to get Discord history out): one channel,
 * thread or DM per file, `{guild, channel, dateRange, messages[], messageCount}`.
 *
 * This file is the reader's entry (detection, and the parse that ties the records together);
 * each record has its own file: read-messages, read-attachments, read-authors, read-ids, and
 * markdown.ts for the message text.
 *
 * Field shapes follow DiscordChatExporter's JSON writer:
 * https://github.com/Tyrrrz/DiscordChatExporter/blob/master/DiscordChatExporter.Core/Exporting/JsonMessageWriter.cs
 */
import type { Conversation, ConversationKind, Participant, Source } from '../../model/types.js';
import { exportLosses } from '../kit/fidelity.js';
import { headOf, isRecord, parseJsonFile, Tally, timeOrder, type JsonRepairs } from '../kit/json-input.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nulsRemoved, warning, type ConvertWarning } from '../kit/warnings.js';
import { authorContacts, authorOf, whoIsMe, type Author } from './read-authors.js';
import { discordChannelIdOf, discordHandleOf } from './read-ids.js';
import { toMessage, type Context } from './read-messages.js';

export { discordChannelIdOf, discordHandleOf, discordMessageIdOf } from './read-ids.js';

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

export function parseDiscord(file: InputFile, options: ConvertOptions): ParsedExport {
  const repairs: JsonRepairs = { nul: 0 };
  const root = parseJsonFile(file, 'a DiscordChatExporter JSON export', undefined, repairs);
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
  const warnings: ConvertWarning[] = nulsRemoved(repairs.nul);
  const raws = root.messages.filter(isRecord);

  const meId = whoIsMe(raws, options, warnings);
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
  const people = new Map<string, Author>();
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
    const author = authorOf(raw);
    if (author) people.set(message.sender, author);
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

  const { notes: fidelity, note } = exportLosses(account, options.now);
  note('message.edits', stats.get('edited'), 'DiscordChatExporter gives the time of the last edit but not the earlier text.');
  note('message.reactions', stats.get('reactions without who'), 'The export counts these reactions but does not list who reacted (DiscordChatExporter before 2.40).');
  note('message.embeds', stats.get('embeds'), 'Link previews and bot embeds have no place in the archive; the links stay in the text.');
  note('message.attachments', stats.get('attachments as links'), 'Exported as links to Discord\'s servers, not as files (DiscordChatExporter without --media).');
  note('message.attachments', stats.get('attachments missing'), 'The export names these files but they were not among the files given.');

  const source: Source = { service: 'discord', account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return {
    detection: { format: 'discord', layout: 'dce-json' },
    source,
    contacts: authorContacts(people),
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
