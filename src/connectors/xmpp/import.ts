/**
 * Import contacts into an XMPP account: each contact with an XMPP address (its own, or the one
 * the contact mapping gives it) becomes a roster item (name, groups) with a subscription request.
 * Idempotent twice over: the ledger remembers what this target already received, and contacts
 * already on the target's roster are left alone.
 */
import type { Contact } from '../../model/types.js';
import { bareJid, bareJidOfHandle, isPlaceholderAddress, placeholderAddress } from './ids.js';
import type { XmppClientPort } from './port.js';
import { normalizeAddress, type ContactMapping } from './mapping.js';
import { checkMovedAddress } from './moved.js';

/** Remembers which archive items a target already received, so a re-run writes nothing twice. */
export interface ImportLedger {
  has(target: string, itemId: string): Promise<boolean>;
  record(target: string, itemId: string): Promise<void>;
}

/** Why a contact was not imported (the page words each one in the user's language). */
export type NotImportedReason =
  /** The archive has no XMPP address for it (e.g. a KakaoTalk friend) and none was typed. */
  | 'no-xmpp-address'
  /** Its address is the account being imported into. */
  | 'target-itself'
  /** The user emptied its address in the mapping. */
  | 'skipped-by-you'
  /** The mapped address is not an XMPP address. */
  | 'invalid-address';

/** Why nothing was written for a contact that is already there. */
export type PresentReason = 'on-roster' | 'imported-before' | 'same-address-as-another';

/**
 * Where a friend's address came from: their own XMPP address in the archive, the mapping (typed,
 * or found on the new server), or Ferry's placeholder for someone known by name only.
 */
export type AddressVia = 'own' | 'mapped' | 'placeholder';

export type ImportItem =
  | { contactId: string; displayName: string; outcome: 'added'; address: string; via: AddressVia }
  | { contactId: string; displayName: string; outcome: 'present'; address: string; via: AddressVia; reason: PresentReason }
  | { contactId: string; displayName: string; outcome: 'skipped'; address?: string; reason: NotImportedReason };

export interface ImportReport {
  target: string;
  added: number;
  /** Already imported before, or already on the target's roster. */
  alreadyPresent: number;
  /** Contacts the target cannot take, with the reason. */
  notImported: { contactId: string; displayName: string; reason: NotImportedReason }[];
  /** One entry per contact, in archive order: what happened to it and why. */
  items: ImportItem[];
  /** Of the friends now in the account (added or already there): how many under an address the mapping gave them. */
  mapped: number;
  /** Of the friends now in the account: how many as named items on a placeholder address (nobody was asked). */
  placeholders: number;
  /**
   * XEP-0283: the old address every request sent in this run named (the `added` contacts); absent
   * when the user did not ask. Contacts already there got no request, so no notice either.
   */
  movedFrom?: string;
}

export interface ImportProgress {
  done: number;
  total: number;
}

/**
 * Roster additions in flight at once. One at a time, each addition waits a full round trip
 * through the web client and the server (about 70 ms measured through Converse.js); a few in
 * parallel keep the server busy without flooding it.
 */
const PARALLEL_ADDS = 8;

/**
 * The ledger remembers a contact together with the address it went in under. Keyed by the
 * contact alone, a mapping edit would be silently ignored on the next run ("already imported");
 * keyed by the address alone, two archives' entries for one person could not be told apart. So
 * a re-run with the same mapping writes nothing, and a run after an edit adds the new address
 * once (Ferry never removes a roster item, so the earlier address stays until the user removes it).
 */
export const contactLedgerKey = (contactId: string, jid: string): string => `${contactId}\u0000as:${jid}`;

/** The contact's own XMPP address in the archive: its first XMPP handle. */
export function defaultAddressOf(contact: Contact): string | null {
  return contact.handles.map(bareJidOfHandle).find((j): j is string => j !== null) ?? null;
}

/** The decision for one contact, shared by the import and its preview so the two never disagree. */
export type AddressDecision = { jid: string; via: AddressVia } | { skip: NotImportedReason; address?: string };

/**
 * Which address a contact goes in under: the mapping's (null there means the user skipped them),
 * else their own XMPP address, else (with `placeholders`, the default) the placeholder made from
 * their id, so someone from a KakaoTalk export still appears under their name.
 */
