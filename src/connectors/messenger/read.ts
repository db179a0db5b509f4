/**
 * Facebook Messenger and Instagram direct messages from Meta's "Download your information"
 * export in JSON: one `message_N.json` per thread part (`participants`, `messages` newest first,
 * `title`, `thread_path`), and the newer end-to-end-encrypted Messenger layout (`threadName`,
 * `senderName`, `isUnsent`).
 *
 * Meta writes every string's UTF-8 bytes as if each byte were a Latin-1 character
 * (`\u00c3\u00a9` for "é", four characters for one emoji), so every string is repaired on read.
 * The files carry no user ids: people are known by display name only.
 */
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import type { Attachment, Conversation, FidelityNote, Message, MessageKind, Participant, Reaction, Source } from '../../model/types.js';
import { callSeconds, headOf, isoFromMs, isRecord, parseJsonFile, Tally, textOf } from '../kit/json-input.js';
import { baseName, includedAttachment } from '../kit/files.js';
import { mediaTypeOf } from '../kit/media-types.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

type Json = Record<string, unknown>;
type Service = 'messenger' | 'instagram';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Meta's mojibake undone: a string whose characters are all below U+0100 and whose code points,
 * taken as bytes, are valid UTF-8 is decoded as UTF-8. Anything else (already correct text, or
 * real Latin-1 such as "café" whose bytes are not UTF-8) is returned unchanged.
 */
export function repairMojibake(value: string): string {
  let high = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return value;
    if (c >= 0x80) high = true;
  }
  if (!high) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return value;
  }
}

