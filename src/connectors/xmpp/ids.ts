/**
 * Stable ids for XMPP data. XMPP has native ids for everything Ferry keeps, so ids are built
 * from them and a re-export of the same account yields the same ids (merges and imports rely
 * on that). The archive id of a message is only unique within the archive that holds it, so
 * message ids are scoped by the account whose archive was read.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

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

/** Domain for placeholder addresses: `.invalid` (RFC 6761) never resolves, so nothing is ever sent there. */
export const PLACEHOLDER_DOMAIN = 'placeholder.ferry.invalid';

/**
 * A stable address for someone the archive knows by name only (a KakaoTalk friend, a group
 * member): the same key (a contact id or a sender's handle) always gives the same placeholder.
 */
export function placeholderAddress(key: string): string {
  return `ferry-${shortHash(key)}@${PLACEHOLDER_DOMAIN}`;
}

export const isPlaceholderAddress = (jid: string): boolean => jid.endsWith(`@${PLACEHOLDER_DOMAIN}`);

/**
 * The node (localpart) of the room a group conversation becomes on the new server, for its
 * owner. A room name must be a JID localpart, which servers nodeprep to lower case, so it is
 * ASCII from a hash. Scoped by the owner: two members of one KakaoTalk group who both move to
 * the same server each get a room of their own instead of writing into each other's, and a
 * re-run (or an interrupted run) finds the same room again.
 */
export function roomNodeOf(owner: string, conversationId: string): string {
  return `ferry-${shortHash(`${bareJid(owner)}\u0000${conversationId}`)}`;
}

function shortHash(key: string): string {
  return bytesToHex(sha256(utf8ToBytes(key))).slice(0, 20);
}
