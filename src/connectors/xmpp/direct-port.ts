/**
 * The XMPP port over Ferry's own connection to the server (npm `stanza`, over the server's
 * websocket), for the command line: the same export and import as the extension's Converse.js
 * tab, without a browser. The account's password is needed, since there is no logged-in session
 * to borrow.
 *
 * Why a second route: in the browser, every archived message arrives as its own stanza through
 * Converse.js, which parses it into a DOM and runs all its handlers (about 1 ms per message on
 * the 2-core test machines), and every contact added re-sorts and re-renders Converse's whole
 * roster. A direct connection does neither, so large accounts move much faster (bench/xmpp-migration).
 *
 * Not offered here: the XEP-0283 moved notice; the extension sends it. The rooms route's steps
 * are in direct-rooms.ts.
 */
import * as XMPP from 'stanza';
import type { Agent } from 'stanza';
import type { VCardTemp } from 'stanza/protocol';
import { directRoomPort } from './direct-rooms.js';
import { bareJid } from './ids.js';
import { RetryableError, type AddContactRequest, type ArchivePage, type ArchivedMessage, type RoomArchiveInfo, type RoomBookmark, type RosterItem, type VCardResult, type XmppClientPort } from './port.js';

export interface DirectConnection {
  jid: string;
  password: string;
  /** ws:// or wss:// URL of the server's XMPP websocket; without it, found from the server's host-meta (XEP-0156). */
  websocketUrl?: string;
  timeoutMs?: number;
}

export interface DirectSession {
  port: XmppClientPort;
  close(): Promise<void>;
}

const IQ_TIMEOUT_MS = 30_000;

/** The error condition of a failed IQ as stanza reports it, e.g. "item-not-found". */
function conditionOf(error: unknown): string | undefined {
  return (error as { error?: { condition?: string } } | undefined)?.error?.condition;
}

