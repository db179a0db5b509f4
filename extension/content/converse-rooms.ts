/**
 * The rooms route's protocol steps (src/connectors/xmpp/port.ts XmppRoomPort) in the Converse.js
 * tab, MAIN world: raw stanzas over Converse's own connection (its API has no way to create a
 * room with a given configuration, nor to send a message with Ferry's id), and Converse's own
 * bookmarks API at the end, so Converse lists the room and joins it as it would any bookmark.
 * Converse ignores presence and groupchat messages from a room it has not opened, so the steps
 * here do not disturb it; a room it has open is used as it is (no second join, no leave).
 * The logic that decides what to do is the core's (history-rooms.ts); src/connectors/xmpp/
 * direct-rooms.ts is the same steps over the command line's connection.
 */
import { RetryableError, type RoomBookmark, type RoomConfigField, type RoomEntered, type RoomInfo } from '../../src/connectors/xmpp/port.js';
import type { Handlers } from '../protocol.js';

const MUC_NS = 'http://jabber.org/protocol/muc';
const MUC_USER_NS = 'http://jabber.org/protocol/muc#user';
const MUC_OWNER_NS = 'http://jabber.org/protocol/muc#owner';
const MUC_ADMIN_NS = 'http://jabber.org/protocol/muc#admin';
const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
const DATA_NS = 'jabber:x:data';
const SID_NS = 'urn:xmpp:sid:0';
const STANZAS_NS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
const ANSWER_MS = 30_000;
/** Converse's MUC connection status for a room it has entered (headless/plugins/muc/constants.js ROOMSTATUS.ENTERED). */
const ENTERED = 5;
/** Stanza values written through Strophe's .t() are constants: a literal there reads like a UI string to the locale checks. */
const NO_HISTORY = '0';
const SUBMIT = 'submit';

interface StanzaBuilder {
  c(name: string, attrs?: Record<string, string>): StanzaBuilder;
  t(text: string): StanzaBuilder;
  up(): StanzaBuilder;
}
interface MucModel {
  get(key: string): unknown;
  session?: { get(key: string): unknown };
  getOwnAffiliation?(): string;
}
/** What this file needs of Converse, checked at run time by the caller's api(). */
export interface RoomsConverse {
  api: {
    send(stanza: StanzaBuilder): void;
    sendIQ(stanza: StanzaBuilder, timeout: number, reject: false): Promise<Element | null>;
    connection: { get(): { addHandler(handler: (stanza: Element) => boolean, ns: null, name: string): unknown; deleteHandler(ref: unknown): void } };
    rooms?: { get(jid: string): Promise<MucModel | null | undefined> };
    bookmarks?: { set(attrs: { jid: string; name: string; nick: string; autojoin: boolean }): Promise<unknown> };
    waitUntil(event: string): Promise<unknown>;
  };
  $iq: (attrs: Record<string, string>) => StanzaBuilder;
  $msg: (attrs: Record<string, string>) => StanzaBuilder;
  $pres: (attrs: Record<string, string>) => StanzaBuilder;
  account: string;
  /** The account's bookmarks as Ferry's export reads them (XEP-0402 and XEP-0048). */
  bookmarks(): Promise<RoomBookmark[]>;
}

const bare = (jid: string | null): string => (jid ?? '').split('/')[0]!.toLowerCase();
const childrenOf = (parent: Element | undefined, name: string, ns?: string): Element[] =>
  parent ? [...parent.children].filter((e) => e.localName === name && (ns === undefined || e.namespaceURI === ns)) : [];

function errorOf(stanza: Element): { condition: string; wait: boolean } {
  const error = childrenOf(stanza, 'error')[0];
  const condition = [...(error?.children ?? [])].find((e) => e.namespaceURI === STANZAS_NS && e.localName !== 'text')?.localName ?? 'undefined-condition';
  return { condition, wait: error?.getAttribute('type') === 'wait' };
}

