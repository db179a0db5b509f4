/**
 * What an archive will become in a live XMPP account, before anything is written: per kind of
 * data, how many there are, what the import does with them and what the target cannot take.
 *
 * It describes exactly what `importXmppContacts` (friends), `importHistoryAsNotes` and
 * `importGroupsAsRooms` (history) do, so the numbers here are the numbers the report will show. A live client cannot write into
 * the server's archive, nor write group chats as their members did; XEP-0227 (`write-xep0227.ts`)
 * is the full-fidelity route through the server's admin, and the preview says so where it matters.
 */
import type { ArchiveContent, Message } from '../../model/types.js';
import { bareJid } from './ids.js';
import { decideAddress, type NotImportedReason } from './import.js';
import type { ContactMapping } from './mapping.js';
import { peopleOf } from './people.js';

/** How much of a kind arrives: all of it, some of it (see `lost`), or nothing. */
export type Fidelity = 'full' | 'partial' | 'none';

export type PreviewKind =
  | 'contacts'
  | 'contacts-placeholder'
  | 'contacts-skipped'
  | 'contact-groups'
  | 'contact-details'
  | 'contact-avatars'
  | 'own-profile'
  | 'direct-conversations'
  | 'group-conversations'
  | 'messages'
  | 'attachments'
  | 'reactions'
  | 'edits'
  | 'replies'
  | 'forwards'
  | 'formatting'
  | 'special-messages'
  | 'empty-messages';

/** Where a kind goes in the target. */
export type PreviewHow =
  /** Roster items with name and groups, and a presence subscription request. */
  | 'roster'
  /** Named roster items on a placeholder address, with no request (nobody receives anything there). */
  | 'roster-placeholder'
  /** Copied into notes to self, or (the rooms route) into a group chat of the user's own, quoted. */
  | 'notes-or-rooms'
  /** Roster groups (created by naming them on roster items). */
  | 'roster-groups'
  /** Sent as notes to self: text after a line with sender and original time. */
  | 'notes-to-self'
  /** Only the message's text travels in its note. */
  | 'text-only'
  /** The latest text travels; earlier versions do not. */
  | 'latest-text'
  /** Not written at all. */
  | 'not-written';

export interface PreviewRow {
  kind: PreviewKind;
  /** How many the archive holds. */
  count: number;
  /** A second count where the kind has one: messages in those conversations, earlier versions of edited messages, files of those messages. */
  detail?: number;
  fidelity: Fidelity;
  how: PreviewHow;
  /** For "contacts-skipped": how many for each reason. */
  reasons?: Partial<Record<NotImportedReason, number>>;
}

export interface ImportPreview {
  target: string;
  rows: PreviewRow[];
}

const hasText = (m: Message): boolean => m.text.trim() !== '';

/**
 * The preview of importing `content` into the XMPP account `target` through its web client.
 * `mapping` is the contact-mapping table as it stands (absent: every contact keeps its own address).
 * Rows with a count of zero are left out, so the table lists only what this archive holds.
 */
export function previewXmppImport(content: ArchiveContent, target: string, mapping?: ContactMapping, options: { placeholders?: boolean } = {}): ImportPreview {
  const self = bareJid(target);
  const rows: PreviewRow[] = [];
  const add = (row: PreviewRow) => {
    if (row.count > 0) rows.push(row);
  };

  // Friends: the same decision the import makes, without the roster (which only turns "added" into "already there").
  const people = peopleOf(content);
  let importable = 0;
  let placeholders = 0;
  const reasons: Partial<Record<NotImportedReason, number>> = {};
  const groups = new Set<string>();
  for (const contact of people) {
    const decision = decideAddress(contact, self, mapping, options.placeholders);
    if ('skip' in decision) reasons[decision.skip] = (reasons[decision.skip] ?? 0) + 1;
    else {
      if (decision.via === 'placeholder') placeholders++;
      else importable++;
      for (const group of contact.groups) groups.add(group);
    }
  }
  const skipped = people.length - importable - placeholders;
  add({ kind: 'contacts', count: importable, fidelity: 'full', how: 'roster' });
  add({ kind: 'contacts-placeholder', count: placeholders, fidelity: 'partial', how: 'roster-placeholder' });
  add({ kind: 'contacts-skipped', count: skipped, fidelity: 'none', how: 'not-written', reasons });
  add({ kind: 'contact-groups', count: groups.size, fidelity: 'full', how: 'roster-groups' });
  // A roster item has a JID, a name and groups; nothing else a contact holds has a place in it.
  const detailed = people.filter((c) => c.phones?.length || c.emails?.length || c.notes || c.name || c.favourite || c.blocked).length;
  add({ kind: 'contact-details', count: detailed, fidelity: 'none', how: 'not-written' });
  add({ kind: 'contact-avatars', count: people.filter((c) => c.avatar).length, fidelity: 'none', how: 'not-written' });
  // The live import adds friends; it does not publish the owner's own profile (XEP-0227 does).
  add({ kind: 'own-profile', count: content.manifest.sources.filter((source) => source.profile).length, fidelity: 'none', how: 'not-written' });

  // History: every message of every conversation becomes one note to self (history-notes.ts).
  const tally = (kinds: (k: string) => boolean) => {
    const conversations = content.conversations.filter((c) => kinds(c.kind));
    const messages = conversations.reduce((n, c) => n + (content.messages.get(c.id)?.length ?? 0), 0);
    return { conversations: conversations.length, messages };
  };
  const direct = tally((k) => k === 'direct');
  const group = tally((k) => k !== 'direct');
  add({ kind: 'direct-conversations', count: direct.conversations, detail: direct.messages, fidelity: 'partial', how: 'notes-to-self' });
  // A client cannot write into a room's archive as the old members; it can copy into notes, or
  // create a room of its own and write the history into it, quoted (history-rooms.ts).
  add({ kind: 'group-conversations', count: group.conversations, detail: group.messages, fidelity: 'partial', how: 'notes-or-rooms' });

  const all = [...content.messages.values()].flat();
  add({ kind: 'messages', count: all.length, fidelity: 'partial', how: 'notes-to-self' });
  const withFiles = all.filter((m) => m.attachments?.length);
  add({
    kind: 'attachments',
    count: withFiles.length,
    detail: withFiles.reduce((n, m) => n + m.attachments!.length, 0),
    fidelity: 'none',
    how: 'not-written',
  });
  add({ kind: 'reactions', count: all.reduce((n, m) => n + (m.reactions?.length ?? 0), 0), fidelity: 'none', how: 'not-written' });
  const edited = all.filter((m) => m.edits?.length);
  add({ kind: 'edits', count: edited.length, detail: edited.reduce((n, m) => n + m.edits!.length, 0), fidelity: 'partial', how: 'latest-text' });
  add({ kind: 'replies', count: all.filter((m) => m.replyTo).length, fidelity: 'partial', how: 'text-only' });
  add({ kind: 'forwards', count: all.filter((m) => m.forwardedFrom).length, fidelity: 'partial', how: 'text-only' });
  add({ kind: 'formatting', count: all.filter((m) => m.entities?.length || m.mentions?.length).length, fidelity: 'partial', how: 'text-only' });
  add({ kind: 'special-messages', count: all.filter((m) => m.kind !== 'text').length, fidelity: 'partial', how: 'text-only' });
  add({ kind: 'empty-messages', count: all.filter((m) => !hasText(m)).length, fidelity: 'partial', how: 'text-only' });
  return { target: self, rows };
}
