/**
 * User-level group history: each group conversation becomes a group chat (XEP-0045 room) that
 * the account creates on its own server's group chat service, and the history is written into
 * it the way notes to self are (history-notes.ts): sent by the account, with the original sender
 * and time leading each message, so the room's archive (XEP-0313) serves it to every member.
 * The room is members-only and hidden; friends the mapping gives a real address are made
 * members and invited, nobody else (a placeholder address or a name without one never is).
 *
 * No admin is needed, and the cost is fidelity: the server stamps each message with the time of
 * the import and the account's nick, which is why the original sender and time travel in the
 * text. Full fidelity needs the admin route (write-xep0227.ts and its room files).
 *
 * Writing twice is prevented twice over. The import ledger records each step per target (room
 * set up, subject, each message by its id, each member, the bookmark), so a re-run writes only
 * what is missing; and the room's node comes from the owner and the conversation id
 * (ids.roomNodeOf), so an interrupted run finds its room again and, before sending what the
 * ledger lacks, reads the room's archive for the messages that reached it (each carries Ferry's
 * message id as its id and origin-id) but were never recorded.
 */
import type { ArchiveContent, Contact, Conversation, FidelityNote, Message } from '../../model/types.js';
import { DropTally } from '../kit/writing.js';
import { bareJid, roomNodeOf } from './ids.js';
import { decideAddress, type ImportLedger } from './import.js';
import type { ContactMapping } from './mapping.js';
import { peopleOf, personName } from './people.js';
import type { RoomConfigField, XmppClientPort, XmppRoomPort } from './port.js';

export interface RoomOutcome {
  conversationId: string;
  title: string;
  /** The room's bare JID on the new server. */
  room: string;
  /** Created in this run (false: it was there from an earlier run). */
  created: boolean;
  sent: number;
  alreadyPresent: number;
  /** Friends made members and invited in this run. */
  invited: string[];
  /** Every friend of the conversation with a real address (members, invited now or before). */
  members: string[];
  /** Names of the conversation's people with no real address: named in the text only, never invited. */
  unmapped: string[];
}

export interface RoomsReport {
  target: string;
  /** The group chat service the rooms are on; empty when the archive holds no group conversation. */
  service: string;
  rooms: RoomOutcome[];
  sent: number;
  alreadyPresent: number;
  invited: number;
  /** What arrived, per kind, as every target counts it (kit/writing.ts reportLines). */
  kept: Record<string, number>;
  /** What the route dropped or changed, counted per item and reason. */
  fidelity: FidelityNote[];
}

export interface RoomsOptions {
  /** The contact-mapping table (mapping.ts): who has a real address on the new server. */
  mapping?: ContactMapping;
  onProgress?: (p: { done: number; total: number }) => void;
  signal?: AbortSignal;
  /** Messages sent before waiting for the room to reflect them. */
  batch?: number;
  /** When the run happened, for the fidelity notes. */
  at?: string;
}

/** A room the route cannot use as it is: nothing more is written into it, and the message says what to do. */
export class RoomSetupError extends Error {
  override name = 'RoomSetupError';
}

const MUC_CONFIG = 'http://jabber.org/protocol/muc#roomconfig';
const MAM = 'urn:xmpp:mam:2';
/**
 * Enough to keep the room busy without a long wait for each reflection (one stream keeps the
 * order), and small enough that a reflection comes back long before the tab's 60 s limit.
 */
const BATCH = 25;

/**
 * The configuration Ferry submits, by field name, applied where the server's form has the field
 * (XEP-0045 §10.2 names, plus what Prosody 0.12 and ejabberd 23.01 name their own: archiving is
 * `muc#roomconfig_enablearchiving` on Prosody and `mam` on ejabberd, the occupant list
 * `public_list` on ejabberd). Members-only and not listed: nobody finds or enters the room but
 * the members the user brought. Not moderated: members may talk (ejabberd moderates by default).
 */
