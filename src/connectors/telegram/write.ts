/**
 * Archive -> WhatsApp "Export chat" text, the one foreign format Telegram's apps import
 * (https://telegram.org/blog/move-history: share a WhatsApp export to Telegram and pick a chat).
 *
 * One `WhatsApp Chat with NAME.txt` per conversation, and beside it, when the archive has media for
 * it, `WhatsApp Chat with NAME.zip` holding `_chat.txt` and the media, as WhatsApp for iOS packs
 * it. Lines follow iOS's layout `[DD/MM/YYYY, HH:MM:SS] Name: text` because it keeps seconds;
 * continuation lines carry multi-line messages. The format has no time zone, so instants are
 * written as wall-clock time in the conversation's own zone (its Source.timeZone) or the zone the
 * caller names.
 *
 * Pure and browser-safe: content in, files and a fidelity report out.
 */
import { zipSync } from 'fflate';
import { offsetMinutes } from '../kit/wall-clock.js';
import { extensionOf } from '../kit/media-types.js';
import type { ArchiveContent, Attachment, Conversation, Message } from '../../model/types.js';
import type { FileWriter, WriterNote, WriterResult, WrittenFile } from '../contract.js';
import { DropTally, zoneParam, type WriteStamp } from '../kit/writing.js';

export interface WhatsAppWriteOptions extends WriteStamp {
  /** IANA zone for conversations whose source did not state one. */
  timeZone: string;
}

/** A line that starts like a message: the same test whatsapp-chat-parser and Telegram apply. */
const MESSAGE_START = /^(?:\u200E|\u200F)*\[?\d{1,4}[-/.]\s?\d{1,4}[-/.]\s?\d{1,4}[,.]?\s\D*?\d{1,2}[.:]\d{1,2}/;
/** WORD JOINER: invisible, and enough to keep a date-like line inside its message. */
const WORD_JOINER = '\u2060';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `DD/MM/YYYY, HH:MM:SS` of an instant in `zone`. */
export function whatsAppTime(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: "${iso}"`);
  const d = new Date(ms + offsetMinutes(zone, ms) * 60_000);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear(), 4)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Characters no file system takes in a name, and control characters. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 100);
}

/** Display names by handle: contacts first, then the handle itself without its scheme. */
export function senderNames(content: ArchiveContent): (handle: string) => string {
  const byHandle = new Map<string, string>();
  for (const c of content.contacts) {
    const name = c.displayName.trim();
    if (!name) continue;
    byHandle.set(c.id, name);
    for (const h of c.handles) if (!byHandle.has(h)) byHandle.set(h, name);
  }
  return (handle) => byHandle.get(handle) ?? handle.replace(/^[a-z][a-z0-9+.-]*:/i, '');
}

function mediaWord(mediaType: string): string {
  if (mediaType.startsWith('image/')) return 'PHOTO';
  if (mediaType.startsWith('video/')) return 'VIDEO';
  if (mediaType.startsWith('audio/')) return 'AUDIO';
  return 'FILE';
}

/** What a message without text says, the way WhatsApp words it; undefined when it has nothing to say. */
function describe(m: Message): string | undefined {
  switch (m.kind) {
    case 'location':
      return m.location ? `location: https://maps.google.com/?q=${m.location.latitude},${m.location.longitude}${m.location.name ? `\n${m.location.name}` : ''}` : undefined;
    case 'poll':
      return m.poll ? [`POLL:`, m.poll.question, ...m.poll.options.map((o) => `OPTION: ${o.text}${o.votes !== undefined ? ` (${o.votes} votes)` : ''}`)].join('\n') : undefined;
    case 'call': {
      const what = m.call?.video ? 'Video call' : 'Voice call';
      if (m.call?.outcome === 'missed') return `Missed ${what.toLowerCase()}`;
      const d = m.call?.durationSeconds;
      return d !== undefined ? `${what}, ${Math.floor(d / 60)} min ${d % 60} sec` : what;
    }
    case 'contact':
      return m.contactCard ? `${m.contactCard.displayName}: ${m.contactCard.handles.join(', ')}` : undefined;
    case 'deleted':
      return 'This message was deleted';
    case 'sticker':
      return 'sticker omitted';
    default:
      return undefined;
  }
}

