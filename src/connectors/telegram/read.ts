/**
 * Telegram Desktop's "Export chat history" / "Export Telegram data" in JSON: the whole-account
 * `result.json` (personal_information, contacts, chats.list[]) or one chat's `result.json`
 * (name, type, id, messages[]). Both the old layout (`text` a string or an array of strings and
 * entity objects, numeric `from_id`, `date` only) and the newer one (`text_entities`,
 * `date_unixtime`, "user123" ids, reactions) are read.
 *
 * Field shapes follow Telegram Desktop's exporter:
 * https://github.com/telegramdesktop/tdesktop/blob/dev/Telegram/SourceFiles/export/output/export_output_json.cpp
 */
import type {
  Attachment,
  Contact,
  Conversation,
  ConversationKind,
  FidelityNote,
  Message,
  MessageKind,
  Participant,
  Reaction,
  Source,
  TextEntity,
} from '../../model/types.js';
import { headOf, isoFromMs, isRecord, parseJsonFile, Tally, timeOrder, callSeconds } from '../kit/json-input.js';
import { baseName, findRelative, includedAttachment } from '../kit/files.js';
import { mediaTypeOf, mediaTypeFrom } from '../kit/media-types.js';
import { wallClockToIso } from '../kit/wall-clock.js';
import {
  ConvertError,
  type ConvertOptions,
  type Detection,
  type FileReader,
  type InputFile,
  type ParsedConversation,
  type ParsedExport,
} from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

type Json = Record<string, unknown>;

const CHAT_TYPES: Record<string, ConversationKind> = {
  personal_chat: 'direct',
  bot_chat: 'direct',
  saved_messages: 'direct',
  private_group: 'group',
  private_supergroup: 'group',
  public_supergroup: 'group',
  public_channel: 'channel',
  private_channel: 'channel',
};

const CHAT_TYPE_RE = new RegExp(`"type"\\s*:\\s*"(${Object.keys(CHAT_TYPES).join('|')})"`);

