/**
 * Merging archives: an old and a new export of the same account, or exports of several
 * accounts, become one archive without duplicates. Everything is matched by its stable id
 * (schemas/README.md section 5), which is what makes this a union rather than a guess.
 *
 * Rules, chosen so that merging never loses anything and gives the same result however often
 * it is repeated:
 * - a contact, conversation or message present in several inputs appears once; for single
 *   values the input given LAST wins (pass archives oldest first, so the newest export's names
 *   and texts win), lists (handles, groups, phones, participants, reactions) are united;
 * - messages of each conversation are in time order; equal instants keep the order in which
 *   they were first seen;
 * - sources and fidelity notes are united, in input order.
 *
 * In memory: meant for what fits in memory (hundreds of thousands of messages); the streaming
 * container (src/archive/stream.ts) is what a k-way merge of larger archives would build on.
 */
import { FERRY_VERSION } from '../version.js';
import {
  countOf,
  SCHEMA_VERSION,
  type ArchiveContent,
  type Contact,
  type Conversation,
  type FidelityNote,
  type LabelledValue,
  type Message,
  type Participant,
  type Reaction,
  type Source,
} from '../model/types.js';

export interface MergeOptions {
  /** When the merged archive is written; injected by tests. */
  now?: () => Date;
  /** The inputs' names (file paths), for errors; "input N" otherwise. */
  names?: readonly string[];
}

/** Inputs that cannot be merged without guessing: the message says which and what to do. */
export class MergeError extends Error {
  override name = 'MergeError';
}

function unite<T>(lists: (T[] | undefined)[], key: (item: T) => string): T[] | undefined {
  const out = new Map<string, T>();
  let any = false;
  for (const list of lists) {
    if (!list) continue;
    any = true;
    for (const item of list) if (!out.has(key(item))) out.set(key(item), item);
  }
  return any ? [...out.values()] : undefined;
}

const json = (value: unknown) => JSON.stringify(value);

function withOptional<T extends object>(target: T, key: keyof T, value: unknown): void {
  if (value === undefined) delete target[key];
  else (target as Record<keyof T, unknown>)[key] = value;
}

function mergeContact(older: Contact, newer: Contact): Contact {
  const merged: Contact = { ...older, ...newer };
  merged.handles = unite([older.handles, newer.handles], (h) => h)!;
  merged.groups = unite([older.groups, newer.groups], (g) => g)!;
  withOptional(merged, 'phones', unite<LabelledValue>([older.phones, newer.phones], (p) => p.value));
  withOptional(merged, 'emails', unite<LabelledValue>([older.emails, newer.emails], (e) => e.value));
  if (older.sourceIds || newer.sourceIds) merged.sourceIds = { ...older.sourceIds, ...newer.sourceIds };
  return merged;
}

function mergeConversation(older: Conversation, newer: Conversation): Conversation {
  const byHandle = new Map<string, Participant>();
  for (const p of older.participants) byHandle.set(p.handle, p);
  for (const p of newer.participants) byHandle.set(p.handle, { ...byHandle.get(p.handle), ...p });
  const merged: Conversation = { ...older, ...newer, participants: [...byHandle.values()], source: older.source };
  if (older.sourceIds || newer.sourceIds) merged.sourceIds = { ...older.sourceIds, ...newer.sourceIds };
  return merged;
}

function mergeMessage(older: Message, newer: Message): Message {
  const merged: Message = { ...older, ...newer };
  withOptional(merged, 'reactions', unite<Reaction>([older.reactions, newer.reactions], (r) => json([r.emoji, r.sender])));
  withOptional(merged, 'edits', unite([older.edits, newer.edits], (e) => json([e.timestamp, e.text])));
  if (older.sourceIds || newer.sourceIds) merged.sourceIds = { ...older.sourceIds, ...newer.sourceIds };
  return merged;
}

