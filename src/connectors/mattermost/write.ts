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
import type { ArchiveContent, Conversation, Message } from '../../model/types.js';
import { WriterInputError, type FileWriter, type WriterNote, type WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';
import { slug } from '../kit/ascii.js';
import { contactOf, isNotice, whoIs } from '../kit/names.js';

export interface MattermostOptions extends WriteStamp {
  /** Team name (lower case letters, digits, - and _); default "ferry". */
  team?: string;
  teamDisplayName?: string;
}

/** The documented import limit on a post's length, in runes (model.PostMessageMaxRunesV2). */
export const MAX_MESSAGE_RUNES = 16383;
/** model/user.go allows 1 to 64 today; 3 to 22 held for years, and older servers still hold it. */
const MAX_USERNAME = 22;
/** model/user.go restrictedUsernames, plus the mention keywords a username must not shadow. */
const RESTRICTED_USERNAMES = new Set(['all', 'channel', 'matterbot', 'system', 'here']);
/** model/utils.go reservedName: team names may not START with any of these (IsReservedTeamName). */
export const RESERVED_TEAM_PREFIXES = ['admin', 'api', 'channel', 'claim', 'error', 'files', 'help', 'landing', 'login', 'mfa', 'oauth', 'plug', 'plugins', 'post', 'signup', 'boards', 'playbooks'];
/** model/utils.go validAlphaNum, used by IsValidTeamName (with TeamNameMinLength 2, TeamNameMaxLength 64). */
const TEAM_NAME = /^[a-z0-9]+([a-z0-9-]+|(__)?)[a-z0-9]+$/;
/** TeamSettings.MaxUsersPerTeam's default (model/config.go): JoinUserToTeam refuses the 51st member. */
export const DEFAULT_MAX_USERS_PER_TEAM = 50;
/** model/user.go UserEmailMaxLength. */
const MAX_EMAIL = 128;

/** Why Mattermost would refuse this team name, or undefined when it takes it. */
export function teamNameProblem(team: string): { code: 'team-invalid' | 'team-reserved'; reason: string } | undefined {
  if (team.length < 2 || team.length > 64 || !TEAM_NAME.test(team))
    return { code: 'team-invalid', reason: `A Mattermost team name is 2 to 64 lower-case letters, digits or "-", starting and ending with a letter or digit; "${team}" is not one.` };
  const prefix = RESERVED_TEAM_PREFIXES.find((p) => team.startsWith(p));
  if (prefix) return { code: 'team-reserved', reason: `Mattermost refuses team names that start with "${prefix}" (it keeps that word for its own pages); "${team}" does. Choose another name.` };
  return undefined;
}

/**
 * model/utils.go IsValidEmail: lower case, and Go's net/mail.ParseAddress must read it as a bare
 * address (no display name). Ferry accepts the plain dot-atom form, which that parser reads, and
 * nothing looser: quoted local parts and comments are legal there but rare and easy to get wrong.
 */
export function validEmail(email: string): boolean {
  if (email.length > MAX_EMAIL || email !== email.toLowerCase()) return false;
  const atom = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
  return new RegExp(`^${atom}(\\.${atom})*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`).test(email);
}

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

/** A lower-case identifier Mattermost accepts, unique among `taken` and never a restricted name. */
function identifier(text: string, prefix: string, max: number, taken: Set<string>, seed: string, letterFirst = false, min = 2): string {
  const id = slug(text, seed, { joiners: '-_', max, prefix, letterFirst, min });
  let unique = id;
  for (let i = 2; taken.has(unique) || RESTRICTED_USERNAMES.has(unique); i++) unique = `${id.slice(0, max - String(i).length - 1)}-${i}`;
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
  const nameOf = whoIs(content);
  const contactFor = contactOf(content);

  // People: one user per contact (all its handles: one person with two addresses is one user,
  // and one e-mail, which Mattermost requires to be unique), else one per handle.
  const usernames = new Map<string, string>();
  const userKey = new Map<string, string>();
  const takenUsers = new Set<string>();
  const userOf = (handle: string): string => {
    const contact = contactFor(handle);
    const key = contact ? `contact:${contact.id}` : handle;
    let u = userKey.get(key);
    if (!u) {
      const name = nameOf(handle);
      const local = handle.replace(/^[a-z][a-z0-9+.-]*:/i, '').split('@')[0]!;
      // The readable name first (Mattermost shows usernames by default), the address's local part when it has no letters Ferry can spell.
      u = identifier(/[\p{L}\p{N}]/u.test(name) ? name : local, 'user', MAX_USERNAME, takenUsers, key, true, 3);
      userKey.set(key, u);
    }
    usernames.set(handle, u);
    return u;
  };

  const channels: { conversation: Conversation; name: string; owner: string }[] = [];
  const directs: { conversation: Conversation; members: string[]; owner: string }[] = [];
  const takenChannels = new Set<string>();
  const channelsOfUser = new Map<string, Set<string>>();
  const notes: WriterNote[] = [];
  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    const people = [...new Set([...conversation.participants.map((p) => p.handle), ...messages.filter((m) => !isNotice(m)).map((m) => m.sender), ...messages.flatMap((m) => (m.reactions ?? []).map((r) => r.sender))])];
    const ownerHandle = conversation.participants.find((p) => p.role === 'owner')?.handle ?? conversation.source;
    const owner = userOf(ownerHandle);
    const members = [...new Set([owner, ...people.map(userOf)])];
    if (conversation.kind === 'direct' && members.length <= 2) {
      // A chat with oneself is a direct channel whose two members are the same person.
      directs.push({ conversation, members: members.length === 1 ? [members[0]!, members[0]!] : members, owner });
    } else {
      const title = conversation.title || nameOf(people.find((p) => p !== ownerHandle) ?? conversation.id);
      const name = identifier(title, 'chat', 64, takenChannels, conversation.id);
      if (name !== title) notes.push({ kind: 'channel-name', name, original: title });
      channels.push({ conversation, name, owner });
      for (const m of members) {
        if (!channelsOfUser.has(m)) channelsOfUser.set(m, new Set());
        channelsOfUser.get(m)!.add(name);
      }
    }
  }

  for (const { conversation, name } of channels) {
    const title = runes(conversation.title || name);
    const channel: Record<string, unknown> = { team, name, display_name: title.slice(0, 64).join(''), type: conversation.kind === 'channel' ? 'O' : 'P' };
    if (title.length > 64) {
      tally.add('conversation.title', 'channel names longer than 64 characters are shortened (Mattermost limit); the whole title is the channel purpose');
      channel.purpose = title.slice(0, 250).join('');
    }
    lines.push({ type: 'channel', channel });
  }
  // One user line per username (a contact's handles share it), with its first handle's details.
  const emailsTaken = new Set<string>();
  const written = new Set<string>();
  for (const [handle, username] of usernames) {
    if (written.has(username)) continue;
    written.add(username);
    const contact = contactFor(handle);
    const candidates = [...(contact?.emails ?? []).map((e) => e.value), ...(contact?.handles ?? [handle]).filter((h) => h.startsWith('mailto:')).map((h) => h.slice(7))].map((e) => e.trim().toLowerCase());
    if (handle.startsWith('mailto:')) candidates.push(handle.slice(7).toLowerCase());
    let email = candidates.find((e) => validEmail(e) && !emailsTaken.has(e));
    if (!email) {
      if (candidates.some((e) => validEmail(e))) tally.add('user.email.duplicate', 'an e-mail address already used by another person here gets a placeholder instead: Mattermost refuses two users with one address (app.user.save.email_exists)');
      else if (candidates.length) tally.add('user.email.invalid', 'e-mail addresses Mattermost would refuse (model.IsValidEmail: one lower-case address, no display name) are replaced by a placeholder');
      else tally.add('user.email', 'people without an e-mail address get a placeholder <username>@ferry.invalid (Mattermost requires one); fix it before inviting them');
      email = `${username}@ferry.invalid`;
    }
    emailsTaken.add(email);
    const user: Record<string, unknown> = {
      username,
      email,
      teams: [{ name: team, roles: 'team_user', channels: [...(channelsOfUser.get(username) ?? [])].map((c) => ({ name: c, roles: 'channel_user' })) }],
    };
    // The name people know, where Mattermost shows it (nickname; first and last name when the contact has them).
    const nickname = runes(nameOf(handle)).slice(0, 64).join('');
    if (nickname) user.nickname = nickname;
    if (contact?.name?.given) user.first_name = runes(contact.name.given).slice(0, 64).join('');
    if (contact?.name?.family) user.last_name = runes(contact.name.family).slice(0, 64).join('');
    lines.push({ type: 'user', user });
  }
  if (written.size > DEFAULT_MAX_USERS_PER_TEAM) notes.push({ kind: 'team-size', users: written.size, limit: DEFAULT_MAX_USERS_PER_TEAM });

  // Posts, with replies under the first post of their thread.
  const files: Record<string, Uint8Array> = {};
  const kept = { channels: channels.length, directChannels: directs.length, users: written.size, posts: 0, replies: 0, reactions: 0, attachments: 0 };
  const postsOf = (conversation: Conversation, owner: string) => {
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
    const roots: Record<string, unknown>[] = [];
    const rootPosts = new Map<string, Record<string, unknown>>();
    // Mattermost orders a channel by create_at, and the importer takes a post with the same
    // create_at and text as one already there for that post (importMultiplePostLines,
    // GetPostsCreatedAt): every post and reply of a channel gets a later millisecond than the
    // one before it, in the source's order.
    let last = 0;
    for (const m of messages) {
      const body = bodyOf(m, tally, content, files, kept, owner);
      if (!body) continue;
      let at = body.create_at as number;
      if (at <= last) {
        at = last + 1;
        tally.add('message.timestamp.shifted', 'messages sharing a time (or out of order) are moved by a millisecond or more, so Mattermost keeps their order and imports each');
      }
      last = at;
      body.create_at = at;
      for (const r of (body.reactions as { create_at: number }[] | undefined) ?? []) r.create_at = Math.max(r.create_at, at);
      const root = m.replyTo ? rootOf(m) : m;
      const rootPost = root !== m ? rootPosts.get(root.id) : undefined;
      if (m.replyTo && !byId.has(m.replyTo)) tally.add('message.replyTo.outside', 'answers to messages not in the archive are posted as new threads');
      if (rootPost && !isNotice(m)) {
        const replies = (rootPost.replies as unknown[] | undefined) ?? [];
        replies.push(body);
        rootPost.replies = replies;
        kept.replies++;
      } else {
        if (m.replyTo && byId.has(m.replyTo) && !isNotice(m)) tally.add('message.replyTo.thread', 'answers whose thread could not be written (its first message was empty) are posted as new threads');
        roots.push(body);
        rootPosts.set(m.id, body);
        kept.posts++;
      }
    }
    return roots;
  };

  for (const { conversation, name, owner } of channels) {
    for (const post of postsOf(conversation, owner)) lines.push({ type: 'post', post: { team, channel: name, ...post } });
  }
  for (const { members } of directs) lines.push({ type: 'direct_channel', direct_channel: { members } });
  for (const { conversation, members, owner } of directs) {
    for (const post of postsOf(conversation, owner)) lines.push({ type: 'direct_post', direct_post: { channel_members: members, ...post } });
  }

  const jsonl = new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  // Level 1: the JSONL still shrinks several-fold, at a fraction of level 6's time on a million posts.
  // Every entry is stamped 1980-01-01 00:00, the zip epoch, as the archive's own zip is: fflate would
  // stamp the time of writing, and the same archive must give the same bytes. Built from local
  // fields because fflate writes DOS time from local-time getters (see src/archive/stream.ts).
  const zip = zipSync({ 'import.jsonl': jsonl, ...Object.fromEntries(Object.entries(files).map(([p, b]) => [`data/${p}`, b])) }, { level: 1, mtime: new Date(1980, 0, 1, 0, 0, 0) });
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
    notes: [...notes, ...[...usernames].map(([handle, name]) => ({ kind: 'username' as const, handle, name }))],
  };

  function bodyOf(m: Message, t: DropTally, c: ArchiveContent, out: Record<string, Uint8Array>, k: typeof kept, owner: string): Record<string, unknown> | undefined {
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
    // A notice is Mattermost's own system message (post type system_generic), shown without a
    // person's name; the importer still wants a user, so the channel's owner carries it.
    const notice = isNotice(m);
    if (notice) t.add('message.system', 'notices are posted as Mattermost system messages (system_generic), not under a person');
    return {
      user: notice ? owner : userOf(m.sender),
      message: text,
      create_at: createAt,
      ...(notice ? { type: 'system_generic' } : {}),
      ...(reactions.length ? { reactions } : {}),
      ...(attachments.length ? { attachments } : {}),
    };
  }
}

export const mattermostWriter: FileWriter = {
  id: 'mattermost',
  describe: 'Mattermost bulk import (JSONL and a zip for mmctl import upload); -o DIR, --team NAME',
  needs: { team: true },
  write(content, params) {
    const team = params.team || 'ferry';
    const problem = teamNameProblem(team);
    if (problem) throw new WriterInputError(problem.code, problem.reason);
    return toMattermost(content, { team, ...(params.at ? { at: params.at } : {}) });
  },
};
