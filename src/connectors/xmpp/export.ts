/**
 * Export an XMPP account: the roster becomes contacts, the server archive (XEP-0313, every page)
 * becomes direct conversations and their messages.
 */
import { countOf, SCHEMA_VERSION, type ArchiveContent, type Contact, type Conversation, type FidelityNote, type Message } from '../../model/types.js';
import { FERRY_VERSION } from '../../version.js';
import { bareJid, contactIdOf, directConversationIdOf, handleOf, messageIdOf } from './ids.js';
import type { ArchivedMessage, RosterItem, XmppClientPort } from './port.js';

export interface ExportProgress {
  phase: 'roster' | 'history' | 'done';
  contacts: number;
  messages: number;
  pages: number;
}

/**
 * Where an export keeps what it has fetched, page by page. With a lasting journal (IndexedDB in
 * the extension), an export that dies (tab closed, worker stopped, server gone) resumes after the
 * last committed page, and a later export of the same account fetches only what is new.
 */
export interface ExportJournal {
  /** The cursor after the last committed page, or undefined to start at the beginning. */
  cursor(): Promise<string | undefined>;
  /** Stores a page's messages and moves the cursor, all or nothing. Storing a message twice keeps one. */
  commitPage(messages: ArchivedMessage[], last: string | undefined): Promise<void>;
  /** Every stored message, in archive order. */
  messages(): Promise<ArchivedMessage[]>;
}

export function memoryJournal(): ExportJournal {
  let after: string | undefined;
  const stored = new Map<string, ArchivedMessage>();
  return {
    cursor: async () => after,
    commitPage: async (messages, last) => {
      for (const m of messages) stored.set(m.archiveId, m);
      if (last) after = last;
    },
    messages: async () => [...stored.values()],
  };
}

export interface ExportOptions {
  /** Defaults to a fresh in-memory journal: the whole archive is fetched. */
  journal?: ExportJournal;
  /** Messages asked per archive page. Servers cap this (Prosody: 50, ejabberd: 250 by default). */
  pageSize?: number;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
  /** Injected clock, so tests get a fixed exportedAt. */
  now?: () => Date;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/** A safety net: an archive that never says "complete" must not loop forever. */
const MAX_PAGES = 1_000_000;

export async function exportXmppAccount(port: XmppClientPort, options: ExportOptions = {}): Promise<ArchiveContent> {
  const { pageSize = 250, onProgress, signal, now = () => new Date(), journal = memoryJournal() } = options;
  const account = bareJid(await port.account());
  const progress: ExportProgress = { phase: 'roster', contacts: 0, messages: 0, pages: 0 };

  const roster = (await port.roster()).filter((item) => bareJid(item.jid) !== account && item.subscription !== 'remove');
  const contacts: Contact[] = roster.map((item) => ({
    id: contactIdOf(bareJid(item.jid)),
    displayName: item.name.trim() || bareJid(item.jid),
    handles: [handleOf(bareJid(item.jid))],
    groups: [...item.groups],
  }));
  progress.contacts = contacts.length;
  onProgress?.({ ...progress });

  progress.phase = 'history';
  let after = await journal.cursor();
  for (;;) {
    signal?.throwIfAborted();
    let page;
    try {
      page = await port.archivePage({ after, max: pageSize });
    } catch (error) {
      throw new ExportError(
        `Reading the message archive failed after ${progress.pages} pages: ${error instanceof Error ? error.message : String(error)}. ` +
          'What was fetched is kept; run the export again to continue from there.',
      );
    }
    progress.pages++;
    await journal.commitPage(page.messages, page.last);
    progress.messages += page.messages.length;
    onProgress?.({ ...progress });
    if (page.complete) break;
    // A page that is not the last must say where the next one starts; without that cursor we
    // would either loop or silently stop short, and a short archive is worse than an error.
    if (!page.last || page.last === after) {
      throw new ExportError('The server stopped paging its message archive before saying it was complete. What was fetched is kept; run the export again to continue.');
    }
    if (progress.pages >= MAX_PAGES) throw new ExportError('The message archive did not end after a million pages; stopped to avoid looping.');
    after = page.last;
  }

  const byPeer = new Map<string, Message[]>();
  let groupChatCopies = 0;
  for (const archived of await journal.messages()) {
    const message = toMessage(account, archived);
    if (!message) {
      if (archived.type === 'groupchat') groupChatCopies++;
      continue;
    }
    const peer = peerOf(account, archived);
    let list = byPeer.get(peer);
    if (!list) byPeer.set(peer, (list = []));
    list.push(message);
  }

  const contactByJid = new Map(contacts.map((c) => [c.id, c]));
  const conversations: Conversation[] = [];
  const messages = new Map<string, Message[]>();
  for (const [peer, list] of [...byPeer].sort(([a], [b]) => a.localeCompare(b))) {
    const id = directConversationIdOf(account, peer);
    const contact = contactByJid.get(contactIdOf(peer));
    conversations.push({
      id,
      kind: 'direct',
      title: contact?.displayName ?? peer,
      participants: [
        { handle: handleOf(account), role: 'owner' },
        { handle: handleOf(peer), ...(contact ? { contactId: contact.id } : {}), role: 'member' },
      ],
      source: handleOf(account),
    });
    messages.set(id, list.map((m) => ({ ...m, conversationId: id })));
  }

  const exportedAt = now().toISOString();
  const content: ArchiveContent = {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry', version: FERRY_VERSION },
      createdAt: exportedAt,
      sources: [{ service: 'xmpp', account: handleOf(account), exportedAt, method: 'live-web-client', timeZone: { status: 'instants' } }],
      counts: { contacts: 0, conversations: 0, messages: 0, attachments: 0 },
    },
    contacts,
    conversations,
    messages,
  };
  const fidelity = exportFidelity(handleOf(account), exportedAt, roster, groupChatCopies);
  if (fidelity.length) content.fidelity = fidelity;
  content.manifest.counts = countOf(content);
  onProgress?.({ ...progress, phase: 'done' });
  return content;
}

