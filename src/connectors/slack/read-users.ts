/**
 * `users.json`: everyone in the workspace as a contact (display name, first and last name,
 * e-mail, phone), and which of them is "me" when `--me` names one.
 */
import type { Contact } from '../../model/types.js';
import { isRecord, type JsonRepairs } from '../kit/json-input.js';
import type { ConvertOptions, InputFile } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';
import { slackHandleOf } from './read-ids.js';
import { readJson } from './read-layout.js';

export interface Users {
  contacts: Contact[];
  /** Display name by user id, for mentions and titles. */
  names: Map<string, string>;
  meId: string | undefined;
  /** The person named by --me, else the workspace. */
  account: string;
}

export function readUsers(file: InputFile, root: string, options: ConvertOptions, warnings: ConvertWarning[], repairs: JsonRepairs): Users {
  const users = readJson(file, `${root}users.json`, repairs);
  const userList = Array.isArray(users) ? users.filter(isRecord) : [];
  const names = new Map<string, string>();
  const contacts: Contact[] = [];
  let teamId: string | undefined;
  let meId: string | undefined;
  for (const u of userList) {
    if (typeof u.id !== 'string') continue;
    const profile = isRecord(u.profile) ? u.profile : {};
    const displayName = [profile.display_name, u.real_name, profile.real_name, u.name].find((v): v is string => typeof v === 'string' && v !== '') ?? u.id;
    names.set(u.id, displayName);
    teamId ??= typeof u.team_id === 'string' ? u.team_id : undefined;
    if (options.me && [u.name, u.real_name, profile.display_name, profile.real_name].includes(options.me)) meId ??= u.id;
    const email = typeof profile.email === 'string' && profile.email ? profile.email : undefined;
    const phone = typeof profile.phone === 'string' && profile.phone ? profile.phone : undefined;
    const given = typeof profile.first_name === 'string' && profile.first_name ? profile.first_name : undefined;
    const family = typeof profile.last_name === 'string' && profile.last_name ? profile.last_name : undefined;
    contacts.push({
      id: slackHandleOf(u.id),
      displayName,
      ...(given || family ? { name: { ...(given ? { given } : {}), ...(family ? { family } : {}) } } : {}),
      // A handle is a URI without spaces (the schema's pattern); an address with spaces stays only in `emails`.
      handles: [slackHandleOf(u.id), ...(email && !/\s/.test(email) ? [`mailto:${email}`] : [])],
      ...(phone ? { phones: [{ value: phone, types: [] }] } : {}),
      ...(email ? { emails: [{ value: email, types: ['work'] }] } : {}),
      groups: [],
      sourceIds: { 'slack-user': u.id, ...(typeof u.name === 'string' ? { 'slack-username': u.name } : {}) },
    });
  }
  if (options.me && !meId) warnings.push(warning('me_not_found', [options.me], `--me "${options.me}" is not among the workspace's users; the account is recorded as the workspace.`));
  const account = meId ? slackHandleOf(meId) : `slack:team/${teamId ?? 'unknown'}`;
  if (!meId && !options.me) warnings.push(warning('me_unknown', [], `A Slack export belongs to a workspace, not one person; the account is recorded as "${account}". Pass --me NAME to record yours.`));
  return { contacts, names, meId, account };
}
