/**
 * What the XMPP connector needs from a live XMPP session, and nothing more.
 *
 * The extension implements this port over the user's logged-in Converse.js tab (through the
 * message protocol); tests can implement it over a direct connection. Keeping it this small is
 * what lets the export and import logic below run, and be tested, in Node.
 */

export interface RosterItem {
  /** Bare JID, e.g. "kim@old.localhost". */
  jid: string;
  /** The name the user gave this contact; empty when none. */
  name: string;
  groups: string[];
  /** RFC 6121 subscription state. */
  subscription: 'none' | 'to' | 'from' | 'both' | 'remove';
}

/** One message from the server's archive (XEP-0313), reduced to the fields the model keeps. */
export interface ArchivedMessage {
  /** The archive's id for this message (the MAM result id): unique and stable within one archive. */
  archiveId: string;
  /** Delay stamp from the archive (XEP-0203), an ISO 8601 instant. */
  stamp: string;
  /** Bare JIDs. */
  from: string;
  to: string;
  /** "chat", "normal" or "groupchat" (RFC 6121 message types). */
  type: string;
  body: string;
  /** The sender's own id for the stanza (origin-id or the stanza's id attribute), when present. */
  originId?: string;
  /**
   * Room archives only (XEP-0313 §4 addressed to a room; `from` is then the room's bare JID):
   * the sender's nickname in the room (the resource of the archived stanza's from), empty for
   * what the room itself sent.
   */
  nick?: string;
  /** Room archives only: the sender's real bare JID, when the room discloses it (XEP-0045 muc#user item jid). */
  senderJid?: string;
}

/** A group chat the account has bookmarked (XEP-0402 PEP, or XEP-0048 private storage). */
export interface RoomBookmark {
  /** The room's bare JID, e.g. "team@conference.old.localhost". */
  jid: string;
  /** The name the user gave the bookmark; absent when none. */
  name?: string;
  /** The account's nickname in the room; absent when the bookmark has none. */
  nick?: string;
}

/**
 * Whether a room's archive can be read: its size when it can (XEP-0059 count, for the estimate),
 * or the reason the server gives when it cannot (an XMPP error condition such as "forbidden" for
 * a members-only room, or "no-archive" when the room does not offer XEP-0313).
 */
export type RoomArchiveInfo = { total?: number } | { refused: string };

export interface ArchivePage {
  messages: ArchivedMessage[];
  /** Cursor to continue after this page (XEP-0059 <last/>); absent on an empty page. */
  last?: string;
  /** Cursor to continue before this page, going back in time (XEP-0059 <first/>); absent on an empty page. */
  first?: string;
  /** The server says there is nothing after this page (before it, when paging back in time). */
  complete: boolean;
  /** How many items the whole archive holds (XEP-0059 <count/>), when the server says. */
  total?: number;
  /** Archive items this page held, including those without a body (receipts, markers), which `messages` leaves out. */
  items?: number;
}

/** A contact's published profile (XEP-0054 vcard-temp), reduced to what the model keeps. */
export interface VCardData {
  fullName?: string;
  nickname?: string;
  given?: string;
  family?: string;
  emails: string[];
  phones: string[];
  /** The avatar, base64 as the vCard carries it (BINVAL). */
  photo?: { mediaType: string; base64: string };
}

/** A profile lookup: found, none published (item-not-found), or the server did not answer. */
export type VCardResult = { found: VCardData } | { none: true } | { failed: string };

export interface AddContactRequest {
  jid: string;
  name: string;
  groups: string[];
  /**
   * XEP-0283: the account's old bare JID, carried in the subscription request as
   * `<moved xmlns='urn:xmpp:moved:1'><old-jid/></moved>`. The request is sent once, with it.
   */
  movedFrom?: string;
  /**
   * False: only the roster item, no subscription request (and so no moved notice). For a
   * placeholder address, which nobody receives: a request there would go nowhere.
   */
  subscribe?: boolean;
}

/** One field of a room's configuration form (XEP-0045 §10.2, XEP-0004), values as the form carries them. */
export interface RoomConfigField {
  var: string;
  type?: string;
  /** Booleans as "1" / "0". */
  values: string[];
  /** For list fields: the values the server offers. */
  options?: string[];
}

/** What the room said when the account entered it (XEP-0045 §7.2.16 self-presence). */
export interface RoomEntered {
  /** Status 201: the room did not exist and was created by this join. */
  created: boolean;
  /** The account's affiliation with the room, e.g. "owner". */
  affiliation: string;
  /** The nickname the account is in the room under (a client already in the room keeps its own). */
  nick: string;
  /** The room's subject as the join sequence ends with it (XEP-0045 §7.2.15); empty when none. */
  subject: string;
}

/** A room's disco#info (XEP-0045 §6.4): its features (muc_membersonly, urn:xmpp:mam:2, …) and name. */
export type RoomInfo = { exists: false } | { exists: true; features: string[]; name?: string };

/** A bookmark the account keeps for a room (XEP-0402, or XEP-0048 where the server has no XEP-0402). */
export interface RoomBookmarkRequest {
  jid: string;
  name: string;
  nick: string;
  autojoin: boolean;
}

