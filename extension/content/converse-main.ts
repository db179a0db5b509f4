/**
 * Runs in the page's own JavaScript world (MAIN) of a Converse.js tab, at document_start.
 *
 * Converse keeps its API private; the documented way in is a plugin, registered before
 * `converse.initialize` runs. So we wait for Converse to load, register a plugin, and make sure
 * it is whitelisted. Requests arrive from the isolated-world bridge (converse-bridge.ts) by
 * window.postMessage; this file only translates them into Converse API calls and plain data.
 * Anything Converse does not offer the way we expect is reported, never papered over: a
 * connector that guesses would export something incomplete.
 */
import { MAIN_REPLY, MAIN_REQUEST, type MainReply, type MainRequest } from './bridge-protocol.js';
import type { ArchivedMessage, ArchivePage, RoomArchiveInfo, RoomBookmark, RosterItem, VCardResult } from '../../src/connectors/xmpp/port.js';
import { RetryableError } from '../../src/connectors/xmpp/port.js';
import { dispatch, isEnvelope, type Handlers } from '../protocol.js';
import { roomHandlers, type RoomsConverse } from './converse-rooms.js';

const PLUGIN = 'ferry-export-bridge';
const MAM_NS = 'urn:xmpp:mam:2';
const MOVED_NS = 'urn:xmpp:moved:1';
/** XEP-0060 access model anyone may read (a named constant: `.t('…')` reads like a UI string to the locale checks). */
const OPEN_ACCESS = 'open';
const PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';

/* Converse is untyped JavaScript; these are the few shapes we rely on, checked at run time. */
interface ConverseModel {
  get(key: string): unknown;
}
interface ConverseApi {
  connection: { connected(): boolean };
  contacts: {
    get(): Promise<ConverseModel[]>;
    add(attributes: { jid: string; name: string; groups: string[] }, persist?: boolean, subscribe?: boolean, message?: string): Promise<{ save?(key: string, value: unknown): unknown } | undefined>;
  };
  archive: {
    query(options: { mam?: { with?: string }; rsm?: { max: number; after?: string }; is_groupchat?: boolean }): Promise<{
      messages: Element[];
      rsm?: { result?: { last?: string; count?: number } };
      complete?: boolean;
      error?: Error;
    }>;
  };
  waitUntil(event: string): Promise<unknown>;
  send(stanza: StanzaBuilder): void;
  /** With reject=false: resolves with the result or error stanza, or null on a timeout. */
  sendIQ(stanza: StanzaBuilder, timeout: number, reject: false): Promise<Element | null>;
}
/** Strophe's stanza builder, as Converse exposes it in `converse.env` (the public API). */
interface StanzaBuilder {
  c(name: string, attrs?: Record<string, string>): StanzaBuilder;
  t(text: string): StanzaBuilder;
  up(): StanzaBuilder;
}
interface ConverseGlobal {
  env?: {
    $msg?: (attrs: Record<string, string>) => StanzaBuilder;
    $iq?: (attrs: Record<string, string>) => StanzaBuilder;
    $pres?: (attrs: Record<string, string>) => StanzaBuilder;
  };
  plugins: { add(name: string, plugin: { initialize(this: { _converse: { api: ConverseApi; session?: ConverseModel } }): void }): void };
  initialize(settings: Record<string, unknown>): Promise<unknown>;
}

let converse: { api: ConverseApi; session?: ConverseModel } | null = null;
let converseGlobal: ConverseGlobal | null = null;

function hook(global: ConverseGlobal): void {
  if ((global as unknown as Record<string, unknown>).__ferryHooked) return;
  (global as unknown as Record<string, unknown>).__ferryHooked = true;
  converseGlobal = global;
  global.plugins.add(PLUGIN, {
    initialize() {
      converse = this._converse;
    },
  });
  const initialize = global.initialize.bind(global);
  global.initialize = (settings) => {
    const whitelisted = Array.isArray(settings.whitelisted_plugins) ? settings.whitelisted_plugins : [];
    return initialize({ ...settings, whitelisted_plugins: [...whitelisted, PLUGIN] });
  };
}

