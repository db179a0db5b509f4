/**
 * Archive -> Telegram Desktop's whole-account export, `result.json` (Settings > Advanced > Export
 * Telegram data, "Machine-readable JSON"): the layout other tools import (signalbackup-tools brings
 * it into Signal; local archivers re-import it). `personal_information`, `contacts.list` and
 * `chats.list`, each chat with `name`, `type`, `id` and `messages`; each message with `id`, `type`
 * (`message` or `service`), `date` (wall clock in the chat's zone) and `date_unixtime`, `from` /
 * `from_id` (`actor` / `actor_id` for notices), `text` and `text_entities`,
 * `reply_to_message_id`, `forwarded_from`, `reactions` (`recent` with who reacted) and media as
 * paths relative to result.json (`chats/chat_001/photos/…`, `…/files/…`).
 *
 * Telegram's ids are numbers: each person gets a stable one from their handle (the same archive
 * gives the same ids). Pure and browser-safe: content in, files and a fidelity report out.
 */
import { sha256Hex } from '../../model/ids.js';
import type { ArchiveContent, Conversation, Message, TextEntity } from '../../model/types.js';
import type { FileWriter, WriterNote, WriterResult, WrittenFile } from '../contract.js';
import { contactOf, isNotice, whoIs } from '../kit/names.js';
import { offsetMinutes } from '../kit/wall-clock.js';
import { DropTally, zoneParam, type WriteStamp } from '../kit/writing.js';
import { safeFileName } from './write.js';

export interface TelegramJsonOptions extends WriteStamp {
  /** IANA zone for `date` of chats whose source did not state one (`date_unixtime` is exact either way). */
  timeZone: string;
}

