/**
 * The one message protocol between Ferry's pages, its service worker and its content scripts.
 *
 * Every message has a name, a request type and a reply type, declared once here; senders and
 * handlers are typed from this table, so a payload cannot drift between the two ends.
 * Replies travel wrapped as {ok, value} or {ok:false, error} because extension messaging
 * does not carry thrown Errors across contexts.
 */
import { isRetryable, RetryableError } from '../src/connectors/xmpp/port.js';
import type { AddContactRequest, ArchivePage, RoomArchiveInfo, RoomBookmark, RoomBookmarkRequest, RoomConfigField, RoomEntered, RoomInfo, RosterItem, VCardResult } from '../src/connectors/xmpp/port.js';

export interface MessengerTab {
  tabId: number;
  title: string;
  service: 'xmpp';
  client: 'converse.js';
  /** Bare JID of the logged-in account. */
  account: string;
}

export interface MessengerHello {
  service: 'xmpp';
  client: 'converse.js';
  /** Null until the web client has logged in. */
  account: string | null;
}

export interface Protocol {
  /** Page -> service worker: which open tabs hold a messenger Ferry can drive. */
  'tabs.findMessengers': { request: Record<string, never>; reply: MessengerTab[] };
  /** -> content script: is a supported messenger running here, and who is logged in. */
  'messenger.hello': { request: Record<string, never>; reply: MessengerHello };
  'xmpp.roster': { request: Record<string, never>; reply: RosterItem[] };
  'xmpp.archivePage': { request: { after?: string; max: number }; reply: ArchivePage };
  'xmpp.archiveSize': { request: Record<string, never>; reply: number | undefined };
  'xmpp.vcard': { request: { jid: string }; reply: VCardResult };
  'xmpp.bookmarks': { request: Record<string, never>; reply: RoomBookmark[] };
  'xmpp.roomArchiveInfo': { request: { room: string }; reply: RoomArchiveInfo };
  'xmpp.roomArchivePage': { request: { room: string; after?: string; max: number }; reply: ArchivePage };
  'xmpp.addContact': { request: AddContactRequest; reply: null };
  'xmpp.noteToSelf': { request: { id: string; body: string }; reply: null };
  /** XEP-0283 moved statement on the tab's (old) account. */
  'xmpp.publishMoved': { request: { newJid: string }; reply: null };
  /* The rooms route's steps (src/connectors/xmpp/port.ts XmppRoomPort), one message each. */
  'xmpp.mucService': { request: Record<string, never>; reply: string | undefined };
  'xmpp.roomInfo': { request: { room: string }; reply: RoomInfo };
  'xmpp.enterRoom': { request: { room: string; nick: string }; reply: RoomEntered };
  'xmpp.roomConfigForm': { request: { room: string }; reply: RoomConfigField[] };
  'xmpp.submitRoomConfig': { request: { room: string; fields: { var: string; values: string[] }[] }; reply: null };
  'xmpp.setRoomSubject': { request: { room: string; subject: string }; reply: null };
  'xmpp.roomAffiliations': { request: { room: string; affiliation: 'member' | 'owner' | 'admin' }; reply: string[] };
  'xmpp.setRoomAffiliation': { request: { room: string; jid: string; affiliation: 'member' }; reply: null };
  'xmpp.inviteToRoom': { request: { room: string; jid: string; reason: string }; reply: null };
  'xmpp.sendToRoom': { request: { room: string; messages: { id: string; body: string }[] }; reply: null };
  'xmpp.leaveRoom': { request: { room: string; nick: string }; reply: null };
  'xmpp.bookmarkRoom': { request: RoomBookmarkRequest; reply: null };
}

export type MessageName = keyof Protocol;
export type RequestOf<N extends MessageName> = Protocol[N]['request'];
export type ReplyOf<N extends MessageName> = Protocol[N]['reply'];

export interface Envelope<N extends MessageName = MessageName> {
  ferry: 1;
  name: N;
  request: RequestOf<N>;
}

/** `retryable`: asking again later may succeed (see RetryableError in src/connectors/xmpp/port.ts). */
export type Wrapped<T> = { ok: true; value: T } | { ok: false; error: string; retryable?: true };

export type Handlers = { [N in MessageName]?: (request: RequestOf<N>) => Promise<ReplyOf<N>> };

export function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && (value as Envelope).ferry === 1 && typeof (value as Envelope).name === 'string';
}

export function envelope<N extends MessageName>(name: N, request: RequestOf<N>): Envelope<N> {
  return { ferry: 1, name, request };
}

/** Runs the handler for an envelope and wraps its outcome, never throwing. */
export async function dispatch(handlers: Handlers, message: Envelope): Promise<Wrapped<unknown>> {
  const handler = handlers[message.name] as ((r: unknown) => Promise<unknown>) | undefined;
  if (!handler) return { ok: false, error: `Ferry cannot answer "${message.name}" here.` };
  try {
    return { ok: true, value: await handler(message.request) };
  } catch (error) {
    return failureOf(error);
  }
}

/** An error as it crosses a message boundary: its message, and whether asking again may help. */
export function failureOf(error: unknown): { ok: false; error: string; retryable?: true } {
  return { ok: false, error: error instanceof Error ? error.message : String(error), ...(isRetryable(error) ? { retryable: true as const } : {}) };
}

export function unwrap<T>(reply: Wrapped<T> | undefined, name: string): T {
  if (reply === undefined) throw new Error(`No answer to "${name}": the page may have been closed or reloaded.`);
  if (!reply.ok) throw reply.retryable ? new RetryableError(reply.error) : new Error(reply.error);
  return reply.value;
}
