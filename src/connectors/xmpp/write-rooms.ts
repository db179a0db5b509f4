/**
 * The admin route for group history: every group conversation of an archive (an XMPP room, a
 * KakaoTalk, WhatsApp or LINE group, a Telegram or Discord group, a Slack channel) as a room on
 * the new server's group chat service, with its history as the room's own archive (XEP-0313 at
 * the room), the original senders as nicks (and real addresses where known) and the original
 * times. Written next to the account's XEP-0227 file, as one more XEP-0227 `<server-data>`.
 *
 * XEP-0227 defines users only, and neither server reads rooms from it (Prosody's
 * mod_storage_xep0227 has no room store; ejabberd's import_piefxis stops with "Unknown host" at a
 * MUC `<host>`), so under the MUC service's `<host>` each room is Ferry's own element
 * `<room xmlns='urn:ferry:pie-muc:0' name='NODE'>`, holding a submitted muc#roomconfig form, the
 * affiliations, and the archive as `urn:xmpp:pie:0#mam` results exactly as a MAM query at the room
 * returns them (from ROOM/NICK, the real address in muc#user `<x><item jid/>`). The loaders read
 * it: `loaders/ferry-muc-load.lua` inside a running Prosody, `load-ejabberd.ts` (`ferry xmpp
 * load-rooms --ejabberd`) through ejabberdctl and ejabberd's SQL archive. The owner's bookmarks
 * go into both files (`bookmarkChildren`): the account's, which the server's own import takes,
 * and the room file under the owner's `<user>`, which the loaders set on the running server.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ArchiveContent, Conversation, Message } from '../../model/types.js';
import type { DropTally } from '../kit/writing.js';
import { roomNodeOf } from './ids.js';
import { ownNick, placeholderLines } from './history-rooms.js';
import { peopleOf, personName } from './people.js';

export const NS_ROOM = 'urn:ferry:pie-muc:0';

export interface RoomsFileOptions {
  /** The account that owns every room, bare JID. */
  owner: string;
  /** The group chat service the rooms go on, e.g. conference.example.org. */
  mucHost: string;
  /** The handles that are the owner's own (the archive's accounts). */
  ownHandles: ReadonlySet<string>;
  /**
   * A sender's address on the new server: a real or mapped one, a placeholder, or undefined for
   * someone known by a room nick only (an `xmpp:ROOM/NICK` occupant of an old room).
   */
  addressOf(handle: string): string | undefined;
  /** Whether an address is a placeholder (never made a member: nobody can log in there). */
  isPlaceholder(jid: string): boolean;
}

export interface RoomBookmark {
  jid: string;
  name: string;
  nick: string;
}

export interface RoomsFile {
  /** The room file; undefined when the archive has no group conversation with messages. */
  xml?: string;
  bookmarks: RoomBookmark[];
  kept: { rooms: number; messages: number; members: number };
}

const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';

/** Unique within the room's archive and the same on every run, so a second load adds nothing. */
export function roomArchiveId(room: string, messageId: string): string {
  return bytesToHex(sha256(utf8ToBytes(`${room}#${messageId}`))).slice(0, 32);
}

/** The bytes of the rooms' XML, and their bookmarks; what was dropped goes into `dropped`. */
export function roomsFile(content: ArchiveContent, options: RoomsFileOptions, dropped: DropTally): RoomsFile {
  const groups = content.conversations.filter((c) => c.kind !== 'direct');
  const withMessages = groups.filter((c) => (content.messages.get(c.id)?.length ?? 0) > 0);
  dropped.add('conversation.empty', 'group conversations without messages: no room is made for them', groups.length - withMessages.length);
  const names = new Map<string, string>();
  for (const person of peopleOf(content)) for (const handle of person.handles) if (!names.has(handle)) names.set(handle, person.displayName);
  const ownerNick = nickText(ownNick(content, options.owner)) || options.owner.split('@')[0]!;
  const out: RoomsFile = { bookmarks: [], kept: { rooms: 0, messages: 0, members: 0 } };
  const rooms: string[] = [];
  for (const conversation of withMessages) {
    const room = roomXml(conversation, content.messages.get(conversation.id)!, { ...options, names, ownerNick }, dropped);
    if (!room) continue;
    rooms.push(room.xml);
    out.bookmarks.push({ jid: room.jid, name: conversation.title, nick: ownerNick });
    out.kept.rooms++;
    out.kept.messages += room.messages;
    out.kept.members += room.members;
  }
  if (rooms.length === 0) return out;
  // The owner's bookmarks here too (as in the account's file): an account that existed before the
  // move cannot take the account's file (ejabberd's import_piefxis refuses existing accounts), and
  // the loaders set the bookmarks on a running server.
  const [user, host] = options.owner.split('@') as [string, string];
  out.xml = [
    `<?xml version='1.0' encoding='UTF-8'?>`,
    `<server-data xmlns='urn:xmpp:pie:0'>`,
    `  <host jid=${attr(host)}>`,
    `    <user name=${attr(user)}>`,
    ...bookmarkChildren(out.bookmarks).map((line) => `      ${line}`),
    `    </user>`,
    `  </host>`,
    `  <host jid=${attr(options.mucHost)}>`,
    ...rooms,
    `  </host>`,
    `</server-data>`,
    '',
  ].join('\n');
  return out;
}

