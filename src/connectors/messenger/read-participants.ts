/**
 * A thread's people, by display name (Meta's files carry no ids): the `participants` list and
 * everyone who wrote, and which of them is "me".
 */
import { isRecord } from '../kit/json-input.js';
import type { ConvertOptions, InputFile } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import type { Raw } from './read-messages.js';
import { ownerFromProfile } from './read-profile.js';

type Json = Record<string, unknown>;

/** The names in `participants` (objects with `name`, or plain strings in the e2ee layout), then every other sender. */
export function participantNamesOf(thread: Json, raws: readonly Raw[]): string[] {
  const names = (Array.isArray(thread.participants) ? thread.participants : [])
    .map((p) => (typeof p === 'string' ? p : isRecord(p) && typeof p.name === 'string' ? p.name : undefined))
    .filter((n): n is string => !!n);
  // A Set beside the list: a thread of many senders is not searched once per message.
  const seen = new Set(names);
  for (const r of raws) {
    if (r.sender && !seen.has(r.sender)) {
      seen.add(r.sender);
      names.push(r.sender);
    }
  }
  return names;
}

/** Who "me" is: --me, the export's profile file, or the one participant a two-person thread is not named after. */
export function whoIsMe(file: InputFile, participantNames: string[], named: string, title: string, options: ConvertOptions, warnings: ConvertWarning[]): string | undefined {
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
  return me;
}
