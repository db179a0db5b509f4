/**
 * Least privilege: Ferry is installed with no access to any website. When the user names the
 * messenger site to work with, a page asks for that one origin (permissions.request, from the
 * click), and Ferry registers its two content scripts for exactly the origins the user granted.
 * Revoking a site (in Ferry or in the browser's own extension settings) unregisters them.
 *
 * Written against a small interface so the unit tests pass a fake browser; pages and the service
 * worker pass the real one (webextension-polyfill).
 */

/** The two content scripts (built by vite.config.ts), registered together for the granted origins. */
export const CONTENT_SCRIPTS = [
  { id: 'ferry-converse-main', js: ['content/converse-main.js'], world: 'MAIN' as const },
  { id: 'ferry-converse-bridge', js: ['content/converse-bridge.js'], world: 'ISOLATED' as const },
];

export interface RegisteredScript {
  id: string;
  matches?: string[];
  js?: string[];
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  world?: 'MAIN' | 'ISOLATED';
  persistAcrossSessions?: boolean;
}

export interface SiteAccessApi {
  permissions: {
    getAll(): Promise<{ origins?: string[] }>;
    request(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
  };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<RegisteredScript[]>;
    registerContentScripts(scripts: RegisteredScript[]): Promise<void>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  };
  tabs?: {
    query(query: { url: string[] }): Promise<{ id?: number }[]>;
    reload(tabId: number): Promise<void>;
  };
}

/** What went wrong, as a code the pages turn into the user's language, with its details. */
export type SiteAccessProblem = 'not-an-address' | 'not-http' | 'not-https' | 'denied';

export class SiteAccessError extends Error {
  override name = 'SiteAccessError';
  constructor(
    readonly problem: SiteAccessProblem,
    /** The address, scheme or site the message is about. */
    readonly detail: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The match pattern for the site at `address` (what the user typed or pasted): scheme and host,
 * any port and path. Only http(s) sites can host a web messenger.
 */
export function sitePatternOf(address: string): string {
  const trimmed = address.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new SiteAccessError('not-an-address', trimmed, `"${trimmed}" is not a web address. Copy the address of your messenger's tab, e.g. https://chat.example.org/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SiteAccessError('not-http', url.protocol, `Ferry works with web messengers at http:// or https:// addresses, not ${url.protocol}// ones.`);
  }
  if (url.protocol === 'http:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
    throw new SiteAccessError('not-https', url.hostname, `Ferry only works with messengers served over https:// (plain http:// is allowed for localhost alone), so your messages never cross the network unencrypted.`);
  }
  return `${url.protocol}//${url.hostname}/*`;
}

/** The sites the user has granted, as match patterns, sorted. */
export async function grantedSites(api: SiteAccessApi): Promise<string[]> {
  const { origins = [] } = await api.permissions.getAll();
  return origins.filter((o) => /^https?:\/\/[^*/]+\/\*$/.test(o)).sort();
}

/**
 * Makes the registered content scripts match exactly the granted sites (none when none is granted).
 * A page and the service worker both react to a new grant: a Web Lock keeps them from registering
 * the same script ids at once ("Duplicate script ID").
 */
export async function syncContentScripts(api: SiteAccessApi): Promise<string[]> {
  const locks = (globalThis as { navigator?: { locks?: { request<T>(name: string, run: () => Promise<T>): Promise<T> } } }).navigator?.locks;
  return locks ? locks.request('ferry-content-scripts', () => syncNow(api)) : syncNow(api);
}

async function syncNow(api: SiteAccessApi): Promise<string[]> {
  const sites = await grantedSites(api);
  const ids = CONTENT_SCRIPTS.map((s) => s.id);
  const registered = await api.scripting.getRegisteredContentScripts({ ids });
  const current = registered.find((s) => s.id === ids[0])?.matches ?? [];
  if (registered.length === ids.length && [...current].sort().join('\n') === sites.join('\n')) return sites;
  if (registered.length) await api.scripting.unregisterContentScripts({ ids: registered.map((s) => s.id) });
  if (sites.length) {
    // document_start: the MAIN-world script must hook Converse before the page initializes it.
    await api.scripting.registerContentScripts(
      CONTENT_SCRIPTS.map((s) => ({ id: s.id, js: s.js, world: s.world, matches: sites, runAt: 'document_start', persistAcrossSessions: true })),
    );
  }
  return sites;
}

/**
 * Asks the browser for access to the site at `address`. Must be called straight from a click
 * (browsers only show the permission prompt for a user gesture). Open tabs of that site are
 * reloaded, since Ferry's script has to be there before the messenger starts.
 */
export async function allowSite(api: SiteAccessApi, address: string): Promise<{ pattern: string; reloadedTabs: number }> {
  const pattern = sitePatternOf(address);
  if (!(await api.permissions.request({ origins: [pattern] }))) {
    throw new SiteAccessError('denied', pattern.slice(0, -2), `Access to ${pattern.slice(0, -2)} was not granted, so Ferry cannot read that messenger. Choose "Allow" when the browser asks.`);
  }
  await syncContentScripts(api);
  let reloadedTabs = 0;
  for (const tab of (await api.tabs?.query({ url: [pattern] })) ?? []) {
    if (tab.id === undefined) continue;
    await api.tabs!.reload(tab.id);
    reloadedTabs++;
  }
  return { pattern, reloadedTabs };
}

/** Takes back Ferry's access to one site (or to every site, for "wipe everything"). */
export async function revokeSites(api: SiteAccessApi, patterns?: string[]): Promise<void> {
  const targets = patterns ?? (await grantedSites(api));
  if (targets.length) await api.permissions.remove({ origins: targets });
  await syncContentScripts(api);
}