export function mergeArchives(inputs: ArchiveContent[], options: MergeOptions = {}): ArchiveContent {
  const { now = () => new Date() } = options;
  const sources = unite<Source>(
    inputs.map((i) => i.manifest.sources),
    (s) => json([s.service, s.account, s.exportedAt, s.method]),
  )!;

  const contacts = new Map<string, Contact>();
  const conversations = new Map<string, Conversation>();
  /** Per conversation: message id -> [message, first-seen order]. */
  const messages = new Map<string, Map<string, { message: Message; seen: number }>>();
  /** Message ids are unique archive-wide: remember where each went so a repeat lands in the same place. */
  const homeOf = new Map<string, string>();
  let seen = 0;

  const nameOf = (i: number) => options.names?.[i] ?? `input ${i + 1}`;
  /** Which input each message id came from first, for the error when two inputs disagree. */
  const firstInput = new Map<string, number>();
  for (const [inputIndex, input] of inputs.entries()) {
    for (const c of input.contacts) contacts.set(c.id, contacts.has(c.id) ? mergeContact(contacts.get(c.id)!, c) : c);
    for (const c of input.conversations) {
      conversations.set(c.id, conversations.has(c.id) ? mergeConversation(conversations.get(c.id)!, c) : c);
    }
    /** Ids seen in this input: one id twice in one archive is two different messages, not one seen twice. */
    const inThisInput = new Set<string>();
    for (const [key, list] of input.messages) {
      for (const message of list) {
        if (inThisInput.has(message.id)) {
          throw new MergeError(`${nameOf(inputIndex)} holds two messages with the id "${message.id}"; merging would keep only one of them. Run ferry verify ${nameOf(inputIndex)}, and export that archive again.`);
        }
        inThisInput.add(message.id);
        const earlierHome = homeOf.get(message.id);
        const home = earlierHome ?? message.conversationId ?? key;
        // The same id is the same message in two exports, so it must be in the same conversation;
        // filed elsewhere, one of the two would be lost or moved.
        if (earlierHome !== undefined && message.conversationId !== earlierHome) {
          throw new MergeError(
            `The message id "${message.id}" is in conversation "${earlierHome}" in ${nameOf(firstInput.get(message.id)!)} but in "${message.conversationId}" in ${nameOf(inputIndex)}; ids name one message, so these archives disagree. Check both with ferry verify; nothing was written.`,
          );
        }
        if (earlierHome === undefined) firstInput.set(message.id, inputIndex);
        homeOf.set(message.id, home);
        let byId = messages.get(home);
        if (!byId) messages.set(home, (byId = new Map()));
        const before = byId.get(message.id);
        byId.set(message.id, before ? { message: mergeMessage(before.message, message), seen: before.seen } : { message, seen: seen++ });
      }
    }
  }

  const merged: ArchiveContent = {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry', version: FERRY_VERSION },
      createdAt: now().toISOString(),
      sources,
      counts: { contacts: 0, conversations: 0, messages: 0, attachments: 0 },
    },
    contacts: [...contacts.values()],
    conversations: [...conversations.values()],
    messages: new Map(
      [...conversations.keys()].map((id) => [
        id,
        [...(messages.get(id)?.values() ?? [])]
          .map((entry) => ({ ...entry, instant: Date.parse(entry.message.timestamp) }))
          .sort((a, b) => a.instant - b.instant || a.seen - b.seen)
          .map((entry) => entry.message),
      ]),
    ),
    fidelity: unite<FidelityNote>(inputs.map((i) => i.fidelity ?? []), json) ?? [],
  };
  const attachments = new Map<string, Uint8Array>();
  for (const input of inputs) for (const [sha, bytes] of input.attachments ?? []) attachments.set(sha, bytes);
  if (attachments.size > 0) merged.attachments = attachments;
  // Messages whose conversation is in no input cannot be written (the writer refuses to lose
  // them silently); they can only come from an invalid input, which verify reports.
  for (const id of messages.keys()) {
    if (!conversations.has(id)) throw new MergeError(`Cannot merge: messages refer to conversation "${id}", which no input archive has. Run ferry verify on the inputs.`);
  }
  merged.manifest.counts = countOf(merged);
  return merged;
}
