/**
 * Slack's workspace export (a zip, or the folder it unpacks to): `users.json`, `channels.json`
 * (and `groups.json`, `mpims.json`, `dms.json` when the export includes private conversations),
 * and one folder per conversation holding a JSON array of messages per day, `YYYY-MM-DD.json`.
 *
 * Shapes: https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports and the
 * message objects of https://api.slack.com/events/message. Message text is Slack "mrkdwn":
 * `<@U123>` mentions, `<url|label>` links and `&amp;`-style escapes are turned into plain text
 * with mention and link entities.
 */
import type { Attachment, Contact, Conversation, ConversationKind, FidelityNote, Message, MessageKind, Participant, Reaction, Source, TextEntity } from '../../model/types.js';
import { isoFromMs, isRecord, parseJsonFile, Tally } from '../kit/json-input.js';
import { findRelative, includedAttachment } from '../kit/files.js';
import { mediaTypeFrom, mediaTypeOf } from '../kit/media-types.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedConversation, type ParsedExport } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

type Json = Record<string, unknown>;

const DAY_FILE = /^(.*\/)?([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
const LISTS = ['channels.json', 'groups.json', 'mpims.json', 'dms.json'] as const;

// Slack ids are letters and digits; encoding only matters for a damaged file, whose handles must still be URIs.
export const slackHandleOf = (userId: string): string => `slack:user/${encodeURIComponent(userId)}`;
export const slackConversationIdOf = (channelId: string): string => `slack:channel/${channelId}`;
export const slackMessageIdOf = (channelId: string, ts: string): string => `slack:channel/${channelId}#ts:${ts}`;

/** The folder inside the container that holds users.json / channels.json ("" at the top). */
function rootOf(entries: ReadonlyMap<string, Uint8Array>): string | undefined {
  let best: string | undefined;
  for (const key of entries.keys()) {
    const m = /^(.*\/)?(users|channels)\.json$/.exec(key);
    if (m && (best === undefined || (m[1] ?? '').length < best.length)) best = m[1] ?? '';
  }
  return best;
}

export function detectSlack(file: InputFile): Detection | undefined {
  if (file.kind !== 'container' || !file.siblings) return undefined;
  const root = rootOf(file.siblings);
  if (root === undefined) return undefined;
  if (!file.siblings.has(`${root}users.json`) && !file.siblings.has(`${root}channels.json`)) return undefined;
  for (const key of file.siblings.keys()) {
    if (key.startsWith(root) && DAY_FILE.test(key.slice(root.length)) && key.slice(root.length).split('/').length === 2) return { format: 'slack', layout: 'workspace-export' };
  }
  return undefined;
}

const EMOJI: Record<string, string> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  heart: '❤️',
  joy: '😂',
  smile: '😄',
  laughing: '😆',
  slightly_smiling_face: '🙂',
  tada: '🎉',
  eyes: '👀',
  white_check_mark: '✅',
  pray: '🙏',
  fire: '🔥',
  '100': '💯',
  rocket: '🚀',
  ok_hand: '👌',
  clap: '👏',
  thinking_face: '🤔',
  wave: '👋',
  raised_hands: '🙌',
  sob: '😭',
  grinning: '😀',
  heart_eyes: '😍',
};

/** Slack's reaction name to an emoji: the common ones as characters, the rest as ":name:" (custom emoji have no character). */
export function slackEmoji(name: string): string {
  const base = name.replace(/::skin-tone-\d$/, '');
  return EMOJI[base] ?? `:${name}:`;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const STYLES: Record<string, TextEntity['type']> = { '*': 'bold', _: 'italic', '~': 'strikethrough' };
const PUNCT_OR_SPACE = /[\s.,;:!?'"()[\]{}<>/-]/;
const boundary = (c: string | undefined) => c === undefined || PUNCT_OR_SPACE.test(c);

/** End of the `<...>` token starting at `i`, or -1. */
function tokenEnd(raw: string, i: number): number {
  const m = /^<([^<>\n]+)>/.exec(raw.slice(i, i + 4096));
  return m ? i + m[0].length : -1;
}

/** The closing marker of a span opened at `from`: on the same line, followed by a boundary, skipping tokens. */
function closingMarker(raw: string, marker: string, from: number): number {
  for (let j = from; j < raw.length; j++) {
    const c = raw[j];
    if (c === '\n') return -1;
    if (c === '<') {
      const end = tokenEnd(raw, j);
      if (end > 0) j = end - 1;
      continue;
    }
    if (c === marker && j > from && !/\s/.test(raw[j - 1]!) && boundary(raw[j + 1])) return j;
  }
  return -1;
}

/**
 * mrkdwn to plain text with entities (https://api.slack.com/reference/surfaces/formatting):
 * `<@U…>` mentions, `<url|label>` links, `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * ```` ```pre``` ````, `&gt; ` quote lines and `&amp;`-style escapes. Markers that do not pair up
 * at word boundaries stay as text. Offsets are UTF-16 code units of the result.
 */
export function slackText(raw: string, nameOf: (userId: string) => string | undefined): { text: string; entities: TextEntity[]; mentions: string[] } {
  const entities: TextEntity[] = [];
  const mentions: string[] = [];
  const text = mrkdwn(raw, 0, true, entities, mentions, nameOf);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities, mentions };
}

function mrkdwn(raw: string, base: number, top: boolean, entities: TextEntity[], mentions: string[], nameOf: (userId: string) => string | undefined): string {
  let text = '';
  let quoteStart = -1;
  const endQuote = () => {
    if (quoteStart < 0) return;
    let last: TextEntity | undefined;
    for (let k = entities.length - 1; k >= 0 && !last; k--) if (entities[k]!.type === 'quote') last = entities[k];
    if (last && last.type === 'quote' && last.offset + last.length + 1 === base + quoteStart) last.length = base + text.length - last.offset;
    else if (text.length > quoteStart) entities.push({ type: 'quote', offset: base + quoteStart, length: text.length - quoteStart });
    quoteStart = -1;
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (top && (i === 0 || raw[i - 1] === '\n') && (raw.startsWith('&gt; ', i) || raw.startsWith('> ', i))) {
      quoteStart = text.length;
      i += raw.startsWith('&gt; ', i) ? 5 : 2;
      continue;
    }
    if (c === '\n') {
      endQuote();
      text += c;
      i++;
      continue;
    }
    if (c === '<') {
      const end = tokenEnd(raw, i);
      if (end > 0) {
        const [target, label] = raw.slice(i + 1, end - 1).split('|', 2) as [string, string | undefined];
        const offset = base + text.length;
        if (target.startsWith('@U') || target.startsWith('@W')) {
          const id = target.slice(1);
          const shown = `@${label ?? nameOf(id) ?? id}`;
          text += shown;
          const handle = slackHandleOf(id);
          entities.push({ type: 'mention', offset, length: shown.length, handle });
          mentions.push(handle);
        } else if (target.startsWith('#C') || target.startsWith('#G')) {
          text += `#${label ?? target.slice(1)}`;
        } else if (target.startsWith('!')) {
          // <!here>, <!channel>, <!subteam^ID|@team>, <!date^...|fallback>
          text += label ? unescape(label) : `@${target.slice(1).split('^')[0]}`;
        } else {
          const url = unescape(target);
          const shown = label ? unescape(label) : url.replace(/^mailto:/, '');
          text += shown;
          if (shown.length) entities.push({ type: 'link', offset, length: shown.length, url });
        }
        i = end;
        continue;
      }
    }
    if (c === '&') {
      const m = /^&(amp|lt|gt);/.exec(raw.slice(i, i + 5));
      if (m) {
        text += m[1] === 'amp' ? '&' : m[1] === 'lt' ? '<' : '>';
        i += m[0].length;
        continue;
      }
    }
    if (raw.startsWith('```', i)) {
      const end = raw.indexOf('```', i + 3);
      if (end > i + 3) {
        let body = unescape(raw.slice(i + 3, end));
        if (body.startsWith('\n')) body = body.slice(1);
        if (body.endsWith('\n')) body = body.slice(0, -1);
        if (body.length) entities.push({ type: 'pre', offset: base + text.length, length: body.length });
        text += body;
        i = end + 3;
        continue;
      }
    }
    if (c === '`') {
      const end = raw.indexOf('`', i + 1);
      if (end > i + 1 && !raw.slice(i + 1, end).includes('\n')) {
        const body = unescape(raw.slice(i + 1, end));
        entities.push({ type: 'code', offset: base + text.length, length: body.length });
        text += body;
        i = end + 1;
        continue;
      }
    }
    const style = STYLES[c];
    if (style && boundary(raw[i - 1]) && raw[i + 1] !== undefined && !/\s/.test(raw[i + 1]!)) {
      const end = closingMarker(raw, c, i + 1);
      if (end > 0) {
        const at = text.length;
        const inner = mrkdwn(raw.slice(i + 1, end), base + at, false, entities, mentions, nameOf);
        if (inner.length) entities.push({ type: style, offset: base + at, length: inner.length });
        text += inner;
        i = end + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  endQuote();
  return text;
}

function instantOfTs(ts: string): number {
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

interface Context {
  container: InputFile;
  root: string;
  folder: string;
  channelId: string;
  conversationId: string;
  nameOf: (userId: string) => string | undefined;
  attachments: Map<string, Uint8Array>;
  stats: Tally;
}

function fileOf(ctx: Context, f: Json): Attachment {
  const name = (typeof f.name === 'string' && f.name) || (typeof f.title === 'string' && f.title) || String(f.id ?? '') || 'file';
  const mediaType = mediaTypeFrom(f.mimetype) ?? mediaTypeOf(name);
  const id = String(f.id ?? '');
  // Where tools that download files put them: slackdump's "__uploads/ID/NAME", and "CHANNEL/attachments/ID-NAME".
  for (const rel of [`${ctx.root}__uploads/${id}/${name}`, `${ctx.root}${ctx.folder}/attachments/${id}-${name}`]) {
    const found = findRelative(ctx.container, rel);
    if (found) return includedAttachment(found.bytes, name, mediaType, ctx.attachments);
  }
  if (f.mode === 'tombstone' || f.mode === 'hidden_by_limit') {
    ctx.stats.add('files gone');
    return { fileName: name, mediaType, notIncluded: { reason: 'unavailable', detail: `Slack no longer has this file (mode "${String(f.mode)}")` } };
  }
  ctx.stats.add('files not downloaded');
  const url = typeof f.url_private === 'string' && f.url_private ? f.url_private : undefined;
  return {
    fileName: name,
    mediaType,
    ...(typeof f.size === 'number' ? { size: f.size } : {}),
    notIncluded: { reason: 'not-downloaded', detail: `Slack exports only a link to each file${url ? ` (${url})` : ''}; a tool such as slackdump can download them into __uploads/` },
  };
}

function toMessage(raw: Json, ctx: Context): Message {
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

function readJson(container: InputFile, path: string): unknown {
  const bytes = container.siblings!.get(path);
  if (!bytes) return undefined;
  return parseJsonFile({ kind: 'file', name: `${container.name}/${path}`, bytes }, 'part of a Slack export');
}

export function parseSlack(file: InputFile, options: ConvertOptions): ParsedExport {
  const entries = file.siblings;
  const root = entries ? rootOf(entries) : undefined;
  if (!entries || root === undefined)
    throw new ConvertError(file.name, undefined, 'this is not a Slack export: it has no users.json or channels.json. Give the zip Slack made (Workspace settings > Import/Export data > Export), or the folder it unpacks to.');

  const warnings: ConvertWarning[] = [];
  const users = readJson(file, `${root}users.json`);
  const userList = Array.isArray(users) ? users.filter(isRecord) : [];
  const names = new Map<string, string>();
  const contacts: Contact[] = [];
  let teamId: string | undefined;
  let meId: string | undefined;
  for (const u of userList) {
    if (typeof u.id !== 'string') continue;
    const profile = isRecord(u.profile) ? u.profile : {};
    const displayName = [profile.display_name, u.real_name, profile.real_name, u.name].find((v): v is string => typeof v === 'string' && v !== '') ?? u.id;
    names.set(u.id, displayName);
    teamId ??= typeof u.team_id === 'string' ? u.team_id : undefined;
    if (options.me && [u.name, u.real_name, profile.display_name, profile.real_name].includes(options.me)) meId ??= u.id;
    const email = typeof profile.email === 'string' && profile.email ? profile.email : undefined;
    const phone = typeof profile.phone === 'string' && profile.phone ? profile.phone : undefined;
    const given = typeof profile.first_name === 'string' && profile.first_name ? profile.first_name : undefined;
    const family = typeof profile.last_name === 'string' && profile.last_name ? profile.last_name : undefined;
    contacts.push({
      id: slackHandleOf(u.id),
      displayName,
      ...(given || family ? { name: { ...(given ? { given } : {}), ...(family ? { family } : {}) } } : {}),
      // A handle is a URI without spaces (the schema's pattern); an address with spaces stays only in `emails`.
      handles: [slackHandleOf(u.id), ...(email && !/\s/.test(email) ? [`mailto:${email}`] : [])],
      ...(phone ? { phones: [{ value: phone, types: [] }] } : {}),
      ...(email ? { emails: [{ value: email, types: ['work'] }] } : {}),
      groups: [],
      sourceIds: { 'slack-user': u.id, ...(typeof u.name === 'string' ? { 'slack-username': u.name } : {}) },
    });
  }
  if (options.me && !meId) warnings.push(warning('me_not_found', [options.me], `--me "${options.me}" is not among the workspace's users; the account is recorded as the workspace.`));
  const account = meId ? slackHandleOf(meId) : `slack:team/${teamId ?? 'unknown'}`;
  if (!meId && !options.me) warnings.push(warning('me_unknown', [], `A Slack export belongs to a workspace, not one person; the account is recorded as "${account}". Pass --me NAME to record yours.`));

  // Conversations: folder name -> metadata from the lists.
  const byFolder = new Map<string, { id: string; kind: ConversationKind; title: string; members: string[]; list: string }>();
  for (const list of LISTS) {
    const value = readJson(file, `${root}${list}`);
    for (const c of Array.isArray(value) ? value.filter(isRecord) : []) {
      if (typeof c.id !== 'string') continue;
      const members = Array.isArray(c.members) ? c.members.filter((m): m is string => typeof m === 'string') : [];
      const folder = list === 'dms.json' ? c.id : typeof c.name === 'string' ? c.name : c.id;
      const kind: ConversationKind = list === 'dms.json' ? 'direct' : list === 'mpims.json' ? 'group' : 'channel';
      const title =
        list === 'dms.json' || list === 'mpims.json' ? members.map((m) => names.get(m) ?? m).join(', ') || folder : `#${typeof c.name === 'string' ? c.name : c.id}`;
      byFolder.set(folder, { id: c.id, kind, title, members, list });
    }
  }

  // Day files by folder, in date order.
  const days = new Map<string, string[]>();
  for (const key of entries.keys()) {
    if (!key.startsWith(root)) continue;
    const rel = key.slice(root.length);
    const m = DAY_FILE.exec(rel);
    if (!m || m[1]) continue;
    const list = days.get(m[2]!) ?? [];
    list.push(key);
    days.set(m[2]!, list);
  }

  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();
  const conversations: ParsedConversation[] = [];
  const known = new Set(contacts.map((c) => c.id));
  for (const [folder, keys] of [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    keys.sort();
    const meta = byFolder.get(folder);
    if (!meta) warnings.push(warning('folder_not_listed', [folder], `The folder "${folder}" is in no channel list (channels.json, groups.json, mpims.json, dms.json); it is read as a channel named after the folder.`));
    const channelId = meta?.id ?? folder;
    const conversationId = slackConversationIdOf(channelId);
    const raws: Json[] = [];
    for (const key of keys) {
      const day = readJson(file, key);
      if (!Array.isArray(day)) throw new ConvertError(`${file.name}/${key}`, undefined, 'a Slack day file must hold a JSON array of messages; this one does not. Export the workspace again.');
      for (const m of day) {
        if (!isRecord(m)) continue;
        if (typeof m.ts !== 'string' || !/^\d{1,12}(\.\d{1,9})?$/.test(m.ts))
          throw new ConvertError(`${file.name}/${key}`, undefined, `a message has no valid "ts" (${JSON.stringify(m.ts ?? null)}); Slack gives every message one, like "1704445260.000200". The file may have been edited: export the workspace again.`);
        raws.push(m);
      }
    }
    const seen = new Set<string>();
    const unique = raws.filter((m) => {
      const dup = seen.has(m.ts as string);
      seen.add(m.ts as string);
      return !dup;
    });
    if (unique.length < raws.length) warnings.push(warning('messages_repeated_across_days', [raws.length - unique.length, folder], `${raws.length - unique.length} message(s) in "${folder}" appear in more than one day file; each is kept once.`));
    unique.sort((a, b) => instantOfTs(a.ts as string) - instantOfTs(b.ts as string) || ((a.ts as string) < (b.ts as string) ? -1 : (a.ts as string) > (b.ts as string) ? 1 : 0));
    const ctx: Context = { container: file, root, folder, channelId, conversationId, nameOf: (id) => names.get(id), attachments, stats };
    const participants = new Map<string, Participant['role']>();
    for (const member of meta?.members ?? []) participants.set(slackHandleOf(member), 'member');
    for (const raw of unique) {
      const message = toMessage(raw, ctx);
      if (!participants.has(message.sender)) participants.set(message.sender, 'member');
      // Bots and people from other workspaces are not in users.json; their messages carry a name.
      if (!known.has(message.sender)) {
        const profile = isRecord(raw.user_profile) ? raw.user_profile : {};
        const name = [profile.display_name, profile.real_name, raw.username].find((v): v is string => typeof v === 'string' && v !== '');
        if (name) {
          known.add(message.sender);
          contacts.push({ id: message.sender, displayName: name, handles: [message.sender], groups: [] });
        }
      }
    }
    if (meId && meta?.kind === 'direct' && participants.has(slackHandleOf(meId))) participants.set(slackHandleOf(meId), 'owner');
    const conversation: Conversation = {
      id: conversationId,
      kind: meta?.kind ?? 'channel',
      title: meta?.title ?? `#${folder}`,
      participants: [...participants].map(([handle, role]) => ({ handle, role })),
      source: account,
      sourceIds: { 'slack-channel': channelId, ...(meta ? { 'slack-list': meta.list } : {}) },
    };
    const quiet: Context = { ...ctx, stats: new Tally() };
    conversations.push({
      conversation,
      *messages() {
        for (const raw of unique) yield toMessage(raw, quiet);
      },
    });
  }

  const fidelity: FidelityNote[] = [];
  const note = (item: string, count: number, reason: string) => {
    if (count > 0) fidelity.push({ stage: 'export', account, item, count, reason, at: options.now });
  };
  note('message.edits', stats.get('edited'), 'Slack exports say a message was edited, but not its earlier text.');
  note('message.attachments', stats.get('files not downloaded'), 'Slack exports hold links to files, not the files.');
  note('message.attachments', stats.get('files gone'), 'Slack had deleted these files or hides them beyond the plan\'s limit.');
  note('message.reactions', stats.get('reactions without who'), 'The export counts these reactions but does not say who reacted.');
  note('message.unfurls', stats.get('unfurls'), 'Link previews and app attachments have no place in the archive; the links stay in the text.');

  const source: Source = { service: 'slack', account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return {
    detection: { format: 'slack', layout: 'workspace-export' },
    source,
    contacts,
    conversations,
    attachments,
    fidelity,
    warnings,
  };
}

export const slackReader: FileReader = {
  name: 'slack',
  detect: (file) => detectSlack(file),
  parse: parseSlack,
};
