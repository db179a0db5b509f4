/**
 * Facebook Messenger and Instagram direct messages from Meta's "Download your information"
 * export in JSON: one `message_N.json` per thread part (`participants`, `messages` newest first,
 * `title`, `thread_path`), and the newer end-to-end-encrypted Messenger layout (`threadName`,
 * `senderName`, `isUnsent`).
 *
 * This file is the reader's entry (detection, and the parse that ties the records together);
 * each record has its own file: read-messages, read-media, read-participants, read-profile,
 * read-mojibake (Meta's Latin-1-as-UTF-8 strings, repaired on read).
 * The files carry no user ids: people are known by display name only.
 */
import { exportLosses } from '../kit/fidelity.js';
import { HashedContentIds, nobleSha256Hex } from '../kit/content-ids.js';
import type { Conversation, Participant, Source } from '../../model/types.js';
import { headOf, isoInstant, isRecord, parseJsonFile, Tally, type JsonRepairs } from '../kit/json-input.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nulsRemoved, warning, type ConvertWarning } from '../kit/warnings.js';
import { toMessage, type Raw, type ThreadContext } from './read-messages.js';
import { repairAll } from './read-mojibake.js';
import { participantNamesOf, whoIsMe } from './read-participants.js';

export { repairMojibake } from './read-mojibake.js';

type Json = Record<string, unknown>;
type Service = 'messenger' | 'instagram';

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

export function parseMeta(service: Service, file: InputFile, options: ConvertOptions): ParsedExport {
  const label = service === 'instagram' ? 'an Instagram messages export (message_1.json)' : 'a Facebook Messenger export (message_1.json)';
  const repairs: JsonRepairs = { nul: 0 };
  const root = parseJsonFile(file, label, undefined, repairs);
  if (!isRecord(root) || !Array.isArray(root.messages))
    throw new ConvertError(file.name, undefined, `this JSON is not ${label}: it has no "messages" list. Download your information from Meta in the JSON format and give the message_N.json files or the whole zip.`);
  const thread = repairAll(root) as Json;
  const e2ee = typeof thread.threadName === 'string' || (thread.messages as unknown[]).some((m) => isRecord(m) && 'senderName' in m);
  const layout = e2ee ? 'e2ee-json' : 'dyi-json';
  const warnings: ConvertWarning[] = nulsRemoved(repairs.nul);
  const head = headOf(file.bytes, 32 * 1024);
  if (serviceEvidence(file, head) === undefined)
    warnings.push(warning('service_ambiguous', [], 'Nothing in this file says whether it came from Messenger or Instagram (both use this format); it was read as Messenger. Give the whole "Download your information" zip, or a path that names Instagram, to read it as Instagram.'));

  const raws: Raw[] = [];
  (thread.messages as unknown[]).forEach((m) => {
    if (!isRecord(m)) return;
    const sender = typeof m.sender_name === 'string' ? m.sender_name : typeof m.senderName === 'string' ? m.senderName : '';
    const ms = typeof m.timestamp_ms === 'number' ? m.timestamp_ms : typeof m.timestamp === 'number' ? m.timestamp : NaN;
    if (Number.isNaN(ms)) throw new ConvertError(file.name, undefined, `a message from "${sender}" has no "timestamp_ms"; export your information from Meta again.`);
    if (isoInstant(ms) === undefined)
      throw new ConvertError(file.name, undefined, `a message from "${sender}" has an impossible "timestamp_ms" (${ms}: not a time between 1970 and 2199), so the file was damaged or edited; export your information from Meta again.`);
    const text = typeof m.content === 'string' ? m.content : typeof m.text === 'string' ? m.text : '';
    raws.push({ sender, ms, text, json: m });
  });
  // Meta lists the newest first; the archive wants oldest first, ties in the order written.
  raws.reverse();
  raws.sort((a, b) => a.ms - b.ms);
  const participantNames = participantNamesOf(thread, raws);
  const named = typeof thread.title === 'string' ? thread.title : typeof thread.threadName === 'string' ? thread.threadName : '';
  const title = named || participantNames.join(', ');

  const me = whoIsMe(file, participantNames, named, title, options, warnings);
  const handleOf = (name: string) => `${service}:name/${encodeURIComponent(name)}`;
  const account = me ? handleOf(me) : `${service}:me`;
  if (!me) warnings.push(warning('me_unknown', [], `Ferry cannot tell which participant of "${title}" you are; the account is recorded as "${service}:me". Pass --me NAME.`));

  const threadKey = typeof thread.thread_path === 'string' && thread.thread_path ? thread.thread_path : `participants:${participantNames.slice().sort().join(',')}`;
  const conversationId = `${account}#thread:${threadKey}`;
  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();
  const ctx: ThreadContext = { file, conversationId, handleOf, attachments, stats };

  // First run: counts and attachment bytes.
  for (const r of raws) toMessage(ctx, r, undefined, true);
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
  const { notes: fidelity, note } = exportLosses(account, options.now);
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
          for (const r of raws) yield toMessage(ctx, r, ids, false);
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
