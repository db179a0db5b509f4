/**
 * Puts the corpus (e2e/fixtures/seed-corpus.ts) into a running Prosody the way real use would:
 * accounts via prosodyctl, everything else as real XMPP traffic over the websocket with npm `stanza`
 * (roster pushes, presence subscriptions, chat messages), so the server's own MAM archive holds
 * the history with server-assigned stanza-ids and timestamps. A client cannot write into MAM directly.
 *
 * Also: rosterOf / archiveOf, read-back helpers for assertions (what did the server end up with?).
 */
import { createHash } from 'node:crypto';
import * as XMPP from 'stanza';
import type { Agent } from 'stanza';
import type { ReceivedMessage } from 'stanza/protocol';
import type { Corpus, CorpusConversation, CorpusProfile, Side } from './corpus.js';
import type { VCardTemp, VCardTempRecord } from 'stanza/protocol';
import { closeClient } from '../../src/connectors/xmpp/direct-port.js';

// ---------------------------------------------------------------------------------------------
// Connections

export interface ConnectOptions {
  /** Send initial presence (needed to receive messages / subscription requests live). Default true. */
  presence?: boolean;
  /**
   * 'plain' (default): SASL PLAIN, ~40 ms per login. 'scram': stanza's strongest choice,
   * SCRAM-SHA-1, whose PBKDF2 (10000 rounds, Prosody's default) runs in pure JS: 0.6-1 s per login.
   * Loopback test server only, so PLAIN costs nothing in security.
   */
  sasl?: 'plain' | 'scram';
  resource?: string;
  timeoutMs?: number;
}

const bare = (jid: string | undefined): string => (jid ?? '').split('/')[0]!.toLowerCase();

/** Events stanza emits but does not declare in its typings ('auth:failed'). */
function onUntyped(client: Agent, event: string, cb: (...args: unknown[]) => void): () => void {
  const emitter = client as unknown as { on(e: string, f: typeof cb): void; off(e: string, f: typeof cb): void };
  emitter.on(event, cb);
  return () => emitter.off(event, cb);
}

/** Connects and waits for the session (bound resource, roster not fetched). Throws on bad auth. */
export async function connect(websocketUrl: string, jid: string, password: string, opts: ConnectOptions = {}): Promise<Agent> {
  const client = XMPP.createClient({
    jid,
    password,
    resource: opts.resource,
    transports: { websocket: websocketUrl, bosh: false },
    // No XEP-0198: no lingering resumable sessions after disconnect (each test starts from a clean
    // server state), and no <r/>/<a/> chatter racing the stream close (stanza then logs
    // ERR_STREAM_WRITE_AFTER_END). Delivery is confirmed end-to-end by the seeder anyway.
    useStreamManagement: false,
    allowResumption: false,
  });
  if ((opts.sasl ?? 'plain') === 'plain') {
    for (const m of ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1', 'DIGEST-MD5']) client.sasl.disable(m);
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`connect ${jid}: timed out`)), opts.timeoutMs ?? 10_000);
    const offs: (() => void)[] = [];
    const done = (err?: Error) => {
      clearTimeout(timer);
      offs.forEach((off) => off());
      if (err) {
        client.disconnect();
        reject(err);
      } else resolve();
    };
    offs.push(onUntyped(client, 'session:started', () => done()));
    offs.push(onUntyped(client, 'auth:failed', () => done(new Error(`connect ${jid}: authentication failed`))));
    offs.push(onUntyped(client, 'disconnected', (e) => done(new Error(`connect ${jid}: disconnected ${String(e ?? '')}`))));
    client.connect();
  });
  if (opts.presence ?? true) client.sendPresence();
  return client;
}

/** Ends the stream and waits for the transport to close (so Prosody has processed everything). */
export function disconnect(client: Agent): Promise<void> {
  return closeClient(client, 3000);
}

async function withClient<T>(websocketUrl: string, jid: string, password: string, run: (c: Agent) => Promise<T>): Promise<T> {
  // No presence: a read-only session should not receive (and so not consume) offline messages.
  const client = await connect(websocketUrl, jid, password, { presence: false });
  try {
    return await run(client);
  } finally {
    await disconnect(client);
  }
}

// ---------------------------------------------------------------------------------------------
// Read-back

export interface RosterEntry {
  jid: string;
  name?: string;
  groups: string[];
  subscription: 'none' | 'to' | 'from' | 'both' | 'remove';
  /** true when a subscription request is pending (RFC 6121 ask="subscribe"). */
  ask: boolean;
}

