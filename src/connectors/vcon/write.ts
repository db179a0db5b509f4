/**
 * Archive -> vCon (draft-ietf-vcon-vcon-core, syntax 0.4.0): one vCon per conversation, each a
 * JSON object in a file `<uuid>.vcon.json`, since the draft defines a vCon as one JSON object for
 * one conversation and no file that holds several. schemas/vcon/README.md says which text of
 * the draft this follows and how Ferry's fields map to vCon and to the MIMI content model.
 *
 * - `parties`: every participant and every other sender or reactor, one per person (a contact's
 *   handles share one party), with the name every target shows (kit/names.ts), `tel` and
 *   `mailto` where the person has them, and Ferry's handles.
 * - `dialog`: one `text` object per message, in the archive's order, with the original `start`
 *   (the instant and offset the archive holds), `originator` (the sender; none for notices of
 *   the chat, which no person wrote), the text as `body`, and the archive's message id as
 *   `message_id`. Replies as `in_reply_to` (the MIMI vCon draft's parameter), reactions and
 *   earlier versions in the `ferry` extension's parameters (declared in `extensions`).
 * - `attachments`: each file with its bytes inline (base64url) and its hashes, pointing at its
 *   message's dialog.
 *
 * Deterministic: the same archive gives the same bytes (the vCon's uuid comes from the
 * conversation's stable id, `created_at` is the archive's own creation time). Browser-safe.
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { ArchiveContent, Contact, Conversation, Message } from '../../model/types.js';
import type { FileWriter, WriterResult, WrittenFile } from '../contract.js';
import { contactOf, isNotice, whoIs } from '../kit/names.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';

/** The token in `extensions` for Ferry's parameters (draft section 2.5); not registered with IANA. */
export const FERRY_EXTENSION = 'ferry';

/**
 * Files larger than this are not put inline: a vCon is read whole as one JSON text, and a
 * base64url string of hundreds of megabytes is more than JSON tools (and JavaScript's strings)
 * take. The draft's other way, an HTTPS URL, needs a server Ferry does not have.
 */
export const INLINE_FILE_LIMIT = 25 * 1024 * 1024;
/** Inline bytes per vCon, for the same reason. */
export const INLINE_TOTAL_LIMIT = 200 * 1024 * 1024;

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A version 8 UUID (RFC 9562 section 5.8, as its appendix B.2 builds one from SHA-256) from the
 * conversation's stable id. The draft asks for version 8 (section 4.1.2); deriving it instead of
 * drawing it means exporting the same conversation again gives the same vCon uuid, so a
 * consumer replaces its copy instead of storing the conversation twice.
 */
