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
 * - "none": no address known; the friend is skipped unless the user types one.
 */
import type { Contact } from '../../model/types.js';
import { bareJid, bareJidOfHandle } from './ids.js';
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
 * as not imported, never falling back to another address), or null where the field is empty.
 */
export function toContactMapping(rows: readonly MappingRow[]): ContactMapping {
  return new Map(rows.map((row) => [row.contactId, row.newAddress.trim() === '' ? null : row.newAddress.trim()]));
}
