/**
 * Conversations: the lists (`channels.json`, `groups.json`, `mpims.json`, `dms.json`) say what each
 * folder is, and each folder's day files hold its messages, which are merged (a message in two day
 * files is kept once) and sorted by `ts`.
 */
import type { Contact, Conversation, ConversationKind, Participant } from '../../model/types.js';
import { isoInstant, isRecord, Tally, type JsonRepairs } from '../kit/json-input.js';
import { ConvertError, type InputFile, type ParsedConversation } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { slackConversationIdOf, slackHandleOf } from './read-ids.js';
import { DAY_FILE, LISTS, readJson } from './read-layout.js';
import { instantOfTs, toMessage, type Context } from './read-messages.js';

type Json = Record<string, unknown>;

interface ListedConversation {
  id: string;
  kind: ConversationKind;
  title: string;
  members: string[];
  list: string;
}

/** Conversations by folder name, from the lists. */
function listed(file: InputFile, root: string, names: ReadonlyMap<string, string>, repairs: JsonRepairs): Map<string, ListedConversation> {
  const byFolder = new Map<string, ListedConversation>();
  for (const list of LISTS) {
    const value = readJson(file, `${root}${list}`, repairs);
    for (const c of Array.isArray(value) ? value.filter(isRecord) : []) {
      if (typeof c.id !== 'string') continue;
      const members = Array.isArray(c.members) ? c.members.filter((m): m is string => typeof m === 'string') : [];
      const folder = list === 'dms.json' ? c.id : typeof c.name === 'string' ? c.name : c.id;
      const kind: ConversationKind = list === 'dms.json' ? 'direct' : list === 'mpims.json' ? 'group' : 'channel';
      const title =
        list === 'dms.json' || list === 'mpims.json' ? members.map((m) => names.get(m) ?? m).join(', ') || folder : `#${typeof c.name === 'string' ? c.name : c.id}`;
      byFolder.set(folder, { id: c.id, kind, title, members, list });
    }
  }
  return byFolder;
}

/** Day files by folder, in date order. */
function dayFiles(entries: ReadonlyMap<string, Uint8Array>, root: string): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const key of entries.keys()) {
    if (!key.startsWith(root)) continue;
    const rel = key.slice(root.length);
    const m = DAY_FILE.exec(rel);
    if (!m || m[1]) continue;
    const list = days.get(m[2]!) ?? [];
    list.push(key);
    days.set(m[2]!, list);
  }
  return days;
}

export interface ChannelsRun {
  file: InputFile;
  root: string;
  account: string;
  meId: string | undefined;
  names: ReadonlyMap<string, string>;
  /** The users' contacts; people met only in messages (bots, other workspaces) are added. */
  contacts: Contact[];
  attachments: Map<string, Uint8Array>;
  stats: Tally;
  warnings: ConvertWarning[];
  repairs: JsonRepairs;
}

export function readChannels(run: ChannelsRun): ParsedConversation[] {
  const { file, root, account, meId, names, contacts, attachments, stats, warnings, repairs } = run;
  const byFolder = listed(file, root, names, repairs);
  const days = dayFiles(file.siblings!, root);
  const conversations: ParsedConversation[] = [];
  const known = new Set(contacts.map((c) => c.id));
  for (const [folder, keys] of [...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    keys.sort();
    const meta = byFolder.get(folder);
    if (!meta) warnings.push(warning('folder_not_listed', [folder], `The folder "${folder}" is in no channel list (channels.json, groups.json, mpims.json, dms.json); it is read as a channel named after the folder.`));
    const channelId = meta?.id ?? folder;
    const conversationId = slackConversationIdOf(channelId);
    const raws: Json[] = [];
    for (const key of keys) {
      const day = readJson(file, key, repairs);
      if (!Array.isArray(day)) throw new ConvertError(`${file.name}/${key}`, undefined, 'a Slack day file must hold a JSON array of messages; this one does not. Export the workspace again.');
      for (const m of day) {
        if (!isRecord(m)) continue;
        if (typeof m.ts !== 'string' || !/^\d{1,12}(\.\d{1,9})?$/.test(m.ts))
          throw new ConvertError(`${file.name}/${key}`, undefined, `a message has no valid "ts" (${JSON.stringify(m.ts ?? null)}); Slack gives every message one, like "1704445260.000200". The file may have been edited: export the workspace again.`);
        if (isoInstant(instantOfTs(m.ts)) === undefined)
          throw new ConvertError(`${file.name}/${key}`, undefined, `a message has an impossible "ts" (${JSON.stringify(m.ts)}: not a time between 1970 and 2199). The file may have been edited: export the workspace again.`);
        raws.push(m);
      }
    }
    const seen = new Set<string>();
    const unique = raws.filter((m) => {
      const dup = seen.has(m.ts as string);
      seen.add(m.ts as string);
      return !dup;
    });
    if (unique.length < raws.length) warnings.push(warning('messages_repeated_across_days', [raws.length - unique.length, folder], `${raws.length - unique.length} message(s) in "${folder}" appear in more than one day file; each is kept once.`));
    unique.sort((a, b) => instantOfTs(a.ts as string) - instantOfTs(b.ts as string) || ((a.ts as string) < (b.ts as string) ? -1 : (a.ts as string) > (b.ts as string) ? 1 : 0));
    const ctx: Context = { container: file, root, folder, channelId, conversationId, nameOf: (id) => names.get(id), attachments, stats };
    const participants = new Map<string, Participant['role']>();
    for (const member of meta?.members ?? []) participants.set(slackHandleOf(member), 'member');
    for (const raw of unique) {
      const message = toMessage(raw, ctx);
      if (!participants.has(message.sender)) participants.set(message.sender, 'member');
      // Bots and people from other workspaces are not in users.json; their messages carry a name.
      if (!known.has(message.sender)) {
        const profile = isRecord(raw.user_profile) ? raw.user_profile : {};
        const name = [profile.display_name, profile.real_name, raw.username].find((v): v is string => typeof v === 'string' && v !== '');
        if (name) {
          known.add(message.sender);
          contacts.push({ id: message.sender, displayName: name, handles: [message.sender], groups: [] });
        }
      }
    }
    if (meId && meta?.kind === 'direct' && participants.has(slackHandleOf(meId))) participants.set(slackHandleOf(meId), 'owner');
    const conversation: Conversation = {
      id: conversationId,
      kind: meta?.kind ?? 'channel',
      title: meta?.title ?? `#${folder}`,
      participants: [...participants].map(([handle, role]) => ({ handle, role })),
      source: account,
      sourceIds: { 'slack-channel': channelId, ...(meta ? { 'slack-list': meta.list } : {}) },
    };
    const quiet: Context = { ...ctx, stats: new Tally() };
    conversations.push({
      conversation,
      *messages() {
        for (const raw of unique) yield toMessage(raw, quiet);
      },
    });
  }
  return conversations;
}
