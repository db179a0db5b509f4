/**
 * Telegram Desktop's "Export chat history" / "Export Telegram data" in JSON: the whole-account
 * `result.json` (personal_information, contacts, chats.list[]) or one chat's `result.json`
 * (name, type, id, messages[]). Both the old layout (`text` a string or an array of strings and
 * entity objects, numeric `from_id`, `date` only) and the newer one (`text_entities`,
 * `date_unixtime`, "user123" ids, reactions) are read.
 *
 * This file is the reader's entry (detection, and the parse that ties the records together);
 * each record has its own file: read-chats, read-messages, read-text, read-media, read-service,
 * read-dates, read-ids, read-contacts.
 *
 * Field shapes follow Telegram Desktop's exporter:
 * https://github.com/telegramdesktop/tdesktop/blob/dev/Telegram/SourceFiles/export/output/export_output_json.cpp
 */
import type { Source } from '../../model/types.js';
import { exportLosses } from '../kit/fidelity.js';
import { headOf, isRecord, parseJsonFile, tailOf, Tally, type JsonRepairs } from '../kit/json-input.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nulsRemoved, warning, type ConvertWarning } from '../kit/warnings.js';
import { CHAT_TYPES, chatsOf, readChats, whoIsMe } from './read-chats.js';
import { listedContacts, peopleContacts } from './read-contacts.js';

const CHAT_TYPE_RE = new RegExp(`"type"\\s*:\\s*"(${Object.keys(CHAT_TYPES).join('|')})"`);

/**
 * Cheap: reads the first and the last 64 KiB. Telegram Desktop writes the chat's name and type
 * before its messages, but a program that re-saves the file with sorted keys (Python's
 * json.dump(sort_keys=True)) puts "type" after them, so whatever the key order, the chat's own
 * keys lie at one end of the file.
 */
export function detectTelegram(file: InputFile): Detection | undefined {
  if (file.kind !== 'file' || !/\.json$/i.test(file.name)) return undefined;
  const head = headOf(file.bytes);
  if (!/^\s*\{/.test(head)) return undefined;
  if (/"personal_information"\s*:/.test(head) || /"chats"\s*:\s*\{\s*"about"\s*:/.test(head) || /"chats"\s*:\s*\{\s*"list"\s*:/.test(head))
    return { format: 'telegram', layout: 'account-result-json' };
  const typed = CHAT_TYPE_RE.test(head) || CHAT_TYPE_RE.test(tailOf(file.bytes));
  if (typed && ((/"messages"\s*:\s*\[/.test(head) && /"date(_unixtime)?"\s*:/.test(head)) || /"messages"\s*:\s*\[\s*\]/.test(head)))
    return { format: 'telegram', layout: 'chat-result-json' };
  return undefined;
}

export function parseTelegram(file: InputFile, options: ConvertOptions): ParsedExport {
  const repairs: JsonRepairs = { nul: 0 };
  const root = parseJsonFile(file, 'a Telegram Desktop export (result.json)', undefined, repairs);
  if (!isRecord(root) || (!Array.isArray(root.messages) && !(isRecord(root.chats) && Array.isArray(root.chats.list))))
    throw new ConvertError(
      file.name,
      undefined,
      'this JSON is not a Telegram Desktop export: it has neither "messages" (one chat) nor "chats.list" (whole account). In Telegram Desktop use Settings > Advanced > Export Telegram data, format "Machine-readable JSON".',
    );
  const layout = Array.isArray(root.messages) ? 'chat-result-json' : 'account-result-json';
  const warnings: ConvertWarning[] = nulsRemoved(repairs.nul);
  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();
  const dropped = new Tally();

  const chats = chatsOf(root);
  const meId = whoIsMe(root, chats, options, warnings);
  const account = meId ? `telegram:user${meId}` : 'telegram:me';

  // Names of everyone who wrote or reacted, by handle: the archive keeps names on contacts only,
  // so people seen in the chats become contacts and their names are not lost.
  const people = new Map<string, string>();
  if (meId && isRecord(root.personal_information)) {
    const info = root.personal_information;
    const name = [info.first_name, info.last_name].filter((v) => typeof v === 'string' && v).join(' ');
    if (name) people.set(`telegram:user${meId}`, name);
  }
  const { conversations, anyWallClock } = readChats(chats, { file, options, account, meId, attachments, stats, dropped, warnings, people });
  if (chats.length === 0) warnings.push(warning('no_chats', [], 'The export holds no chats.'));

  const contacts = [...listedContacts(root), ...peopleContacts(people)];

  const { notes: fidelity, note } = exportLosses(account, options.now);
  note('message.edits', stats.get('edited'), 'Telegram Desktop marks a message as edited but does not export the earlier text.');
  note('message.reactions', stats.get('reactions without who'), 'The export counts these reactions but does not say who reacted.');
  note('message.attachments', stats.get('attachments not included'), 'Telegram Desktop did not export these files (left out by its export settings or over its size limit).');
  note('message.attachments', stats.get('attachments missing'), 'The export names these files but they were not among the files given; give the whole export folder or zip.');
  note('message.viaBot', stats.get('via bot'), 'Which inline bot sent a message ("via @bot") has no place in the archive.');
  let droppedEntities = 0;
  const kinds: string[] = [];
  for (const [k, n] of dropped.counts) {
    droppedEntities += n;
    kinds.push(`${k} (${n})`);
  }
  note('message.entities', droppedEntities, `Text formatting the archive has no type for was kept as plain text: ${kinds.join(', ')}.`);
  for (const [k, n] of stats.counts) {
    if (!k.startsWith('service action')) continue;
    const action = /"([^"]*)"/.exec(k)?.[1] ?? k; // the key is 'service action "NAME" kept as its name'
    warnings.push(warning('service_actions', [n, action], `${n} service message(s) with ${k}.`));
  }

  const source: Source = {
    service: 'telegram',
    account,
    exportedAt: options.now,
    method: 'export-file',
    timeZone: anyWallClock ? { status: 'assumed', zone: options.timeZone } : { status: 'instants' },
  };
  if (anyWallClock)
    warnings.push(warning('zone_assumed', [options.timeZone], `Some messages have only "date" (local time of the computer that exported, no zone); they were read in ${options.timeZone}. Pass --tz if that computer was set to another zone.`));
  return {
    detection: { format: 'telegram', layout },
    source,
    contacts,
    conversations,
    attachments,
    fidelity,
    warnings,
  };
}

export const telegramReader: FileReader = {
  name: 'telegram',
  detect: (file) => detectTelegram(file),
  parse: parseTelegram,
};
