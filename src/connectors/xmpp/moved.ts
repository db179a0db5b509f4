/**
 * XEP-0283 "Moved" (v0.2, https://xmpp.org/extensions/xep-0283.html): telling friends that an
 * account moved. The new account's subscription request to each friend carries
 * `<moved xmlns='urn:xmpp:moved:1'><old-jid>OLD</old-jid></moved>` (§4.2), so a friend's client
 * can show "X moved here" instead of a request from a stranger; the client verifies it by reading
 * the old account's moved statement (§4.1), which only the old account can publish.
 */
import type { Source } from '../../model/types.js';
import { bareJid, bareJidOfHandle } from './ids.js';
import type { XmppClientPort } from './port.js';
import { normalizeAddress } from './mapping.js';

export const MOVED_NS = 'urn:xmpp:moved:1';

/**
 * The account the archive was exported from, as the old JID of a move: the one XMPP source of
 * the archive. Null when it holds none (a KakaoTalk export) or several XMPP accounts, since a
 * moved notice names exactly one old address and Ferry does not guess which.
 */
export function movedFromOf(manifest: { sources: readonly Source[] }): string | null {
  const olds = new Set(manifest.sources.filter((s) => s.service === 'xmpp').map((s) => bareJidOfHandle(s.account)));
  if (olds.size !== 1 || olds.has(null)) return null;
  return [...olds][0] ?? null;
}

/** Why an address cannot be the other end of a move (the page words each in the user's language). */
export type MovedAddressProblem = 'not-an-address' | 'same-account';

/** The address of the other end of a move, as a bare JID, or what is wrong with it. */
export function checkMovedAddress(typed: string, account: string): { jid: string } | { problem: MovedAddressProblem } {
  const jid = normalizeAddress(typed);
  if (!jid) return { problem: 'not-an-address' };
  return jid === normalizeAddress(account) ? { problem: 'same-account' } : { jid };
}

/**
 * Publishes the moved statement (§4.1) on the account the port is logged into, the OLD one:
 * `<moved><new-jid>NEW</new-jid></moved>` as item `current` of its PEP node `urn:xmpp:moved:1`,
 * readable by anyone (access model open), so friends' clients can check a notice that names it.
 * Publishing again replaces the item (same id), so it is safe to repeat.
 */
export async function publishMovedStatement(port: XmppClientPort, typedNewJid: string): Promise<{ account: string; newJid: string }> {
  const account = bareJid(await port.account());
  const checked = checkMovedAddress(typedNewJid, account);
  if ('problem' in checked) {
    throw new Error(
      checked.problem === 'same-account'
        ? `${account} is this account: the moved notice needs the address you moved to. Nothing was published.`
        : `"${typedNewJid.trim()}" is not an XMPP address: type the new one as name@server. Nothing was published.`,
    );
  }
  if (!port.publishMoved) throw new Error('This messenger connection cannot publish a moved notice. Nothing was published.');
  await port.publishMoved(checked.jid);
  return { account, newJid: checked.jid };
}