// Converse 14 fires `converse-loaded` on window with `detail: { converse }` (src/index.js); it
// also sets window.converse, which covers a page that loaded before us.
window.addEventListener('converse-loaded', (event) => {
  const detail = (event as CustomEvent<{ converse?: ConverseGlobal } | undefined>).detail;
  const global = detail?.converse ?? (window as unknown as { converse?: ConverseGlobal }).converse;
  if (global) hook(global);
});
const early = (window as unknown as { converse?: ConverseGlobal }).converse;
if (early?.plugins) hook(early);

function api(): ConverseApi {
  const found = converse?.api;
  if (!found) throw new Error('Converse.js is not ready in this tab yet. Log in, then try again.');
  const missing = ['contacts.get', 'contacts.add', 'archive.query', 'connection.connected'].filter((path) => {
    const [a, b] = path.split('.') as [keyof ConverseApi, string];
    return typeof (found[a] as unknown as Record<string, unknown> | undefined)?.[b] !== 'function';
  });
  if (missing.length) {
    throw new Error(`This version of Converse.js is not one Ferry knows (missing ${missing.join(', ')}). Nothing was exported.`);
  }
  return found;
}

function account(): string | null {
  const bare = converse?.session?.get('bare_jid');
  return typeof bare === 'string' && converse?.api.connection.connected() ? bare : null;
}

function bare(jid: string | null): string {
  return (jid ?? '').split('/')[0]!.toLowerCase();
}

async function roster(): Promise<RosterItem[]> {
  const a = api();
  await a.waitUntil('rosterContactsFetched');
  return (await a.contacts.get()).map((model) => ({
    jid: String(model.get('jid')),
    name: String(model.get('nickname') ?? ''),
    groups: (model.get('groups') as string[] | undefined) ?? [],
    subscription: (model.get('subscription') as RosterItem['subscription'] | undefined) ?? 'none',
  }));
}

/** The raw <message><result><forwarded><delay/><message/></forwarded></result></message> of XEP-0313 §4.2. */
function parseArchived(stanza: Element): ArchivedMessage | null {
  const result = [...stanza.children].find((e) => e.localName === 'result' && e.namespaceURI === MAM_NS);
  const forwarded = result && [...result.children].find((e) => e.localName === 'forwarded');
  const delay = forwarded && [...forwarded.children].find((e) => e.localName === 'delay');
  const inner = forwarded && [...forwarded.children].find((e) => e.localName === 'message');
  const archiveId = result?.getAttribute('id');
  const stamp = delay?.getAttribute('stamp');
  if (!inner || !archiveId || !stamp) {
    throw new Error('The server archive returned a message Ferry cannot read (no result id, delay or forwarded message). Nothing was exported.');
  }
  const body = [...inner.children].find((e) => e.localName === 'body');
  if (!body) return null; // receipts, chat states, markers: not messages a person wrote
  const origin = [...inner.children].find((e) => e.localName === 'origin-id')?.getAttribute('id') ?? inner.getAttribute('id');
  return {
    archiveId,
    stamp,
    from: bare(inner.getAttribute('from')),
    to: bare(inner.getAttribute('to')),
    type: inner.getAttribute('type') ?? 'normal',
    body: body.textContent ?? '',
    ...(origin ? { originId: origin } : {}),
  };
}

/**
 * The archive's size from a count-only query (RSM max 0, XEP-0059 §2.6), sent as a raw IQ:
 * Converse's archive API drops a zero `max` and would fetch a whole page instead.
 */
const NO_ITEMS = '0';
async function archiveSize(): Promise<number | undefined> {
  const a = api();
  const $iq = converseGlobal?.env?.$iq;
  if (typeof a.sendIQ !== 'function' || !$iq) return undefined;
  const query = $iq({ type: 'set' }).c('query', { xmlns: MAM_NS }).c('set', { xmlns: 'http://jabber.org/protocol/rsm' }).c('max').t(NO_ITEMS);
  const reply = await a.sendIQ(query, 15_000, false);
  if (!reply || reply.getAttribute('type') !== 'result') return undefined;
  const count = reply.getElementsByTagNameNS('http://jabber.org/protocol/rsm', 'count')[0]?.textContent;
  return count && /^\d+$/.test(count.trim()) ? Number(count) : undefined;
}

