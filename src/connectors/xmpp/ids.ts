/**
 * Stable ids for XMPP data. XMPP has native ids for everything Ferry keeps, so ids are built
 * from them and a re-export of the same account yields the same ids (merges and imports rely
 * on that). The archive id of a message is only unique within the archive that holds it, so
 * message ids are scoped by the account whose archive was read.
 */

export const handleOf = (bareJid: string): string => `xmpp:${bareJid}`;

export const contactIdOf = (bareJid: string): string => handleOf(bareJid);

export const directConversationIdOf = (account: string, peer: string): string =>
  `xmpp:${account}#direct:${peer}`;

/** A group chat (MUC room): scoped by the account too, since the bookmark (title, nick) is the account's. */
export const roomConversationIdOf = (account: string, room: string): string => `xmpp:${account}#room:${room}`;

/**
 * A room occupant known only by nickname: the room JID with the nick as resource (RFC 5122),
 * with whitespace, "%", "?" and "#" percent-encoded so the handle is one URI token.
 */
export const occupantHandleOf = (room: string, nick: string): string =>
  `xmpp:${room}/${nick.replace(/[\s%?#]/gu, (c) => encodeURIComponent(c))}`;

/** Message ids: scoped by the archive that holds them (an account's, or a room's: room archive ids are unique per room). */
export const messageIdOf = (account: string, archiveId: string): string => `xmpp:${account}#mam:${archiveId}`;

/** The bare JID behind an "xmpp:" handle, or null when the handle is not an XMPP address. */
export function bareJidOfHandle(handle: string): string | null {
  if (!handle.startsWith('xmpp:')) return null;
  const jid = handle.slice('xmpp:'.length).split('?')[0] ?? '';
  return /^[^@/\s]+@[^@/\s]+$/.test(jid) ? jid.toLowerCase() : null;
}

export function bareJid(jid: string): string {
  return (jid.split('/')[0] ?? '').toLowerCase();
}