/** The account's roster as the server stores it (one roster get). */
/** The vCard (XEP-0054) the account `jid` has, read while logged in as it; undefined when it has none. */
export async function ownVCardOf(websocketUrl: string, jid: string, password: string): Promise<VCardTemp | undefined> {
  return withClient(websocketUrl, jid, password, (c) => c.getVCard(bare(jid)).catch(() => undefined));
}

export async function rosterOf(websocketUrl: string, jid: string, password: string): Promise<RosterEntry[]> {
  return withClient(websocketUrl, jid, password, async (client) => {
    const { items = [] } = await client.getRoster();
    return items.map((item) => ({
      jid: item.jid,
      ...(item.name !== undefined ? { name: item.name } : {}),
      groups: item.groups ?? [],
      subscription: item.subscription,
      ask: Boolean(item.ask ?? item.pending),
    }));
  });
}

export interface ArchivedMessage {
  /** The archive's id for this item (XEP-0359 stanza-id / MAM result id). */
  id: string;
  /** Full JID of the sender as stored by the server (owner's messages: owner's full JID). */
  from: string;
  to: string;
  /** Server timestamp (XEP-0203 delay). Prosody 0.12: whole seconds. */
  timestamp: Date;
  body?: string;
  type?: string;
}

/**
 * Every archived message between `jid` and `withJid`, oldest first, paging through MAM
 * (RSM `after` = last id of the previous page) until the server says `complete`.
 */
export async function archiveOf(websocketUrl: string, jid: string, password: string, withJid: string, pageSize = 50): Promise<ArchivedMessage[]> {
  return withClient(websocketUrl, jid, password, (client) => queryArchive(client, withJid, pageSize));
}

export async function queryArchive(client: Agent, withJid: string, pageSize = 50): Promise<ArchivedMessage[]> {
  const out: ArchivedMessage[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const fin = await client.searchHistory({ with: withJid, paging: { max: pageSize, ...(after ? { after } : {}) } });
    for (const result of fin.results ?? []) {
      const msg = result.item.message;
      if (!msg) continue;
      out.push({
        id: result.id,
        from: msg.from ?? '',
        to: msg.to ?? '',
        timestamp: result.item.delay?.timestamp ?? new Date(NaN),
        ...(msg.body !== undefined ? { body: msg.body } : {}),
        ...(msg.type !== undefined ? { type: msg.type } : {}),
      });
    }
    after = fin.paging?.last;
    if (fin.complete || !after || (fin.results ?? []).length === 0) return out;
  }
  throw new Error(`archive of ${withJid}: too many pages`);
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** The part of startProsody()'s result that seeding needs. */
export interface SeedTarget {
  websocketUrl: string;
  register(user: string, host: string, password: string): Promise<void>;
}

export interface SeedOptions {
  /**
   * Prosody 0.12 stamps archived messages with WHOLE SECONDS. With `true`, each message is sent in
   * a later second than the previous one, so timestamps strictly increase (costs ~1 s per message,
   * ~80 s for the corpus). Default false: order is still exact (the archive keeps insertion order,
   * ids differ), but consecutive messages often share a timestamp.
   */
  strictTimestamps?: boolean;
  /**
   * Mutual presence subscriptions (subscription='both'), like a real friend list. Default true.
   * With false the owner's roster items stay subscription='none' (names and groups still set).
   */
  subscribe?: boolean;
  /** Progress lines (default: silent). */
  log?: (line: string) => void;
}

export interface SeedReport {
  accounts: number;
  contacts: number;
  messages: number;
  ms: { register: number; connect: number; roster: number; messages: number; verify: number; total: number };
}

const [sleep, now] = [(ms: number) => new Promise((r) => setTimeout(r, ms)), () => performance.now()];

/** Resolves with the first message on `client` that satisfies `match` (ignores MAM results). */
function nextMessage(client: Agent, match: (m: ReceivedMessage) => boolean, what: string, timeoutMs = 10_000): Promise<ReceivedMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', handler);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const handler = (m: ReceivedMessage) => {
      if (m.archive || !match(m)) return;
      clearTimeout(timer);
      client.off('message', handler);
      resolve(m);
    };
    client.on('message', handler);
  });
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * Mutual subscription between owner and contact, the way two people become friends:
 * owner asks, contact approves and asks back, owner approves. Resolves once the owner's roster
 * shows subscription='both' for the contact.
 */