function roomXml(
  conversation: Conversation,
  messages: readonly Message[],
  o: RoomsFileOptions & { names: ReadonlyMap<string, string>; ownerNick: string },
  dropped: DropTally,
): { xml: string; jid: string; messages: number; members: number } | undefined {
  const node = roomNodeOf(o.owner, conversation.id);
  const jid = `${node}@${o.mucHost}`;
  // One nick per person in the room: the owner's own, then each sender's name as the file printed
  // it; a second person of the same name gets "(2)", since a room tells occupants apart by nick.
  const nicks = new Map<string, string>();
  const taken = new Set([o.ownerNick]);
  const nickOf = (handle: string): string => {
    if (o.ownHandles.has(handle)) return o.ownerNick;
    const known = nicks.get(handle);
    if (known) return known;
    const base = nickText(o.names.get(handle) ?? personName(handle)) || 'someone';
    let nick = base;
    for (let n = 2; taken.has(nick); n++) nick = `${base} (${n})`;
    taken.add(nick);
    nicks.set(handle, nick);
    return nick;
  };

  const results: string[] = [];
  let attachments = 0;
  for (const message of messages) {
    if (message.kind === 'system') {
      dropped.add(`message.kind.${message.kind}`, "notices of the service (joins, leaves, renames) are not written into the room's archive", 1);
      continue;
    }
    const body = xmlSafe([message.text, ...placeholderLines(message)].filter((part) => part !== '').join('\n'));
    if (xmlSafe(message.text) !== message.text) dropped.add('characters', 'not allowed in XML 1.0 (control characters), removed from message text');
    if (body === '') {
      dropped.add('message.empty', 'without text or anything to name in brackets');
      continue;
    }
    attachments += message.attachments?.length ?? 0;
    dropped.add('message.reactions', 'reactions are not written: MUC archives hold messages only', message.reactions?.length ?? 0);
    if (message.edits?.length) dropped.add('message.edits', 'earlier versions of edited messages are not written; the latest text is', message.edits.length);
    if (message.replyTo) dropped.add('message.replyTo', 'the link to the message answered is not kept; the text is', 1);
    if (message.forwardedFrom) dropped.add('message.forwardedFrom', 'who a forwarded message came from is not kept; the text is', 1);
    if (message.entities?.length || message.mentions?.length) dropped.add('message.entities', 'formatting and mentions are not kept; the plain text is', 1);
    const instant = new Date(message.timestamp);
    if (instant.getUTCMilliseconds() !== 0) dropped.add('message.timestamp.milliseconds', 'Prosody keeps whole seconds (ejabberd keeps the milliseconds)', 1);
    const nick = nickOf(message.sender);
    const real = o.ownHandles.has(message.sender) ? o.owner : o.addressOf(message.sender);
    results.push(
      `<result xmlns='urn:xmpp:mam:2' id=${attr(roomArchiveId(jid, message.id))}><forwarded xmlns='urn:xmpp:forward:0'>` +
        `<delay xmlns='urn:xmpp:delay' stamp=${attr(instant.toISOString().replace(/\.000Z$/, 'Z'))}/>` +
        `<message xmlns='jabber:client' from=${attr(`${jid}/${nick}`)} type='groupchat' id=${attr(message.id)}>` +
        `<body>${text(body)}</body>` +
        (real ? `<x xmlns='${NS_MUC_USER}'><item jid=${attr(real)}/></x>` : '') +
        `</message></forwarded></result>`,
    );
  }
  dropped.add('message.attachments', 'files are not uploaded; a line in brackets names each one', attachments);
  if (results.length === 0) {
    dropped.add('conversation.empty', 'group conversations without messages: no room is made for them');
    return undefined;
  }

  // Members: everyone of the conversation with a real address on the new server (mapped or their
  // own); placeholders and nick-only occupants are named in the archive only.
  const members = new Map<string, string>();
  const unmapped = new Set<string>();
  const people = [...conversation.participants.map((p) => p.handle), ...messages.filter((m) => m.kind !== 'system').map((m) => m.sender)];
  for (const handle of people) {
    if (o.ownHandles.has(handle)) continue;
    const address = o.addressOf(handle);
    if (address && !o.isPlaceholder(address) && address !== o.owner) {
      if (!members.has(address)) members.set(address, nickOf(handle));
    } else unmapped.add(handle);
  }
  dropped.add('conversation.members', 'people without an address on the new server are not made members; their messages keep their names (map them with --map to make them members)', unmapped.size);

  const config = [
    field('FORM_TYPE', 'http://jabber.org/protocol/muc#roomconfig'),
    field('muc#roomconfig_roomname', conversation.title),
    field('muc#roomconfig_roomdesc', `${conversation.title}: ${results.length} messages, moved by Ferry from ${conversation.source}`),
    field('muc#roomconfig_persistentroom', '1'),
    field('muc#roomconfig_publicroom', '0'),
    field('muc#roomconfig_membersonly', '1'),
    // The members are the people of the group, who saw each other's names there: with whois
    // "anyone" the archive also serves the real addresses, which it keeps only for such rooms.
    field('muc#roomconfig_whois', 'anyone'),
  ];
  const affiliations = [
    `<item jid=${attr(o.owner)} affiliation='owner' nick=${attr(o.ownerNick)}/>`,
    ...[...members].map(([address, nick]) => `<item jid=${attr(address)} affiliation='member' nick=${attr(nick)}/>`),
  ];
  const xml = [
    `    <room xmlns='${NS_ROOM}' name=${attr(node)}>`,
    `      <x xmlns='jabber:x:data' type='submit'>${config.join('')}</x>`,
    `      <affiliations>${affiliations.join('')}</affiliations>`,
    `      <archive xmlns='urn:xmpp:pie:0#mam'>`,
    ...results.map((line) => `        ${line}`),
    `      </archive>`,
    `    </room>`,
  ].join('\n');
  return { xml, jid, messages: results.length, members: members.size };
}