async function archivePage(query: { after?: string; max: number }): Promise<ArchivePage> {
  const result = await api().archive.query({ rsm: { max: query.max, ...(query.after ? { after: query.after } : {}) } });
  // Converse returns what it gathered so far together with `error` on a timeout or an error
  // stanza; treating that as a page would silently shorten the archive.
  if (result.error) throw new RetryableError(`The server did not return the message archive: ${result.error.message}`);
  const messages = result.messages.map(parseArchived).filter((m): m is ArchivedMessage => m !== null);
  const last = result.rsm?.result?.last;
  const total = result.rsm?.result?.count;
  return { messages, ...(last ? { last } : {}), complete: result.complete === true, items: result.messages.length, ...(typeof total === 'number' ? { total } : {}) };
}

const RSM_NS = 'http://jabber.org/protocol/rsm';
const MUC_USER_NS = 'http://jabber.org/protocol/muc#user';
const IQ_TIMEOUT_MS = 15_000;

/** Converse's raw IQ sender and stanza builder, or a clear error when this Converse lacks them. */
function rawIq(what: string): { a: ConverseApi; $iq: NonNullable<NonNullable<ConverseGlobal['env']>['$iq']> } {
  const a = api();
  const $iq = converseGlobal?.env?.$iq;
  if (typeof a.sendIQ !== 'function' || !$iq) throw new Error(`This version of Converse.js does not let Ferry ${what} (no sendIQ or $iq). Nothing was exported.`);
  return { a, $iq };
}

/** The defined condition of an error stanza (RFC 6120 §8.3.3), e.g. "forbidden". */
function conditionOf(reply: Element): string {
  const error = [...reply.children].find((e) => e.localName === 'error');
  return [...(error?.children ?? [])].find((e) => e.namespaceURI === 'urn:ietf:params:xml:ns:xmpp-stanzas' && e.localName !== 'text')?.localName ?? 'undefined-condition';
}

/** An error of type "wait" (RFC 6120 §8.3.2) says: ask again later. */
const isWaitError = (reply: Element): boolean => [...reply.children].find((e) => e.localName === 'error')?.getAttribute('type') === 'wait';

/**
 * The rooms the account bookmarked, from both places a client may have put them: XEP-0402 (PEP
 * node urn:xmpp:bookmarks:1) and XEP-0048 private storage. Servers that sync the two (Prosody's
 * mod_bookmarks) give the same rooms twice; the PEP entry wins. An error on one of them is
 * fine (e.g. no PEP node yet: item-not-found); errors on both are reported, never read as "no rooms".
 */
async function bookmarks(): Promise<RoomBookmark[]> {
  const { a, $iq } = rawIq('read your bookmarked group chats');
  const found = new Map<string, RoomBookmark>();
  const add = (jid: string | null, name: string | null, nick: string | null | undefined) => {
    const room = bare(jid);
    if (!room || found.has(room)) return;
    found.set(room, { jid: room, ...(name ? { name } : {}), ...(nick ? { nick } : {}) });
  };
  const failed: string[] = [];
  const pep = await a.sendIQ($iq({ type: 'get' }).c('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' }).c('items', { node: 'urn:xmpp:bookmarks:1' }), IQ_TIMEOUT_MS, false);
  if (!pep) throw new RetryableError(`The server did not list your bookmarked group chats within ${IQ_TIMEOUT_MS / 1000} s.`);
  if (pep.getAttribute('type') === 'error') {
    if (conditionOf(pep) !== 'item-not-found') failed.push(`XEP-0402: ${conditionOf(pep)}`);
  } else {
    for (const item of pep.getElementsByTagName('item')) {
      const conference = [...item.children].find((e) => e.localName === 'conference' && e.namespaceURI === 'urn:xmpp:bookmarks:1');
      if (!conference) continue;
      add(item.getAttribute('id'), conference.getAttribute('name'), childrenNamed(conference, 'nick')[0]?.textContent);
    }
  }
  const stored = await a.sendIQ($iq({ type: 'get' }).c('query', { xmlns: 'jabber:iq:private' }).c('storage', { xmlns: 'storage:bookmarks' }), IQ_TIMEOUT_MS, false);
  if (!stored) throw new RetryableError(`The server did not list your bookmarked group chats within ${IQ_TIMEOUT_MS / 1000} s.`);
  if (stored.getAttribute('type') === 'error') {
    if (conditionOf(stored) !== 'item-not-found') failed.push(`XEP-0048: ${conditionOf(stored)}`);
  } else {
    for (const conference of stored.getElementsByTagNameNS('storage:bookmarks', 'conference')) {
      add(conference.getAttribute('jid'), conference.getAttribute('name'), childrenNamed(conference, 'nick')[0]?.textContent);
    }
  }
  if (failed.length === 2) throw new Error(`The server would not list your bookmarked group chats (${failed.join('; ')}). Nothing was exported.`);
  return [...found.values()];
}

