/**
 * Contact mapping: which address each friend in an archive gets in the target XMPP account.
 *
 * Friends who moved too have a new address; friends from a non-XMPP archive (KakaoTalk, LINE)
 * have none. The mapping is a table the user edits, prefilled only from what Ferry actually
 * knows, and every row says where its address came from:
 * - "archive": the contact's own `xmpp:` handles in the archive (one on the target's server wins,
 *   otherwise the first one: the address it had, which is what importing did before mappings).
 * - "server-profile": the target's server holds a published profile (vCard) for the same local
 *   part on its own domain. Only a found profile counts: measured on Prosody 0.12 and ejabberd
 *   23.01, a vCard query for an account that does not exist answers exactly like one for an
 *   account without a profile (an empty vCard), and Prosody answers disco#info to an account with
 *   service-unavailable unless subscribed, so "no profile" proves nothing and leaves the row as it was.
 * - "typed": the user typed it. Empty means "do not import this friend".
 * - "none": no address known (someone from a KakaoTalk export); the friend goes in as a named
 *   item on a placeholder address unless the user types one.
 */
import Papa from 'papaparse';
import type { Contact } from '../../model/types.js';
import { bareJid, bareJidOfHandle, placeholderAddress } from './ids.js';
import type { XmppClientPort } from './port.js';

export type MappingBasis = 'archive' | 'server-profile' | 'typed' | 'none';

export interface MappingRow {
  contactId: string;
  displayName: string;
  /** Every XMPP address the archive holds for this contact (bare JIDs), first one first. */
  oldAddresses: string[];
  /** The address to import under; empty = skip this contact. As typed: check it with `addressProblem`. */
  newAddress: string;
  basis: MappingBasis;
  /** For "server-profile": the name on the profile the server holds, so the user can judge the match. */
  profileName?: string;
  /** For "none": the placeholder address the friend goes in under while the field stays empty. */
  placeholder?: string;
}

/** contactId -> bare JID to import under, or null to skip the contact. */
export type ContactMapping = ReadonlyMap<string, string | null>;

const JID = /^[^@/\s"&'<>:]+@[^@/\s"&'<>:]+$/;

/** The bare JID a typed address stands for ("xmpp:" prefix, spaces and case forgiven), or null if it is not one. */
export function normalizeAddress(typed: string): string | null {
  const trimmed = typed.trim().replace(/^xmpp:/i, '');
  return JID.test(trimmed) ? trimmed.toLowerCase() : null;
}

export type AddressProblem = 'not-an-address' | 'target-itself';

/** What is wrong with a row's address, or null (an empty address is no problem: it means skip). */
export function addressProblem(row: MappingRow, target: string): AddressProblem | null {
  if (row.newAddress.trim() === '') return null;
  const jid = normalizeAddress(row.newAddress);
  if (!jid) return 'not-an-address';
  return jid === bareJid(target) ? 'target-itself' : null;
}

const domainOf = (jid: string): string => jid.slice(jid.indexOf('@') + 1);
const localOf = (jid: string): string => jid.slice(0, jid.indexOf('@'));

/** The mapping the archive alone supports: no question asked of any server. */
export function initialMapping(contacts: readonly Contact[], target: string): MappingRow[] {
  const targetDomain = domainOf(bareJid(target));
  return contacts.map((contact) => {
    const oldAddresses = [...new Set(contact.handles.map(bareJidOfHandle).filter((j): j is string => j !== null))];
    const onTarget = oldAddresses.find((jid) => domainOf(jid) === targetDomain);
    const chosen = onTarget ?? oldAddresses[0];
    return {
      contactId: contact.id,
      displayName: contact.displayName,
      oldAddresses,
      newAddress: chosen ?? '',
      basis: chosen ? 'archive' : 'none',
      ...(chosen ? {} : { placeholder: placeholderAddress(contact.id) }),
    };
  });
}

/** Questions to the server in flight at once (one vCard IQ each, about a millisecond on loopback). */
const PARALLEL_LOOKUPS = 8;

/**
 * Asks the target's server, for each row still holding an address on another server, whether the
 * same local part on the target's domain has published a profile; where it has, the row is
 * prefilled with that address. Rows the user typed are never touched. A lookup that fails leaves
 * its row as it was and is counted, so the page can say the prefill is incomplete.
 */
export async function prefillFromServer(
  rows: readonly MappingRow[],
  port: Pick<XmppClientPort, 'vcard'>,
  target: string,
  options: { signal?: AbortSignal; parallel?: number } = {},
): Promise<{ rows: MappingRow[]; asked: number; found: number; failed: number }> {
  const targetJid = bareJid(target);
  const targetDomain = domainOf(targetJid);
  const out = rows.map((row) => ({ ...row }));
  const work = out.filter(
    (row) => row.basis === 'archive' && domainOf(row.newAddress) !== targetDomain && !row.oldAddresses.some((a) => domainOf(a) === targetDomain),
  );
  let asked = 0;
  let found = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      options.signal?.throwIfAborted();
      const row = work[next++]!;
      const candidate = `${localOf(row.newAddress)}@${targetDomain}`;
      if (candidate === targetJid) continue;
      asked++;
      const answer = await port.vcard(candidate).catch((e: unknown) => ({ failed: String(e) }));
      if ('found' in answer) {
        found++;
        row.newAddress = candidate;
        row.basis = 'server-profile';
        const name = answer.found.fullName ?? answer.found.nickname;
        if (name) row.profileName = name;
      } else if ('failed' in answer) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? PARALLEL_LOOKUPS) }, worker));
  return { rows: out, asked, found, failed };
}

