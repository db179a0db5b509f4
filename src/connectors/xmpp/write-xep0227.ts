/**
 * Writes an archive as a XEP-0227 (Portable Import/Export Format for XMPP-IM Servers) document,
 * so a server admin can import friends and full history into one account: Prosody with
 * `prosody-migrator` (mod_storage_xep0227), ejabberd with `ejabberdctl import_piefxis`.
 *
 * https://xmpp.org/extensions/xep-0227.html; message archives use Prosody's extension
 * `urn:xmpp:pie:0#mam`, holding XEP-0313 <result/> elements as a MAM query would return them, so
 * the original senders and timestamps survive.
 *
 * Works for an archive from any source: contacts without an XMPP address get a stable
 * placeholder address (unless the caller maps them), so a KakaoTalk friend still becomes a
 * roster item and a conversation partner in the new account.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import type { ArchiveContent, Contact, Conversation, Message } from '../../model/types.js';
import { PLACEHOLDER_DOMAIN, bareJidOfHandle, isPlaceholderAddress, placeholderAddress } from './ids.js';
import { WriterInputError, type FileWriter, type WriterNote, type WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';
import { bookmarkChildren, roomsFile } from './write-rooms.js';

export { PLACEHOLDER_DOMAIN, placeholderAddress };

export interface Xep0227Options {
  /** The account that receives everything, e.g. "me@new.localhost". */
  owner: string;
  /** Stored as the account's password when given (a new account needs one to log in). */
  password?: string;
  /** Handle URI or contact id -> bare JID, for friends whose new address is known. */
  addressMap?: ReadonlyMap<string, string>;
  /** The group chat service the rooms go on (default conference.OWNER'S-DOMAIN). */
  mucHost?: string;
}


export class Xep0227Error extends Error {
  override name = 'Xep0227Error';
}