export function vconUuid(conversationId: string): string {
  const b = sha256(encoder.encode(`ferry vcon\u0000${conversationId}`)).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A phone number as the draft's examples write `tel` (global number, digits only), when it is one. */
function telOf(contact: Contact | undefined, handle: string): string | undefined {
  const candidates = [...(contact?.handles ?? [handle]).filter((h) => h.startsWith('tel:')).map((h) => h.slice(4)), ...(contact?.phones ?? []).map((p) => p.value)];
  for (const c of candidates) {
    const digits = c.replace(/[\s().-]/g, '');
    if (/^\+?[0-9]{3,}$/.test(digits)) return digits;
  }
  return undefined;
}

function mailtoOf(contact: Contact | undefined, handle: string): string | undefined {
  const candidates = [...(contact?.handles ?? [handle]).filter((h) => h.startsWith('mailto:')).map((h) => h.slice(7)), ...(contact?.emails ?? []).map((e) => e.value)];
  return candidates.map((c) => c.trim()).find((c) => /^[^\s@<>]+@[^\s@<>]+$/.test(c));
}

export interface VconOptions extends WriteStamp {}

export function toVcon(content: ArchiveContent, options: VconOptions = {}): WriterResult {
  const tally = new DropTally();
  const nameOf = whoIs(content);
  const contactFor = contactOf(content);
  const kept = { conversations: 0, parties: 0, messages: 0, replies: 0, reactions: 0, edits: 0, attachments: 0 };
  const files: WrittenFile[] = [];
  const inConversation = new Set<string>();

  for (const conversation of content.conversations) {
    const vcon = conversationVcon(content, conversation, { nameOf, contactFor, tally, kept, inConversation });
    files.push({ name: `${vcon.uuid}.vcon.json`, bytes: encoder.encode(JSON.stringify(vcon, null, 2) + '\n') });
    kept.conversations++;
  }
  const outside = content.contacts.filter((c) => !inConversation.has(c.id)).length;
  tally.add('contact', 'contacts who are in no conversation are not written: a vCon holds the parties of one conversation', outside);
  const fileNames = files.map((f) => f.name);
  if (new Set(fileNames).size !== fileNames.length) throw new Error('two conversations got the same vCon uuid. This is a bug in Ferry.');
  return {
    target: 'vcon',
    files,
    single: false,
    plaintext: true,
    kept,
    fidelity: tally.notes(options.account ?? 'vcon', options.at),
    notes: content.conversations.length ? [] : [{ kind: 'nothing', what: 'conversations' }],
  };
}

interface Shared {
  nameOf: (handle: string) => string;
  contactFor: (handle: string) => Contact | undefined;
  tally: DropTally;
  kept: Record<string, number>;
  /** Contact ids that became a party somewhere. */
  inConversation: Set<string>;
}

function conversationVcon(content: ArchiveContent, conversation: Conversation, shared: Shared) {
  const { nameOf, contactFor, tally, kept } = shared;
  const list = content.messages.get(conversation.id) ?? [];
  const service = content.manifest.sources.find((s) => s.account === conversation.source)?.service;

  // Parties: one per person, keyed by contact id so a contact's handles share one party.
  const parties: Record<string, unknown>[] = [];
  const indexOf = new Map<string, number>();
  const partyOf = (handle: string, role?: string): number => {
    const contact = contactFor(handle);
    const key = contact ? `contact\u0000${contact.id}` : `handle\u0000${handle}`;
    let index = indexOf.get(key);
    if (index === undefined) {
      index = parties.length;
      indexOf.set(key, index);
      const party: Record<string, unknown> = { name: nameOf(handle) };
      const tel = telOf(contact, handle);
      const mailto = mailtoOf(contact, handle);
      if (tel) party.tel = tel;
      if (mailto) party.mailto = mailto;
      party.ferry_handles = contact ? [...new Set([...contact.handles, handle])] : [handle];
      if (role) party.ferry_role = role;
      if (contact && !shared.inConversation.has(contact.id)) {
        // Counted once per contact, however many conversations it is a party of.
        shared.inConversation.add(contact.id);
        const more = (contact.phones?.length ?? 0) > 1 || (contact.emails?.length ?? 0) > 1;
        if (contact.avatar || contact.groups.length || contact.notes || contact.name || more) {
          tally.add('contact.details', "a contact's avatar, groups, notes, structured name and further phones and e-mails are left out: a vCon party has one name, one tel and one mailto");
        }
      }
      parties.push(party);
      kept.parties!++;
    }
    return index;
  };
  for (const p of conversation.participants) partyOf(p.handle, p.role);
  const members = [...new Set(conversation.participants.map((p) => partyOf(p.handle)))];

  const dialog: Record<string, unknown>[] = [];
  const attachments: Record<string, unknown>[] = [];
  let inlineBytes = 0;
  for (const m of list) {
    const notice = isNotice(m);
    const d: Record<string, unknown> = { type: 'text', start: m.timestamp };
    if (!notice) {
      // The sender first, then the others, with originator said outright (section 4.3.5).
      const from = partyOf(m.sender);
      d.parties = [from, ...members.filter((i) => i !== from)];
      d.originator = from;
    }
    Object.assign(d, { mediatype: 'text/plain;charset=utf-8', encoding: 'none', body: m.text });
    if (service) d.application = service;
    d.message_id = m.id;
    if (m.replyTo) {
      d.in_reply_to = m.replyTo;
      kept.replies!++;
    }
    if (m.kind !== 'text') d.ferry_kind = m.kind;
    const data = m.call ? { call: m.call } : m.poll ? { poll: m.poll } : m.location ? { location: m.location } : m.contactCard ? { contact_card: m.contactCard } : undefined;
    if (data) d.ferry_data = data;
    if (m.reactions?.length) {
      d.ferry_reactions = m.reactions.map((r) => ({ party: partyOf(r.sender), body: r.emoji, ...(r.timestamp ? { start: r.timestamp } : {}) }));
      kept.reactions! += m.reactions.length;
    }
    if (m.edits?.length) {
      d.ferry_edits = m.edits.map((e) => ({ start: e.timestamp, body: e.text }));
      kept.edits! += m.edits.length;
    }
    dropped(m, tally);
    const at = dialog.length;
    dialog.push(d);
    kept.messages!++;
    for (const a of m.attachments ?? []) {
      const bytes = a.sha256 && a.path ? content.attachments?.get(a.sha256) : undefined;
      const out: Record<string, unknown> = { start: m.timestamp, party: partyOf(m.sender), dialog: at, mediatype: a.mediaType };
      if (a.fileName) out.filename = a.fileName;
      if (bytes && bytes.length <= INLINE_FILE_LIMIT && inlineBytes + bytes.length <= INLINE_TOTAL_LIMIT) {
        inlineBytes += bytes.length;
        Object.assign(out, { encoding: 'base64url', body: base64url(bytes), content_hash: [`sha512-${base64url(sha512(bytes))}`, `sha256-${base64url(sha256(bytes))}`] });
        kept.attachments!++;
      } else {
        out.ferry_not_included = bytes ? 'too-large' : (a.notIncluded?.reason ?? 'unavailable');
        if (bytes) tally.add('message.attachments.tooLarge', `files over ${INLINE_FILE_LIMIT / 1024 / 1024} MB (or past ${INLINE_TOTAL_LIMIT / 1024 / 1024} MB in one conversation) are listed without their bytes: a vCon carries files inline, and JSON tools do not read one that large`);
        else tally.add('message.attachments.notIncluded', 'files the archive has no bytes for are listed without content, with the reason');
      }
      attachments.push(out);
    }
  }

  const vcon: Record<string, unknown> & { uuid: string } = {
    uuid: vconUuid(conversation.id),
    // Every vCon Ferry writes has Ferry's parameters (each party's ferry_handles at least).
    extensions: [FERRY_EXTENSION],
    created_at: content.manifest.createdAt,
  };
  if (conversation.title) vcon.subject = conversation.title;
  vcon.ferry_conversation = { id: conversation.id, kind: conversation.kind };
  vcon.parties = parties;
  vcon.dialog = dialog;
  if (attachments.length) vcon.attachments = attachments;
  return vcon;
}

/** What a text dialog cannot carry, counted. */
function dropped(m: Message, tally: DropTally): void {
  if (m.entities?.length) tally.add('message.entities', 'bold, links and other markup are dropped: a text dialog holds plain text (the words are kept)');
  if (m.mentions?.length) tally.add('message.mentions', 'mentions are dropped as links to people: the names stay in the text');
  if (m.forwardedFrom) tally.add('message.forwardedFrom', 'who a forwarded message came from is dropped: vCon has no place for it');
  if (m.wallClock) tally.add('message.wallClock', 'the time as the source printed it is dropped: start keeps the instant with its offset');
  if (m.sourceIds && Object.keys(m.sourceIds).length) tally.add('message.sourceIds', "the source service's own ids are dropped: message_id keeps the archive's id");
}

export const vconWriter: FileWriter = {
  id: 'vcon',
  describe: 'IETF vCon (draft-ietf-vcon-vcon-core, syntax 0.4.0): one <uuid>.vcon.json per conversation, parties, dialog, files inline; -o DIR',
  needs: {},
  write: (content, params) => toVcon(content, params.at ? { at: params.at } : {}),
};