async function befriend(owner: Agent, contact: Agent, contactJid: string): Promise<void> {
  const ownerJid = bare(owner.jid);
  const both = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscription with ${contactJid} did not reach 'both'`)), 10_000);
    const handler = (iq: { roster?: { items?: { jid: string; subscription: string }[] } }) => {
      const item = iq.roster?.items?.find((i) => bare(i.jid) === contactJid);
      if (item?.subscription === 'both') {
        clearTimeout(timer);
        owner.off('roster:update', handler);
        resolve();
      }
    };
    owner.on('roster:update', handler);
  });
  const contactAsked = new Promise<void>((resolve) => {
    const handler = (p: { from: string }) => {
      if (bare(p.from) !== ownerJid) return;
      contact.off('subscribe', handler);
      contact.acceptSubscription(ownerJid);
      contact.subscribe(ownerJid);
      resolve();
    };
    contact.on('subscribe', handler);
  });
  const ownerAsked = new Promise<void>((resolve) => {
    const handler = (p: { from: string }) => {
      if (bare(p.from) !== contactJid) return;
      owner.off('subscribe', handler);
      owner.acceptSubscription(contactJid);
      resolve();
    };
    owner.on('subscribe', handler);
  });
  owner.subscribe(contactJid);
  await Promise.all([contactAsked, ownerAsked, both]);
}

/** A contact's vCard as vcard-temp, without the photo (see publishAvatar). */
function vcardOf(profile: CorpusProfile): VCardTemp {
  const records: VCardTempRecord[] = [];
  if (profile.nickname) records.push({ type: 'nickname', value: profile.nickname });
  if (profile.email) records.push({ type: 'email', value: profile.email });
  if (profile.phone) records.push({ type: 'tel', value: profile.phone });
  return {
    fullName: profile.fullName,
    ...(profile.given || profile.family ? { name: { ...(profile.given ? { given: profile.given } : {}), ...(profile.family ? { family: profile.family } : {}) } } : {}),
    records,
  };
}

/** XEP-0084: the image under its sha1 id, then the metadata that points to it. */
async function publishAvatar(client: Agent, png: Buffer): Promise<void> {
  const id = createHash('sha1').update(png).digest('hex');
  await client.publishAvatar(id, png);
  // Width and height are what a 1x1 PNG has; the seed publishes nothing bigger.
  await client.useAvatars([{ id, bytes: png.length, mediaType: 'image/png', width: 1, height: 1 }]);
}

/**
 * Registers every corpus account (owner, newOwner, contacts), then as real clients: builds the
 * owner's roster (names, groups, mutual subscriptions) and sends every corpus message in order from
 * the right side, waiting for each to be delivered (which implies archived on both sides: Prosody
 * archives the sender's copy before routing and the receiver's copy before delivery).
 * Finally verifies by MAM that every conversation's archive equals the corpus (throws otherwise).
 */
export async function seedOldAccount(prosody: SeedTarget, corpus: Corpus, opts: SeedOptions = {}): Promise<SeedReport> {
  const log = opts.log ?? (() => {});
  const url = prosody.websocketUrl;
  const t0 = now();
  const ms = { register: 0, connect: 0, roster: 0, messages: 0, verify: 0, total: 0 };

  // 1. Accounts (prosodyctl is ~40-150 ms each; a few in parallel).
  const accounts = [corpus.owner, corpus.newOwner, ...corpus.contacts];
  await mapLimit(accounts, 6, async (a) => {
    const [user, host] = a.jid.split('@') as [string, string];
    await prosody.register(user, host, a.password);
  });
  ms.register = now() - t0;
  log(`registered ${accounts.length} accounts in ${ms.register.toFixed(0)} ms`);

  const ownerJid = bare(corpus.owner.jid);
  const clients = new Map<string, Agent>();
  try {
    // 2. Everyone online (contacts need presence to get subscription requests and messages live).
    const tConnect = now();
    const owner = await connect(url, corpus.owner.jid, corpus.owner.password);
    clients.set(ownerJid, owner);
    // Servers push roster changes only to "interested" resources, i.e. ones that fetched the
    // roster (RFC 6121 2.1.6); befriend() waits for those pushes.
    await owner.getRoster();
    await mapLimit(corpus.contacts, 8, async (c) => {
      clients.set(bare(c.jid), await connect(url, c.jid, c.password));
    });
    ms.connect = now() - tConnect;
    log(`connected ${clients.size} clients in ${ms.connect.toFixed(0)} ms`);

    // Profiles: each contact publishes its own vCard (only the owner of a vCard can set it).
    // The photo goes as a XEP-0084 avatar: Prosody 0.12's vcard_legacy never answers a
    // vcard-temp set that carries a PHOTO (measured: a 15 s timeout), but it serves the avatar
    // as the PHOTO of vcard-temp gets, which is what Converse and Ferry read.
    await mapLimit(
      [...corpus.contacts, corpus.owner].filter((c) => c.profile),
      4,
      async (c) => {
        const client = clients.get(bare(c.jid))!;
        await client.publishVCard(vcardOf(c.profile!));
        if (c.profile!.photoPng) await publishAvatar(client, Buffer.from(c.profile!.photoPng, 'base64'));
      },
    );

    // 3. Roster: names and groups first (a roster set), then the subscription handshake, which
    //    keeps them. Sequential so the roster order on the server follows the corpus.
    const tRoster = now();
    for (const c of corpus.contacts) {
      await owner.updateRosterItem({ jid: c.jid, name: c.name, groups: [...c.groups], subscription: 'none' });
    }
    if (opts.subscribe ?? true) {
      await mapLimit(corpus.contacts, 4, (c) => befriend(owner, clients.get(bare(c.jid))!, bare(c.jid)));
    }
    ms.roster = now() - tRoster;
    log(`roster of ${corpus.contacts.length} contacts in ${ms.roster.toFixed(0)} ms`);

    // 4. Messages, strictly one after another, each awaited at the receiver.
    const tMsg = now();
    let lastDelivered = 0; // Date.now() when the previous message arrived
    let sent = 0;
    for (const conv of corpus.conversations) {
      const peerJid = bare(conv.with);
      const peer = clients.get(peerJid);
      if (!peer) throw new Error(`conversation with ${conv.with}: not a corpus contact`);
      for (const m of conv.messages) {
        const [sender, receiver, toJid] = m.from === 'me' ? [owner, peer, peerJid] : [peer, owner, ownerJid];
        if (opts.strictTimestamps && lastDelivered) {
          // Archive time >= send time > any second of the previous archive time.
          const nextSecond = Math.floor(lastDelivered / 1000) * 1000 + 1000;
          if (Date.now() < nextSecond) await sleep(nextSecond - Date.now() + 5);
        }
        const id = `seed-${sent}-${Math.random().toString(36).slice(2, 8)}`;
        const arrived = nextMessage(receiver, (r) => r.id === id, `message ${sent} to ${toJid}`);
        sender.sendMessage({ to: toJid, type: 'chat', id, body: m.body });
        const got = await arrived;
        if (got.body !== m.body) throw new Error(`message ${sent} arrived altered: ${JSON.stringify(got.body)} != ${JSON.stringify(m.body)}`);
        lastDelivered = Date.now();
        sent++;
      }
    }
    ms.messages = now() - tMsg;
    log(`sent ${sent} messages in ${ms.messages.toFixed(0)} ms`);

    // 5. Verify from the owner's archive, the copy the export will read.
    const tVerify = now();
    for (const conv of corpus.conversations) {
      verifyConversation(conv, ownerJid, await queryArchive(owner, conv.with, 25), { strictTimestamps: opts.strictTimestamps ?? false });
    }
    ms.verify = now() - tVerify;
    log(`verified ${corpus.conversations.length} archives in ${ms.verify.toFixed(0)} ms`);
  } finally {
    await Promise.all([...clients.values()].map(disconnect));
  }
  ms.total = now() - t0;
  return {
    accounts: accounts.length,
    contacts: corpus.contacts.length,
    messages: corpus.conversations.reduce((n, c) => n + c.messages.length, 0),
    ms,
  };
}

/** Throws with a readable diff unless the archive holds exactly the conversation, in order. */
export function verifyConversation(
  conv: CorpusConversation,
  ownerJid: string,
  archived: ArchivedMessage[],
  opts: { strictTimestamps?: boolean } = {},
): void {
  const got = archived.map((a) => ({ from: (bare(a.from) === bare(ownerJid) ? 'me' : 'them') as Side, body: a.body }));
  const problems: string[] = [];
  if (got.length !== conv.messages.length) problems.push(`${got.length} archived, ${conv.messages.length} expected`);
  conv.messages.forEach((want, i) => {
    const g = got[i];
    if (!g || g.from !== want.from || g.body !== want.body) {
      problems.push(`#${i}: expected ${want.from} ${JSON.stringify(want.body)}, got ${g ? `${g.from} ${JSON.stringify(g.body)}` : 'nothing'}`);
    }
  });
  for (let i = 1; i < archived.length; i++) {
    const [prev, cur] = [archived[i - 1]!.timestamp.getTime(), archived[i]!.timestamp.getTime()];
    if (cur < prev || (opts.strictTimestamps && cur === prev)) problems.push(`#${i}: timestamp not ${opts.strictTimestamps ? 'strictly ' : ''}increasing`);
  }
  if (problems.length) throw new Error(`archive with ${conv.with} does not match the corpus:\n  ${problems.slice(0, 10).join('\n  ')}`);
}