const JID = /^[^@/\s"'<>&]+@[^@/\s"'<>&]+$/;

/**
 * The archive as one XEP-0227 file for `owner`'s server. `kept.profile` is 1 when the owner's own
 * profile (from the archive's source) became the account's vCard; the notes name the contacts
 * that got a placeholder address (the user may want to map them) and say when no password was
 * given.
 */
export function toXep0227(content: ArchiveContent, options: Xep0227Options & WriteStamp): WriterResult {
  const owner = options.owner.trim().toLowerCase();
  if (!JID.test(owner)) throw new Xep0227Error(`--owner must be a bare JID like me@example.org, not "${options.owner}".`);
  const [user, host] = owner.split('@') as [string, string];
  const mucHost = (options.mucHost?.trim() || `conference.${host}`).toLowerCase();
  if (!/^[^@/\s"'<>&]+\.[^@/\s"'<>&]+$/.test(mucHost)) throw new Xep0227Error(`--muc-host must be a service address like conference.example.org, not "${options.mucHost}".`);
  const ownHandles = new Set([...content.manifest.sources.map((s) => s.account), `xmpp:${owner}`]);
  const dropped = new DropTally();
  const drop = (kind: string, reason: string, count = 1) => dropped.add(kind, reason, count);

  const placeholders: WriterNote[] = [];
  const addressOfContact = new Map<string, string>();
  const addressOfHandle = new Map<string, string>();
  for (const contact of content.contacts) {
    const jid = mappedAddress(contact, options.addressMap) ?? xmppAddress(contact) ?? placeholderAddress(contact.id);
    if (jid.endsWith(`@${PLACEHOLDER_DOMAIN}`)) placeholders.push({ kind: 'placeholder', contactId: contact.id, displayName: contact.displayName, jid });
    addressOfContact.set(contact.id, jid);
    for (const handle of contact.handles) addressOfHandle.set(handle, jid);
  }
  const addressOf = (handle: string): string =>
    ownHandles.has(handle) ? owner : (options.addressMap?.get(handle) ?? addressOfHandle.get(handle) ?? bareJidOfHandle(handle) ?? placeholderAddress(handle));

  const roster = content.contacts
    .filter((contact) => addressOfContact.get(contact.id) !== owner)
    .map((contact) => rosterItem(addressOfContact.get(contact.id)!, contact));

  const results: string[] = [];
  let keptConversations = 0;
  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    // Group history goes into the room's own archive, in the room file (write-rooms.ts).
    if (conversation.kind !== 'direct') continue;
    const peer = peerOf(conversation, ownHandles);
    if (!peer) {
      drop('conversations', 'direct conversation without a second participant');
      drop('messages', 'in a direct conversation without a second participant', messages.length);
      continue;
    }
    const peerJid = addressOf(peer);
    keptConversations++;
    for (const message of messages) {
      const text = xmlSafeText(message.text);
      if (text !== message.text) drop('characters', 'not allowed in XML 1.0 (control characters), removed from message text');
      if (text === '') {
        drop('messages', 'without text (XMPP archives hold text messages)');
        continue;
      }
      const fromOwner = ownHandles.has(message.sender);
      results.push(archiveResult(message, fromOwner ? owner : peerJid, fromOwner ? peerJid : owner, text));
    }
  }

  const vcard = ownVCard(content, drop);
  const rooms = roomsFile(
    content,
    {
      owner,
      mucHost,
      ownHandles,
      // A room occupant known by nick only (xmpp:ROOM/NICK) has no address; anyone else is who the user file calls them.
      addressOf: (handle) => (/^xmpp:[^/]+\//.test(handle) && !options.addressMap?.has(handle) ? undefined : addressOf(handle)),
      isPlaceholder: isPlaceholderAddress,
    },
    dropped,
  );
  const bookmarks = bookmarkChildren(rooms.bookmarks);

  const xml = [
    `<?xml version='1.0' encoding='UTF-8'?>`,
    `<server-data xmlns='urn:xmpp:pie:0'>`,
    `  <host jid=${attr(host)}>`,
    `    <user name=${attr(user)}${options.password !== undefined ? ` password=${attr(options.password)}` : ''}>`,
    `      <query xmlns='jabber:iq:roster'>`,
    ...roster.map((line) => `        ${line}`),
    `      </query>`,
    ...(vcard ? [`      ${vcard}`] : []),
    ...bookmarks.map((line) => `      ${line}`),
    `      <archive xmlns='urn:xmpp:pie:0#mam'>`,
    ...results.map((line) => `        ${line}`),
    `      </archive>`,
    `    </user>`,
    `  </host>`,
    `</server-data>`,
    '',
  ].join('\n');
  const base = owner.replace(/[^A-Za-z0-9@._-]+/g, '_');
  return {
    target: 'xep0227',
    // The account's file first (the CLI writes it at OUT), then the rooms' file for the loaders.
    files: [
      { name: `${base}.xml`, bytes: new TextEncoder().encode(xml) },
      ...(rooms.xml ? [{ name: `${base}.rooms.xml`, bytes: new TextEncoder().encode(rooms.xml) }] : []),
    ],
    single: true,
    plaintext: true,
    kept: {
      contacts: roster.length,
      ...(vcard ? { profile: 1 } : {}),
      conversations: keptConversations + rooms.kept.rooms,
      messages: results.length + rooms.kept.messages,
      ...(rooms.kept.rooms ? { rooms: rooms.kept.rooms, members: rooms.kept.members } : {}),
    },
    fidelity: dropped.notes(options.account ?? `xmpp:${owner}`, options.at),
    notes: [
      ...placeholders,
      ...(options.password === undefined ? [{ kind: 'no-password' } as const] : []),
      ...(rooms.xml ? [{ kind: 'rooms', service: mucHost, rooms: rooms.kept.rooms, messages: rooms.kept.messages, owner } as const] : []),
    ],
  };
}

export const xep0227Writer: FileWriter = {
  id: 'xep0227',
  describe: 'XEP-0227 for an XMPP server admin (Prosody prosody-migrator, ejabberd import_piefxis), and a room file for group chats',
  needs: { owner: true },
  write(content, params) {
    // Checked here, before toXep0227's own check, so the page can say it in the UI language.
    const owner = params.owner?.trim();
    if (!owner) throw new WriterInputError('owner-missing', 'XEP-0227 needs the account on the new server that receives the history (an address like me@example.org).');
    if (!JID.test(owner)) throw new WriterInputError('owner-invalid', `"${owner}" is not an XMPP address like me@example.org.`);
    return toXep0227(content, {
      owner,
      ...(params.addressMap ? { addressMap: params.addressMap } : {}),
      ...(params.password ? { password: params.password } : {}),
      ...(params.mucHost ? { mucHost: params.mucHost } : {}),
      ...(params.at ? { at: params.at } : {}),
    });
  },
};

/**
 * The owner's own profile as the account's vCard (XEP-0054 vcard-temp, which both Prosody and
 * ejabberd import from a XEP-0227 user): from the archive's XMPP source when it has a profile,
 * else the first source that has one. Undefined when no source has a profile.
 */
function ownVCard(content: ArchiveContent, drop: (kind: string, reason: string, count?: number) => void): string | undefined {
  // The newest export wins (a merged archive lists its sources oldest first); an XMPP one first.
  const withProfile = content.manifest.sources.filter((s) => s.profile).sort((a, b) => Date.parse(b.exportedAt) - Date.parse(a.exportedAt));
  const source = withProfile.find((s) => s.service === 'xmpp') ?? withProfile[0];
  const profile = source?.profile;
  if (!profile) return undefined;
  // Older exports of the same account are earlier versions of the same profile, not others left out.
  const others = new Set(withProfile.filter((s) => s.account !== source.account).map((s) => s.account));
  if (others.size) drop('profiles', `the archive holds profiles of yours from ${others.size + 1} accounts; the one of ${source.account} became the account's vCard`, others.size);
  const parts: string[] = [];
  if (profile.displayName) parts.push(`<FN>${text(profile.displayName)}</FN>`);
  const name = profile.name;
  if (name && (name.family || name.given || name.additional || name.prefix || name.suffix)) {
    const field = (tag: string, value: string | undefined) => (value ? `<${tag}>${text(value)}</${tag}>` : '');
    parts.push(`<N>${field('FAMILY', name.family)}${field('GIVEN', name.given)}${field('MIDDLE', name.additional)}${field('PREFIX', name.prefix)}${field('SUFFIX', name.suffix)}</N>`);
  }
  for (const phone of profile.phones ?? []) parts.push(`<TEL><NUMBER>${text(phone.value)}</NUMBER></TEL>`);
  for (const email of profile.emails ?? []) parts.push(`<EMAIL><INTERNET/><USERID>${text(email.value)}</USERID></EMAIL>`);
  const avatar = profile.avatar;
  const photo = avatar?.sha256 ? content.attachments?.get(avatar.sha256) : undefined;
  if (photo) parts.push(`<PHOTO><TYPE>${text(avatar!.mediaType)}</TYPE><BINVAL>${base64.encode(photo)}</BINVAL></PHOTO>`);
  else if (avatar) drop('profiles', 'your profile photo is not in the archive (only described), so the vCard has none');
  return parts.length ? `<vCard xmlns='vcard-temp'>${parts.join('')}</vCard>` : undefined;
}

function mappedAddress(contact: Contact, map: ReadonlyMap<string, string> | undefined): string | undefined {
  if (!map) return undefined;
  return map.get(contact.id) ?? contact.handles.map((h) => map.get(h)).find((j) => j !== undefined);
}

function xmppAddress(contact: Contact): string | undefined {
  return contact.handles.map(bareJidOfHandle).find((j): j is string => j !== null);
}


function peerOf(conversation: Conversation, ownHandles: Set<string>): string | undefined {
  return conversation.participants.find((p) => !ownHandles.has(p.handle))?.handle;
}

function rosterItem(jid: string, contact: Contact): string {
  const groups = contact.groups.map((g) => `<group>${text(g)}</group>`).join('');
  // subscription='none': the new account has asked nobody yet; the connector's contact import
  // (or the user) sends subscription requests, so no one is told about a move they did not see.
  return `<item jid=${attr(jid)} name=${attr(contact.displayName)} subscription='none'>${groups}</item>`;
}

function archiveResult(message: Message, from: string, to: string, body: string): string {
  // The archive id must be unique in the account's archive and stable across runs, so a
  // re-import of the same archive addresses the same items.
  const id = bytesToHex(sha256(utf8ToBytes(message.id))).slice(0, 32);
  return (
    `<result xmlns='urn:xmpp:mam:2' id=${attr(id)}>` +
    `<forwarded xmlns='urn:xmpp:forward:0'>` +
    `<delay xmlns='urn:xmpp:delay' stamp=${attr(new Date(message.timestamp).toISOString().replace(/\.000Z$/, 'Z'))}/>` +
    `<message xmlns='jabber:client' from=${attr(from)} to=${attr(to)} type='chat' id=${attr(id)}>` +
    `<body>${text(body)}</body>` +
    `</message></forwarded></result>`
  );
}

/** XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF. */
function xmlSafeText(value: string): string {
  return value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

function text(value: string): string {
  return xmlSafeText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function attr(value: string): string {
  return `'${text(value).replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;')}'`;
}
