/**
 * Message authors: which of them is "me" (DiscordChatExporter does not say; `--me` names one by
 * name or nickname), and each as a contact, since the archive keeps names on contacts only.
 */
import type { Contact } from '../../model/types.js';
import { isRecord } from '../kit/json-input.js';
import type { ConvertOptions } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

type Json = Record<string, unknown>;

export interface Author {
  name: string;
  username?: string;
}

export function whoIsMe(raws: Json[], options: ConvertOptions, warnings: ConvertWarning[]): string | undefined {
  let meId: string | undefined;
  for (const m of raws) {
    const a = isRecord(m.author) ? m.author : undefined;
    if (!a || a.id === undefined) continue;
    if (options.me && (a.name === options.me || a.nickname === options.me)) meId ??= String(a.id);
  }
  if (options.me && !meId) warnings.push(warning('me_not_found', [options.me], `--me "${options.me}" wrote no message in this channel; the account is recorded as "discord:me".`));
  if (!options.me) warnings.push(warning('me_unknown', [], 'DiscordChatExporter files do not say whose account exported them; the account is recorded as "discord:me". Pass --me NAME (your Discord name) to record it.'));
  return meId;
}

/** The name a message's author is shown under (nickname, else name), or undefined when it has none. */
export function authorOf(raw: Json): Author | undefined {
  const a = isRecord(raw.author) ? raw.author : {};
  const shown = typeof a.nickname === 'string' && a.nickname ? a.nickname : typeof a.name === 'string' ? a.name : '';
  return shown ? { name: shown, ...(typeof a.name === 'string' ? { username: a.name } : {}) } : undefined;
}

export function authorContacts(people: ReadonlyMap<string, Author>): Contact[] {
  return [...people].map(([handle, p]) => ({
    id: handle,
    displayName: p.name,
    handles: [handle],
    groups: [],
    sourceIds: { 'discord-user': decodeURIComponent(handle.slice('discord:user/'.length)), ...(p.username ? { 'discord-username': p.username } : {}) },
  }));
}
