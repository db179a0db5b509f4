/**
 * The chats of an export (one chat's `result.json`, or `chats.list` and `left_chats.list` of a
 * whole account), who the exporting account is, and each chat as an archive conversation whose
 * messages are read once to check and count them and again, in time order, when written.
 */
import type { Conversation, ConversationKind, Participant } from '../../model/types.js';
import { isRecord, Tally, timeOrder } from '../kit/json-input.js';
import type { ConvertOptions, InputFile, ParsedConversation } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { handleOfId, userNumberOf } from './read-ids.js';
import type { MessageTime } from './read-dates.js';
import { timeOfMessage, toMessage, type ChatContext } from './read-messages.js';

type Json = Record<string, unknown>;

export const CHAT_TYPES: Record<string, ConversationKind> = {
  personal_chat: 'direct',
  bot_chat: 'direct',
  saved_messages: 'direct',
  private_group: 'group',
  private_supergroup: 'group',
  public_supergroup: 'group',
  public_channel: 'channel',
  private_channel: 'channel',
};

export function chatsOf(root: Json): Json[] {
  if (isRecord(root.chats) && Array.isArray(root.chats.list)) {
    const chats = root.chats.list.filter(isRecord);
    // "left_chats" holds chats the account has left; their history is still the user's.
    if (isRecord(root.left_chats) && Array.isArray(root.left_chats.list)) chats.push(...root.left_chats.list.filter(isRecord));
    return chats;
  }
  if (Array.isArray(root.messages)) return [root];
  return [];
}

/** Who "me" is: personal_information, else the owner of "Saved Messages", else --me. */
export function whoIsMe(root: Json, chats: Json[], options: ConvertOptions, warnings: ConvertWarning[]): string | undefined {
  let meId: string | undefined;
  if (isRecord(root.personal_information)) meId = userNumberOf(root.personal_information.user_id);
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
  return meId;
}

export interface ChatsRun {
  file: InputFile;
  options: ConvertOptions;
  account: string;
  meId: string | undefined;
  attachments: Map<string, Uint8Array>;
  stats: Tally;
  dropped: Tally;
  warnings: ConvertWarning[];
  /** Names of everyone who wrote or reacted, by handle, filled as the chats are read. */
  people: Map<string, string>;
}

/** Every chat as a conversation; `anyWallClock` when some message had only a zoneless `date`. */
export function readChats(chats: Json[], run: ChatsRun): { conversations: ParsedConversation[]; anyWallClock: boolean } {
  const { file, options, account, meId, attachments, stats, dropped, warnings, people } = run;
  let anyWallClock = false;
  const conversations: ParsedConversation[] = [];
  const seenChatIds = new Map<string, number>();
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
    // Times file order settled (a wall clock in the repeated hour of a clock change), by index.
    const chosen = new Map<number, MessageTime>();
    let previous = -Infinity;
    raws.forEach((raw, i) => {
      if (raw.id !== undefined && seenIds.has(String(raw.id))) {
        warnings.push(warning('message_repeated', [String(raw.id)], `Chat "${String(chat.name ?? chatId)}" lists message ${String(raw.id)} twice; the second copy is left out.`));
        return;
      }
      const when = timeOfMessage(raw, ctx, i, previous);
      previous = when.ms;
      if (when.chosen) chosen.set(i, when);
      const message = toMessage(raw, ctx, i, when);
      seenIds.add(String(raw.id));
      keep.push(i);
      if (message.wallClock) anyWallClock = true;
      times.push(when.ms);
      if (!participants.has(message.sender) && !message.sender.startsWith('telegram:name/')) participants.set(message.sender, 'member');
      const name = raw.type === 'service' ? raw.actor : raw.from;
      if (typeof name === 'string' && name) people.set(message.sender, name);
      for (const r of Array.isArray(raw.reactions) ? raw.reactions.filter(isRecord) : [])
        for (const who of Array.isArray(r.recent) ? r.recent.filter(isRecord) : []) {
          const handle = handleOfId(who.from_id, chatId, kind);
          if (handle && typeof who.from === 'string' && who.from && !people.has(handle)) people.set(handle, who.from);
        }
    });
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
        for (const i of order) yield toMessage(raws[i]!, { ...quiet, attachments }, i, chosen.get(i));
      },
    });
  }
  return { conversations, anyWallClock };
}
