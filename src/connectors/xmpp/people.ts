/**
 * Who from the archive can go into the new account's contact list. An XMPP export holds a friend
 * list; an export file usually does not: a KakaoTalk or WhatsApp chat export holds only the
 * names of the people who wrote (0 contacts, 4 group members). Those people are friends all the
 * same, so the friends import, the mapping table and the rooms route see them as contacts of
 * their own, with the name the file printed, keyed by their handle (the id the XEP-0227
 * writer's placeholder address is also made from).
 */
import type { ArchiveContent, Contact } from '../../model/types.js';
import { senderLabel } from './history-notes.js';

/**
 * The archive's contacts, then every participant and sender of an export file's conversations
 * who is none of them and not the account itself, in order of first appearance. Occupants of
 * rooms read live from a server (`xmpp:ROOM/NICK`) are not added: they are strangers' nicknames
 * in a room, not people the user brought along.
 */
export function peopleOf(content: Pick<ArchiveContent, 'manifest' | 'contacts' | 'conversations' | 'messages'>): Contact[] {
  const fromFiles = new Set(content.manifest.sources.filter((s) => s.method === 'export-file').map((s) => s.account));
  if (fromFiles.size === 0) return content.contacts;
  const own = new Set(content.manifest.sources.map((s) => s.account));
  const known = new Set<string>();
  for (const contact of content.contacts) {
    known.add(contact.id);
    for (const handle of contact.handles) known.add(handle);
  }
  const extra: Contact[] = [];
  const add = (handle: string, contactId?: string) => {
    if (own.has(handle) || known.has(handle) || (contactId !== undefined && known.has(contactId))) return;
    known.add(handle);
    extra.push({ id: handle, displayName: personName(handle), handles: [handle], groups: [] });
  };
  for (const conversation of content.conversations) {
    if (!fromFiles.has(conversation.source)) continue;
    for (const participant of conversation.participants) add(participant.handle, participant.contactId);
    for (const message of content.messages.get(conversation.id) ?? []) if (message.kind !== 'system') add(message.sender);
  }
  return extra.length ? [...content.contacts, ...extra] : content.contacts;
}

/**
 * A person known by handle only, as a person reads the name: "kakaotalk:민준" is 민준,
 * "whatsapp:name:Ann%20Lee" is Ann Lee, "tel:+821012345678" the number, an XMPP room occupant
 * the nick. Never a hash: the handle itself is the fallback.
 */
export function personName(handle: string): string {
  if (handle.startsWith('xmpp:')) return senderLabel(handle);
  const rest = handle.replace(/^[a-z][a-z0-9+.-]*:/i, '').replace(/^name:/, '');
  try {
    return decodeURIComponent(rest) || handle;
  } catch {
    return rest || handle;
  }
}
