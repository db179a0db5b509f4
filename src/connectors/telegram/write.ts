/**
 * Archive -> WhatsApp for iOS "Export chat" zips, the one foreign format Telegram's apps import
 * (https://telegram.org/blog/move-history: share a WhatsApp export to Telegram and pick a chat).
 *
 * One `WhatsApp Chat - NAME.zip` per conversation holding `_chat.txt` and the media under
 * WhatsApp's own names (`00000001-PHOTO-….jpg`, `-VIDEO-`, `-AUDIO-….opus`), split into parts
 * whose `_chat.txt` stays under Telegram Android's 32 MB. Lines follow iOS's layout
 * `[DD/MM/YYYY, HH:MM:SS] Name: text` because it keeps seconds; notices are WhatsApp's lines
 * without a sender; a file the archive lacks is WhatsApp's "image omitted" line in the chat's
 * language. The format has no time zone, so instants are written as wall-clock time in the
 * conversation's own zone (its Source.timeZone) or the zone the caller names. README.md lists the
 * importer rules this follows and where each is in Telegram's source.
 *
 * Pure and browser-safe: content in, files and a fidelity report out.
 */
import { zipSync } from 'fflate';
import { offsetMinutes } from '../kit/wall-clock.js';
import { extensionOf } from '../kit/media-types.js';
import type { ArchiveContent, Attachment, Conversation, Message } from '../../model/types.js';
import type { FileWriter, WriterNote, WriterResult, WrittenFile } from '../contract.js';
import { DropTally, zoneParam, type WriteStamp } from '../kit/writing.js';
import { isNotice, whoIs } from '../kit/names.js';
import { OMITTED_PHRASES, type OmittedKind } from '../kit/omitted.js';

export interface WhatsAppWriteOptions extends WriteStamp {
  /** IANA zone for conversations whose source did not state one. */
  timeZone: string;
  /** Largest `_chat.txt` of one part, in bytes; default just under Telegram Android's 32 MiB. */
  partBytes?: number;
}

/**
 * Telegram for Android refuses a history file over 32 MiB (SendMessagesHelper.prepareImportHistory:
 * `size > 32 * 1024 * 1024` shows "ImportFileTooLarge"); a chat above it is written in parts.
 */
export const TELEGRAM_HISTORY_LIMIT = 32 * 1024 * 1024;
const DEFAULT_PART_BYTES = TELEGRAM_HISTORY_LIMIT - 64 * 1024;