export function detectTelegram(file: InputFile): Detection | undefined {
  if (file.kind !== 'file' || !/\.json$/i.test(file.name)) return undefined;
  const head = headOf(file.bytes);
  if (!/^\s*\{/.test(head)) return undefined;
  if (/"personal_information"\s*:/.test(head) || /"chats"\s*:\s*\{\s*"about"\s*:/.test(head) || /"chats"\s*:\s*\{\s*"list"\s*:/.test(head))
    return { format: 'telegram', layout: 'account-result-json' };
  if (CHAT_TYPE_RE.test(head) && /"messages"\s*:\s*\[/.test(head) && /"date(_unixtime)?"\s*:/.test(head) || (CHAT_TYPE_RE.test(head) && /"messages"\s*:\s*\[\s*\]/.test(head)))
    return { format: 'telegram', layout: 'chat-result-json' };
  return undefined;
}

/** "user123" (newer) or 123 (older) to a handle URI. In a channel, a numeric id equal to the chat's is the channel itself. */
function handleOfId(id: unknown, chatId: string, chatKind: ConversationKind): string | undefined {
  if (typeof id === 'string' && /^(user|channel|chat)\d+$/.test(id)) return `telegram:${id}`;
  if (typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id))) {
    const n = String(id);
    return chatKind === 'channel' && n === chatId ? `telegram:channel${n}` : `telegram:user${n}`;
  }
  return undefined;
}

const ENTITY_TYPES: Record<string, TextEntity['type'] | undefined> = {
  bold: 'bold',
  italic: 'italic',
  underline: 'underline',
  strikethrough: 'strikethrough',
  code: 'code',
  pre: 'pre',
  spoiler: 'spoiler',
  blockquote: 'quote',
  text_link: 'link',
  link: 'link',
  email: 'link',
  phone: 'link',
  mention: 'mention',
  mention_name: 'mention',
};

/** Plain text and entities from `text_entities` (newer) or `text` (a string, or an array of strings and {type, text}). */
function textOf(raw: Json, dropped: Tally): { text: string; entities: TextEntity[] } {
  const parts: unknown[] = Array.isArray(raw.text_entities) ? raw.text_entities : Array.isArray(raw.text) ? raw.text : [typeof raw.text === 'string' ? raw.text : ''];
  let text = '';
  const entities: TextEntity[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (!isRecord(part)) continue;
    const piece = typeof part.text === 'string' ? part.text : '';
    const kind = typeof part.type === 'string' ? part.type : 'plain';
    const type = ENTITY_TYPES[kind];
    if (type && piece.length) {
      const entity: TextEntity = { type, offset: text.length, length: piece.length };
      if (kind === 'text_link' && typeof part.href === 'string') entity.url = part.href;
      else if (kind === 'link') entity.url = piece;
      else if (kind === 'email') entity.url = `mailto:${piece}`;
      else if (kind === 'phone') entity.url = `tel:${piece.replace(/\s+/g, '')}`;
      else if (kind === 'mention') entity.handle = `telegram:${piece.startsWith('@') ? piece : `@${piece}`}`;
      else if (kind === 'mention_name' && part.user_id !== undefined) entity.handle = `telegram:user${String(part.user_id)}`;
      entities.push(entity);
    } else if (kind !== 'plain' && piece.length) dropped.add(`entity type "${kind}"`);
    text += piece;
  }
  return { text, entities };
}

const NOT_INCLUDED_RE = /^\(File (not included|exceeds maximum size|unavailable)[^)]*\)$/i;

interface ChatContext {
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

function attachmentOf(ctx: ChatContext, pathOrNote: string, mediaType: string | undefined, fileName: string | undefined): Attachment {
  const notIncluded = NOT_INCLUDED_RE.exec(pathOrNote);
  if (notIncluded) {
    ctx.stats.add('attachments not included');
    const tooLarge = /exceeds/i.test(pathOrNote);
    return {
      ...(fileName ? { fileName } : {}),
      mediaType: mediaType ?? 'application/octet-stream',
      notIncluded: { reason: tooLarge ? 'too-large' : 'excluded', detail: `Telegram Desktop wrote "${pathOrNote}"` },
    };
  }
  // An empty "file" or "file_name" (a hand-edited export) names nothing: the schema wants a non-empty file name or none.
  const name = fileName || baseName(pathOrNote) || 'attachment';
  const type = mediaType ?? mediaTypeOf(name);
  const found = pathOrNote ? findRelative(ctx.file, pathOrNote) : undefined;
  if (found) return includedAttachment(found.bytes, name, type, ctx.attachments);
  ctx.stats.add('attachments missing');
  if (!pathOrNote) {
    return { mediaType: type, notIncluded: { reason: 'unavailable', detail: 'the export names this attachment with an empty path' } };
  }
  return {
    fileName: name,
    mediaType: type,
    notIncluded: { reason: 'unavailable', detail: `${pathOrNote} is named by the export but was not among the files given: give the whole export folder or zip` },
  };
}

const SERVICE_TEXT: Record<string, (raw: Json) => string> = {
  create_group: (r) => `created the group "${String(r.title ?? '')}"`,
  create_channel: (r) => `created the channel "${String(r.title ?? '')}"`,
  migrate_to_supergroup: () => 'converted this group to a supergroup',
  migrate_from_group: (r) => `converted the group "${String(r.title ?? '')}" to this supergroup`,
  invite_members: (r) => `added ${listOf(r.members)}`,
  remove_members: (r) => `removed ${listOf(r.members)}`,
  join_group_by_link: () => 'joined the group by invite link',
  join_group_by_request: () => 'joined the group by request',
  edit_group_title: (r) => `changed the title to "${String(r.title ?? '')}"`,
  edit_group_photo: () => 'changed the group photo',
  delete_group_photo: () => 'removed the group photo',
  pin_message: () => 'pinned a message',
  joined_telegram: () => 'joined Telegram',
  clear_history: () => 'cleared the history',
  score_in_game: (r) => `scored ${String(r.score ?? '')}`,
  screenshot_taken: () => 'took a screenshot',
  contact_sign_up: () => 'joined Telegram',
  set_messages_ttl: (r) => `set messages to auto-delete after ${String(r.period_seconds ?? r.period ?? '')} seconds`,
  group_call: () => 'started a voice chat',
  topic_created: (r) => `created the topic "${String(r.title ?? '')}"`,
};

/** A user's number from 123, "123" or "user123"; undefined for anything else (a channel, a damaged value). */
function userNumberOf(id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
  if (typeof id === 'string') return /^(?:user)?(\d+)$/.exec(id)?.[1];
  return undefined;
}

function listOf(members: unknown): string {
  return Array.isArray(members) ? members.map((m) => String(m ?? 'a deleted account')).join(', ') : '';
}

function callOutcome(raw: Json): NonNullable<Message['call']>['outcome'] {
  switch (raw.discard_reason) {
    case 'missed':
      return 'missed';
    case 'busy':
      return 'declined';
    case 'hangup':
      return typeof raw.duration_seconds === 'number' && raw.duration_seconds > 0 ? 'answered' : 'cancelled';
    default:
      return undefined;
  }
}

/** The instant of a message: `date_unixtime` when present (an instant), else `date` read in the given zone. */
function timeOf(raw: Json, zone: string): { timestamp: string; wallClock?: string } | undefined {
  if (typeof raw.date_unixtime === 'string' || typeof raw.date_unixtime === 'number') {
    const seconds = Number(raw.date_unixtime);
    if (Number.isFinite(seconds)) return { timestamp: isoFromMs(seconds * 1000) };
  }
  if (typeof raw.date === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(raw.date);
    if (m) {
      const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
      return { timestamp: wallClockToIso({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s! }, zone), wallClock: raw.date };
    }
  }
  return undefined;
}

function messageIdOf(conversationId: string, id: unknown): string {
  return `${conversationId}#m:${String(id)}`;
}

function toMessage(raw: Json, ctx: ChatContext, index: number): Message {
  const when = timeOf(raw, ctx.timeZone);
  if (!when) throw new ConvertError(ctx.file.name, undefined, `message ${String(raw.id ?? `#${index + 1}`)} in chat ${ctx.chatId} has no readable "date" or "date_unixtime"; export the chat again with Telegram Desktop.`);
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
        const at = typeof who.date === 'string' ? timeOf({ date: who.date }, ctx.timeZone)?.timestamp : undefined;
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

function chatsOf(root: Json): Json[] {
  if (isRecord(root.chats) && Array.isArray(root.chats.list)) {
    const chats = root.chats.list.filter(isRecord);
    // "left_chats" holds chats the account has left; their history is still the user's.
    if (isRecord(root.left_chats) && Array.isArray(root.left_chats.list)) chats.push(...root.left_chats.list.filter(isRecord));
    return chats;
  }
  if (Array.isArray(root.messages)) return [root];
  return [];
}

export function parseTelegram(file: InputFile, options: ConvertOptions): ParsedExport {
  const root = parseJsonFile(file, 'a Telegram Desktop export (result.json)');
  if (!isRecord(root) || (!Array.isArray(root.messages) && !(isRecord(root.chats) && Array.isArray(root.chats.list))))
    throw new ConvertError(
      file.name,
      undefined,
      'this JSON is not a Telegram Desktop export: it has neither "messages" (one chat) nor "chats.list" (whole account). In Telegram Desktop use Settings > Advanced > Export Telegram data, format "Machine-readable JSON".',
    );
  const layout = Array.isArray(root.messages) ? 'chat-result-json' : 'account-result-json';
  const warnings: ConvertWarning[] = [];
  const fidelity: FidelityNote[] = [];
  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();
  const dropped = new Tally();

  // Who "me" is: personal_information, else the owner of "Saved Messages", else --me.
  let meId: string | undefined;
  if (isRecord(root.personal_information)) meId = userNumberOf(root.personal_information.user_id);
  const chats = chatsOf(root);
  const saved = chats.find((c) => c.type === 'saved_messages');
  if (!meId && saved) meId = userNumberOf(saved.id);
  // In a one-to-one chat the chat's id is the other person's user id: the other sender is you.
  if (!meId && chats.length === 1 && chats[0]!.type === 'personal_chat') {
    const peer = String(chats[0]!.id);
    const others = new Set<string>();
    for (const m of Array.isArray(chats[0]!.messages) ? chats[0]!.messages.filter(isRecord) : []) {
      const from = m.from_id ?? m.actor_id;
      const n = userNumberOf(from);
      if (n !== undefined && n !== peer) others.add(n);
    }
    if (others.size === 1) meId = [...others][0];
  }
  if (!meId && options.me) {
    for (const chat of chats)
      for (const m of Array.isArray(chat.messages) ? chat.messages.filter(isRecord) : [])
        if (m.from === options.me) meId ??= userNumberOf(m.from_id);
    if (!meId) warnings.push(warning('me_not_found', [options.me], `--me "${options.me}" sent no message in this file; Ferry cannot tell your Telegram id, so the account is recorded as "telegram:me".`));
  }
  if (!meId && !options.me) warnings.push(warning('me_unknown', [], 'This chat export does not say whose account it is; the account is recorded as "telegram:me". Pass --me NAME (your name as it appears in the chat) to record it.'));
  const account = meId ? `telegram:user${meId}` : 'telegram:me';

  let anyWallClock = false;
  const conversations: ParsedConversation[] = [];
  // Names of everyone who wrote or reacted, by handle: the archive keeps names on contacts only,
  // so people seen in the chats become contacts and their names are not lost.
  const people = new Map<string, string>();
  if (meId && isRecord(root.personal_information)) {
    const info = root.personal_information;
    const name = [info.first_name, info.last_name].filter((v) => typeof v === 'string' && v).join(' ');
    if (name) people.set(`telegram:user${meId}`, name);
  }
  const seenChatIds = new Map<string, number>();
  let messageTotal = 0;
  for (const chat of chats) {
    const type = typeof chat.type === 'string' ? chat.type : '';
    const kind = CHAT_TYPES[type] ?? 'group';
    if (!CHAT_TYPES[type]) warnings.push(warning('unknown_chat_type', [String(chat.name ?? chat.id), type], `Chat "${String(chat.name ?? chat.id)}" has the unknown type "${type}"; read as a group.`));
    let chatId = typeof chat.id === 'number' || typeof chat.id === 'string' ? String(chat.id) : 'unknown';
    const repeat = seenChatIds.get(chatId) ?? 0;
    seenChatIds.set(chatId, repeat + 1);
    if (repeat) chatId = `${chatId}~${repeat + 1}`;
    const conversationId = `${account}#chat:${chatId}`;
    const raws = (Array.isArray(chat.messages) ? chat.messages : []).filter(isRecord);
    const ctx: ChatContext = { file, chatId, kind, conversationId, timeZone: options.timeZone, attachments, stats, dropped };
    // First run: validates every message, fills attachments and the counts, and finds the time order.
    const times: number[] = [];
    const participants = new Map<string, Participant['role']>();
    if (meId) participants.set(`telegram:user${meId}`, kind === 'direct' ? 'owner' : 'member');
    const seenIds = new Set<string>();
    const keep: number[] = [];
    raws.forEach((raw, i) => {
      if (raw.id !== undefined && seenIds.has(String(raw.id))) {
        warnings.push(warning('message_repeated', [String(raw.id)], `Chat "${String(chat.name ?? chatId)}" lists message ${String(raw.id)} twice; the second copy is left out.`));
        return;
      }
      const message = toMessage(raw, ctx, i);
      seenIds.add(String(raw.id));
      keep.push(i);
      if (message.wallClock) anyWallClock = true;
      times.push(Date.parse(message.timestamp));
      if (!participants.has(message.sender) && !message.sender.startsWith('telegram:name/')) participants.set(message.sender, 'member');
      const name = raw.type === 'service' ? raw.actor : raw.from;
      if (typeof name === 'string' && name) people.set(message.sender, name);
      for (const r of Array.isArray(raw.reactions) ? raw.reactions.filter(isRecord) : [])
        for (const who of Array.isArray(r.recent) ? r.recent.filter(isRecord) : []) {
          const handle = handleOfId(who.from_id, chatId, kind);
          if (handle && typeof who.from === 'string' && who.from && !people.has(handle)) people.set(handle, who.from);
        }
    });
    messageTotal += keep.length;
    const order = timeOrder(times).map((i) => keep[i]!);
    const title = typeof chat.name === 'string' && chat.name ? chat.name : type === 'saved_messages' ? 'Saved Messages' : `Telegram chat ${chatId}`;
    const conversation: Conversation = {
      id: conversationId,
      kind,
      title,
      participants: [...participants].map(([handle, role]) => ({ handle, ...(people.has(handle) ? { contactId: handle } : {}), role })),
      source: account,
      sourceIds: { 'telegram-chat': chatId, 'telegram-chat-type': type },
    };
    const quiet: ChatContext = { ...ctx, attachments: new Map(), stats: new Tally(), dropped: new Tally() };
    conversations.push({
      conversation,
      *messages() {
        for (const i of order) yield toMessage(raws[i]!, { ...quiet, attachments }, i);
      },
    });
  }
  if (chats.length === 0) warnings.push(warning('no_chats', [], 'The export holds no chats.'));

  const contacts: Contact[] = [];
  if (isRecord(root.contacts) && Array.isArray(root.contacts.list)) {
    const used = new Set<string>();
    for (const c of root.contacts.list.filter(isRecord)) {
      const phone = typeof c.phone_number === 'string' ? c.phone_number.replace(/\s+/g, '') : '';
      const displayName = [c.first_name, c.last_name].filter((v) => typeof v === 'string' && v).join(' ') || phone;
      const handles = [...(c.user_id !== undefined ? [`telegram:user${String(c.user_id)}`] : []), ...(phone ? [`tel:${phone}`] : [])];
      let id = `telegram:contact/${c.user_id !== undefined ? `user${String(c.user_id)}` : phone || encodeURIComponent(displayName)}`;
      while (used.has(id)) id += '+';
      used.add(id);
      contacts.push({
        id,
        displayName,
        ...(c.first_name || c.last_name ? { name: { ...(c.first_name ? { given: String(c.first_name) } : {}), ...(c.last_name ? { family: String(c.last_name) } : {}) } } : {}),
        handles,
        ...(phone ? { phones: [{ value: phone, types: [] }] } : {}),
        groups: [],
      });
    }
  }

  for (const [handle, displayName] of people) {
    const id = /^telegram:((?:user|channel|chat)\d+)$/.exec(handle)?.[1];
    contacts.push({ id: handle, displayName, handles: [handle], groups: [], ...(id ? { sourceIds: { 'telegram-id': id } } : {}) });
  }

  const note = (item: string, count: number, reason: string) => {
    if (count > 0) fidelity.push({ stage: 'export', account, item, count, reason, at: options.now });
  };
  note('message.edits', stats.get('edited'), 'Telegram Desktop marks a message as edited but does not export the earlier text.');
  note('message.reactions', stats.get('reactions without who'), 'The export counts these reactions but does not say who reacted.');
  note('message.attachments', stats.get('attachments not included'), 'Telegram Desktop did not export these files (left out by its export settings or over its size limit).');
  note('message.attachments', stats.get('attachments missing'), 'The export names these files but they were not among the files given; give the whole export folder or zip.');
  note('message.viaBot', stats.get('via bot'), 'Which inline bot sent a message ("via @bot") has no place in the archive.');
  let droppedEntities = 0;
  const kinds: string[] = [];
  for (const [k, n] of dropped.counts) {
    droppedEntities += n;
    kinds.push(`${k} (${n})`);
  }
  note('message.entities', droppedEntities, `Text formatting the archive has no type for was kept as plain text: ${kinds.join(', ')}.`);
  for (const [k, n] of stats.counts) {
    if (!k.startsWith('service action')) continue;
    const action = /"([^"]*)"/.exec(k)?.[1] ?? k; // the key is 'service action "NAME" kept as its name'
    warnings.push(warning('service_actions', [n, action], `${n} service message(s) with ${k}.`));
  }

  const source: Source = {
    service: 'telegram',
    account,
    exportedAt: options.now,
    method: 'export-file',
    timeZone: anyWallClock ? { status: 'assumed', zone: options.timeZone } : { status: 'instants' },
  };
  if (anyWallClock)
    warnings.push(warning('zone_assumed', [options.timeZone], `Some messages have only "date" (local time of the computer that exported, no zone); they were read in ${options.timeZone}. Pass --tz if that computer was set to another zone.`));
  return {
    detection: { format: 'telegram', layout },
    source,
    contacts,
    conversations,
    attachments,
    fidelity,
    warnings,
  };
}

export const telegramReader: FileReader = {
  name: 'telegram',
  detect: (file) => detectTelegram(file),
  parse: parseTelegram,
};