/**
 * Whether a room's archive can be read: the room must say it keeps one (disco#info lists
 * urn:xmpp:mam:2), and a count-only query (RSM max 0) must be answered. A members-only room the
 * account is not a member of answers "forbidden" (Prosody's mod_muc_mam). Errors of type "wait"
 * and no answer at all are worth asking again; any other error is the server's refusal.
 */
async function roomArchiveInfo(room: string): Promise<RoomArchiveInfo> {
  const { a, $iq } = rawIq('read group chat archives');
  const info = await a.sendIQ($iq({ type: 'get', to: room }).c('query', { xmlns: 'http://jabber.org/protocol/disco#info' }), IQ_TIMEOUT_MS, false);
  if (!info) throw new RetryableError(`Room ${room} did not answer within ${IQ_TIMEOUT_MS / 1000} s.`);
  if (info.getAttribute('type') === 'error') {
    if (isWaitError(info)) throw new RetryableError(`Room ${room} answered: ${conditionOf(info)}.`);
    return { refused: conditionOf(info) };
  }
  const features = [...info.getElementsByTagName('feature')].map((f) => f.getAttribute('var'));
  if (!features.includes(MAM_NS)) return { refused: 'no-archive' };
  const count = await a.sendIQ($iq({ type: 'set', to: room }).c('query', { xmlns: MAM_NS }).c('set', { xmlns: RSM_NS }).c('max').t(NO_ITEMS), IQ_TIMEOUT_MS, false);
  if (!count) throw new RetryableError(`The archive of room ${room} did not answer within ${IQ_TIMEOUT_MS / 1000} s.`);
  if (count.getAttribute('type') === 'error') {
    if (isWaitError(count)) throw new RetryableError(`The archive of room ${room} answered: ${conditionOf(count)}.`);
    return { refused: conditionOf(count) };
  }
  const total = count.getElementsByTagNameNS(RSM_NS, 'count')[0]?.textContent?.trim();
  return total && /^\d+$/.test(total) ? { total: Number(total) } : {};
}

/** A room archive's message: the nick is the resource of the archived from; the real JID only when the room discloses it. */
function parseRoomArchived(stanza: Element): ArchivedMessage | null {
  const parsed = parseArchived(stanza);
  if (!parsed) return null;
  const result = [...stanza.children].find((e) => e.localName === 'result' && e.namespaceURI === MAM_NS)!;
  const inner = [...[...result.children].find((e) => e.localName === 'forwarded')!.children].find((e) => e.localName === 'message')!;
  const from = inner.getAttribute('from') ?? '';
  const slash = from.indexOf('/');
  const item = [...inner.children].find((e) => e.localName === 'x' && e.namespaceURI === MUC_USER_NS)?.getElementsByTagNameNS(MUC_USER_NS, 'item')[0];
  const real = item?.getAttribute('jid');
  return { ...parsed, nick: slash >= 0 ? from.slice(slash + 1) : '', ...(real ? { senderJid: bare(real) } : {}) };
}

async function roomArchivePage(query: { room: string; after?: string; max: number }): Promise<ArchivePage> {
  const result = await api().archive.query({ is_groupchat: true, mam: { with: query.room }, rsm: { max: query.max, ...(query.after ? { after: query.after } : {}) } });
  if (result.error) throw new RetryableError(`The server did not return the archive of room ${query.room}: ${result.error.message}`);
  // Converse answers a room it believes keeps no archive with no messages and no fin at all.
  if (!result.rsm && result.complete === undefined && result.messages.length === 0) {
    throw new Error(`Converse.js says room ${query.room} keeps no archive, though the room said it does. Nothing was exported.`);
  }
  const messages = result.messages.map(parseRoomArchived).filter((m): m is ArchivedMessage => m !== null);
  const last = result.rsm?.result?.last;
  const total = result.rsm?.result?.count;
  return { messages, ...(last ? { last } : {}), complete: result.complete === true, items: result.messages.length, ...(typeof total === 'number' ? { total } : {}) };
}

const VCARD_NS = 'vcard-temp';

