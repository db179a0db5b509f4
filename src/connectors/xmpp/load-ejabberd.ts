/**
 * Loads a Ferry room file (write-rooms.ts) into a RUNNING ejabberd 23.01 with ejabberd's own
 * tools, no restart (`ferry xmpp load-rooms ROOMS.xml --ejabberd ...` runs it):
 *
 *   room, configuration:  ejabberdctl create_room_with_opts NODE SERVICE HOST 'JSON options'
 *                         (change_room_option for each option that differs, when the room exists)
 *   affiliations:         ejabberdctl set_room_affiliation NODE SERVICE JID owner|member
 *   archive:              rows of mod_mam_sql's `archive` table (new schema), in one transaction:
 *                         username = the room's JID, kind 'groupchat', nick, peer = the real JID,
 *                         timestamp = the original time in µs (which is also the MAM id)
 *   bookmarks:            ejabberdctl private_set (XEP-0048, merged with private_get; mod_private
 *                         also fills PEP storage:bookmarks, which Converse.js reads on ejabberd)
 *                         and the XEP-0402 node and items with ejabberdctl send_stanza
 *
 * Needs mod_muc_admin and mod_admin_extra (the commands) and mod_mam with `db_type: sql` (rooms
 * themselves may be in Mnesia or SQL). ejabberdctl starts an Erlang VM per call (2-4 s on a
 * busy machine), so a room costs a few seconds whatever its size; the archive rows are one SQL
 * script however many messages. Non-ASCII text goes to ejabberdctl as JSON \u escapes or XML
 * character references, so the arguments are ASCII whatever the shell's locale.
 *
 * Browser-safe logic: the caller runs the commands (`EjabberdTools`).
 */
import { JXT } from 'stanza';

type XMLElement = JXT.XMLElement;
const NS_PIE = 'urn:xmpp:pie:0';
const NS_ROOM = 'urn:ferry:pie-muc:0';

export interface EjabberdTools {
  /** Runs one ejabberdctl command; resolves with its standard output, rejects when it fails. */
  ctl(...args: string[]): Promise<string>;
  /**
   * Runs the archive's SQL script in one transaction and resolves with the number of rows it
   * added, or with undefined when the script is only written for the admin to run (psql, mysql).
   */
  sql(rows: readonly string[]): Promise<number | undefined>;
}

/** JSON with every non-ASCII character as \uXXXX. */
const asciiJson = (v: unknown) => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** XML with every non-ASCII character as a character reference. */
const asciiXml = (s: string) => [...s].map((c) => (c.codePointAt(0)! > 0x7e ? `&#x${c.codePointAt(0)!.toString(16)};` : c)).join('');
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlAttr = (s: string) => `'${xmlText(s).replace(/'/g, '&apos;')}'`;
const sqlText = (s: string) => `'${s.replaceAll("'", "''")}'`;

function formValues(form: XMLElement | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form?.getChildren('field') ?? []) out[f.getAttribute('var') ?? ''] = f.getChild('value')?.getText() ?? '';
  return out;
}

export interface EjabberdLoadReport {
  rooms: {
    room: string;
    created: boolean;
    affiliations: number;
    messages: number;
  }[];
  /** Archive rows added (rows already there are not added again); undefined when the SQL was only written. */
  added: number | undefined;
  messages: number;
  bookmarks: string[];
  ms: { rooms: number; archive: number; bookmarks: number };
}

interface PlannedRoom {
  node: string;
  service: string;
  jid: string;
  options: [string, string][];
  affiliations: { jid: string; affiliation: string }[];
  rows: string[];
}

/** A room file ejabberd cannot take as it is: nothing was changed. */
export class RoomFileError extends Error {
  override name = 'RoomFileError';
}