const TYPE_OF: Record<Conversation['kind'], string> = { direct: 'personal_chat', group: 'private_group', channel: 'private_channel' };
/** Ferry's entity types as Telegram Desktop names them (the reader's table, read the other way). */
const ENTITY_OF: Record<TextEntity['type'], string> = { bold: 'bold', italic: 'italic', underline: 'underline', strikethrough: 'strikethrough', code: 'code', pre: 'pre', spoiler: 'spoiler', quote: 'blockquote', link: 'text_link', mention: 'mention_name' };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2024-05-01T18:00:00`: Telegram Desktop's `date`, the wall clock without a zone. */
function wallClock(ms: number, zone: string): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes(zone, ms) * 60_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `text_entities`: the text cut into plain pieces and entity pieces, as Telegram Desktop writes it. */
function textEntities(text: string, entities: readonly TextEntity[] | undefined, idOf: (h: string) => number): Record<string, unknown>[] {
  const pieces: Record<string, unknown>[] = [];
  let at = 0;
  const sorted = [...(entities ?? [])].filter((e) => e.offset >= 0 && e.length > 0 && e.offset + e.length <= text.length).sort((a, b) => a.offset - b.offset);
  for (const e of sorted) {
    if (e.offset < at) continue; // overlapping (nested) entities: the outer one is kept
    if (e.offset > at) pieces.push({ type: 'plain', text: text.slice(at, e.offset) });
    const piece: Record<string, unknown> = { type: ENTITY_OF[e.type], text: text.slice(e.offset, e.offset + e.length) };
    if (e.type === 'link') piece.href = e.url ?? piece.text;
    if (e.type === 'mention') {
      if (e.handle) piece.user_id = idOf(e.handle);
      else piece.type = 'mention';
    }
    pieces.push(piece);
    at = e.offset + e.length;
  }
  if (at < text.length || !pieces.length) pieces.push({ type: 'plain', text: text.slice(at) });
  return pieces.filter((p) => p.text !== '' || pieces.length === 1);
}

export function toTelegramJson(content: ArchiveContent, options: TelegramJsonOptions): WriterResult {
  const tally = new DropTally();
  const nameOf = whoIs(content);
  const contactFor = contactOf(content);
  const notes: WriterNote[] = [];

  // Stable numeric ids per person (a contact's handles share one), never two people on one id.
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  const idOf = (handle: string): number => {
    const key = contactFor(handle)?.id ?? handle;
    let id = ids.get(key);
    if (id === undefined) {
      id = (parseInt(sha256Hex(new TextEncoder().encode(key)).slice(0, 8), 16) % 2_000_000_000) + 1_000_000;
      while (taken.has(id)) id++;
      taken.add(id);
      ids.set(key, id);
    }
    return id;
  };

  const ownerHandle = content.conversations.flatMap((c) => c.participants).find((p) => p.role === 'owner')?.handle ?? content.manifest.sources[0]?.account ?? 'me';
  const ownerName = nameOf(ownerHandle);
  const files: WrittenFile[] = [];
  const kept = { conversations: 0, messages: 0, replies: 0, reactions: 0, attachments: 0, contacts: 0 };

  const chats = content.conversations.map((conversation, ci) => {
    const source = content.manifest.sources.find((s) => s.account === conversation.source);
    const zone = source?.timeZone.zone ?? options.timeZone;
    const list = content.messages.get(conversation.id) ?? [];
    const numberOf = new Map(list.map((m, i) => [m.id, i + 1]));
    const folder = `chats/chat_${pad(ci + 1, 3)}`;
    const others = conversation.participants.filter((p) => p.role !== 'owner').map((p) => nameOf(p.handle));
    const messages = list.map((m: Message, i) => {
      const ms = Date.parse(m.timestamp);
      if (ms % 1000) tally.add('message.timestamp.milliseconds', 'fractions of a second dropped: Telegram Desktop writes whole seconds');
      const notice = isNotice(m);
      const out: Record<string, unknown> = { id: i + 1, type: notice ? 'service' : 'message', date: wallClock(ms, zone), date_unixtime: String(Math.floor(ms / 1000)) };
      if (notice) {
        // Telegram has no action for a notice in words; the text carries it, as Desktop writes unknown actions.
        Object.assign(out, { actor: conversation.title || others.join(', ') || ownerName, actor_id: `channel${idOf(conversation.id)}`, action: 'custom_action' });
      } else Object.assign(out, { from: nameOf(m.sender), from_id: `user${idOf(m.sender)}` });
      if (m.replyTo && notice) tally.add('message.replyTo.notice', "links from notices to their message (such as a pin) are dropped: Telegram Desktop links only its own pin action, which Ferry cannot tell from the notice's words");
      else if (m.replyTo) {
        const to = numberOf.get(m.replyTo);
        if (to !== undefined) {
          out.reply_to_message_id = to;
          kept.replies++;
        } else tally.add('message.replyTo.outside', 'answers to messages not in the archive are written without the link');
      }
      if (m.forwardedFrom?.name || m.forwardedFrom?.sender) out.forwarded_from = m.forwardedFrom.name ?? nameOf(m.forwardedFrom.sender!);
      for (const a of m.attachments ?? []) {
        const bytes = a.sha256 && a.path ? content.attachments?.get(a.sha256) : undefined;
        const isPhoto = a.mediaType === 'image/jpeg' || a.mediaType === 'image/png';
        const field = isPhoto && out.photo === undefined ? 'photo' : 'file';
        if (out[field] !== undefined) {
          tally.add('message.attachments', 'files after the first of a message are left out: a Telegram message holds one photo or one file');
          continue;
        }
        if (!bytes) {
          out[field] = '(File not included. Change data exporting settings to download.)';
          tally.add('message.attachments.notIncluded', 'files the archive has no bytes for are written as Telegram Desktop writes a file it did not download');
        } else {
          const name = safeFileName(a.fileName ?? `${a.sha256!.slice(0, 16)}`) || 'file';
          const path = `${folder}/${field === 'photo' ? 'photos' : 'files'}/${i + 1}_${name}`;
          files.push({ name: path, bytes });
          out[field] = path;
          kept.attachments++;
        }
        if (field === 'file') {
          if (a.fileName) out.file_name = a.fileName;
          out.mime_type = a.mediaType;
        }
      }
      let text = m.text;
      if (text.includes('\u0000')) {
        // Ferry's reader, like other JSON tools, refuses or strips NUL in a JSON string.
        tally.add('message.text.nul', 'NUL characters removed: readers of result.json strip them');
        text = text.replace(/\u0000/g, '');
      }
      const pieces = textEntities(text, m.entities, idOf);
      out.text = pieces.length === 1 && pieces[0]!.type === 'plain' ? text : pieces.map((p) => (p.type === 'plain' ? p.text : p));
      out.text_entities = pieces;
      if (m.reactions?.length) {
        const byEmoji = new Map<string, Record<string, unknown>[]>();
        for (const r of m.reactions) {
          const recent = byEmoji.get(r.emoji) ?? [];
          recent.push({ from: nameOf(r.sender), from_id: `user${idOf(r.sender)}`, ...(r.timestamp ? { date: wallClock(Date.parse(r.timestamp), zone) } : {}) });
          byEmoji.set(r.emoji, recent);
          kept.reactions++;
        }
        out.reactions = [...byEmoji].map(([emoji, recent]) => ({ type: 'emoji', count: recent.length, emoji, recent }));
      }
      if (m.edits?.length) tally.add('message.edits', "earlier versions dropped: Telegram Desktop's export keeps only the latest text", m.edits.length);
      if (m.location) out.location_information = { latitude: m.location.latitude, longitude: m.location.longitude };
      if (m.poll) out.poll = { question: m.poll.question, closed: false, total_voters: 0, answers: m.poll.options.map((o) => ({ text: o.text, voters: o.votes ?? 0, chosen: false })) };
      if (m.kind === 'call' || m.kind === 'contact' || m.kind === 'deleted') tally.add(`message.kind.${m.kind}`, `${m.kind} messages are written as plain messages with their text`);
      kept.messages++;
      return out;
    });
    kept.conversations++;
    return { name: conversation.title || others.join(', ') || ownerName, type: TYPE_OF[conversation.kind], id: idOf(conversation.id), messages };
  });

  const contacts = content.contacts.map((c) => {
    kept.contacts++;
    const phone = c.phones?.[0]?.value ?? c.handles.find((h) => h.startsWith('tel:'))?.slice(4) ?? '';
    // The whole display name as first_name: readers show "first last", which would turn 이수진 into 수진 이.
    return { user_id: idOf(c.handles[0] ?? c.id), first_name: c.displayName, last_name: '', phone_number: phone, date: '1970-01-01T00:00:00', date_unixtime: '0' };
  });
  if (contacts.length) tally.add('contact.date', 'the date each contact was added is not in the archive; written as 1970-01-01', contacts.length);

  const result = {
    about: 'Here is the data you requested. Written by Ferry from an archive, in Telegram Desktop\'s export layout.',
    personal_information: { user_id: idOf(ownerHandle), first_name: ownerName, last_name: '', phone_number: '', bio: '' },
    contacts: { about: 'This is your contact list.', list: contacts },
    chats: { about: 'This page lists all chats from this export.', list: chats },
  };
  files.unshift({ name: 'result.json', bytes: new TextEncoder().encode(JSON.stringify(result, null, 1) + '\n') });
  return { target: 'telegram-json', files, single: false, plaintext: true, kept, fidelity: tally.notes(options.account ?? 'telegram-json', options.at), notes };
}

export const telegramJsonWriter: FileWriter = {
  id: 'telegram-json',
  describe: "Telegram Desktop's whole-account result.json (text entities, replies, reactions, media paths), the layout other tools import; -o DIR, --tz ZONE for chats whose source gave none",
  needs: { timeZone: true },
  write: (content, params) => toTelegramJson(content, { timeZone: zoneParam(params), ...(params.at ? { at: params.at } : {}) }),
};