/**
 * What this export could not take from the account, with counts, so the archive says so
 * itself (fidelity.json) instead of only the README.
 */
function exportFidelity(account: string, at: string, roster: RosterItem[], groupChatCopies: number): FidelityNote[] {
  const note = (item: string, count: number, reason: string): FidelityNote[] =>
    count > 0 ? [{ stage: 'export', account, item, count, reason, at }] : [];
  return [
    ...note('contact.vcard', roster.length, 'vCards (full name, nickname, photo) are not read from the server yet; names come from the roster'),
    ...note(
      'contact.subscription',
      roster.filter((item) => item.subscription !== 'none').length,
      'the roster subscription state has no place in archive schema 1.0; an import asks each contact for a subscription again',
    ),
    ...note('message.groupchat', groupChatCopies, 'group chat messages (MUC rooms and their archives) are not exported yet'),
  ];
}

function peerOf(account: string, message: ArchivedMessage): string {
  const from = bareJid(message.from);
  return from === account ? bareJid(message.to) : from;
}

/** Null for what is not a 1:1 text message: group chat copies and bodiless stanzas (receipts, chat states). */
function toMessage(account: string, archived: ArchivedMessage): Message | null {
  if (archived.type === 'groupchat' || archived.body === '') return null;
  const time = new Date(archived.stamp);
  if (Number.isNaN(time.getTime())) {
    throw new ExportError(`The server archive gave message ${archived.archiveId} an unreadable time "${archived.stamp}".`);
  }
  return {
    id: messageIdOf(account, archived.archiveId),
    conversationId: '',
    sender: handleOf(bareJid(archived.from)),
    timestamp: time.toISOString(),
    kind: 'text',
    text: archived.body,
    sourceIds: { mam: archived.archiveId, ...(archived.originId ? { origin: archived.originId } : {}) },
  };
}
