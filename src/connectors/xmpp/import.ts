/**
 * Import contacts into an XMPP account: each contact with an XMPP address becomes a roster item
 * (name, groups) with a subscription request. Idempotent twice over: the ledger remembers what
 * this target already received, and contacts already on the target's roster are left alone.
 */
import type { Contact } from '../../model/types.js';
import { bareJid, bareJidOfHandle } from './ids.js';
import type { XmppClientPort } from './port.js';

/** Remembers which archive items a target already received, so a re-run writes nothing twice. */
export interface ImportLedger {
  has(target: string, itemId: string): Promise<boolean>;
  record(target: string, itemId: string): Promise<void>;
}

export interface ImportReport {
  target: string;
  added: number;
  /** Already imported before, or already on the target's roster. */
  alreadyPresent: number;
  /** Contacts the target cannot take, with the reason. */
  notImported: { contactId: string; displayName: string; reason: string }[];
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

export async function importXmppContacts(
  port: XmppClientPort,
  contacts: Contact[],
  ledger: ImportLedger,
  options: { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal; parallel?: number } = {},
): Promise<ImportReport> {
  const target = bareJid(await port.account());
  const onRoster = new Set((await port.roster()).map((item) => bareJid(item.jid)));
  const report: ImportReport = { target, added: 0, alreadyPresent: 0, notImported: [] };
  let done = 0;
  const importOne = async (contact: Contact) => {
    const jid = contact.handles.map(bareJidOfHandle).find((j): j is string => j !== null);
    if (!jid) {
      report.notImported.push({ contactId: contact.id, displayName: contact.displayName, reason: 'no XMPP address' });
    } else if (jid === target) {
      report.notImported.push({ contactId: contact.id, displayName: contact.displayName, reason: 'this is the target account itself' });
    } else if (onRoster.has(jid) || (await ledger.has(target, contact.id))) {
      report.alreadyPresent++;
    } else {
      // Claimed before the await, so two contacts with the same address are not both added.
      onRoster.add(jid);
      await port.addContact({ jid, name: contact.displayName, groups: contact.groups });
      await ledger.record(target, contact.id);
      report.added++;
    }
    options.onProgress?.({ done: ++done, total: contacts.length });
  };
  let next = 0;
  const worker = async () => {
    while (next < contacts.length) {
      options.signal?.throwIfAborted();
      await importOne(contacts[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel ?? PARALLEL_ADDS) }, worker));
  // Workers finish in any order; the report lists what was not imported in archive order.
  const order = new Map(contacts.map((c, i) => [c.id, i]));
  report.notImported.sort((a, b) => order.get(a.contactId)! - order.get(b.contactId)!);
  return report;
}

export function memoryLedger(): ImportLedger {
  const seen = new Set<string>();
  return {
    has: async (target, id) => seen.has(`${target}\u0000${id}`),
    record: async (target, id) => void seen.add(`${target}\u0000${id}`),
  };
}