/**
 * Creating and filling group chats (XEP-0045) through the account itself, for the rooms route
 * (history-rooms.ts): the logic is in the core, each method is one protocol step.
 */
export interface XmppRoomPort {
  /** The account's server's group chat service (disco#items of its domain, an item whose identity is conference/text), if any. */
  mucService(): Promise<string | undefined>;
  roomInfo(room: string): Promise<RoomInfo>;
  /** Joins `room` as `nick` (creating it if it does not exist) and resolves with the self-presence; rejects with the server's condition. */
  enterRoom(room: string, nick: string): Promise<RoomEntered>;
  /** The owner's configuration form (XEP-0045 §10.2). */
  roomConfigForm(room: string): Promise<RoomConfigField[]>;
  submitRoomConfig(room: string, fields: { var: string; values: string[] }[]): Promise<void>;
  /** Sets the subject (XEP-0045 §8.1) and resolves once the room has taken it. */
  setRoomSubject(room: string, subject: string): Promise<void>;
  /** The bare JIDs holding `affiliation` (XEP-0045 §9.5, e.g. "member"). */
  roomAffiliations(room: string, affiliation: 'member' | 'owner' | 'admin'): Promise<string[]>;
  /** XEP-0045 §9.3: grants `jid` the affiliation (a members-only room then lets them in). */
  setRoomAffiliation(room: string, jid: string, affiliation: 'member'): Promise<void>;
  /** XEP-0045 §7.8.2 mediated invitation: the room sends `jid` an invitation with `reason`. */
  inviteToRoom(room: string, jid: string, reason: string): Promise<void>;
  /**
   * Sends the messages to the room in this order as groupchat messages, each with `id` as its id
   * and XEP-0359 origin-id, and resolves once the room has reflected every one (a room archives
   * before it reflects); rejects with the room's error for the first one it refuses.
   */
  sendToRoom(room: string, messages: { id: string; body: string }[]): Promise<void>;
  /** Leaves the room, unless the web client was already in it before `enterRoom`. */
  leaveRoom(room: string, nick: string): Promise<void>;
  /** Adds or updates the account's bookmark, so clients list the room (and join it when `autojoin`). */
  bookmarkRoom(bookmark: RoomBookmarkRequest): Promise<void>;
}

export interface XmppClientPort {
  /** Bare JID of the logged-in account. */
  account(): Promise<string>;
  roster(): Promise<RosterItem[]>;
  /** One page of the account's whole archive, oldest first, starting after `after`. */
  archivePage(query: { after?: string; max: number }): Promise<ArchivePage>;
  /**
   * One page of the account's whole archive going back in time: the `max` items just before
   * `before`, or the archive's last items without it (XEP-0059 <before/>), still oldest first.
   * Optional: with it the export reads the archive from both ends at once (see export.ts).
   */
  archivePageBefore?(query: { before?: string; max: number }): Promise<ArchivePage>;
  /**
   * How many items the whole archive holds, for a time-left estimate only (a XEP-0059 count
   * query, `max` 0: Prosody counts only when asked so). Undefined when the server does not say.
   */
  archiveSize?(): Promise<number | undefined>;
  /**
   * The group chats the account has bookmarked. Optional: a port without it exports no rooms,
   * and the export says so (group chat copies are counted, not silently dropped).
   */
  bookmarks?(): Promise<RoomBookmark[]>;
  /** Asked once per bookmarked room before its pages: can its archive be read, and how big is it. */
  roomArchiveInfo?(room: string): Promise<RoomArchiveInfo>;
  /** One page of a room's archive (XEP-0313 §4, the query addressed to the room), oldest first, after `after`. */
  roomArchivePage?(room: string, query: { after?: string; max: number }): Promise<ArchivePage>;
  /** The profile `jid` has published (XEP-0054), asked of the server. */
  vcard(jid: string): Promise<VCardResult>;
  /**
   * XEP-0283 §4.1, on the old account: publishes `<moved><new-jid>newJid</new-jid></moved>` as item
   * `current` of the PEP node `urn:xmpp:moved:1`, access model open. Rejects with the server's
   * reason when it refuses. Optional: a port without it cannot publish the statement.
   */
  publishMoved?(newJid: string): Promise<void>;
  /** Adds a roster item and asks the contact for a presence subscription (one request, carrying `movedFrom` when given). */
  addContact(request: AddContactRequest): Promise<void>;
  /**
   * Sends a chat message to the account itself (its own bare JID): the server archives it in the
   * account's own history, and no contact receives anything. `id` becomes the stanza's origin-id.
   */
  noteToSelf(note: { id: string; body: string }): Promise<void>;
  /** Group chats created and written through the account (the rooms route). Optional: a port without it cannot create rooms. */
  rooms?: XmppRoomPort;
}

/**
 * A failure worth asking again after a pause: the server answered with an error or did not
 * answer in time (throttling, a busy or briefly unreachable server). Anything else (a closed
 * tab, a Converse.js Ferry does not know, a stanza it cannot read) fails at once.
 */
export class RetryableError extends Error {
  override name = 'RetryableError';
  readonly retryable = true;
}

/** Whether `error` says asking again may help (it may have crossed a message boundary, so this looks at the flag, not the class). */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}