/** Children of `parent` named `name` (any namespace: vcard-temp children inherit the vCard's). */
function childrenNamed(parent: Element | undefined, name: string): Element[] {
  return parent ? [...parent.children].filter((e) => e.localName === name) : [];
}
const textOf = (parent: Element | undefined, name: string): string | undefined => childrenNamed(parent, name)[0]?.textContent?.trim() || undefined;

/**
 * XEP-0054 vcard-temp, asked of the server directly rather than through Converse's vCard
 * plugin: the plugin caches, may be disabled, and would hide "none published" behind defaults.
 */
async function vcard(jid: string): Promise<VCardResult> {
  const a = api();
  const $iq = converseGlobal?.env?.$iq;
  if (typeof a.sendIQ !== 'function' || !$iq) throw new Error('This version of Converse.js does not let Ferry ask for profiles (no sendIQ or $iq). Nothing was exported.');
  const reply = await a.sendIQ($iq({ type: 'get', to: jid }).c('vCard', { xmlns: VCARD_NS }), 15_000, false);
  if (!reply) return { failed: 'no answer within 15 s' };
  if (reply.getAttribute('type') === 'error') {
    const condition = childrenNamed(reply, 'error')[0]?.firstElementChild?.localName ?? 'error';
    return condition === 'item-not-found' ? { none: true } : { failed: condition };
  }
  const card = [...reply.children].find((e) => e.localName === 'vCard');
  if (!card || card.children.length === 0) return { none: true };
  const n = childrenNamed(card, 'N')[0];
  const photo = childrenNamed(card, 'PHOTO')[0];
  const binval = textOf(photo, 'BINVAL');
  const found = {
    fullName: textOf(card, 'FN'),
    nickname: textOf(card, 'NICKNAME'),
    given: textOf(n, 'GIVEN'),
    family: textOf(n, 'FAMILY'),
    emails: childrenNamed(card, 'EMAIL').map((e) => textOf(e, 'USERID')).filter((v): v is string => !!v),
    phones: childrenNamed(card, 'TEL').map((e) => textOf(e, 'NUMBER')).filter((v): v is string => !!v),
    ...(binval ? { photo: { mediaType: textOf(photo, 'TYPE') ?? 'application/octet-stream', base64: binval } } : {}),
  };
  // Absent fields stay absent (the archive never holds undefined).
  return { found: JSON.parse(JSON.stringify(found)) };
}

/**
 * XEP-0283 §4.1: the moved statement on this (old) account's PEP node, item `current`, with
 * publish-options (XEP-0060 §7.1.5) asking for an open access model so any contact can read it.
 */
async function publishMoved(newJid: string): Promise<void> {
  const a = api();
  const $iq = converseGlobal?.env?.$iq;
  if (typeof a.sendIQ !== 'function' || !$iq) throw new Error('This version of Converse.js does not let Ferry publish (no sendIQ or $iq). Nothing was published.');
  const iq = $iq({ type: 'set' })
    .c('pubsub', { xmlns: 'http://jabber.org/protocol/pubsub' })
    .c('publish', { node: MOVED_NS })
    .c('item', { id: 'current' })
    .c('moved', { xmlns: MOVED_NS })
    .c('new-jid')
    .t(newJid)
    .up().up().up().up()
    .c('publish-options')
    .c('x', { xmlns: 'jabber:x:data', type: 'submit' })
    .c('field', { var: 'FORM_TYPE', type: 'hidden' })
    .c('value')
    .t(PUBLISH_OPTIONS)
    .up().up()
    .c('field', { var: 'pubsub#access_model' })
    .c('value')
    .t(OPEN_ACCESS);
  const reply = await a.sendIQ(iq, IQ_TIMEOUT_MS, false);
  if (!reply) throw new RetryableError('The server did not answer the moved notice in time. Nothing was published.');
  if (reply.getAttribute('type') === 'error') throw new Error(`The server refused the moved notice: ${conditionOf(reply)}. Nothing was published.`);
}

