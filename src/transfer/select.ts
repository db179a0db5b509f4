/**
 * A person's choice of what goes into the archive they save: some conversations, a date range.
 *
 * Applied to content already read (live or from files), so the choice can be changed without
 * reading the source again, and the export journal (which resumes by server cursor) never holds a
 * partial view. What was left out is recorded as an export fidelity note with its count, so the
 * archive says it is a selection rather than looking like a short export.
 */
import { countOf, type ArchiveContent, type FidelityNote, type Message } from '../model/types.js';

export interface Selection {
  /** Conversation ids to keep; absent = all. */
  conversations?: ReadonlySet<string>;
  /** Keep messages at or after this instant (ISO 8601); absent = from the beginning. */
  from?: string;
  /** Keep messages before this instant (ISO 8601, exclusive); absent = up to the end. */
  until?: string;
}

export class SelectionError extends Error {
  override name = 'SelectionError';
}

/** Per conversation: how many messages and the first and last instant, for the choosing UI. */
export interface ConversationSummary {
  id: string;
  title: string;
  messages: number;
  first?: string;
  last?: string;
}

export function summarizeConversations(content: ArchiveContent): ConversationSummary[] {
  return content.conversations.map((conversation) => {
    const list = content.messages.get(conversation.id) ?? [];
    return {
      id: conversation.id,
      title: conversation.title ?? conversation.id,
      messages: list.length,
      ...(list.length ? { first: list[0]!.timestamp, last: list[list.length - 1]!.timestamp } : {}),
    };
  });
}

const instantOf = (iso: string, what: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new SelectionError(`${what} "${iso}" is not a date and time Ferry can read; give it as ISO 8601, e.g. 2024-03-01T00:00:00+09:00.`);
  return ms;
};

/**
 * The content restricted to the selection. Contacts all stay (a friend list is worth keeping even
 * when their conversation is left out); attachment bytes stay only when something kept refers to
 * them. Returns the same object when the selection keeps everything.
 */
export function selectContent(content: ArchiveContent, selection: Selection, account = content.manifest.sources[0]?.account ?? ''): ArchiveContent {
  const from = selection.from === undefined ? -Infinity : instantOf(selection.from, 'The start date');
  const until = selection.until === undefined ? Infinity : instantOf(selection.until, 'The end date');
  if (from >= until) throw new SelectionError('The start date is not before the end date, so nothing would be kept. Pick a start date before the end date.');
  const keepConversation = (id: string) => !selection.conversations || selection.conversations.has(id);

  const conversations = content.conversations.filter((c) => keepConversation(c.id));
  if (conversations.length === 0 && content.conversations.length > 0) throw new SelectionError('No conversation is chosen. Choose at least one, or all.');
  const messages = new Map<string, Message[]>();
  let droppedByConversation = 0;
  let droppedByDate = 0;
  for (const conversation of content.conversations) {
    const list = content.messages.get(conversation.id) ?? [];
    if (!keepConversation(conversation.id)) {
      droppedByConversation += list.length;
      continue;
    }
    const kept = list.filter((m) => {
      const at = Date.parse(m.timestamp);
      return at >= from && at < until;
    });
    droppedByDate += list.length - kept.length;
    messages.set(conversation.id, kept);
  }
  if (droppedByConversation === 0 && droppedByDate === 0 && conversations.length === content.conversations.length) return content;

  const attachments = content.attachments ? keptAttachments(content, messages) : undefined;
  const at = new Date().toISOString();
  const notes: FidelityNote[] = [];
  const leftOutConversations = content.conversations.length - conversations.length;
  if (leftOutConversations > 0) {
    notes.push({ stage: 'export', account, item: 'conversation', count: leftOutConversations, reason: `left out by the person exporting (with their ${droppedByConversation} messages)`, at });
  }
  if (droppedByDate > 0) {
    const range = `${selection.from ?? 'the beginning'} to ${selection.until ?? 'the end'}`;
    notes.push({ stage: 'export', account, item: 'message', count: droppedByDate, reason: `outside the chosen date range (${range})`, at });
  }
  const selected = { contacts: content.contacts, conversations, messages, ...(attachments ? { attachments } : {}) };
  return {
    ...content,
    ...selected,
    manifest: { ...content.manifest, counts: countOf(selected) },
    fidelity: [...(content.fidelity ?? []), ...notes],
  };
}

/** Attachment bytes that a kept message, any contact or the owner's own profile (avatars) still refers to. */
function keptAttachments(content: ArchiveContent, messages: Map<string, Message[]>): Map<string, Uint8Array> {
  const wanted = new Set<string>();
  for (const source of content.manifest.sources) if (source.profile?.avatar?.sha256) wanted.add(source.profile.avatar.sha256);
  for (const contact of content.contacts) if (contact.avatar?.sha256) wanted.add(contact.avatar.sha256);
  for (const list of messages.values()) for (const m of list) for (const a of m.attachments ?? []) if (a.sha256) wanted.add(a.sha256);
  const kept = new Map<string, Uint8Array>();
  for (const [sha, bytes] of content.attachments!) if (wanted.has(sha)) kept.set(sha, bytes);
  return kept;
}