/** The user's edit of one row: the address exactly as typed (checked later, never dropped). */
export function editRow(rows: readonly MappingRow[], contactId: string, typed: string): MappingRow[] {
  return rows.map((row) => {
    if (row.contactId !== contactId) return row;
    const { profileName: _dropped, ...rest } = row;
    return { ...rest, newAddress: typed, basis: 'typed' };
  });
}

/**
 * The mapping the import takes: the address as typed (the import checks it and reports a bad one
 * as not imported, never falling back to another address), or null where the user emptied the
 * field. A friend the archive has no address for, whose field is empty (left so, or typed in and
 * cleared again), is not in it: they take the import's default, a named placeholder, since for
 * them an empty field means "no address", not "leave out" (the page's placeholder option does that).
 */
export function toContactMapping(rows: readonly MappingRow[]): ContactMapping {
  return new Map(rows.flatMap((row): [string, string | null][] => {
    const typed = row.newAddress.trim();
    if (typed === '' && row.oldAddresses.length === 0) return [];
    return [[row.contactId, typed === '' ? null : typed]];
  }));
}

/** A mapping given on the command line or in a file is wrong; the message says where and what to do. */
export class MappingInputError extends Error {
  override name = 'MappingInputError';
}

/** One `NAME_OR_ID=JID` (or CSV row) as given, with where it came from for error messages. */
export interface MappingPair {
  key: string;
  address: string;
  where: string;
}

/**
 * The mapping the command line gives (`--map NAME_OR_ID=JID`, `--map-file FILE.csv`), checked
 * against the people of the archive: a key is a contact id, one of its handles, or its name as
 * the archive shows it; an empty address skips the friend. Anything unknown, ambiguous or not an
 * address stops with a message naming it, before anything is written.
 */
export function mappingFromPairs(pairs: readonly MappingPair[], people: readonly Contact[]): Map<string, string | null> {
  const byKey = new Map<string, Contact[]>();
  const index = (key: string, contact: Contact) => {
    const list = byKey.get(key) ?? [];
    if (!list.includes(contact)) list.push(contact);
    byKey.set(key, list);
  };
  const ids = new Map<string, Contact>();
  for (const contact of people) {
    ids.set(contact.id, contact);
    for (const handle of contact.handles) ids.set(handle, ids.get(handle) ?? contact);
    index(contact.displayName.normalize('NFC').trim(), contact);
  }
  const mapping = new Map<string, string | null>();
  const from = new Map<string, string>();
  for (const { key, address, where } of pairs) {
    const wanted = key.normalize('NFC').trim();
    const byName = byKey.get(wanted) ?? [];
    const contact = ids.get(key.trim()) ?? (byName.length === 1 ? byName[0] : undefined);
    if (!contact) {
      if (byName.length > 1) throw new MappingInputError(`${where}: ${byName.length} people in the archive are called "${wanted}" (${byName.map((c) => c.id).join(', ')}); map each by its id instead.`);
      const names = people.slice(0, 12).map((c) => c.displayName).join(', ');
      throw new MappingInputError(`${where}: nobody in the archive is called "${wanted}" or has that id. The archive's people are: ${names}${people.length > 12 ? ', …' : ''}.`);
    }
    const typed = address.trim();
    const jid = typed === '' ? null : normalizeAddress(typed);
    if (typed !== '' && !jid) throw new MappingInputError(`${where}: "${typed}" is not an XMPP address (name@server) for ${contact.displayName}. Leave it empty to skip them.`);
    if (mapping.has(contact.id) && mapping.get(contact.id) !== jid) throw new MappingInputError(`${where}: ${contact.displayName} is already mapped to ${mapping.get(contact.id) ?? 'nothing (skip)'} by ${from.get(contact.id)}.`);
    mapping.set(contact.id, jid);
    from.set(contact.id, where);
  }
  return mapping;
}

/**
 * A mapping file: CSV (RFC 4180, so a name with a comma is quoted), one friend a row, the name
 * or id first and the new address second; a first row whose second field is no address at all
 * (no "@", e.g. `name,jid`) is a header. UTF-8, with or without a byte order mark.
 */
export function parseMappingCsv(text: string, fileName: string): MappingPair[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const bad = parsed.errors.find((e) => e.type === 'Quotes');
  if (bad) throw new MappingInputError(`${fileName}: row ${(bad.row ?? 0) + 1}: ${bad.message}. Quote a name that holds a comma or a quote ("Kim, Minjun").`);
  const pairs: MappingPair[] = [];
  parsed.data.forEach((row, i) => {
    const where = `${fileName}: row ${i + 1}`;
    if (i === 0 && row.length === 2 && !row[1]!.includes('@') && row[1]!.trim() !== '') return;
    if (row.length !== 2) throw new MappingInputError(`${where}: expected two fields, the friend's name or id and the new address (민준,minjun@example.org), found ${row.length}.`);
    pairs.push({ key: row[0]!, address: row[1]!, where });
  });
  return pairs;
}