// ---------------------------------------------------------------------------------------------
// Group chats (XEP-0045 rooms on the server's MUC service, with mod_muc_mam archiving them)

export interface RoomSeed {
  /** Bare room JID, e.g. "team@conference.old.localhost". Created by the first member. */
  room: string;
  /** Who is in the room, under which nickname. The first creates (and owns) the room. */
  members: readonly { jid: string; password: string; nick: string }[];
  /** XEP-0045 §10.2 room configuration the creator submits, e.g. { 'muc#roomconfig_membersonly': true }. */
  config?: Record<string, boolean | string>;
  /** Sent in this order, each awaited until the room reflects it back to its sender. */
  messages: readonly { nick: string; body: string }[];
}

/** What the room's own archive (XEP-0313 §4, queried at the room) holds after seeding, oldest first. */
export interface RoomArchived {
  id: string;
  nick: string;
  body: string;
  timestamp: Date;
}

/**
 * Puts a conversation into a real room as real clients: each member joins under its nick, the
 * creator configures the room (Prosody's creator is its owner), then every message is sent as a
 * groupchat message and awaited until the room reflects it (the room archives before it
 * broadcasts). Everyone leaves at the end; the room is persistent, so its archive stays.
 */
export async function seedRoom(websocketUrl: string, seed: RoomSeed): Promise<void> {
  const clients = new Map<string, Agent>();
  try {
    for (const member of seed.members) {
      const client = await connect(websocketUrl, member.jid, member.password);
      clients.set(member.nick, client);
      await client.joinRoom(seed.room, member.nick);
      if (member === seed.members[0] && seed.config) {
        await client.configureRoom(seed.room, {
          type: 'submit',
          fields: [
            { name: 'FORM_TYPE', type: 'hidden', value: 'http://jabber.org/protocol/muc#roomconfig' },
            ...Object.entries(seed.config).map(([name, value]) => ({ name, value })),
          ],
        });
      }
    }
    let sent = 0;
    for (const m of seed.messages) {
      const client = clients.get(m.nick);
      if (!client) throw new Error(`room ${seed.room}: ${m.nick} is not a member`);
      const id = `room-seed-${sent++}-${Math.random().toString(36).slice(2, 8)}`;
      const reflected = nextMessage(client, (r) => r.type === 'groupchat' && r.id === id, `room message ${id}`);
      client.sendMessage({ to: seed.room, type: 'groupchat', id, body: m.body });
      const got = await reflected;
      if (got.body !== m.body) throw new Error(`room message ${id} came back altered: ${JSON.stringify(got.body)}`);
    }
  } finally {
    await Promise.all([...clients.values()].map(disconnect));
  }
}

