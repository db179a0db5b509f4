/**
 * Slack's workspace export (a zip, or the folder it unpacks to): `users.json`, `channels.json`
 * (and `groups.json`, `mpims.json`, `dms.json` when the export includes private conversations),
 * and one folder per conversation holding a JSON array of messages per day, `YYYY-MM-DD.json`.
 *
 * This file is the reader's entry (detection, and the parse that ties the records together);
 * each record has its own file: read-users, read-channels, read-messages, read-text (mrkdwn),
 * read-files, read-emoji, read-layout, read-ids.
 *
 * Shapes: https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports and the
 * message objects of https://api.slack.com/events/message.
 */
import type { Source } from '../../model/types.js';
import { exportLosses } from '../kit/fidelity.js';
import { Tally, type JsonRepairs } from '../kit/json-input.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nulsRemoved, type ConvertWarning } from '../kit/warnings.js';
import { readChannels } from './read-channels.js';
import { DAY_FILE, rootOf } from './read-layout.js';
import { readUsers } from './read-users.js';

export { slackEmoji } from './read-emoji.js';
export { slackConversationIdOf, slackHandleOf, slackMessageIdOf } from './read-ids.js';
export { slackText } from './read-text.js';

export function detectSlack(file: InputFile): Detection | undefined {
  if (file.kind !== 'container' || !file.siblings) return undefined;
  const root = rootOf(file.siblings);
  if (root === undefined) return undefined;
  if (!file.siblings.has(`${root}users.json`) && !file.siblings.has(`${root}channels.json`)) return undefined;
  for (const key of file.siblings.keys()) {
    if (key.startsWith(root) && DAY_FILE.test(key.slice(root.length)) && key.slice(root.length).split('/').length === 2) return { format: 'slack', layout: 'workspace-export' };
  }
  return undefined;
}

export function parseSlack(file: InputFile, options: ConvertOptions): ParsedExport {
  const entries = file.siblings;
  const root = entries ? rootOf(entries) : undefined;
  if (!entries || root === undefined)
    throw new ConvertError(file.name, undefined, 'this is not a Slack export: it has no users.json or channels.json. Give the zip Slack made (Workspace settings > Import/Export data > Export), or the folder it unpacks to.');

  const warnings: ConvertWarning[] = [];
  const repairs: JsonRepairs = { nul: 0 };
  const { contacts, names, meId, account } = readUsers(file, root, options, warnings, repairs);
  const attachments = new Map<string, Uint8Array>();
  const stats = new Tally();
  const conversations = readChannels({ file, root, account, meId, names, contacts, attachments, stats, warnings, repairs });
  warnings.push(...nulsRemoved(repairs.nul));

  const { notes: fidelity, note } = exportLosses(account, options.now);
  note('message.edits', stats.get('edited'), 'Slack exports say a message was edited, but not its earlier text.');
  note('message.attachments', stats.get('files not downloaded'), 'Slack exports hold links to files, not the files.');
  note('message.attachments', stats.get('files gone'), 'Slack had deleted these files or hides them beyond the plan\'s limit.');
  note('message.reactions', stats.get('reactions without who'), 'The export counts these reactions but does not say who reacted.');
  note('message.unfurls', stats.get('unfurls'), 'Link previews and app attachments have no place in the archive; the links stay in the text.');

  const source: Source = { service: 'slack', account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return {
    detection: { format: 'slack', layout: 'workspace-export' },
    source,
    contacts,
    conversations,
    attachments,
    fidelity,
    warnings,
  };
}

export const slackReader: FileReader = {
  name: 'slack',
  detect: (file) => detectSlack(file),
  parse: parseSlack,
};