/** Ids of the notes to self already in the account's server archive, read once per account and tab, then kept up to date. */
const notesSent = new Map<string, Promise<Set<string>>>();
function notesOnServer(self: string): Promise<Set<string>> {
  let found = notesSent.get(self);
  if (!found) {
    found = (async () => {
      const ids = new Set<string>();
      let after: string | undefined;
      for (let pages = 0; pages < 100_000; pages++) {
        const result = await api().archive.query({ mam: { with: self }, rsm: { max: 250, ...(after ? { after } : {}) } });
        if (result.error) throw new Error(`The server did not list your notes to self, so Ferry cannot tell which were already copied: ${result.error.message}. Nothing was sent.`);
        for (const stanza of result.messages) {
          const note = parseArchived(stanza);
          if (note?.originId && note.from === self && note.to === self) ids.add(note.originId);
        }
        after = result.rsm?.result?.last;
        if (result.complete || !after) break;
      }
      return ids;
    })();
    notesSent.set(self, found);
    found.catch(() => notesSent.delete(self));
  }
  return found;
}

/** What the rooms route needs of Converse (converse-rooms.ts), or a clear error when this Converse lacks it. */
function roomsConverse(): RoomsConverse {
  const a = api() as unknown as RoomsConverse['api'] & { connection: { get?: unknown } };
  const env = converseGlobal?.env;
  const self = account();
  if (!self) throw new Error('Converse.js is not logged in in this tab. Log in, then try again.');
  if (typeof a.sendIQ !== 'function' || typeof a.connection.get !== 'function' || !env?.$iq || !env.$msg || !env.$pres) {
    throw new Error('This version of Converse.js does not let Ferry create group chats (no sendIQ, connection or stanza builders). Nothing was written.');
  }
  return { api: a, $iq: env.$iq, $msg: env.$msg, $pres: env.$pres, account: self, bookmarks };
}

/** The protocol's requests this world can answer, each typed by ../protocol.ts. */
const handlers: Handlers = {
  ...roomHandlers(roomsConverse),
  'messenger.hello': async () => ({ service: 'xmpp', client: 'converse.js', account: account() }),
  'xmpp.roster': roster,
  'xmpp.archiveSize': archiveSize,
  'xmpp.archivePage': archivePage,
  'xmpp.bookmarks': bookmarks,
  'xmpp.roomArchiveInfo': ({ room }) => roomArchiveInfo(room),
  'xmpp.roomArchivePage': roomArchivePage,
  'xmpp.vcard': ({ jid }) => vcard(jid),
  async 'xmpp.addContact'({ jid, name, groups, movedFrom, subscribe }) {
    if (!movedFrom) {
      // subscribe false: a placeholder address, where no request may go.
      await api().contacts.add({ jid, name, groups }, true, subscribe !== false, '');
      return null;
    }
    // Converse's own request (contact.subscribeToPresence) cannot carry a child element, so the
    // roster item is added without it and Ferry sends the one request itself, with the XEP-0283
    // notice (§4.2), then marks it asked as Converse would.
    const $pres = converseGlobal?.env?.$pres;
    if (!$pres) throw new Error('This version of Converse.js does not let Ferry send a moved notice (no converse.env.$pres). Nothing was sent for this friend.');
    const contact = await api().contacts.add({ jid, name, groups }, true, false, '');
    api().send($pres({ to: jid, type: 'subscribe' }).c('moved', { xmlns: MOVED_NS }).c('old-jid').t(movedFrom));
    contact?.save?.('ask', 'subscribe');
    return null;
  },
  async 'xmpp.publishMoved'({ newJid }) {
    await publishMoved(newJid);
    return null;
  },
  async 'xmpp.noteToSelf'({ id, body }) {
    const self = account();
    const $msg = converseGlobal?.env?.$msg;
    if (!self || !$msg) throw new Error('This version of Converse.js does not let Ferry send messages (no converse.env.$msg). Nothing was sent.');
    // Idempotent per id: a note sent just before Ferry's tab closed (so never recorded in its
    // ledger) is recognised here when the import resumes, and not sent twice.
    const sent = await notesOnServer(self);
    if (sent.has(id)) return null;
    // XEP-0359 origin-id carries Ferry's stable id, so the note can be recognised later.
    api().send($msg({ to: self, type: 'chat', id }).c('body').t(body).up().c('origin-id', { xmlns: 'urn:xmpp:sid:0', id }));
    sent.add(id);
    return null;
  },
};

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || event.data?.[MAIN_REQUEST] === undefined || !isEnvelope(event.data)) return;
  const request = event.data as MainRequest;
  // dispatch never throws: a failing handler comes back as {ok: false, error, retryable?}.
  void dispatch(handlers, request).then((reply) => window.postMessage({ [MAIN_REPLY]: request[MAIN_REQUEST], ...reply } satisfies MainReply, '*'));
});
