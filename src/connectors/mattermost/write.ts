/**
 * Archive -> Mattermost bulk import (https://docs.mattermost.com/onboard/bulk-loading-data-format.html):
 * a JSONL file whose objects come in the documented order (version, team, channel, user, post,
 * direct_channel, direct_post), zipped with the files it names under `data/` so
 * `mmctl import upload` / `mmctl import process` take it as is.
 *
 * Group chats and channels become channels of one team; chats between two people become direct
 * channels. Replies become Mattermost thread replies (under the thread's first post), reactions
 * keep who reacted. Pure and browser-safe: content in, files and a fidelity report out.
 */
import { zipSync } from 'fflate';
import { sha256Hex } from '../../model/ids.js';
import type { ArchiveContent, Conversation, Message } from '../../model/types.js';
import { WriterInputError, type FileWriter, type WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';

export interface MattermostOptions extends WriteStamp {
  /** Team name (lower case letters, digits, - and _); default "ferry". */
  team?: string;
  teamDisplayName?: string;
}

/** The documented import limit on a post's length, in runes (model.PostMessageMaxRunesV2). */
export const MAX_MESSAGE_RUNES = 16383;
const MAX_USERNAME = 22;
/** Names Mattermost keeps for itself (model.reservedName) and mention keywords. */
const RESERVED = new Set(['admin', 'api', 'channel', 'claim', 'error', 'files', 'help', 'here', 'mfa', 'oauth', 'plug', 'plugins', 'post', 'signup', 'login', 'all', 'system', 'matterbot', 'boards', 'playbooks']);

/**
 * Mattermost stores reactions by emoji name and imports only names it knows. The common
 * reactions of chat apps, by their Mattermost (GitHub-style) names; others are reported dropped.
 */
export const EMOJI_NAMES: Record<string, string> = {
  '👍': 'thumbsup', '👎': 'thumbsdown', '❤️': 'heart', '❤': 'heart', '😂': 'joy', '😮': 'open_mouth', '😢': 'cry', '😭': 'sob', '🙏': 'pray',
  '🎉': 'tada', '🔥': 'fire', '👏': 'clap', '😍': 'heart_eyes', '😀': 'grinning', '😄': 'smile', '😊': 'blush', '😆': 'laughing',
  '🤔': 'thinking_face', '😡': 'rage', '😠': 'angry', '😱': 'scream', '👌': 'ok_hand', '✅': 'white_check_mark', '👀': 'eyes',
  '💯': '100', '🙌': 'raised_hands', '😉': 'wink', '😎': 'sunglasses', '🥰': 'smiling_face_with_three_hearts', '🤣': 'rofl',
  '😅': 'sweat_smile', '😁': 'grin', '🥲': 'smiling_face_with_tear', '💔': 'broken_heart', '⭐': 'star', '👋': 'wave', '💪': 'muscle',
  '😴': 'sleeping', '🤗': 'hugs', '😘': 'kissing_heart', '🙂': 'slightly_smiling_face', '😳': 'flushed', '😞': 'disappointed',
};
const SKIN_TONE = /[\u{1F3FB}-\u{1F3FF}]/gu;

const runes = (s: string) => [...s];

/** A lower-case identifier Mattermost accepts (letters, digits, "-", "_"), or a hash-based one when nothing is left of the name. */
function identifier(text: string, prefix: string, max: number, taken: Set<string>, seed: string, min = 2): string {
  let id = text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, max);
  if (id.length < min || !/^[a-z]/.test(id)) id = `${prefix}-${id || sha256Hex(new TextEncoder().encode(seed)).slice(0, 8)}`.replace(/-+$/, '').slice(0, max);
  let unique = id;
  for (let i = 2; taken.has(unique) || RESERVED.has(unique); i++) unique = `${id.slice(0, max - String(i).length - 1)}-${i}`;
  taken.add(unique);
  return unique;
}

/** What a message without text says, so it is not lost; empty when there is nothing to say. */
function describe(m: Message): string {
  if (m.location) return `📍 ${m.location.name ? `${m.location.name} ` : ''}https://maps.google.com/?q=${m.location.latitude},${m.location.longitude}`;
  if (m.poll) return `📊 ${m.poll.question}\n${m.poll.options.map((o) => `- ${o.text}${o.votes !== undefined ? ` (${o.votes})` : ''}`).join('\n')}`;
  if (m.call) return `📞 ${m.call.video ? 'video call' : 'call'}${m.call.outcome ? ` (${m.call.outcome})` : ''}${m.call.durationSeconds !== undefined ? `, ${m.call.durationSeconds} s` : ''}`;
  if (m.contactCard) return `👤 ${m.contactCard.displayName} ${m.contactCard.handles.join(', ')}`;
  if (m.kind === 'deleted') return '(deleted)';
  return '';
}