/** A line that starts like a message: the same test whatsapp-chat-parser and Telegram apply. */
const MESSAGE_START = /^(?:\u200E|\u200F)*\[?\d{1,4}[-/.]\s?\d{1,4}[-/.]\s?\d{1,4}[,.]?\s\D*?\d{1,2}[.:]\d{1,2}/;
/** WORD JOINER: invisible, and enough to keep a date-like line inside its message. */
const WORD_JOINER = '\u2060';
/** LEFT-TO-RIGHT MARK: WhatsApp for iOS puts it before attachment and "omitted" lines. */
const LRM = '\u200E';

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

/** The languages whose "… omitted" lines (kit/omitted.ts) the chat's language is told among. */
type ChatLanguage = 'en' | 'ko' | 'de' | 'nl' | 'pt-BR';

/** The chat's language, from its own texts: the script first, then a few common words. */
export function chatLanguage(texts: string[]): ChatLanguage {
  const sample = texts.join('\n').slice(0, 20_000);
  if ((sample.match(/[\uac00-\ud7a3]/g)?.length ?? 0) > 2) return 'ko';
  const words = sample.toLowerCase().split(/[^\p{L}]+/u);
  const score = (list: string[]) => words.filter((w) => list.includes(w)).length;
  const scores: [ChatLanguage, number][] = [
    ['de', score(['und', 'ich', 'nicht', 'ist', 'das', 'du', 'wir', 'ja', 'auch', 'mit'])],
    ['nl', score(['en', 'het', 'een', 'niet', 'ik', 'je', 'wij', 'ook', 'dat', 'met'])],
    ['pt-BR', score(['não', 'você', 'que', 'com', 'uma', 'para', 'eu', 'tudo', 'bem', 'sim'])],
    ['en', score(['the', 'and', 'you', 'is', 'not', 'we', 'it', 'to', 'i', 'with'])],
  ];
  const best = scores.sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : 'en';
}

function omittedKind(a: Attachment, m: Message): Exclude<OmittedKind, 'contact'> {
  if (m.kind === 'sticker') return 'sticker';
  if (a.mediaType === 'image/gif') return 'gif';
  if (a.mediaType.startsWith('image/')) return 'image';
  if (a.mediaType.startsWith('video/')) return 'video';
  if (a.mediaType.startsWith('audio/')) return 'audio';
  return 'document';
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

/** Whether a notice's printed time had only a day (readers put such notices at 00:00). */
function dayOnly(m: Message): boolean {
  return m.wallClock !== undefined && !/\d{1,2}\s*[:.시]\s*\d{2}/.test(m.wallClock);
}

/**
 * The chats as WhatsApp for iOS "Export chat" zips: `WhatsApp Chat - NAME.zip` holding `_chat.txt`
 * and the media, the one shape both Telegram apps import (iOS offers the import only for a zip
 * with `_chat.txt`). The result's notes say which zone each chat's times are in.
 */
export function toWhatsAppChats(content: ArchiveContent, options: WhatsAppWriteOptions): WriterResult {
  const tally = new DropTally();
  const files: WrittenFile[] = [];
  const zones: WriterNote[] = [];
  const kept = { conversations: 0, messages: 0, lines: 0, attachments: 0 };
  const usedNames = new Set<string>();
  const nameOf = whoIs(content);
  const partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
  const encoder = new TextEncoder();

  for (const conversation of content.conversations) {
    const messages = content.messages.get(conversation.id) ?? [];
    if (!messages.length) {
      tally.add('conversation.empty', 'conversations without messages are not written: Telegram imports messages into an existing chat');
      continue;
    }
    const { zone, from } = conversationZone(content, conversation, options.timeZone);
    const language = chatLanguage(messages.filter((m) => !isNotice(m)).map((m) => m.text));

    // Telegram tells senders apart by name only: two people with one name would merge.
    const handles = [...new Set(messages.map((m) => m.sender))];
    const names = new Map<string, string>();
    const nameCount = new Map<string, number>();
    for (const h of handles) {
      const raw = nameOf(h);
      // "Name: text" ends the name at the first colon; a name with one would split wrongly.
      // JavaScript's "." (and so every reader's name pattern) stops at CR, LF, U+2028 and U+2029.
      const clean = raw.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/:/g, '\u2236').trim() || 'unknown';
      if (clean !== raw && messages.some((m) => m.sender === h && !isNotice(m))) tally.add('sender.name.characters', 'names with a colon or line break are written with U+2236 (∶) or a space instead, so the format can tell name from text');
      names.set(h, clean);
      nameCount.set(clean, (nameCount.get(clean) ?? 0) + 1);
    }
    const seenDuplicate = new Map<string, number>();
    for (const [h, n] of names) {
      if (nameCount.get(n)! > 1) {
        const i = (seenDuplicate.get(n) ?? 0) + 1;
        seenDuplicate.set(n, i);
        names.set(h, `${n} (${i})`);
        tally.add('sender.name.duplicate', 'two senders share a display name; a number is added so Telegram keeps them apart');
      }
    }

    const others = conversation.participants.filter((p) => p.role !== 'owner').map((p) => nameOf(p.handle));
    const title = conversation.title.trim() || others.join(', ') || 'chat';
    let base = safeFileName(`WhatsApp Chat - ${title}`);
    for (let i = 2; usedNames.has(base.toLowerCase()); i++) base = safeFileName(`WhatsApp Chat - ${title} (${i})`);
    usedNames.add(base.toLowerCase());

    // Each entry: the lines of one message and the media they name, so a part never splits a message.
    const entries: { lines: string[]; media: [string, Uint8Array][]; at: string }[] = [];
    let seq = 0;
    let lastTime: string | undefined;
    messages.forEach((m, index) => {
      const notice = isNotice(m);
      let at = m.timestamp;
      if (notice && dayOnly(m)) {
        // A notice printed without a time takes the time of the message before it (or after, first in the chat).
        const neighbour = lastTime ?? messages.slice(index + 1).find((n) => !dayOnly(n))?.timestamp;
        if (neighbour) {
          at = neighbour;
          tally.add('message.timestamp.inherited', 'notices the source printed without a time are written at the time of the message next to them, not at midnight');
        }
      }
      lastTime = at;
      const time = whatsAppTime(at, zone);
      if (/\.\d*[1-9]/.test(at.slice(19, 24))) tally.add('message.timestamp.milliseconds', 'the format counts whole seconds; fractions of a second are dropped');
      const who = names.get(m.sender)!;
      tally.add('message.reactions', "reactions dropped: Telegram's importer cannot take them", m.reactions?.length ?? 0);
      if (m.edits?.length) tally.add('message.edits', 'earlier versions dropped: the format has one text per message (the latest is written)', m.edits.length);
      if (m.replyTo && !notice) tally.add('message.replyTo', 'written without the link to the message they answer: the format has no replies');
      if (m.entities?.length) tally.add('message.entities', 'formatting (bold, links, mentions) dropped: the format is plain text');
      if (m.forwardedFrom) tally.add('message.forwardedFrom', 'forwarded-from dropped: the format has no forwards');

      let text = m.text;
      const stickerWithFile = m.kind === 'sticker' && (m.attachments ?? []).length > 0;
      if (!text) {
        const described = stickerWithFile ? undefined : describe(m);
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

      const lines: string[] = [];
      const media: [string, Uint8Array][] = [];
      // A notice is WhatsApp's own line without a sender, never a line under the owner's name.
      if (body) lines.push(notice ? `[${time}] ${body}` : `[${time}] ${who}: ${body}`);
      for (const a of m.attachments ?? []) {
        const bytes = a.sha256 && a.path ? content.attachments?.get(a.sha256) : undefined;
        if (!bytes) {
          // What WhatsApp itself writes for a file it left out, in the chat's language.
          lines.push(`${LRM}[${time}] ${who}: ${LRM}${OMITTED_PHRASES[language]![omittedKind(a, m)][0]}`);
          tally.add('message.attachments.notIncluded', `files the archive has no bytes for are written as WhatsApp's "… omitted" line, in the chat's language`);
          continue;
        }
        seq++;
        const ext = (a.fileName?.match(/\.([A-Za-z0-9]{1,8})$/)?.[1] ?? extensionOf(a.mediaType) ?? 'bin').toLowerCase();
        const stamp = time.replace(/^(\d\d)\/(\d\d)\/(\d{4}), (\d\d):(\d\d):(\d\d)$/, '$3-$2-$1-$4-$5-$6');
        const kind = m.kind === 'sticker' ? 'STICKER' : a.mediaType === 'image/gif' ? 'GIF' : mediaWord(a.mediaType);
        // WhatsApp for iOS names media by kind and time, documents by their own name.
        const name = kind === 'FILE' && a.fileName ? `${pad(seq, 8)}-${safeFileName(a.fileName)}` : `${pad(seq, 8)}-${kind}-${stamp}.${ext}`;
        // Telegram imports only .jpg/.jpeg as photos (ImportingHistory.onMediaImport); others arrive as files.
        if (kind === 'PHOTO' && ext !== 'jpg' && ext !== 'jpeg') tally.add('message.attachments.imageAsFile', 'images that are not JPEG arrive in Telegram as files, not photos: its importer takes only .jpg as a photo');
        if (kind === 'AUDIO' && ext !== 'opus') tally.add('message.attachments.audioAsFile', 'audio that is not Opus arrives in Telegram as a file, not a voice message');
        media.push([name, bytes]);
        lines.push(`${LRM}[${time}] ${who}: ${LRM}<attached: ${name}>`);
        kept.attachments++;
      }
      if (!lines.length) {
        tally.add('message.empty', 'messages with no text and no file are not written: Telegram skips empty messages');
        return;
      }
      kept.messages++;
      kept.lines += lines.length;
      entries.push({ lines, media, at });
    });
    if (!entries.length) continue;
    kept.conversations++;

    // Parts: consecutive messages while the part's _chat.txt stays under the limit.
    const chunks: (typeof entries)[] = [[]];
    let size = 0;
    for (const e of entries) {
      const bytes = encoder.encode(e.lines.join('\n') + '\n').length;
      if (size + bytes > partBytes && chunks.at(-1)!.length) {
        chunks.push([]);
        size = 0;
      }
      chunks.at(-1)!.push(e);
      size += bytes;
    }
    if (chunks.length > 1) tally.add('conversation.parts', "chats whose _chat.txt would pass Telegram's 32 MB limit are written in parts; import them into the same chat in order", chunks.length - 1);
    chunks.forEach((chunk, i) => {
      const name = chunks.length > 1 ? `${base} (part ${i + 1} of ${chunks.length}).zip` : `${base}.zip`;
      const chat = encoder.encode(chunk.flatMap((e) => e.lines).join('\n'));
      // Stored, not deflated: photos and videos are compressed already. Dated by the part's last
      // message (zip cannot date before 1980), so the same archive gives the same bytes every time.
      const mtime = new Date(Math.max(Date.parse(chunk.at(-1)!.at), Date.UTC(1980, 0, 2)));
      files.push({ name, bytes: zipSync({ '_chat.txt': chat, ...Object.fromEntries(chunk.flatMap((e) => e.media)) }, { level: 0, mtime }) });
      zones.push({ kind: 'zone', file: name, zone, from });
    });
  }
  return { target: 'telegram', files, single: false, plaintext: true, kept, fidelity: tally.notes(options.account ?? 'telegram', options.at), notes: zones };
}

export const telegramWriter: FileWriter = {
  id: 'telegram',
  describe: "WhatsApp-format chat zips (_chat.txt and media, in parts under 32 MB) that Telegram's apps on Android and iOS import; -o DIR, --tz ZONE for chats whose source gave none",
  needs: { timeZone: true },
  write: (content, params) => toWhatsAppChats(content, { timeZone: zoneParam(params), ...(params.at ? { at: params.at } : {}) }),
};
