/**
 * The rooms route's protocol steps (port.ts XmppRoomPort) over Ferry's own connection (npm
 * `stanza`), for the command line. The extension does the same steps through the Converse tab
 * (extension/content/converse-main.ts); the logic that decides what to do is history-rooms.ts.
 */
import type { Agent } from 'stanza';
import type { ReceivedMessage, ReceivedMUCPresence } from 'stanza/protocol';
import { bareJid } from './ids.js';
import { RetryableError, type RoomConfigField, type RoomInfo, type XmppRoomPort } from './port.js';

const BOOKMARKS_NS = 'urn:xmpp:bookmarks:1';
const ANSWER_MS = 30_000;

interface StanzaErrorLike {
  error?: { type?: string; condition?: string };
}
const conditionOf = (e: unknown): string | undefined => (e as StanzaErrorLike | undefined)?.error?.condition;
/** Ask again: an error of type "wait", none at all, or no answer in time. */
function failure(what: string, e: unknown): Error {
  const error = (e as StanzaErrorLike | undefined)?.error;
  const message = `${what}: ${error?.condition ? `the server answered ${error.condition}` : e instanceof Error ? e.message : String(e)}`;
  return !error?.condition || error.condition === 'timeout' || error.type === 'wait' ? new RetryableError(message) : new Error(message);
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = ANSWER_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new RetryableError(`${what}: no answer within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

/** A data form field's value(s) as strings, booleans as "1"/"0" (XEP-0004 §3.3). */
function valuesOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'boolean') return [value ? '1' : '0'];
  return [String(value)];
}

export function directRoomPort(client: Agent, account: string): XmppRoomPort {
  const emitter = client as unknown as { on(e: string, f: (m: ReceivedMessage) => void): void; off(e: string, f: (m: ReceivedMessage) => void): void };
  /** Resolves on the first message from `room` that `match` accepts, rejects on an error message `isMine` claims. */
  const awaitRoom = (room: string, match: (m: ReceivedMessage) => boolean | 'error', what: string, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (m: ReceivedMessage) => {
        if (bareJid(m.from ?? '') !== room) return;
        const verdict = match(m);
        if (verdict === 'error') {
          stop();
          reject(failure(what, m));
        } else if (verdict) {
          stop();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(new RetryableError(`${what}: the room did not answer within ${ms / 1000} s`));
      }, ms);
      const stop = () => {
        clearTimeout(timer);
        emitter.off('message', onMessage);
      };
      emitter.on('message', onMessage);
    });

  return {
    mucService: async () => {
      const domain = account.slice(account.indexOf('@') + 1);
      let items;
      try {
        items = (await client.getDiscoItems(domain)).items ?? [];
      } catch (e) {
        throw failure(`${domain} did not list its services`, e);
      }
      for (const item of items) {
        if (!item.jid) continue;
        const info = await client.getDiscoInfo(item.jid).catch(() => undefined);
        if (info?.identities?.some((i) => i.category === 'conference' && i.type === 'text') && info.features?.includes('http://jabber.org/protocol/muc')) return item.jid;
      }
      return undefined;
    },
    roomInfo: async (room): Promise<RoomInfo> => {
      try {
        const info = await client.getDiscoInfo(room);
        const name = info.identities?.find((i) => i.category === 'conference')?.name;
        return { exists: true, features: info.features ?? [], ...(name ? { name } : {}) };
      } catch (e) {
        if (conditionOf(e) === 'item-not-found') return { exists: false };
        throw failure(`Room ${room} did not say what it is`, e);
      }
    },
    enterRoom: async (room, nick) => {
      let presence: ReceivedMUCPresence;
      // The join ends with the room's subject (XEP-0045 §7.2.15, empty when none): a subject set
      // again unchanged is not reflected by Prosody, so Ferry must know the one there is.
      let subject: string | undefined;
      const subjectArrived = awaitRoom(room, (m) => m.type === 'groupchat' && (m as { hasSubject?: boolean }).hasSubject === true && !m.body && ((subject = m.subject ?? ''), true), `Entering ${room}`, ANSWER_MS);
      subjectArrived.catch(() => undefined);
      try {
        // No history on entering: Ferry reads the archive when it needs to.
        presence = await withTimeout(client.joinRoom(room, nick, { muc: { type: 'join', history: { maxStanzas: 0 } } } as Parameters<Agent['joinRoom']>[2]), `Entering ${room}`);
        await subjectArrived;
      } catch (e) {
        throw failure(`Entering ${room}`, e);
      }
      return { created: presence.muc.statusCodes?.includes('201') ?? false, affiliation: presence.muc.affiliation ?? '', nick: presence.muc.nick ?? nick, subject: subject ?? '' };
    },
    roomConfigForm: async (room): Promise<RoomConfigField[]> => {
      let form;
      try {
        form = await client.getRoomConfig(room);
      } catch (e) {
        throw failure(`The configuration form of ${room}`, e);
      }
      return (form.fields ?? []).flatMap((f) => {
        const options = (f as { options?: { value?: unknown }[] }).options ?? [];
        return f.name ? [{ var: f.name, ...(f.type ? { type: f.type } : {}), values: valuesOf(f.value), ...(options.length ? { options: options.map((o) => String(o.value)) } : {}) }] : [];
      });
    },
    submitRoomConfig: async (room, fields) => {
      try {
        const submitted = fields.map((f) => ({ name: f.var, ...(f.var === 'FORM_TYPE' ? { type: 'hidden' } : {}), value: f.values.length === 1 ? f.values[0]! : f.values }));
        await client.configureRoom(room, { type: 'submit', fields: submitted as NonNullable<Parameters<Agent['configureRoom']>[1]['fields']> });
      } catch (e) {
        throw failure(`The server refused the configuration of ${room}`, e);
      }
    },
    setRoomSubject: async (room, subject) => {
      // Prosody reflects a subject without the id it was sent with: match it by its text.
      const taken = awaitRoom(room, (m) => (m.type === 'error' ? 'error' : m.type === 'groupchat' && (m.subject ?? '') === subject && (m as { hasSubject?: boolean }).hasSubject === true), `Setting the subject of ${room}`, ANSWER_MS);
      client.sendMessage({ to: room, type: 'groupchat', subject });
      await taken;
    },
    roomAffiliations: async (room, affiliation) => {
      try {
        const answer = await client.getRoomMembers(room, { affiliation });
        const list = answer.muc as { users?: { jid?: string }[] } | undefined;
        return (list?.users ?? []).flatMap((u) => (u.jid ? [bareJid(u.jid)] : []));
      } catch (e) {
        throw failure(`The ${affiliation} list of ${room}`, e);
      }
    },
    setRoomAffiliation: async (room, jid, affiliation) => {
      try {
        await client.setRoomAffiliation(room, jid, affiliation);
      } catch (e) {
        throw failure(`Making ${jid} a ${affiliation} of ${room}`, e);
      }
    },
    inviteToRoom: async (room, jid, reason) => {
      client.invite(room, { to: jid, reason });
    },
    sendToRoom: async (room, messages) => {
      const waiting = new Set(messages.map((m) => m.id));
      const all = awaitRoom(
        room,
        (m) => {
          if (!m.id || !waiting.has(m.id)) return false;
          if (m.type === 'error') return 'error';
          if (m.type === 'groupchat') waiting.delete(m.id);
          return waiting.size === 0;
        },
        `Writing into ${room}`,
        ANSWER_MS + messages.length * 200,
      );
      for (const m of messages) client.sendMessage({ to: room, type: 'groupchat', id: m.id, originId: m.id, body: m.body });
      await all;
    },
    leaveRoom: async (room, nick) => {
      await withTimeout(client.leaveRoom(room, nick), `Leaving ${room}`, 10_000).catch(() => undefined);
    },
    bookmarkRoom: async (bookmark) => {
      const own = await client.getDiscoInfo(account).catch(() => undefined);
      try {
        if (own?.features?.includes(`${BOOKMARKS_NS}#compat`)) {
          // XEP-0402 §3.3, with the node configuration clients rely on (as Converse publishes it).
          const option = (name: string, value: string) => ({ name: `pubsub#${name}`, value });
          await client.sendIQ({
            type: 'set',
            pubsub: {
              context: 'user',
              publish: { node: BOOKMARKS_NS, item: { id: bookmark.jid, content: { itemType: BOOKMARKS_NS, name: bookmark.name, nick: bookmark.nick, autojoin: bookmark.autojoin } as never } },
              publishOptions: {
                type: 'submit',
                fields: [
                  { name: 'FORM_TYPE', type: 'hidden', value: 'http://jabber.org/protocol/pubsub#publish-options' },
                  option('persist_items', 'true'),
                  option('max_items', 'max'),
                  option('send_last_published_item', 'never'),
                  option('access_model', 'whitelist'),
                ],
              },
            },
          } as never);
        } else {
          // XEP-0048 private storage holds the whole list: add to it, never replace it.
          const list = await client.getBookmarks().catch((e: unknown) => (conditionOf(e) === 'item-not-found' ? [] : Promise.reject(e)));
          const others = list.filter((b) => bareJid(b.jid) !== bookmark.jid);
          await client.setBookmarks([...others, { jid: bookmark.jid, name: bookmark.name, nick: bookmark.nick, autoJoin: bookmark.autojoin }]);
        }
      } catch (e) {
        throw failure(`Bookmarking ${bookmark.jid}`, e);
      }
    },
  };
}