const JID = /^[^@/\s"'<>&]+@[^@/\s"'<>&]+$/;

/**
 * Reads the whole file before anything is changed: a file that does not parse, or a room,
 * affiliation or message the server could not take, stops here with what is wrong.
 */
export function planEjabberdLoad(xml: string, serverHost: string): { rooms: PlannedRoom[]; users: XMLElement[] } {
  let doc: XMLElement;
  try {
    doc = JXT.parse(xml);
  } catch (e) {
    throw new RoomFileError(`not XML: ${(e as Error).message}`);
  }
  if (!doc || doc.name !== 'server-data' || doc.getNamespace() !== NS_PIE)
    throw new RoomFileError("not a Ferry room file: it must be a XEP-0227 <server-data xmlns='urn:xmpp:pie:0'> as ferry export-format xep0227 writes it");
  const rooms: PlannedRoom[] = [];
  const users: XMLElement[] = [];
  for (const host of doc.getChildren('host', NS_PIE)) {
    const service = host.getAttribute('jid') ?? '';
    for (const user of host.getChildren('user', NS_PIE)) {
      if (!JID.test(`${user.getAttribute('name')}@${service}`)) throw new RoomFileError(`<user name='${user.getAttribute('name')}'> under <host jid='${service}'> is not an account`);
      user.setAttribute('host', service);
      users.push(user);
    }
    for (const room of host.getChildren('room', NS_ROOM)) {
      const node = room.getAttribute('name') ?? '';
      const jid = `${node}@${service}`;
      if (!JID.test(jid) || node !== node.toLowerCase()) throw new RoomFileError(`room name '${node}' on ${service} is not a lower-case JID localpart`);
      const cfg = formValues(room.getChild('x', 'jabber:x:data'));
      const subject = room.getChild('subject', NS_ROOM);
      const options: [string, string][] = [
        ['title', cfg['muc#roomconfig_roomname'] ?? ''],
        ...(cfg['muc#roomconfig_roomdesc'] ? ([['description', cfg['muc#roomconfig_roomdesc']]] as [string, string][]) : []),
        ['persistent', cfg['muc#roomconfig_persistentroom'] === '0' ? 'false' : 'true'],
        ['public', cfg['muc#roomconfig_publicroom'] === '1' ? 'true' : 'false'],
        ['public_list', cfg['muc#roomconfig_publicroom'] === '1' ? 'true' : 'false'],
        ['members_only', cfg['muc#roomconfig_membersonly'] === '0' ? 'false' : 'true'],
        ['anonymous', cfg['muc#roomconfig_whois'] === 'anyone' ? 'false' : 'true'],
        // The archive is the point of the import; ejabberd's default room keeps none.
        ['mam', 'true'],
        // A group chat among family and friends: everyone may talk (ejabberd's default room is moderated).
        ['moderated', 'false'],
        ...(subject
          ? ([
              ['subject', subject.getText()],
              ['subject_author', subject.getAttribute('by') ?? ''],
            ] as [string, string][])
          : []),
      ];
      const affiliations = (room.getChild('affiliations', NS_ROOM)?.getChildren('item') ?? []).map((item) => {
        const who = item.getAttribute('jid') ?? '';
        const affiliation = item.getAttribute('affiliation') ?? '';
        if (!JID.test(who) || !['owner', 'admin', 'member'].includes(affiliation)) throw new RoomFileError(`room ${jid}: affiliation '${affiliation}' for '${who}' is not one ejabberd takes`);
        return { jid: who, affiliation };
      });
      // Archive rows as mod_mam_sql writes them for a room: the room's bare JID as username, the
      // sender's real JID as peer (the room's JID for a nick-only sender: peer must be a JID, or
      // ejabberd skips the row), the nick in its own column. ejabberd serves from/to as ROOM/NICK.
      const rows: string[] = [];
      const usedUsec = new Set<bigint>();
      for (const result of room.getChild('archive', 'urn:xmpp:pie:0#mam')?.getChildren('result', 'urn:xmpp:mam:2') ?? []) {
        const fwd = result.getChild('forwarded', 'urn:xmpp:forward:0');
        const stamp = fwd?.getChild('delay', 'urn:xmpp:delay')?.getAttribute('stamp');
        const msg = fwd?.getChild('message', 'jabber:client');
        if (!stamp || !msg) throw new RoomFileError(`room ${jid}: <result id='${result.getAttribute('id')}'> lacks delay@stamp or message`);
        const ms = Date.parse(stamp);
        if (Number.isNaN(ms)) throw new RoomFileError(`room ${jid}: bad stamp ${stamp}`);
        // The µs timestamp is also the MAM id and the paging key: unique per room, in file order.
        let usec = BigInt(ms) * 1000n;
        while (usedUsec.has(usec)) usec += 1n;
        usedUsec.add(usec);
        const from = msg.getAttribute('from') ?? '';
        const nick = from.slice(from.indexOf('/') + 1);
        if (!from.startsWith(`${jid}/`) || nick === '') throw new RoomFileError(`room ${jid}: a message from '${from}' is not from ROOM/NICK`);
        const given = msg.getChild('x', 'http://jabber.org/protocol/muc#user')?.getChild('item')?.getAttribute('jid');
        if (given !== undefined && !JID.test(given.split('/')[0]!)) throw new RoomFileError(`room ${jid}: real JID '${given}' is not a JID`);
        const real = given ?? jid;
        const body = msg.getChild('body')?.getText() ?? '';
        const stored = `<message xmlns='jabber:client' from=${xmlAttr(real)} to=${xmlAttr(jid)} type='groupchat' id=${xmlAttr(msg.getAttribute('id') ?? '')}><body>${xmlText(body)}</body></message>`;
        rows.push(
          `INSERT INTO archive (username, server_host, timestamp, peer, bare_peer, xml, txt, kind, nick) SELECT ${sqlText(jid)}, ${sqlText(serverHost)}, ${usec}, ${sqlText(real)}, ${sqlText(real.split('/')[0]!)}, ${sqlText(stored)}, ${sqlText(body)}, 'groupchat', ${sqlText(nick)} WHERE NOT EXISTS (SELECT 1 FROM archive WHERE username = ${sqlText(jid)} AND server_host = ${sqlText(serverHost)} AND timestamp = ${usec});`,
        );
      }
      rooms.push({ node, service, jid, options, affiliations, rows });
    }
  }
  if (rooms.length === 0 && users.length === 0) throw new RoomFileError('the file holds no room and no bookmark');
  return { rooms, users };
}

export async function loadRoomsIntoEjabberd(t: EjabberdTools, xml: string, serverHost: string): Promise<EjabberdLoadReport> {
  const plan = planEjabberdLoad(xml, serverHost);
  const report: EjabberdLoadReport = {
    rooms: [],
    added: 0,
    messages: 0,
    bookmarks: [],
    ms: { rooms: 0, archive: 0, bookmarks: 0 },
  };
  let t0 = performance.now();
  for (const room of plan.rooms) {
    // get_room_options also finds hibernated rooms (it loads them from the database); empty = no room.
    const current = new Map(
      (await t.ctl('get_room_options', room.node, room.service))
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t') as [string, string]),
    );
    const created = current.size === 0;
    if (created) {
      await t.ctl('create_room_with_opts', room.node, room.service, serverHost, asciiJson(room.options.map(([name, value]) => ({ name, value }))));
    } else {
      // Only what differs: every ejabberdctl call starts an Erlang VM. change_room_option knows no subject.
      for (const [name, value] of room.options)
        if (name !== 'subject' && name !== 'subject_author' && current.get(name) !== value) await t.ctl('change_room_option', room.node, room.service, name, value);
    }
    for (const a of room.affiliations) await t.ctl('set_room_affiliation', room.node, room.service, a.jid, a.affiliation);
    report.rooms.push({
      room: room.jid,
      created,
      affiliations: room.affiliations.length,
      messages: room.rows.length,
    });
    report.messages += room.rows.length;
  }
  report.ms.rooms = performance.now() - t0;
  t0 = performance.now();
  const rows = plan.rooms.flatMap((r) => r.rows);
  report.added = rows.length ? await t.sql(rows) : 0;
  report.ms.archive = performance.now() - t0;
  // The owner's bookmarks.
  t0 = performance.now();
  let stanzaId = 0;
  for (const user of plan.users) {
    const service = user.getAttribute('host')!;
    const name = user.getAttribute('name')!;
    const storage = user.getChild('query', 'jabber:iq:private')?.getChild('storage', 'storage:bookmarks');
    if (storage) {
      // private_set replaces the whole element: merge with what the account has.
      const current = JXT.parse(await t.ctl('private_get', name, service, 'storage', 'storage:bookmarks'));
      const have = current.getChild('storage', 'storage:bookmarks')?.getChildren('conference') ?? [];
      const adding = storage.getChildren('conference');
      const keep = have.filter((c) => !adding.some((a) => a.getAttribute('jid') === c.getAttribute('jid')));
      const merged = `<storage xmlns='storage:bookmarks'>${[...keep, ...adding].map((c) => c.toString()).join('')}</storage>`;
      await t.ctl('private_set', name, service, asciiXml(merged));
      report.bookmarks.push(`XEP-0048 private XML for ${name}@${service}: ${adding.length} added, ${keep.length} kept`);
    }
    for (const items of user.getChild('pubsub', 'http://jabber.org/protocol/pubsub')?.getChildren('items') ?? []) {
      if (items.getAttribute('node') !== 'urn:xmpp:bookmarks:1') continue;
      // ejabberd 23.01 drops a publish whose publish-options carry pubsub#max_items or
      // pubsub#send_last_published_item (precondition not met), and a node it creates on publish
      // has max_items 1: each bookmark would replace the last. So the node is created (or, when
      // it exists, reconfigured) with XEP-0402's settings first. Errors come back to the
      // account's bare JID and are lost: the caller checks the result with a client.
      const own = `${name}@${service}`;
      const config =
        `<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>` +
        `<field var='pubsub#persist_items'><value>true</value></field><field var='pubsub#max_items'><value>max</value></field>` +
        `<field var='pubsub#send_last_published_item'><value>never</value></field><field var='pubsub#access_model'><value>whitelist</value></field></x>`;
      await t.ctl(
        'send_stanza',
        own,
        own,
        `<iq type='set' id='ferry-bm-create'><pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='urn:xmpp:bookmarks:1'/><configure>${config}</configure></pubsub></iq>`,
      );
      await t.ctl(
        'send_stanza',
        own,
        own,
        `<iq type='set' id='ferry-bm-config'><pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><configure node='urn:xmpp:bookmarks:1'>${config}</configure></pubsub></iq>`,
      );
      for (const item of items.getChildren('item')) {
        const iq =
          `<iq type='set' id='ferry-bm-${++stanzaId}'><pubsub xmlns='http://jabber.org/protocol/pubsub'>` +
          `<publish node='urn:xmpp:bookmarks:1'>${item.toString()}</publish>` +
          `<publish-options><x xmlns='jabber:x:data' type='submit'>` +
          `<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>` +
          `<field var='pubsub#persist_items'><value>true</value></field>` +
          `<field var='pubsub#access_model'><value>whitelist</value></field>` +
          `</x></publish-options></pubsub></iq>`;
        await t.ctl('send_stanza', `${name}@${service}`, `${name}@${service}`, asciiXml(iq));
        report.bookmarks.push(`XEP-0402 ${item.getAttribute('id')} for ${name}@${service} (sent; check it)`);
      }
    }
  }
  report.ms.bookmarks = performance.now() - t0;
  return report;
}