export function decideAddress(contact: Contact, target: string, mapping: ContactMapping | undefined, placeholders = true): AddressDecision {
  const own = defaultAddressOf(contact);
  if (mapping?.has(contact.id)) {
    const typed = mapping.get(contact.id)!;
    if (typed === null) return { skip: own || placeholders ? 'skipped-by-you' : 'no-xmpp-address' };
    const jid = normalizeAddress(typed);
    if (!jid) return { skip: 'invalid-address', address: typed };
    if (jid === target) return { skip: 'target-itself', address: jid };
    return { jid, via: jid === own ? 'own' : isPlaceholderAddress(jid) ? 'placeholder' : 'mapped' };
  }
  if (own) return own === target ? { skip: 'target-itself', address: own } : { jid: own, via: 'own' };
  return placeholders ? { jid: placeholderAddress(contact.id), via: 'placeholder' } : { skip: 'no-xmpp-address' };
}

export async function importXmppContacts(
  port: XmppClientPort,
  contacts: Contact[],
  ledger: ImportLedger,
  options: {
    onProgress?: (p: ImportProgress) => void;
    signal?: AbortSignal;
    parallel?: number;
    /** Addresses chosen in the contact-mapping step (see mapping.ts); contacts absent from it keep their own. */
    mapping?: ContactMapping;
    /** XEP-0283: tell each friend added that the account moved here from this address (the archive's account). */
    movedFrom?: string;
    /** Contacts without any XMPP address go in as named items on a placeholder address (default true); false skips them. */
    placeholders?: boolean;
  } = {},
): Promise<ImportReport> {
  const target = bareJid(await port.account());
  let movedFrom: string | undefined;
  if (options.movedFrom !== undefined) {
    const checked = checkMovedAddress(options.movedFrom, target);
    if ('problem' in checked) {
      throw new Error(
        checked.problem === 'same-account'
          ? `The moved notice would say ${target} moved from itself: import into the new account, not the one the archive came from. Nothing was imported.`
          : `The moved notice needs the old address as a bare JID (name@server), not "${options.movedFrom}". Nothing was imported.`,
      );
    }
    movedFrom = checked.jid;
  }
  const onRoster = new Set((await port.roster()).map((item) => bareJid(item.jid)));
  const claimed = new Set<string>();
  const items = new Map<string, ImportItem>();
  let done = 0;
  const decide = async (contact: Contact): Promise<ImportItem> => {
    const base = { contactId: contact.id, displayName: contact.displayName };
    const decision = decideAddress(contact, target, options.mapping, options.placeholders);
    if ('skip' in decision) return { ...base, outcome: 'skipped', reason: decision.skip, ...(decision.address ? { address: decision.address } : {}) };
    const { jid, via } = decision;
    if (claimed.has(jid)) return { ...base, outcome: 'present', address: jid, via, reason: 'same-address-as-another' };
    // Claimed before any await, so two contacts with the same address are not both added.
    claimed.add(jid);
    if (onRoster.has(jid)) return { ...base, outcome: 'present', address: jid, via, reason: 'on-roster' };
    // Ledgers written before mappings existed hold the bare contact id, for its own address.
    const before = (await ledger.has(target, contactLedgerKey(contact.id, jid))) || (via === 'own' && (await ledger.has(target, contact.id)));
    if (before) return { ...base, outcome: 'present', address: jid, via, reason: 'imported-before' };
    // A placeholder is a name in the contact list, nobody's address: no request goes there.
    const placeholder = via === 'placeholder';
    await port.addContact({ jid, name: contact.displayName, groups: contact.groups, ...(placeholder ? { subscribe: false } : movedFrom ? { movedFrom } : {}) });
    await ledger.record(target, contactLedgerKey(contact.id, jid));
    return { ...base, outcome: 'added', address: jid, via };
  };
  let next = 0;
  const worker = async () => {
    while (next < contacts.length) {
      options.signal?.throwIfAborted();
      const contact = contacts[next++]!;
      items.set(contact.id, await decide(contact));
      options.onProgress?.({ done: ++done, total: contacts.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? PARALLEL_ADDS) }, worker));
  // Workers finish in any order; the report lists contacts in archive order.
  const ordered = contacts.map((c) => items.get(c.id)).filter((i): i is ImportItem => i !== undefined);
  return {
    target,
    added: ordered.filter((i) => i.outcome === 'added').length,
    alreadyPresent: ordered.filter((i) => i.outcome === 'present').length,
    notImported: ordered.flatMap((i) => (i.outcome === 'skipped' ? [{ contactId: i.contactId, displayName: i.displayName, reason: i.reason }] : [])),
    items: ordered,
    mapped: ordered.filter((i) => i.outcome !== 'skipped' && i.via === 'mapped').length,
    placeholders: ordered.filter((i) => i.outcome !== 'skipped' && i.via === 'placeholder').length,
    ...(movedFrom ? { movedFrom } : {}),
  };
}

export function memoryLedger(): ImportLedger {
  const seen = new Set<string>();
  return {
    has: async (target, id) => seen.has(`${target}\u0000${id}`),
    record: async (target, id) => void seen.add(`${target}\u0000${id}`),
  };
}