function shapeOf(head: string): 'dyi-json' | 'e2ee-json' | undefined {
  if (!/^\s*\{/.test(head)) return undefined;
  if (/"sender_name"\s*:/.test(head) && /"timestamp_ms"\s*:/.test(head) && /"messages"\s*:\s*\[/.test(head)) return 'dyi-json';
  if (/"senderName"\s*:/.test(head) && /"isUnsent"\s*:/.test(head) && /"messages"\s*:\s*\[/.test(head)) return 'e2ee-json';
  return undefined;
}

/** Which of Meta's two services wrote the file, from its path and contents; undefined when nothing says. */
function serviceEvidence(file: InputFile, head: string): Service | undefined {
  const path = file.name.toLowerCase();
  if (/instagram/.test(path) || /your_instagram_activity|instagram\.com/.test(head)) return 'instagram';
  if (/facebook|messenger/.test(path) || /your_facebook_activity|"thread_type"\s*:|facebook\.com|messenger\.com/.test(head) || /"threadName"\s*:/.test(head)) return 'messenger';
  return undefined;
}

function detectMeta(service: Service, file: InputFile): Detection | undefined {
  if (file.kind !== 'file' || !/\.json$/i.test(file.name)) return undefined;
  const head = headOf(file.bytes, 32 * 1024);
  const layout = shapeOf(head);
  if (!layout) return undefined;
  const evidence = serviceEvidence(file, head);
  // Nothing says which: read as Messenger (parse warns), so exactly one format answers.
  if (evidence === service || (evidence === undefined && service === 'messenger')) return { format: service, layout };
  return undefined;
}

/** The account owner's name from the export's profile file, when it is among the files given. */
function ownerFromProfile(file: InputFile): string | undefined {
  if (!file.siblings) return undefined;
  for (const [key, bytes] of file.siblings) {
    if (!/(profile_information|personal_information)\.json$/.test(key)) continue;
    try {
      const value = JSON.parse(textOf(bytes), (_k, v: unknown) => (typeof v === 'string' ? repairMojibake(v) : v)) as unknown;
      if (!isRecord(value)) continue;
      for (const profile of [value.profile_v2, value.profile]) {
        if (isRecord(profile) && isRecord(profile.name) && typeof profile.name.full_name === 'string') return profile.name.full_name;
      }
      const users = Array.isArray(value.profile_user) ? value.profile_user.filter(isRecord) : [];
      for (const u of users) {
        const map = isRecord(u.string_map_data) ? u.string_map_data : {};
        const name = isRecord(map.Name) ? map.Name.value : undefined;
        if (typeof name === 'string' && name) return name;
      }
    } catch {
      // A profile file that does not parse tells nothing about the owner; the thread is still read.
    }
  }
  return undefined;
}

/** A file named by the export, looked up by its path from the export's top folder. */
function findByUri(file: InputFile, uri: string): Uint8Array | undefined {
  if (!file.siblings || !uri) return undefined;
  const rel = uri.replace(/\\/g, '/').replace(/^\/+/, '');
  const exact = file.siblings.get(rel);
  if (exact) return exact;
  for (const [key, bytes] of file.siblings) if (key.endsWith(`/${rel}`)) return bytes;
  return undefined;
}

interface Raw {
  sender: string;
  ms: number;
  text: string;
  json: Json;
}

export function parseMeta(service: Service, file: InputFile, options: ConvertOptions): ParsedExport {
  const label = service === 'instagram' ? 'an Instagram messages export (message_1.json)' : 'a Facebook Messenger export (message_1.json)';
  const root = parseJsonFile(file, label);
  if (!isRecord(root) || !Array.isArray(root.messages))
    throw new ConvertError(file.name, undefined, `this JSON is not ${label}: it has no "messages" list. Download your information from Meta in the JSON format and give the message_N.json files or the whole zip.`);
  const repair = (v: unknown): unknown => {
    if (typeof v === 'string') return repairMojibake(v);
    if (Array.isArray(v)) return v.map(repair);
    if (isRecord(v)) {
      const out: Json = {};
      for (const [k, x] of Object.entries(v)) out[k] = repair(x);
      return out;
    }
    return v;
  };
  const thread = repair(root) as Json;
  const e2ee = typeof thread.threadName === 'string' || (thread.messages as unknown[]).some((m) => isRecord(m) && 'senderName' in m);
  const layout = e2ee ? 'e2ee-json' : 'dyi-json';
  const warnings: ConvertWarning[] = [];
  const head = headOf(file.bytes, 32 * 1024);
  if (serviceEvidence(file, head) === undefined)
    warnings.push(warning('service_ambiguous', [], 'Nothing in this file says whether it came from Messenger or Instagram (both use this format); it was read as Messenger. Give the whole "Download your information" zip, or a path that names Instagram, to read it as Instagram.'));

  const participantNames = (Array.isArray(thread.participants) ? thread.participants : [])
    .map((p) => (typeof p === 'string' ? p : isRecord(p) && typeof p.name === 'string' ? p.name : undefined))
    .filter((n): n is string => !!n);

  const raws: Raw[] = [];
  (thread.messages as unknown[]).forEach((m) => {
    if (!isRecord(m)) return;
    const sender = typeof m.sender_name === 'string' ? m.sender_name : typeof m.senderName === 'string' ? m.senderName : '';
    const ms = typeof m.timestamp_ms === 'number' ? m.timestamp_ms : typeof m.timestamp === 'number' ? m.timestamp : NaN;
    if (Number.isNaN(ms)) throw new ConvertError(file.name, undefined, `a message from "${sender}" has no "timestamp_ms"; export your information from Meta again.`);
    const text = typeof m.content === 'string' ? m.content : typeof m.text === 'string' ? m.text : '';
    raws.push({ sender, ms, text, json: m });
  });
  // Meta lists the newest first; the archive wants oldest first, ties in the order written.
  raws.reverse();
  raws.sort((a, b) => a.ms - b.ms);
  for (const r of raws) if (r.sender && !participantNames.includes(r.sender)) participantNames.push(r.sender);
  const named = typeof thread.title === 'string' ? thread.title : typeof thread.threadName === 'string' ? thread.threadName : '';
  const title = named || participantNames.join(', ');

  // Who "me" is: --me, the export's profile file, or the one participant a two-person thread is not named after.
  let me: string | undefined;
  if (options.me) {
    if (participantNames.includes(options.me)) me = options.me;
    else warnings.push(warning('me_not_found', [options.me], `--me "${options.me}" is not a participant of "${title}".`));
  }
  if (!me) {
    const owner = ownerFromProfile(file);
    if (owner && participantNames.includes(owner)) me = owner;
  }
  if (!me && participantNames.length === 2 && participantNames.includes(named)) me = participantNames.find((n) => n !== named);
  const handleOf = (name: string) => `${service}:name/${encodeURIComponent(name)}`;
  const account = me ? handleOf(me) : `${service}:me`;
  if (!me) warnings.push(warning('me_unknown', [], `Ferry cannot tell which participant of "${title}" you are; the account is recorded as "${service}:me". Pass --me NAME.`));

  const threadKey = typeof thread.thread_path === 'string' && thread.thread_path ? thread.thread_path : `participants:${participantNames.slice().sort().join(',')}`;
  const conversationId = `${account}#thread:${threadKey}`;
  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();

  const media = (m: Json, count: boolean): Attachment[] => {
    const out: Attachment[] = [];
    const lists: [unknown, string | undefined][] = [
      [m.photos, 'image/jpeg'],
      [m.videos, 'video/mp4'],
      [m.gifs, 'image/gif'],
      [m.audio_files, undefined],
      [m.files, undefined],
      [m.media, undefined],
    ];
    for (const [list, fallback] of lists) {
      for (const item of Array.isArray(list) ? list.filter(isRecord) : []) {
        const uri = typeof item.uri === 'string' ? item.uri : '';
        const name = baseName(uri) || 'file';
        let type = mediaTypeOf(name) !== 'application/octet-stream' ? mediaTypeOf(name) : fallback ?? 'application/octet-stream';
        if (list === m.audio_files) type = type.replace(/^video\//, 'audio/');
        const bytes = /^https?:/.test(uri) ? undefined : findByUri(file, uri);
        if (bytes) out.push(includedAttachment(bytes, name, type, attachments));
        else {
          if (count) stats.add('attachments missing');
          out.push({ fileName: name, mediaType: type, notIncluded: { reason: 'unavailable', detail: `${uri} is named by the export but was not among the files given: give the whole "Download your information" zip` } });
        }
      }
    }
    return out;
  };

  // `ids` is absent in the counting pass: ids are only needed when messages are written.
  const toMessage = (r: Raw, ids: HashedContentIds | undefined, count: boolean): Message => {
    const m = r.json;
    let kind: MessageKind = 'text';
    let text = r.text;
    const extra: Partial<Message> = {};
    const files = media(m, count);
    let sticker: Attachment | undefined;
    if (isRecord(m.sticker) && typeof m.sticker.uri === 'string') {
      const uri = m.sticker.uri;
      const bytes = findByUri(file, uri);
      sticker = bytes
        ? includedAttachment(bytes, baseName(uri) || 'sticker', mediaTypeOf(uri), attachments)
        : { fileName: baseName(uri) || 'sticker', mediaType: mediaTypeOf(uri), notIncluded: { reason: 'unavailable', detail: `${uri} is named by the export but was not among the files given` } };
      if (!bytes && count) stats.add('attachments missing');
    }
    const type = typeof m.type === 'string' ? m.type : '';
    if (m.is_unsent === true || m.isUnsent === true) {
      kind = 'deleted';
    } else if (type === 'Call' || typeof m.call_duration === 'number') {
      kind = 'call';
      const seconds = callSeconds(m.call_duration);
      extra.call = { ...(seconds !== undefined ? { durationSeconds: seconds } : {}), ...(seconds === 0 || m.missed === true ? { outcome: 'missed' as const } : seconds ? { outcome: 'answered' as const } : {}) };
    } else if (type === 'Subscribe' || type === 'Unsubscribe') {
      kind = 'system';
    } else if (sticker) {
      kind = 'sticker';
    } else if (files.length) {
      kind = 'media';
    }
    if (isRecord(m.share) && typeof m.share.link === 'string' && !text.includes(m.share.link)) {
      text = text ? `${text}\n${m.share.link}` : m.share.link;
    }
    const reactions: Reaction[] = [];
    for (const x of Array.isArray(m.reactions) ? m.reactions.filter(isRecord) : []) {
      if (typeof x.reaction !== 'string' || typeof x.actor !== 'string') continue;
      reactions.push({ emoji: x.reaction, sender: handleOf(x.actor), ...(typeof x.timestamp === 'number' ? { timestamp: isoFromMs(x.timestamp * 1000) } : {}) });
    }
    const sender = handleOf(r.sender || 'unknown');
    const timestamp = isoFromMs(r.ms);
    const all = [...files, ...(sticker ? [sticker] : [])];
    return {
      id: ids ? ids.next(conversationId, sender, timestamp, text) : '',
      conversationId,
      sender,
      timestamp,
      kind,
      text,
      ...extra,
      ...(reactions.length ? { reactions } : {}),
      ...(all.length ? { attachments: all } : {}),
    };
  };
  // First run: counts and attachment bytes.
  for (const r of raws) toMessage(r, undefined, true);
  const hash = options.sha256Hex ?? nobleSha256Hex;

  const participants: Participant[] = participantNames.map((name) => ({ handle: handleOf(name), contactId: handleOf(name), role: name === me && participantNames.length === 2 ? 'owner' : 'member' }));
  const conversation: Conversation = {
    id: conversationId,
    kind: participantNames.length > 2 || thread.thread_type === 'RegularGroup' ? 'group' : 'direct',
    title,
    participants,
    source: account,
    sourceIds: { [`${service}-thread`]: threadKey },
  };
  const fidelity: FidelityNote[] = [];
  const note = (item: string, count: number, reason: string) => {
    if (count > 0) fidelity.push({ stage: 'export', account, item, count, reason, at: options.now });
  };
  note('message.attachments', stats.get('attachments missing'), 'The export names these files but they were not among the files given.');
  note('conversation.participants.id', participantNames.length, 'Meta\'s export names people only by display name, with no account id; two people with the same name cannot be told apart.');
  const source: Source = { service, account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return {
    detection: { format: service, layout },
    source,
    // The handles hold the names, but only contacts carry a display name in the archive.
    contacts: participantNames.map((name) => ({ id: handleOf(name), displayName: name, handles: [handleOf(name)], groups: [] })),
    conversations: [
      {
        conversation,
        *messages() {
          const ids = new HashedContentIds(hash);
          for (const r of raws) yield toMessage(r, ids, false);
        },
      },
    ],
    attachments,
    fidelity,
    warnings,
  };
}

export const messengerReader: FileReader = {
  name: 'messenger',
  detect: (file) => detectMeta('messenger', file),
  parse: (file, options) => parseMeta('messenger', file, options),
};

export const instagramReader: FileReader = {
  name: 'instagram',
  detect: (file) => detectMeta('instagram', file),
  parse: (file, options) => parseMeta('instagram', file, options),
};