/** The room's archive as `jid` may read it (a non-member of a members-only room gets an error). */
export async function roomArchiveOf(websocketUrl: string, jid: string, password: string, room: string): Promise<RoomArchived[]> {
  return withClient(websocketUrl, jid, password, async (client) => {
    const out: RoomArchived[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const fin = await client.searchHistory(room, { paging: { max: 50, ...(after ? { after } : {}) } });
      for (const result of fin.results ?? []) {
        const msg = result.item.message;
        if (!msg?.body) continue;
        out.push({ id: result.id, nick: (msg.from ?? '').split('/').slice(1).join('/'), body: msg.body, timestamp: result.item.delay?.timestamp ?? new Date(NaN) });
      }
      after = fin.paging?.last;
      if (fin.complete || !after || (fin.results ?? []).length === 0) return out;
    }
    throw new Error(`archive of room ${room}: too many pages`);
  });
}

/** Bookmarks rooms for `jid` the way older clients do (XEP-0048 private storage); Prosody's mod_bookmarks mirrors them to XEP-0402. */
export async function bookmarkRooms(websocketUrl: string, jid: string, password: string, rooms: readonly { jid: string; name?: string; nick?: string }[]): Promise<void> {
  await withClient(websocketUrl, jid, password, async (client) => {
    await client.setBookmarks(rooms.map((r) => ({ jid: r.jid, autoJoin: false, ...(r.name ? { name: r.name } : {}), ...(r.nick ? { nick: r.nick } : {}) })));
  });
}