export function roomConfigSubmission(form: readonly RoomConfigField[], title: string): { var: string; values: string[] }[] {
  const wanted: Record<string, string> = {
    'muc#roomconfig_roomname': title,
    'muc#roomconfig_persistentroom': '1',
    'muc#roomconfig_publicroom': '0',
    public_list: '0',
    'muc#roomconfig_membersonly': '1',
    'muc#roomconfig_moderatedroom': '0',
    'muc#roomconfig_allowinvites': '0',
    'muc#roomconfig_enablearchiving': '1',
    mam: '1',
  };
  const present = new Set(form.map((f) => f.var));
  return [{ var: 'FORM_TYPE', values: [MUC_CONFIG] }, ...Object.entries(wanted).flatMap(([name, value]) => (present.has(name) ? [{ var: name, values: [value] }] : []))];
}

/** "2024-03-01 09:15:00 UTC", as in notes to self. */
function utc(timestamp: string): string {
  return new Date(timestamp).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/**
 * The original time as the archive states it: in the offset the source printed it in when it
 * has one ("2023-09-20 18:00:00 +09:00" for a KakaoTalk export read in Asia/Seoul, the time the
 * family saw), else in UTC; to the second, never misread as the reader's local time.
 */
export function originalTime(timestamp: string): string {
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(timestamp);
  const [whole, sign, hours, mins] = offset ?? [];
  if (!whole || `${hours}${mins}` === '0000') return utc(timestamp);
  const minutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(mins));
  const local = new Date(Date.parse(timestamp) + minutes * 60_000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  return `${local} ${whole}`;
}

/** XML 1.0 allows tab, LF, CR and everything from U+0020 but surrogates and U+FFFE/U+FFFF; anything else would end the stream. */
function xmlSafe(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

/**
 * What a message says without its text, in brackets after it: its files (by name, or by type
 * when the export printed a placeholder), and what a sticker, call, poll, place or card was.
 */
export function placeholderLines(message: Message): string[] {
  const lines = (message.attachments ?? []).map((a) => `[file: ${a.fileName ?? a.mediaType}${a.path ? '' : ', not in the archive'}]`);
  if (message.kind === 'sticker' && lines.length === 0) lines.push('[sticker]');
  if (message.kind === 'deleted') lines.push('[deleted message]');
  if (message.call) lines.push(`[${message.call.video ? 'video ' : ''}call${message.call.outcome ? `, ${message.call.outcome}` : ''}${message.call.durationSeconds !== undefined ? `, ${message.call.durationSeconds} s` : ''}]`);
  if (message.poll) lines.push(`[poll: ${message.poll.question}${message.poll.options.map((o) => ` / ${o.text}`).join('')}]`);
  if (message.location) lines.push(`[location: ${message.location.latitude}, ${message.location.longitude}${message.location.name ? ` ${message.location.name}` : ''}]`);
  if (message.contactCard) lines.push(`[contact: ${message.contactCard.displayName}]`);
  return lines;
}

/** The message as the room gets it: a first line naming the sender and the original time, then the text, then placeholders. */
export function roomText(message: Message, sender: string): string {
  const extra = placeholderLines(message);
  const text = [message.text, ...extra].filter((part, i) => i > 0 || part !== '' || extra.length === 0).join('\n');
  return `${sender} · ${originalTime(message.timestamp)}\n${text}`;
}

/** The account's nickname in its rooms: its own profile name (the newest source's), else the address's local part. */
export function ownNick(content: Pick<ArchiveContent, 'manifest'>, target: string): string {
  const named = content.manifest.sources.filter((s) => s.profile?.displayName?.trim()).sort((a, b) => Date.parse(b.exportedAt) - Date.parse(a.exportedAt));
  return named[0]?.profile?.displayName?.trim() || bareJid(target).split('@')[0]!;
}

interface Member {
  name: string;
  jid?: string;
}

/** The conversation's people other than the account, each with the real address the mapping gives them, if any. */
function membersOf(conversation: Conversation, content: ArchiveContent, people: Contact[], own: Set<string>, target: string, mapping: ContactMapping | undefined): Member[] {
  const byHandle = new Map<string, Contact>();
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const person of people) for (const handle of person.handles) if (!byHandle.has(handle)) byHandle.set(handle, person);
  const seen = new Set<string>();
  const out: Member[] = [];
  const handles = [...conversation.participants.map((p) => ({ handle: p.handle, contactId: p.contactId })), ...(content.messages.get(conversation.id) ?? []).filter((m) => m.kind !== 'system').map((m) => ({ handle: m.sender, contactId: undefined }))];
  for (const { handle, contactId } of handles) {
    if (own.has(handle)) continue;
    const person = (contactId ? byId.get(contactId) : undefined) ?? byHandle.get(handle);
    const key = person?.id ?? handle;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!person) {
      out.push({ name: personName(handle) });
      continue;
    }
    const decision = decideAddress(person, target, mapping);
    out.push({ name: person.displayName, ...('jid' in decision && decision.via !== 'placeholder' ? { jid: decision.jid } : {}) });
  }
  return out;
}