export function toMattermost(content: ArchiveContent, options: MattermostOptions = {}): WriterResult {
  const tally = new DropTally();
  const team = options.team ?? 'ferry';
  const lines: unknown[] = [{ type: 'version', version: 1 }];
  lines.push({ type: 'team', team: { name: team, display_name: options.teamDisplayName ?? 'Ferry import', type: 'I' } });

  // People: everyone who is in, wrote in or reacted in a conversation.
  const contactOf = new Map<string, ArchiveContent['contacts'][number]>();
  for (const c of content.contacts) for (const h of [c.id, ...c.handles]) if (!contactOf.has(h)) contactOf.set(h, c);
  const usernames = new Map<string, string>();
  const takenUsers = new Set<string>();
  const userOf = (handle: string): string => {
    let u = usernames.get(handle);
    if (!u) {
      const local = handle.replace(/^[a-z][a-z0-9+.-]*:/i, '').split('@')[0]!;
      // Usernames also allow "."; identifier() keeps the stricter channel alphabet, which is a subset.
      u = identifier(local, 'user', MAX_USERNAME, takenUsers, handle, 3);
      usernames.set(handle, u);
    }
    return u;
  };

  const channels: { conversation: Conversation; name: string }[] = [];
  const directs: { conversation: Conversation; members: string[] }[] = [];
  const takenChannels = new Set<string>();
  const channelsOfUser = new Map<string, Set<string>>();
  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    const people = [...new Set([...conversation.participants.map((p) => p.handle), ...messages.map((m) => m.sender), ...messages.flatMap((m) => (m.reactions ?? []).map((r) => r.sender))])];
    const members = people.map(userOf);
    if (conversation.kind === 'direct' && people.length <= 2) {
      // A chat with oneself is a direct channel whose two members are the same person.
      directs.push({ conversation, members: members.length === 1 ? [members[0]!, members[0]!] : members });
    } else {
      const name = identifier(conversation.title || conversation.id, 'chat', 64, takenChannels, conversation.id);
      channels.push({ conversation, name });
      for (const m of members) {
        if (!channelsOfUser.has(m)) channelsOfUser.set(m, new Set());
        channelsOfUser.get(m)!.add(name);
      }
    }
  }

  for (const { conversation, name } of channels) {
    const title = runes(conversation.title || name);
    if (title.length > 64) tally.add('conversation.title', 'channel names longer than 64 characters are shortened (Mattermost limit)');
    lines.push({ type: 'channel', channel: { team, name, display_name: title.slice(0, 64).join(''), type: conversation.kind === 'channel' ? 'O' : 'P' } });
  }
  for (const [handle, username] of usernames) {
    const contact = contactOf.get(handle);
    const email = contact?.emails?.[0]?.value ?? contact?.handles.find((h) => h.startsWith('mailto:'))?.slice(7) ?? (handle.startsWith('mailto:') ? handle.slice(7) : undefined);
    if (!email) tally.add('user.email', 'people without an e-mail address get a placeholder <username>@ferry.invalid (Mattermost requires one); fix it before inviting them');
    const user: Record<string, unknown> = {
      username,
      email: email ?? `${username}@ferry.invalid`,
      teams: [{ name: team, roles: 'team_user', channels: [...(channelsOfUser.get(username) ?? [])].map((c) => ({ name: c, roles: 'channel_user' })) }],
    };
    const nickname = runes(contact?.displayName ?? '').slice(0, 64).join('');
    if (nickname) user.nickname = nickname;
    lines.push({ type: 'user', user });
  }

  // Posts, with replies under the first post of their thread.
  const files: Record<string, Uint8Array> = {};
  const kept = { channels: channels.length, directChannels: directs.length, users: usernames.size, posts: 0, replies: 0, reactions: 0, attachments: 0 };
  const postsOf = (conversation: Conversation) => {
    const messages = content.messages.get(conversation.id) ?? [];
    const byId = new Map(messages.map((m) => [m.id, m]));
    const rootOf = (m: Message): Message => {
      const seen = new Set<string>();
      let cur = m;
      while (cur.replyTo && byId.has(cur.replyTo) && !seen.has(cur.id)) {
        seen.add(cur.id);
        cur = byId.get(cur.replyTo)!;
      }
      return cur;
    };
    const roots: { m: Message; post: Record<string, unknown> }[] = [];
    const rootPosts = new Map<string, Record<string, unknown>>();
    for (const m of messages) {
      const body = bodyOf(m, tally, content, files, kept);
      if (!body) continue;
      const root = m.replyTo ? rootOf(m) : m;
      const rootPost = root !== m ? rootPosts.get(root.id) : undefined;
      if (m.replyTo && !byId.has(m.replyTo)) tally.add('message.replyTo.outside', 'answers to messages not in the archive are posted as new threads');
      if (rootPost && Date.parse(m.timestamp) >= (rootPost.create_at as number)) {
        const replies = (rootPost.replies as unknown[] | undefined) ?? [];
        replies.push(body);
        rootPost.replies = replies;
        kept.replies++;
      } else {
        if (m.replyTo && byId.has(m.replyTo)) tally.add('message.replyTo.thread', 'answers whose thread could not be written (its first message was empty, or is later) are posted as new threads');
        roots.push({ m, post: body });
        rootPosts.set(m.id, body);
        kept.posts++;
      }
    }
    return roots.map((r) => r.post);
  };

  for (const { conversation, name } of channels) {
    for (const post of postsOf(conversation)) lines.push({ type: 'post', post: { team, channel: name, ...post } });
  }
  for (const { members } of directs) lines.push({ type: 'direct_channel', direct_channel: { members } });
  for (const { conversation, members } of directs) {
    for (const post of postsOf(conversation)) lines.push({ type: 'direct_post', direct_post: { channel_members: members, ...post } });
  }

  const jsonl = new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  // Level 1: the JSONL still shrinks several-fold, at a fraction of level 6's time on a million posts.
  const zip = zipSync({ 'import.jsonl': jsonl, ...Object.fromEntries(Object.entries(files).map(([p, b]) => [`data/${p}`, b])) }, { level: 1 });
  return {
    target: 'mattermost',
    files: [
      { name: 'import.jsonl', bytes: jsonl },
      { name: 'mattermost-import.zip', bytes: zip },
    ],
    single: false,
    plaintext: true,
    kept,
    fidelity: tally.notes(options.account ?? 'mattermost', options.at),
    // Archive handle -> Mattermost username, so the person importing can tell people who they are.
    notes: [...usernames].map(([handle, name]) => ({ kind: 'username', handle, name })),
  };

  function bodyOf(m: Message, t: DropTally, c: ArchiveContent, out: Record<string, Uint8Array>, k: typeof kept): Record<string, unknown> | undefined {
    const createAt = Date.parse(m.timestamp);
    let text = m.text || describe(m);
    const attachments: { path: string }[] = [];
    for (const a of m.attachments ?? []) {
      const bytes = a.sha256 && a.path ? c.attachments?.get(a.sha256) : undefined;
      if (!bytes) {
        t.add('message.attachments.notIncluded', 'files the archive has no bytes for are left out');
        continue;
      }
      const path = `${a.sha256!.slice(0, 16)}/${(a.fileName ?? 'file').replace(/[/\\]/g, '_')}`;
      out[path] = bytes;
      attachments.push({ path });
      k.attachments++;
    }
    if (!text && !attachments.length) {
      t.add('message.empty', 'messages with no text and no file are not posted');
      return undefined;
    }
    if (!['text', 'media', 'system'].includes(m.kind)) t.add(`message.kind.${m.kind}`, `${m.kind} messages are posted as text (a description when they have none)`);
    if (m.edits?.length) t.add('message.edits', 'earlier versions dropped: the import takes only the latest text', m.edits.length);
    if (m.entities?.length) t.add('message.entities', 'formatting written as plain text (Mattermost formats Markdown in the text itself)');
    if (m.forwardedFrom) t.add('message.forwardedFrom', 'forwarded-from dropped: the import has no field for it');
    if (text.includes('\u0000')) {
      // PostgreSQL, Mattermost's database, cannot store NUL in text.
      t.add('message.text.nul', 'NUL characters removed: Mattermost cannot store them');
      text = text.replace(/\u0000/g, '');
    }
    const r = runes(text);
    if (r.length > MAX_MESSAGE_RUNES) {
      t.add('message.text.truncated', `texts longer than ${MAX_MESSAGE_RUNES} characters are cut there (Mattermost limit)`);
      text = r.slice(0, MAX_MESSAGE_RUNES).join('');
    }
    const reactions: { user: string; emoji_name: string; create_at: number }[] = [];
    const seen = new Set<string>();
    for (const reaction of m.reactions ?? []) {
      const bare = reaction.emoji.replace(SKIN_TONE, '');
      const name = EMOJI_NAMES[bare] ?? EMOJI_NAMES[bare.replace(/\uFE0F/g, '')];
      if (!name) {
        t.add('message.reactions.unknownEmoji', "reactions with an emoji Mattermost has no name for in Ferry's table are dropped");
        continue;
      }
      if (bare !== reaction.emoji) t.add('message.reactions.skinTone', 'skin tones dropped from reactions: the import takes base emoji names');
      const user = userOf(reaction.sender);
      if (seen.has(`${user} ${name}`)) continue;
      seen.add(`${user} ${name}`);
      // The import refuses a reaction older than its post.
      const at = reaction.timestamp ? Math.max(Date.parse(reaction.timestamp), createAt) : createAt;
      reactions.push({ user, emoji_name: name, create_at: at });
      k.reactions++;
    }
    return {
      user: userOf(m.sender),
      message: text,
      create_at: createAt,
      ...(reactions.length ? { reactions } : {}),
      ...(attachments.length ? { attachments } : {}),
    };
  }
}

const TEAM = /^[a-z][a-z0-9-]{1,63}$/;

export const mattermostWriter: FileWriter = {
  id: 'mattermost',
  describe: 'Mattermost bulk import (JSONL and a zip for mmctl import upload); -o DIR, --team NAME',
  needs: { team: true },
  write(content, params) {
    const team = params.team || 'ferry';
    if (!TEAM.test(team)) throw new WriterInputError('team-invalid', `A Mattermost team name is 2 to 64 lower-case letters, digits or "-", starting with a letter; "${team}" is not one.`);
    return toMattermost(content, { team, ...(params.at ? { at: params.at } : {}) });
  },
};