function conversationZone(content: ArchiveContent, conversation: Conversation, fallback: string): { zone: string; from: 'source' | 'option' } {
  const source = content.manifest.sources.find((s) => s.account === conversation.source);
  return source?.timeZone.zone ? { zone: source.timeZone.zone, from: 'source' } : { zone: fallback, from: 'option' };
}

/**
 * The chats as WhatsApp export files; the result's notes say which zone each file's times are
 * in and where that zone came from.
 */
export function toWhatsAppChats(content: ArchiveContent, options: WhatsAppWriteOptions): WriterResult {
  const tally = new DropTally();
  const files: WrittenFile[] = [];
  const zones: WriterNote[] = [];
  const kept = { conversations: 0, messages: 0, lines: 0, attachments: 0 };
  const usedNames = new Set<string>();
  const nameOf = senderNames(content);

  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    if (!messages.length) {
      tally.add('conversation.empty', 'conversations without messages are not written: Telegram imports messages into an existing chat');
      continue;
    }
    const { zone, from } = conversationZone(content, conversation, options.timeZone);

    // Telegram tells senders apart by name only: two people with one name would merge.
    const handles = [...new Set(messages.map((m) => m.sender))];
    const names = new Map<string, string>();
    const nameCount = new Map<string, number>();
    for (const h of handles) {
      const raw = nameOf(h);
      // "Name: text" ends the name at the first colon; a name with one would split wrongly.
      // JavaScript's "." (and so every reader's name pattern) stops at CR, LF, U+2028 and U+2029.
      const clean = raw.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/:/g, '\u2236').trim() || h;
      if (clean !== raw) tally.add('sender.name.characters', 'names with a colon or line break are written with U+2236 (∶) or a space instead, so the format can tell name from text');
      names.set(h, clean);
      nameCount.set(clean, (nameCount.get(clean) ?? 0) + 1);
    }
    for (const [h, n] of names) {
      if (nameCount.get(n)! > 1) {
        names.set(h, `${n} (${h.replace(/^[a-z][a-z0-9+.-]*:/i, '')})`);
        tally.add('sender.name.duplicate', 'two senders share a display name; the address is added so Telegram keeps them apart');
      }
    }

    const others = conversation.participants.filter((p) => p.role !== 'owner').map((p) => nameOf(p.handle));
    let base = safeFileName(`WhatsApp Chat with ${conversation.title.trim() || others.join(', ') || 'chat'}`);
    for (let i = 2; usedNames.has(base.toLowerCase()); i++) base = safeFileName(`WhatsApp Chat with ${conversation.title.trim() || 'chat'} (${i})`);
    usedNames.add(base.toLowerCase());

    const lines: string[] = [];
    const media: Record<string, Uint8Array> = {};
    let seq = 0;
    for (const m of messages) {
      const time = whatsAppTime(m.timestamp, zone);
      if (/\.\d*[1-9]/.test(m.timestamp.slice(19, 24))) tally.add('message.timestamp.milliseconds', 'the format counts whole seconds; fractions of a second are dropped');
      const who = names.get(m.sender)!;
      const reactions = m.reactions?.length ?? 0;
      tally.add('message.reactions', "reactions dropped: Telegram's importer cannot take them", reactions);
      if (m.edits?.length) tally.add('message.edits', 'earlier versions dropped: the format has one text per message (the latest is written)', m.edits.length);
      if (m.replyTo) tally.add('message.replyTo', 'written without the link to the message they answer: the format has no replies');
      if (m.entities?.length) tally.add('message.entities', 'formatting (bold, links, mentions) dropped: the format is plain text');
      if (m.forwardedFrom) tally.add('message.forwardedFrom', 'forwarded-from dropped: the format has no forwards');

      let text = m.text;
      if (!text) {
        const described = describe(m);
        if (described !== undefined) {
          text = described;
          tally.add(`message.kind.${m.kind}`, `${m.kind} messages are written as text (a description when they have none): Telegram imports them as text`);
        }
      } else if (!['text', 'media', 'system'].includes(m.kind)) {
        tally.add(`message.kind.${m.kind}`, `${m.kind} messages are written as text (a description when they have none): Telegram imports them as text`);
      }
      if (/\r/.test(text)) {
        text = text.replace(/\r\n?/g, '\n');
        tally.add('message.text.lineBreaks', 'carriage returns written as plain line breaks: the format reads every CR, LF or CRLF as one line break');
      }
      const parts = text.split('\n');
      if (parts.slice(1).some((p) => MESSAGE_START.test(p))) {
        tally.add('message.text.dateLikeLine', 'a line inside the message starts like a date; an invisible U+2060 is put before it so it stays in its message');
      }
      const body = parts.map((p, i) => (i > 0 && MESSAGE_START.test(p) ? WORD_JOINER + p : p)).join('\n');

      const withBytes: Attachment[] = [];
      for (const a of m.attachments ?? []) {
        if (a.sha256 && a.path && content.attachments?.has(a.sha256)) withBytes.push(a);
        else tally.add('message.attachments.notIncluded', 'files the archive has no bytes for are left out');
      }
      if (!body && !withBytes.length) {
        tally.add('message.empty', 'messages with no text and no file are not written: Telegram skips empty messages');
        continue;
      }
      kept.messages++;
      if (m.kind === 'system' && body) {
        lines.push(`[${time}] ${body}`);
        kept.lines++;
      } else if (body) {
        lines.push(`[${time}] ${who}: ${body}`);
        kept.lines++;
      }
      for (const a of withBytes) {
        seq++;
        const ext = a.fileName?.match(/\.([A-Za-z0-9]{1,8})$/)?.[1] ?? extensionOf(a.mediaType) ?? 'bin';
        const stamp = time.replace(/^(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d):(\d\d)$/, '$3-$2-$1-$4-$5-$6');
        const kind = mediaWord(a.mediaType);
        // iOS names photos by kind and time, documents by their own name.
        const name = kind === 'FILE' && a.fileName ? `${pad(seq, 8)}-${safeFileName(a.fileName)}` : `${pad(seq, 8)}-${kind}-${stamp}.${ext}`;
        media[name] = content.attachments!.get(a.sha256!)!;
        lines.push(`\u200E[${time}] ${who}: \u200E<attached: ${name}>`);
        kept.lines++;
        kept.attachments++;
      }
    }
    if (!lines.length) continue;
    kept.conversations++;
    const chat = new TextEncoder().encode(lines.join('\n'));
    files.push({ name: `${base}.txt`, bytes: chat });
    if (Object.keys(media).length) {
      // Stored, not deflated: photos and videos are compressed already.
      files.push({ name: `${base}.zip`, bytes: zipSync({ '_chat.txt': chat, ...media }, { level: 0 }) });
    }
    zones.push({ kind: 'zone', file: `${base}.txt`, zone, from });
  }
  return { target: 'telegram', files, single: false, plaintext: true, kept, fidelity: tally.notes(options.account ?? 'telegram', options.at), notes: zones };
}

export const telegramWriter: FileWriter = {
  id: 'telegram',
  describe: "WhatsApp-format chat exports (txt + zip per chat) that Telegram's apps import; -o DIR, --tz ZONE for chats whose source gave none",
  needs: { timeZone: true },
  write: (content, params) => toWhatsAppChats(content, { timeZone: zoneParam(params), ...(params.at ? { at: params.at } : {}) }),
};