/**
 * The owner's bookmarks as children of the account's XEP-0227 `<user>`: the XEP-0048 private XML
 * (which both servers import, and turn into the node their clients read: Prosody's mod_bookmarks
 * into XEP-0402 at the first login, ejabberd's mod_private into PEP storage:bookmarks), and the
 * XEP-0402 node with its items in the form Prosody's XEP-0227 driver reads (ejabberd ignores it).
 */
export function bookmarkChildren(bookmarks: readonly RoomBookmark[]): string[] {
  if (bookmarks.length === 0) return [];
  const legacy = bookmarks.map((b) => `<conference jid=${attr(b.jid)} name=${attr(b.name)} autojoin='true'><nick>${text(b.nick)}</nick></conference>`);
  const items = bookmarks.map((b) => `<item id=${attr(b.jid)}><conference xmlns='urn:xmpp:bookmarks:1' name=${attr(b.name)} autojoin='true'><nick>${text(b.nick)}</nick></conference></item>`);
  const nodeConfig = [
    field('FORM_TYPE', 'http://jabber.org/protocol/pubsub#node_config'),
    field('pubsub#persist_items', '1'),
    field('pubsub#max_items', 'max'),
    field('pubsub#send_last_published_item', 'never'),
    field('pubsub#access_model', 'whitelist'),
  ];
  return [
    `<query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'>${legacy.join('')}</storage></query>`,
    `<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><configure node='urn:xmpp:bookmarks:1'><x xmlns='jabber:x:data' type='submit'>${nodeConfig.join('')}</x></configure></pubsub>`,
    `<pubsub xmlns='http://jabber.org/protocol/pubsub'><items node='urn:xmpp:bookmarks:1'>${items.join('')}</items></pubsub>`,
  ];
}

/** A nick as a resourcepart can carry it: one line, no control characters, not too long. */
function nickText(name: string): string {
  return xmlSafe(name)
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim()
    .slice(0, 200);
}

function field(name: string, value: string): string {
  return `<field var=${attr(name)}><value>${text(value)}</value></field>`;
}

/** XML 1.0 allows tab, LF, CR and everything from U+0020 but surrogates and U+FFFE/U+FFFF. */
function xmlSafe(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function attr(value: string): string {
  return `'${text(value).replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')}'`;
}