/** Ids of the messages already in the room's archive (each carries Ferry's id as id and origin-id). */
async function idsInRoom(port: XmppClientPort, room: string, signal?: AbortSignal): Promise<Set<string>> {
  if (!port.roomArchivePage) throw new Error('This connection cannot read a room archive, so Ferry cannot tell which messages reached the room before. Nothing was sent.');
  const ids = new Set<string>();
  let after: string | undefined;
  for (let pages = 0; pages < 1_000_000; pages++) {
    signal?.throwIfAborted();
    const page = await port.roomArchivePage(room, { max: 250, ...(after ? { after } : {}) });
    for (const message of page.messages) if (message.originId) ids.add(message.originId);
    if (page.complete || !page.last || (page.items ?? page.messages.length) === 0) return ids;
    after = page.last;
  }
  return ids;
}

export async function importGroupsAsRooms(port: XmppClientPort, content: ArchiveContent, ledger: ImportLedger, options: RoomsOptions = {}): Promise<RoomsReport> {
  const target = bareJid(await port.account());
  const groups = content.conversations.filter((c) => c.kind !== 'direct');
  const withMessages = groups.filter((c) => (content.messages.get(c.id)?.length ?? 0) > 0);
  const dropped = new DropTally();
  dropped.add('conversation.empty', 'group conversations without messages: no room is made for them', groups.length - withMessages.length);
  const report: RoomsReport = { target, service: '', rooms: [], sent: 0, alreadyPresent: 0, invited: 0, kept: {}, fidelity: [] };
  if (withMessages.length === 0) return { ...report, fidelity: dropped.notes(`xmpp:${target}`, options.at) };

  const rooms = port.rooms;
  if (!rooms) throw new Error('This connection cannot create group chats. Nothing was written.');
  const service = await rooms.mucService();
  if (!service) {
    throw new RoomSetupError(`The server of ${target} offers no group chat service (XEP-0045: no conference item in its disco#items), so Ferry cannot create rooms there. Nothing was written. Ask its admin, or copy the history into your notes to self.`);
  }
  report.service = service;
  const people = peopleOf(content);
  const own = new Set([...content.manifest.sources.map((s) => s.account), `xmpp:${target}`]);
  const names = new Map<string, string>();
  for (const person of people) for (const handle of person.handles) if (!names.has(handle)) names.set(handle, person.displayName);
  const nick = ownNick(content, target);
  const total = withMessages.reduce((n, c) => n + content.messages.get(c.id)!.length, 0);
  let done = 0;
  const step = () => options.onProgress?.({ done: ++done, total });
  let attachments = 0;

  for (const conversation of withMessages) {
    options.signal?.throwIfAborted();
    const messages = content.messages.get(conversation.id)!;
    const room = `${roomNodeOf(target, conversation.id)}@${service}`;
    const key = (what: string) => `room\u0000${room}\u0000${what}`;
    const members = membersOf(conversation, content, people, own, target, options.mapping);
    const addresses = [...new Set(members.flatMap((m) => (m.jid ? [m.jid] : [])))];
    const outcome: RoomOutcome = { conversationId: conversation.id, title: conversation.title, room, created: false, sent: 0, alreadyPresent: 0, invited: [], members: addresses, unmapped: members.filter((m) => !m.jid).map((m) => m.name) };
    report.rooms.push(outcome);

    const pending: Message[] = [];
    for (const message of messages) {
      if (await ledger.has(target, key(`msg:${message.id}`))) {
        outcome.alreadyPresent++;
        step();
      } else pending.push(message);
    }
    const newMembers: string[] = [];
    for (const jid of addresses) if (!(await ledger.has(target, key(`member:${jid}`)))) newMembers.push(jid);
    const needConfig = !(await ledger.has(target, key('configured')));
    const needSubject = !(await ledger.has(target, key('subject')));
    const needBookmark = !(await ledger.has(target, key('bookmark')));

    if (pending.length || newMembers.length || needConfig || needSubject) {
      const before = await rooms.roomInfo(room);
      const entered = await rooms.enterRoom(room, nick);
      try {
        if (entered.affiliation !== 'owner') {
          throw new RoomSetupError(`The room ${room} exists and ${target} is not its owner (${entered.affiliation || 'no affiliation'}): Ferry does not write into someone else's room. Nothing was written into it.`);
        }
        outcome.created = entered.created;
        await setUp(rooms, { room, title: conversation.title, entered, before, needConfig });
        await ledger.record(target, key('configured'));
        if (needSubject) {
          const first = originalTime(messages[0]!.timestamp).slice(0, 10);
          const last = originalTime(messages.at(-1)!.timestamp).slice(0, 10);
          const subject = xmlSafe(`${conversation.title}: ${messages.length} messages, ${first} – ${last} (moved by Ferry from ${conversation.source})`);
          if (entered.subject !== subject) await rooms.setRoomSubject(room, subject);
          await ledger.record(target, key('subject'));
        }
        if (pending.length) {
          // A room Ferry did not just create may hold messages an interrupted run sent but never recorded.
          const there = entered.created ? new Set<string>() : await idsInRoom(port, room, options.signal);
          for (let start = 0; start < pending.length; start += options.batch ?? BATCH) {
            options.signal?.throwIfAborted();
            const batch = pending.slice(start, start + (options.batch ?? BATCH));
            const toSend = batch.filter((m) => !there.has(m.id));
            if (toSend.length) {
              await rooms.sendToRoom(
                room,
                toSend.map((m) => ({ id: m.id, body: xmlSafe(roomText(m, own.has(m.sender) ? entered.nick : (names.get(m.sender) ?? personName(m.sender)))) })),
              );
            }
            for (const message of batch) {
              await ledger.record(target, key(`msg:${message.id}`));
              if (there.has(message.id)) outcome.alreadyPresent++;
              else outcome.sent++;
              step();
            }
          }
        }
        if (newMembers.length) {
          // Members from an earlier run whose record was lost (the command line keeps none) are not invited again.
          const already = new Set((await rooms.roomAffiliations(room, 'member')).map(bareJid));
          for (const jid of newMembers) {
            if (!already.has(jid)) {
              await rooms.setRoomAffiliation(room, jid, 'member');
              await rooms.inviteToRoom(room, jid, `${conversation.title}: the history of our group chat, moved by Ferry`);
              outcome.invited.push(jid);
            }
            await ledger.record(target, key(`member:${jid}`));
          }
        }
      } finally {
        await rooms.leaveRoom(room, entered.nick).catch(() => undefined);
      }
    }
    if (needBookmark) {
      await rooms.bookmarkRoom({ jid: room, name: conversation.title, nick, autojoin: true });
      await ledger.record(target, key('bookmark'));
    }

    report.sent += outcome.sent;
    report.alreadyPresent += outcome.alreadyPresent;
    report.invited += outcome.invited.length;
    for (const message of messages) {
      const text = roomText(message, '');
      if (xmlSafe(text) !== text) dropped.add('characters', 'not allowed in XML 1.0 (control characters), removed from message text');
      attachments += message.attachments?.length ?? 0;
      dropped.add('message.reactions', 'reactions are not written: a client cannot react as someone else', message.reactions?.length ?? 0);
      if (message.edits?.length) dropped.add('message.edits', 'earlier versions of edited messages are not written; the latest text is', message.edits.length);
      if (message.replyTo) dropped.add('message.replyTo', 'the link to the message answered is not kept; the text is', 1);
      if (message.forwardedFrom) dropped.add('message.forwardedFrom', 'who a forwarded message came from is not kept; the text is', 1);
      if (message.entities?.length || message.mentions?.length) dropped.add('message.entities', 'formatting and mentions are not kept; the plain text is', 1);
    }
    dropped.add('message.sender', 'sent under your nick in the room; the original sender leads the text', messages.filter((m) => !own.has(m.sender)).length);
    dropped.add('message.timestamp', "the room's archive stamps the time of the import; the original time (to the second, with its offset) leads the text", messages.length);
    dropped.add('conversation.members', 'people without an address on the new server are named in the text only and never invited (map them to invite them)', outcome.unmapped.length);
  }
  dropped.add('message.attachments', 'files are not uploaded; a line in brackets names each one', attachments);
  report.kept = {
    conversations: report.rooms.length,
    messages: report.sent + report.alreadyPresent,
    members: report.rooms.reduce((n, r) => n + r.members.length, 0),
  };
  report.fidelity = dropped.notes(`xmpp:${target}`, options.at);
  return report;
}

