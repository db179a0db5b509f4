/**
 * User-level history import: no admin, no server archive writes. Each archived message is sent
 * by the account to itself (its own bare JID), so the server keeps it in the account's own
 * archive and every client shows it in the "notes to self" conversation. No contact receives
 * anything. The cost is fidelity: the server stamps each note with the time of the import, so the
 * original time and sender travel in the note's text (see README.md, "User-level history").
 */
import type { ArchiveContent, Message } from '../../model/types.js';
import { bareJid } from './ids.js';
import type { ImportLedger } from './import.js';
import type { XmppClientPort } from './port.js';

export interface NotesReport {
  target: string;
  sent: number;
  alreadyPresent: number;
  conversations: number;
}

const HEADER = '#notes-header';

/** "2024-03-01 09:15:00 UTC": the archive's instant, written so it cannot be misread as local time. */
function utc(timestamp: string): string {
  return new Date(timestamp).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function noteText(message: Message, senderName: string): string {
  return `${senderName} · ${utc(message.timestamp)}\n${message.text}`;
}

export async function importHistoryAsNotes(
  port: XmppClientPort,
  content: ArchiveContent,
  ledger: ImportLedger,
  options: { onProgress?: (p: { done: number; total: number }) => void; signal?: AbortSignal } = {},
): Promise<NotesReport> {
  const target = bareJid(await port.account());
  const own = new Set(content.manifest.sources.map((s) => s.account));
  const names = new Map<string, string>();
  for (const contact of content.contacts) for (const handle of contact.handles) names.set(handle, contact.displayName);
  const report: NotesReport = { target, sent: 0, alreadyPresent: 0, conversations: 0 };
  const total = [...content.messages.values()].reduce((n, list) => n + list.length, 0);
  let done = 0;

  const send = async (itemId: string, body: string) => {
    if (await ledger.has(target, itemId)) return false;
    await port.noteToSelf({ id: itemId, body });
    await ledger.record(target, itemId);
    return true;
  };

  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    if (messages.length === 0) continue;
    report.conversations++;
    const first = utc(messages[0]!.timestamp).slice(0, 10);
    const last = utc(messages.at(-1)!.timestamp).slice(0, 10);
    await send(`${conversation.id}${HEADER}`, `── ${conversation.title}: ${messages.length} messages, ${first} – ${last} (moved by Ferry from ${conversation.source}) ──`);
    for (const message of messages) {
      options.signal?.throwIfAborted();
      const sender = own.has(message.sender) ? 'Me' : (names.get(message.sender) ?? senderLabel(message.sender));
      if (await send(message.id, noteText(message, sender))) report.sent++;
      else report.alreadyPresent++;
      options.onProgress?.({ done: ++done, total });
    }
  }
  return report;
}

/**
 * A sender who is no friend, as a person reads it: a bare JID as is, and a group chat
 * occupant (`xmpp:ROOM/NICK`, the nick percent-encoded for the schema) by the nick alone.
 */
export function senderLabel(handle: string): string {
  const address = handle.replace(/^xmpp:/, '');
  const slash = address.indexOf('/');
  if (slash < 0) return address;
  try {
    return decodeURIComponent(address.slice(slash + 1)) || address;
  } catch {
    return address.slice(slash + 1);
  }
}
