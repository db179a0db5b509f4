/**
 * One message object of a day file (https://api.slack.com/events/message) into the archive's
 * message: sender (user, bot or name), instant from `ts`, text, kind by subtype, files,
 * reactions, thread.
 */
import type { Message, MessageKind, Reaction } from '../../model/types.js';
import { isoFromMs, isRecord, type Tally } from '../kit/json-input.js';
import type { InputFile } from '../contract.js';
import { slackEmoji } from './read-emoji.js';
import { fileOf } from './read-files.js';
import { slackHandleOf, slackMessageIdOf } from './read-ids.js';
import { slackText } from './read-text.js';

type Json = Record<string, unknown>;

export function instantOfTs(ts: string): number {
  const [sec, frac = ''] = ts.split('.');
  return Number(sec) * 1000 + Number((frac + '000').slice(0, 3));
}

const SYSTEM_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'group_join',
  'group_leave',
  'group_topic',
  'group_purpose',
  'group_name',
  'group_archive',
  'group_unarchive',
  'pinned_item',
  'unpinned_item',
  'bot_add',
  'bot_remove',
  'channel_convert_to_private',
  'channel_convert_to_public',
]);

export interface Context {
  container: InputFile;
  root: string;
  folder: string;
  channelId: string;
  conversationId: string;
  nameOf: (userId: string) => string | undefined;
  attachments: Map<string, Uint8Array>;
  stats: Tally;
}

export function toMessage(raw: Json, ctx: Context): Message {
  const ts = String(raw.ts ?? '');
  const subtype = typeof raw.subtype === 'string' ? raw.subtype : undefined;
  const userId = typeof raw.user === 'string' ? raw.user : undefined;
  const sender = userId ? slackHandleOf(userId) : typeof raw.bot_id === 'string' ? `slack:bot/${encodeURIComponent(raw.bot_id)}` : `slack:name/${encodeURIComponent(String(raw.username ?? 'unknown'))}`;
  const { text: body, entities, mentions } = slackText(typeof raw.text === 'string' ? raw.text : '', ctx.nameOf);
  let text = body;
  let kind: MessageKind = 'text';
  if (subtype === 'tombstone') {
    kind = 'deleted';
    text = '';
  } else if (subtype && SYSTEM_SUBTYPES.has(subtype)) kind = 'system';
  const attachments = (Array.isArray(raw.files) ? raw.files.filter(isRecord) : []).map((f) => fileOf(ctx, f));
  if (kind === 'text' && attachments.length) kind = 'media';
  const reactions: Reaction[] = [];
  for (const r of Array.isArray(raw.reactions) ? raw.reactions.filter(isRecord) : []) {
    const users = Array.isArray(r.users) ? r.users.filter((u): u is string => typeof u === 'string') : [];
    for (const u of users) reactions.push({ emoji: slackEmoji(String(r.name ?? '?')), sender: slackHandleOf(u) });
    // Slack lists at most 50 users per reaction in exports; the rest are only counted.
    if (typeof r.count === 'number') ctx.stats.add('reactions without who', Math.max(0, r.count - users.length));
  }
  if (isRecord(raw.edited)) ctx.stats.add('edited');
  if (Array.isArray(raw.attachments) && raw.attachments.length) ctx.stats.add('unfurls', raw.attachments.length);
  const threadTs = typeof raw.thread_ts === 'string' ? raw.thread_ts : undefined;
  return {
    id: slackMessageIdOf(ctx.channelId, ts),
    conversationId: ctx.conversationId,
    sender,
    timestamp: isoFromMs(instantOfTs(ts)),
    kind,
    text,
    ...(entities.length && kind !== 'deleted' ? { entities } : {}),
    ...(mentions.length && kind !== 'deleted' ? { mentions: [...new Set(mentions)] } : {}),
    ...(threadTs && threadTs !== ts ? { replyTo: slackMessageIdOf(ctx.channelId, threadTs) } : {}),
    ...(reactions.length ? { reactions } : {}),
    ...(attachments.length ? { attachments } : {}),
    sourceIds: { 'slack-ts': ts, 'slack-channel': ctx.channelId, ...(subtype ? { 'slack-subtype': subtype } : {}) },
  };
}