function describe(error: unknown): string {
  const condition = conditionOf(error);
  if (condition) return `the server answered ${condition}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * One page of an archive, either way in time, as the port's pages: the account's, or with `room`
 * the room's own (XEP-0313 §4), whose messages carry the sender's nick and, where the room
 * discloses it, real JID.
 */
async function archivePage(client: Agent, paging: { max: number; after?: string; before?: string }, room?: string): Promise<ArchivePage> {
  let fin;
  try {
    fin = room ? await client.searchHistory(room, { paging }) : await client.searchHistory({ paging });
  } catch (error) {
    throw new RetryableError(`The server did not return ${room ? `the archive of room ${room}` : 'the message archive'}: ${describe(error)}`);
  }
  const messages: ArchivedMessage[] = [];
  for (const result of fin.results ?? []) {
    const message = result.item.message;
    const stamp = result.item.delay?.timestamp;
    if (!message || !result.id || !stamp) throw new Error('The server archive returned a message Ferry cannot read (no result id, delay or forwarded message). Nothing was exported.');
    if (message.body === undefined) continue; // receipts, chat states, markers: not messages a person wrote
    const originId = message.originId ?? message.id;
    messages.push({
      archiveId: result.id,
      stamp: stamp.toISOString(),
      from: bareJid(message.from ?? ''),
      to: bareJid(message.to ?? ''),
      type: message.type ?? 'normal',
      body: message.body,
      ...(originId ? { originId } : {}),
      ...(room ? roomSender(message.from ?? '', message.muc?.jid) : {}),
    });
  }
  const { first, last, count: total } = fin.paging ?? {};
  return {
    messages,
    ...(first ? { first } : {}),
    ...(last ? { last } : {}),
    complete: fin.complete === true,
    items: fin.results?.length ?? 0,
    ...(typeof total === 'number' ? { total } : {}),
  };
}

/** A room message's sender: the nick is the resource of the archived from; the real JID only when the room discloses it. */
function roomSender(from: string, realJid: string | undefined): { nick: string; senderJid?: string } {
  const slash = from.indexOf('/');
  return { nick: slash >= 0 ? from.slice(slash + 1) : '', ...(realJid ? { senderJid: bareJid(realJid) } : {}) };
}

const MAM_NS = 'urn:xmpp:mam:2';
const BOOKMARKS_NS = 'urn:xmpp:bookmarks:1';

/**
 * Worth asking again: an error of type "wait" (RFC 6120 §8.3.2), no error stanza at all, or no
 * answer in time (stanza rejects a timed-out IQ with the condition "timeout" and no type).
 */
function worthRetrying(error: unknown): boolean {
  const stanzaError = (error as { error?: { type?: string; condition?: string } } | undefined)?.error;
  return !stanzaError?.condition || stanzaError.condition === 'timeout' || stanzaError.type === 'wait';
}

/** Connects and logs in; rejects with what went wrong (wrong password, no server) and what to do. */
export async function connectDirect(options: DirectConnection): Promise<DirectSession> {
  const account = bareJid(options.jid);
  if (!/^[^@/\s]+@[^@/\s]+$/.test(account)) throw new Error(`"${options.jid}" is not an XMPP address (name@server).`);
  const client: Agent = XMPP.createClient({
    jid: account,
    password: options.password,
    resource: `ferry-${Math.random().toString(36).slice(2, 8)}`,
    ...(options.websocketUrl ? { transports: { websocket: options.websocketUrl, bosh: false } } : {}),
    // Ferry reads and adds, then leaves: no resumable session lingers on the server.
    useStreamManagement: false,
    allowResumption: false,
    timeout: (options.timeoutMs ?? IQ_TIMEOUT_MS) / 1000,
  });
  // stanza's emitter also has events its typings leave out ('auth:failed').
  const emitter = client as unknown as { on(e: string, f: (...args: unknown[]) => void): void; off(e: string, f: (...args: unknown[]) => void): void };
  await new Promise<void>((resolve, reject) => {
    const where = options.websocketUrl ?? `the websocket announced by ${account.split('@')[1]}`;
    const timer = setTimeout(() => done(new Error(`Could not log in as ${account} at ${where} within ${Math.round((options.timeoutMs ?? IQ_TIMEOUT_MS) / 1000)} s. Check the address and --websocket.`)), options.timeoutMs ?? IQ_TIMEOUT_MS);
    const handlers: [string, (...args: unknown[]) => void][] = [
      ['session:started', () => done()],
      ['auth:failed', () => done(new Error(`The server refused the password for ${account}. Check FERRY_XMPP_PASSWORD.`))],
      ['disconnected', (e) => done(new Error(`The connection to ${where} closed before logging in${e ? ` (${String(e)})` : ''}. Check --websocket.`))],
    ];
    const done = (error?: Error) => {
      clearTimeout(timer);
      for (const [event, handler] of handlers) emitter.off(event, handler);
      if (error) {
        client.disconnect();
        reject(error);
      } else resolve();
    };
    for (const [event, handler] of handlers) emitter.on(event, handler);
    client.connect();
  });

  // stanza leaves an empty <before/> out; XEP-0059 needs it to ask for the last page.
  client.stanzas.define({ element: 'set', namespace: XMPP.Namespaces.NS_RSM, fields: { before: XMPP.JXT.childText(null, 'before', undefined, true) } });
  // XEP-0402 bookmarks as PEP items, which stanza does not know: the room is the item id.
  client.stanzas.define({
    aliases: XMPP.JXT.pubsubItemContentAliases(),
    element: 'conference',
    namespace: BOOKMARKS_NS,
    type: BOOKMARKS_NS,
    typeField: 'itemType',
    fields: { name: XMPP.JXT.attribute('name'), autojoin: XMPP.JXT.booleanAttribute('autojoin'), nick: XMPP.JXT.childText(null, 'nick') },
  });

  const port: XmppClientPort = {
    account: async () => account,
    roster: async () => {
      const roster = await client.getRoster();
      return (roster.items ?? []).map((item) => ({
        jid: bareJid(item.jid),
        name: item.name ?? '',
        groups: item.groups ?? [],
        subscription: (item.subscription ?? 'none') as RosterItem['subscription'],
      }));
    },
    archiveSize: async () => {
      const fin = await client.searchHistory({ paging: { max: 0 } }).catch(() => undefined);
      return typeof fin?.paging?.count === 'number' ? fin.paging.count : undefined;
    },
    archivePage: (query) => archivePage(client, { max: query.max, ...(query.after ? { after: query.after } : {}) }),
    // An empty <before/> asks for the archive's last page (XEP-0059 §2.5).
    archivePageBefore: (query) => archivePage(client, { max: query.max, before: query.before ?? '' }),
    // The rooms the account bookmarked, from both places a client may have put them (XEP-0402
    // PEP and XEP-0048 private storage), as the extension reads them: the PEP entry wins, an
    // error on one of them is fine, errors on both are an error, never "no rooms".
    bookmarks: async (): Promise<RoomBookmark[]> => {
      const found = new Map<string, RoomBookmark>();
      const add = (jid: string | undefined, name: string | undefined, nick: string | undefined) => {
        const room = jid ? bareJid(jid) : '';
        if (!room || found.has(room)) return;
        found.set(room, { jid: room, ...(name ? { name } : {}), ...(nick ? { nick } : {}) });
      };
      const failed: string[] = [];
      const read = async (label: string, load: () => Promise<void>) => {
        try {
          await load();
        } catch (error) {
          if (worthRetrying(error)) throw new RetryableError(`The server did not list your bookmarked group chats (${label}): ${describe(error)}`);
          if (conditionOf(error) !== 'item-not-found') failed.push(`${label}: ${conditionOf(error)}`);
        }
      };
      await read('XEP-0402', async () => {
        const pep = await client.getItems<{ itemType: string; name?: string; nick?: string }>(account, BOOKMARKS_NS);
        for (const item of pep.items ?? []) if (item.content?.itemType === BOOKMARKS_NS) add(item.id, item.content.name, item.content.nick);
      });
      await read('XEP-0048', async () => {
        for (const bookmark of await client.getBookmarks()) add(bookmark.jid, bookmark.name, bookmark.nick);
      });
      if (failed.length === 2) throw new Error(`The server would not list your bookmarked group chats (${failed.join('; ')}). Nothing was exported.`);
      return [...found.values()];
    },
    roomArchiveInfo: async (room): Promise<RoomArchiveInfo> => {
      const refusal = (error: unknown, what: string): RoomArchiveInfo => {
        if (worthRetrying(error)) throw new RetryableError(`${what} ${room} did not answer: ${describe(error)}`);
        return { refused: conditionOf(error)! };
      };
      let features: string[];
      try {
        features = (await client.getDiscoInfo(room)).features ?? [];
      } catch (error) {
        return refusal(error, 'Room');
      }
      if (!features.includes(MAM_NS)) return { refused: 'no-archive' };
      try {
        const fin = await client.searchHistory(room, { paging: { max: 0 } });
        return typeof fin.paging?.count === 'number' ? { total: fin.paging.count } : {};
      } catch (error) {
        return refusal(error, 'The archive of room');
      }
    },
    roomArchivePage: (room, query) => archivePage(client, { max: query.max, ...(query.after ? { after: query.after } : {}) }, room),
    vcard: async (jid): Promise<VCardResult> => {
      let card: VCardTemp;
      try {
        card = await client.getVCard(jid);
      } catch (error) {
        const condition = conditionOf(error);
        if (condition === 'item-not-found' || condition === 'service-unavailable') return { none: true };
        return { failed: describe(error) };
      }
      const records = card.records ?? [];
      const values = (type: string) => records.flatMap((r) => (r.type === type && 'value' in r && typeof r.value === 'string' && r.value.trim() ? [r.value.trim()] : []));
      const photo = records.find((r) => r.type === 'photo' && 'data' in r && r.data) as { data: Buffer; mediaType?: string } | undefined;
      return {
        found: {
          ...(card.fullName?.trim() ? { fullName: card.fullName.trim() } : {}),
          ...(values('nickname')[0] ? { nickname: values('nickname')[0] } : {}),
          ...(card.name?.given?.trim() ? { given: card.name.given.trim() } : {}),
          ...(card.name?.family?.trim() ? { family: card.name.family.trim() } : {}),
          emails: values('email'),
          phones: values('tel'),
          ...(photo ? { photo: { mediaType: photo.mediaType ?? 'image/png', base64: photo.data.toString('base64') } } : {}),
        },
      };
    },
    addContact: async (request: AddContactRequest) => {
      if (request.movedFrom) throw new Error('The moved notice (XEP-0283) is sent by the extension only; import without it here.');
      // No subscription attribute: a client sets one only to remove an item (RFC 6121 §2.1.2.5).
      await client.updateRosterItem({ jid: request.jid, name: request.name, groups: request.groups } as Parameters<Agent['updateRosterItem']>[0]);
      if (request.subscribe !== false) client.subscribe(request.jid);
    },
    noteToSelf: async (note) => {
      client.sendMessage({ to: account, type: 'chat', id: note.id, originId: note.id, body: note.body });
    },
    rooms: directRoomPort(client, account),
  };

  // A server that does not answer the stream's close gets 5 s.
  return { port, close: () => closeClient(client, 5_000) };
}

/**
 * Ends the stream once the server has taken everything sent, and waits until the transport has
 * closed; a silent server gets `graceMs` for each. Why the ping first: presences (the friend
 * requests) get no answer, and with the stream closed right after them the e2e import spec found
 * a friend without the pending request in 2 of 5 runs (none in 14 with the ping); the server
 * answers the ping only after handling all that came before it on the stream.
 */
export async function closeClient(client: Agent, graceMs: number): Promise<void> {
  if (!client.transport) return;
  if (client.sessionStarted) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([client.ping().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }
  const closed = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    client.once('--transport-disconnected', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  void client.disconnect();
  await closed;
}