/**
 * Makes the room what the route promises before anything is written into it: configured when
 * Ferry created it now, or when an earlier run created it but stopped before configuring (its
 * ledger record is missing and the room does not yet carry the conversation's name). A room
 * configured before is left as its owner set it. Then checks what the server made of it: a room
 * that keeps no archive, or will not outlive its last occupant, would lose the history written
 * into it, and a room Ferry just configured must be members-only and hidden.
 */
async function setUp(
  rooms: XmppRoomPort,
  o: { room: string; title: string; entered: { created: boolean }; before: Awaited<ReturnType<XmppRoomPort['roomInfo']>>; needConfig: boolean },
): Promise<void> {
  const configure = o.entered.created || (o.needConfig && !(o.before.exists && o.before.name === o.title));
  if (configure) await rooms.submitRoomConfig(o.room, roomConfigSubmission(await rooms.roomConfigForm(o.room), o.title));
  const info = await rooms.roomInfo(o.room);
  if (!info.exists) throw new RoomSetupError(`The room ${o.room} disappeared right after Ferry entered it. Nothing was written into it; run the import again.`);
  const required = ['muc_persistent', MAM, ...(configure ? ['muc_membersonly', 'muc_hidden'] : [])];
  const missing = required.filter((f) => !info.features.includes(f));
  if (missing.length) {
    const why: Record<string, string> = {
      muc_persistent: 'it would vanish when its last occupant leaves',
      [MAM]: 'it keeps no archive (XEP-0313), so the history would reach nobody',
      muc_membersonly: 'it is not members-only',
      muc_hidden: 'it is listed publicly',
    };
    throw new RoomSetupError(`The group chat service made ${o.room} a room Ferry cannot fill: ${missing.map((m) => why[m]).join('; ')}. Nothing was written into it. Ask the server's admin to allow persistent, archived, members-only rooms (Prosody: mod_muc_mam; ejabberd: mod_mam with mod_muc).`);
  }
}