function failure(what: string, stanza: Element | null): Error {
  if (!stanza) return new RetryableError(`${what}: no answer within ${ANSWER_MS / 1000} s`);
  const { condition, wait } = errorOf(stanza);
  return wait ? new RetryableError(`${what}: the server answered ${condition}`) : new Error(`${what}: the server answered ${condition}`);
}

/** Rooms the web client itself is in: Ferry neither joins them again nor leaves them. */
const converseHas = new Set<string>();

export function roomHandlers(converse: () => RoomsConverse): Handlers {
  /** An IQ that must succeed; its result. */
  const iq = async (what: string, stanza: StanzaBuilder): Promise<Element> => {
    const reply = await converse().api.sendIQ(stanza, ANSWER_MS, false);
    if (!reply || reply.getAttribute('type') !== 'result') throw failure(what, reply);
    return reply;
  };

  /** Resolves when `match` accepts a stanza named `name` from `room`, rejects when it calls one an error. */
  const awaitFromRoom = (name: 'message' | 'presence', room: string, match: (s: Element) => boolean | 'error', what: string, ms = ANSWER_MS) => {
    const { api } = converse();
    const connection = api.connection.get();
    return new Promise<Element>((resolve, reject) => {
      const timer = setTimeout(() => {
        connection.deleteHandler(ref);
        reject(new RetryableError(`${what}: the room did not answer within ${ms / 1000} s`));
      }, ms);
      const ref = connection.addHandler(
        (stanza) => {
          if (bare(stanza.getAttribute('from')) !== room) return true;
          const verdict = match(stanza);
          if (verdict === false) return true;
          clearTimeout(timer);
          connection.deleteHandler(ref);
          if (verdict === 'error') reject(failure(what, stanza));
          else resolve(stanza);
          return true;
        },
        null,
        name,
      );
    });
  };

  const openInConverse = async (room: string): Promise<MucModel | undefined> => {
    const model = await converse().api.rooms?.get(room).catch(() => undefined);
    return model && model.session?.get('connection_status') === ENTERED ? model : undefined;
  };

  return {
    async 'xmpp.mucService'() {
      const c = converse();
      const domain = c.account.slice(c.account.indexOf('@') + 1);
      const items = await iq(`${domain} did not list its services`, c.$iq({ type: 'get', to: domain }).c('query', { xmlns: DISCO_ITEMS }));
      for (const item of items.getElementsByTagNameNS(DISCO_ITEMS, 'item')) {
        const jid = item.getAttribute('jid');
        if (!jid) continue;
        const info = await c.api.sendIQ(c.$iq({ type: 'get', to: jid }).c('query', { xmlns: DISCO_INFO }), ANSWER_MS, false);
        if (!info || info.getAttribute('type') !== 'result') continue;
        const text = [...info.getElementsByTagNameNS(DISCO_INFO, 'identity')].some((i) => i.getAttribute('category') === 'conference' && i.getAttribute('type') === 'text');
        const muc = [...info.getElementsByTagNameNS(DISCO_INFO, 'feature')].some((f) => f.getAttribute('var') === MUC_NS);
        if (text && muc) return jid;
      }
      return undefined;
    },

    async 'xmpp.roomInfo'({ room }): Promise<RoomInfo> {
      const c = converse();
      const reply = await c.api.sendIQ(c.$iq({ type: 'get', to: room }).c('query', { xmlns: DISCO_INFO }), ANSWER_MS, false);
      if (reply?.getAttribute('type') === 'error' && errorOf(reply).condition === 'item-not-found') return { exists: false };
      if (!reply || reply.getAttribute('type') !== 'result') throw failure(`Room ${room} did not say what it is`, reply);
      const name = [...reply.getElementsByTagNameNS(DISCO_INFO, 'identity')].find((i) => i.getAttribute('category') === 'conference')?.getAttribute('name');
      return { exists: true, features: [...reply.getElementsByTagNameNS(DISCO_INFO, 'feature')].map((f) => f.getAttribute('var') ?? ''), ...(name ? { name } : {}) };
    },

    async 'xmpp.enterRoom'({ room, nick }): Promise<RoomEntered> {
      const open = await openInConverse(room);
      if (open) {
        converseHas.add(room);
        const subject = open.get('subject') as { text?: string } | undefined;
        return { created: false, affiliation: open.getOwnAffiliation?.() ?? '', nick: String(open.get('nick') ?? nick), subject: subject?.text ?? '' };
      }
      converseHas.delete(room);
      const c = converse();
      // Self-presence (status 110) first, the subject last (XEP-0045 §7.2.16, §7.2.15).
      let self: Element | undefined;
      const subject = awaitFromRoom(
        'message',
        room,
        (m) => m.getAttribute('type') === 'groupchat' && childrenOf(m, 'subject').length > 0 && childrenOf(m, 'body').length === 0,
        `Entering ${room}`,
      );
      const presence = awaitFromRoom(
        'presence',
        room,
        (p) => {
          if (p.getAttribute('type') === 'error') return 'error';
          const x = childrenOf(p, 'x', MUC_USER_NS)[0];
          const isSelf = childrenOf(x, 'status').some((s) => s.getAttribute('code') === '110');
          if (isSelf) self = p;
          return isSelf;
        },
        `Entering ${room}`,
      );
      subject.catch(() => undefined);
      c.api.send(c.$pres({ to: `${room}/${nick}` }).c('x', { xmlns: MUC_NS }).c('history', { maxstanzas: NO_HISTORY }));
      await presence;
      const subjectMessage = await subject;
      const x = childrenOf(self, 'x', MUC_USER_NS)[0];
      const item = childrenOf(x, 'item', MUC_USER_NS)[0];
      const from = self!.getAttribute('from') ?? '';
      return {
        created: childrenOf(x, 'status').some((s) => s.getAttribute('code') === '201'),
        affiliation: item?.getAttribute('affiliation') ?? '',
        nick: from.includes('/') ? from.slice(from.indexOf('/') + 1) : nick,
        subject: childrenOf(subjectMessage, 'subject')[0]?.textContent ?? '',
      };
    },

    async 'xmpp.roomConfigForm'({ room }): Promise<RoomConfigField[]> {
      const c = converse();
      const reply = await iq(`The configuration form of ${room}`, c.$iq({ type: 'get', to: room }).c('query', { xmlns: MUC_OWNER_NS }));
      const form = reply.getElementsByTagNameNS(DATA_NS, 'x')[0];
      return childrenOf(form, 'field').flatMap((f) => {
        const name = f.getAttribute('var');
        if (!name) return [];
        const type = f.getAttribute('type');
        const options = childrenOf(f, 'option').map((o) => childrenOf(o, 'value')[0]?.textContent ?? '');
        return [{ var: name, ...(type ? { type } : {}), values: childrenOf(f, 'value').map((v) => v.textContent ?? ''), ...(options.length ? { options } : {}) }];
      });
    },

    async 'xmpp.submitRoomConfig'({ room, fields }) {
      const c = converse();
      let form = c.$iq({ type: 'set', to: room }).c('query', { xmlns: MUC_OWNER_NS }).c('x', { xmlns: DATA_NS, type: SUBMIT });
      for (const field of fields) {
        form = form.c('field', { var: field.var });
        for (const value of field.values) form = form.c('value').t(value).up();
        form = form.up();
      }
      await iq(`The server refused the configuration of ${room}`, form);
      return null;
    },

    async 'xmpp.setRoomSubject'({ room, subject }) {
      const c = converse();
      // Prosody reflects a subject without the id it was sent with: match it by its text.
      const taken = awaitFromRoom(
        'message',
        room,
        (m) => (m.getAttribute('type') === 'error' ? 'error' : m.getAttribute('type') === 'groupchat' && childrenOf(m, 'subject')[0]?.textContent === subject && childrenOf(m, 'body').length === 0),
        `Setting the subject of ${room}`,
      );
      c.api.send(c.$msg({ to: room, type: 'groupchat' }).c('subject').t(subject));
      await taken;
      return null;
    },

    async 'xmpp.roomAffiliations'({ room, affiliation }) {
      const c = converse();
      const reply = await iq(`The ${affiliation} list of ${room}`, c.$iq({ type: 'get', to: room }).c('query', { xmlns: MUC_ADMIN_NS }).c('item', { affiliation }));
      return [...reply.getElementsByTagNameNS(MUC_ADMIN_NS, 'item')].flatMap((i) => (i.getAttribute('jid') ? [bare(i.getAttribute('jid'))] : []));
    },

    async 'xmpp.setRoomAffiliation'({ room, jid, affiliation }) {
      const c = converse();
      await iq(`Making ${jid} a ${affiliation} of ${room}`, c.$iq({ type: 'set', to: room }).c('query', { xmlns: MUC_ADMIN_NS }).c('item', { jid, affiliation }));
      return null;
    },

    async 'xmpp.inviteToRoom'({ room, jid, reason }) {
      const c = converse();
      c.api.send(c.$msg({ to: room }).c('x', { xmlns: MUC_USER_NS }).c('invite', { to: jid }).c('reason').t(reason));
      return null;
    },

    async 'xmpp.sendToRoom'({ room, messages }) {
      const c = converse();
      const waiting = new Set(messages.map((m) => m.id));
      const all = awaitFromRoom(
        'message',
        room,
        (m) => {
          const id = m.getAttribute('id');
          if (!id || !waiting.has(id)) return false;
          if (m.getAttribute('type') === 'error') return 'error';
          if (m.getAttribute('type') === 'groupchat') waiting.delete(id);
          return waiting.size === 0;
        },
        `Writing into ${room}`,
        ANSWER_MS + messages.length * 200,
      );
      // One stream keeps the order: the room archives them as sent.
      for (const m of messages) c.api.send(c.$msg({ to: room, type: 'groupchat', id: m.id }).c('body').t(m.body).up().c('origin-id', { xmlns: SID_NS, id: m.id }));
      await all;
      return null;
    },

    async 'xmpp.leaveRoom'({ room, nick }) {
      if (converseHas.has(room)) return null;
      const c = converse();
      const left = awaitFromRoom('presence', room, (p) => p.getAttribute('type') === 'unavailable', `Leaving ${room}`, 10_000);
      c.api.send(c.$pres({ to: `${room}/${nick}`, type: 'unavailable' }));
      await left.catch(() => undefined);
      return null;
    },

    async 'xmpp.bookmarkRoom'(bookmark) {
      const c = converse();
      // Converse picks the node its server wants (XEP-0402, or XEP-0048 in PEP), keeps the
      // user's other bookmarks, and joins the room itself (autojoin). It reports no outcome, so
      // Ferry reads the bookmarks back from the server.
      if (!c.api.bookmarks) throw new Error('This Converse.js has no bookmarks (its bookmarks plugin is off), so the room would not be listed. The room and its history are on the server; bookmark it in another client.');
      await Promise.race([c.api.waitUntil('bookmarksInitialized'), new Promise((_, reject) => setTimeout(() => reject(new RetryableError('Converse.js did not load your bookmarks within 30 s.')), ANSWER_MS))]);
      await c.api.bookmarks.set({ jid: bookmark.jid, name: bookmark.name, nick: bookmark.nick, autojoin: bookmark.autojoin });
      for (let i = 0; i < 40; i++) {
        if ((await c.bookmarks()).some((b) => b.jid === bookmark.jid)) return null;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new RetryableError(`The server does not list the bookmark for ${bookmark.jid} 10 s after Converse.js set it.`);
    },
  };
}
