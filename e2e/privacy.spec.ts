/**
 * Private at rest, least privilege, nothing sent anywhere: after a real export and import through
 * Ferry's pages, the browser profile holds nothing readable of the user's history, Ferry talked to
 * no one but the messenger the user chose, and "wipe everything" leaves nothing behind.
 */
// Playwright reports a service worker's own requests only with this set (playwright.dev/docs/service-workers-experimental).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

import { test, expect, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { exportThroughExtension, importThroughExtension, openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { seedOldAccount } from '../testing/support/seed.js';
import { allowSite } from '../testing/support/site-access.js';

test.describe.configure({ mode: 'serial' });

const PASSPHRASE = '사적인 private 2026';
let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;
let profileDir: string;
const requests: { url: string; by: string }[] = [];
const sockets: string[] = [];

/** What must never be readable in Ferry's storage: every address, name and message of the corpus. */
const secrets = [
  corpus.owner.jid,
  corpus.newOwner.jid,
  ...corpus.contacts.flatMap((c) => [c.jid, c.name]),
  ...corpus.conversations.flatMap((c) => c.messages.map((m) => m.body)),
].filter((s) => s.length >= 4);

/**
 * Everything Ferry keeps, read raw from one of its pages: every IndexedDB database (opened without
 * Dexie), every store, every key and value, bytes decoded as UTF-8 and Latin-1; storage.local and
 * storage.session. Returns the text and the number of records per store.
 */
async function readEverything(page: Page): Promise<{ text: string; records: Record<string, number>; local: object; session: object; databases: string[] }> {
  return page.evaluate(async () => {
    const chromeApi = (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<object> }; session: { get(k: null): Promise<object> } } } }).chrome;
    const parts: string[] = [];
    const walk = (value: unknown, depth = 0): void => {
      if (depth > 20 || value === null || value === undefined) return;
      if (typeof value === 'string') parts.push(value);
      else if (typeof value === 'number' || typeof value === 'boolean') parts.push(String(value));
      else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        parts.push(new TextDecoder('utf-8').decode(bytes), new TextDecoder('latin1').decode(bytes));
      } else if (value instanceof Blob) parts.push('[blob]');
      else if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) parts.push(`[CryptoKey extractable=${value.extractable}]`);
      else if (Array.isArray(value)) value.forEach((v) => walk(v, depth + 1));
      else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) (parts.push(k), walk(v, depth + 1));
    };
    const records: Record<string, number> = {};
    const databases = (await indexedDB.databases()).map((d) => d.name!).filter(Boolean);
    for (const name of databases) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const storeName of [...db.objectStoreNames]) {
        const store = db.transaction(storeName).objectStore(storeName);
        const all = <T,>(request: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));
        const [keys, values] = await Promise.all([all(store.getAllKeys()), all(store.getAll())]);
        records[`${name}.${storeName}`] = values.length;
        walk(keys);
        walk(values);
      }
      db.close();
    }
    const local = await chromeApi.storage.local.get(null);
    const session = await chromeApi.storage.session.get(null);
    walk(local);
    walk(session);
    return { text: parts.join('\n'), records, local, session, databases };
  });
}

/** Files on disk behind the extension's IndexedDB and storage.local, searched as UTF-8 and UTF-16. */
function secretsOnDisk(): string[] {
  const dirs = [join(profileDir, 'IndexedDB', `chrome-extension_${browser.extensionId}_0.indexeddb.leveldb`), join(profileDir, 'Local Extension Settings', browser.extensionId)];
  const list = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? list(join(dir, name)) : [join(dir, name)]));
  const files = dirs.filter((dir) => existsSync(dir)).flatMap(list);
  const blobs = files.map((f) => readFileSync(f));
  return secrets.filter((s) => blobs.some((b) => b.includes(Buffer.from(s, 'utf8')) || b.includes(Buffer.from(s, 'utf16le'))));
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  outDir = mkdtempSync(join(tmpdir(), 'ferry-privacy-'));
  prosody = await startProsody();
  await seedOldAccount(prosody, corpus);
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension({ downloadsDir: outDir });
  const version = await browser.context.newPage();
  await version.goto('chrome://version');
  profileDir = (await version.locator('#profile_path').innerText()).trim();
  await version.close();
  // The user allows the messenger's site (through the browser's own settings page in this test).
  await allowSite(browser, converse.url);

  // From here on, every request of every page and of the service worker is recorded.
  browser.context.on('request', (request) => {
    let by = 'unknown';
    try {
      by = request.serviceWorker() ? 'service-worker' : request.frame().url();
    } catch {
      by = 'service-worker';
    }
    requests.push({ url: request.url(), by });
  });
  const watchSockets = (page: Page) => page.on('websocket', (ws) => sockets.push(ws.url()));
  browser.context.pages().forEach(watchSockets);
  browser.context.on('page', watchSockets);

  const { archivePath } = await exportThroughExtension(browser, { converseUrl: converse.url, from: corpus.owner, passphrase: PASSPHRASE, outDir });
  const newTab = await openConverse(browser, converse.url, corpus.newOwner);
  const { page: importPage, report } = await importThroughExtension(browser, { archivePath, passphrase: PASSPHRASE });
  expect(report.added).toBe(corpus.contacts.length);
  // The viewer keeps the (still encrypted) archive in IndexedDB to reopen it.
  const [viewer] = await Promise.all([browser.context.waitForEvent('page'), importPage.getByRole('button', { name: 'Read history in the viewer' }).click()]);
  await viewer.waitForLoadState();
  await viewer.close();
  await importPage.close();
  await newTab.close();
  // A device key, so "wipe everything" has one to delete.
  const keys = await openFromPopup(browser, 'Device keys');
  await keys.getByRole('button', { name: 'Create device key' }).click();
  await keys.locator('[data-recipient]').first().waitFor();
  await keys.close();
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

test('exporting and importing contact only the messenger the user chose: no other site, from no page and not from the worker', async () => {
  // The recorder does see the service worker's own requests (a control, not part of Ferry's work).
  const worker = browser.context.serviceWorkers().find((w) => w.url().includes(browser.extensionId));
  expect(worker, 'Ferry service worker is running').toBeDefined();
  const probe = `chrome-extension://${browser.extensionId}/manifest.json`;
  expect(await worker!.evaluate((url) => fetch(url).then((r) => r.status), probe)).toBe(200);
  await expect.poll(() => requests.some((r) => r.url === probe && r.by === 'service-worker')).toBe(true);

  const service = new URL(converse.url).origin;
  const xmppServer = new URL(prosody.websocketUrl).origin;
  const ferry = `chrome-extension://${browser.extensionId}`;
  expect(requests.filter((r) => r.url.startsWith(service)).length).toBeGreaterThan(0);
  expect(requests.filter((r) => r.url.startsWith(ferry)).length).toBeGreaterThan(0);
  // (Node gives chrome-extension: URLs the origin "null", so Ferry's own files are matched by prefix.)
  const elsewhere = requests.filter((r) => !/^(blob|data):/.test(r.url) && !r.url.startsWith(`${ferry}/`) && new URL(r.url).origin !== service);
  // Converse.js's own fullscreen footer shows its sponsors' logos from conversejs.org: the
  // messenger's page does that with or without Ferry. Exactly those images, and only from the
  // messenger's page, are let through; any other address fails the test.
  const sponsorLogos = (r: { url: string; by: string }) => /^https:\/\/conversejs\.org\/media\/logos\/[\w.-]+\.(png|svg)$/.test(r.url) && r.by.startsWith(service);
  expect(elsewhere.filter((r) => !sponsorLogos(r))).toEqual([]);
  // Ferry's own pages and worker load only Ferry's files: the messenger is reached through its tab.
  const fromFerry = requests.filter((r) => (r.by.startsWith(ferry) || r.by === 'service-worker') && !/^(blob|data):/.test(r.url) && !r.url.startsWith(ferry));
  expect(fromFerry).toEqual([]);
  // The only websocket is the messenger page's own connection to its XMPP server.
  expect(sockets.length).toBeGreaterThan(0);
  expect(sockets.filter((url) => new URL(url).origin.replace(/^ws/, 'http') !== xmppServer.replace(/^ws/, 'http'))).toEqual([]);
});

test('nothing Ferry keeps in the browser shows a message, a name or an address: IndexedDB, extension storage and the files on disk', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.pageUrl('popup'));
  const kept = await readEverything(page);
  await page.close();
  // Control: the staged export, the ledger, the stored archive and the device key are really there.
  expect(kept.records['ferry.exportPages']).toBeGreaterThan(0);
  expect(kept.records['ferry.importLedger']).toBe(corpus.contacts.length);
  expect(kept.records['ferry.storedArchives']).toBe(1);
  expect(kept.records['ferry.deviceKeys']).toBe(1);
  expect(Object.keys(kept.session)).toEqual(['ferry.stagingSecret']);
  expect(secrets.filter((s) => kept.text.includes(s))).toEqual([]);
  expect(kept.text).not.toMatch(/CryptoKey extractable=true/);
  expect(secretsOnDisk()).toEqual([]);
});

test('wipe everything, after a confirmation, leaves no database, no storage, no site access and nothing on disk', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(browser.pageUrl('popup'));
  await popup.getByRole('button', { name: 'Wipe everything Ferry keeps in this browser…' }).click();
  await expect(popup.getByRole('alertdialog')).toContainText('device keys');
  await popup.getByRole('button', { name: 'Yes, wipe everything' }).click();
  await popup.locator('[data-wiped]').waitFor({ timeout: 15_000 });
  const kept = await readEverything(popup);
  expect(kept.databases).toEqual([]);
  expect(kept.local).toEqual({});
  expect(kept.session).toEqual({});
  const access = await popup.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> }; scripting: { getRegisteredContentScripts(): Promise<unknown[]> } } }).chrome;
    return { origins: (await c.permissions.getAll()).origins ?? [], scripts: (await c.scripting.getRegisteredContentScripts()).length };
  });
  expect(access).toEqual({ origins: [], scripts: 0 });
  expect(secretsOnDisk()).toEqual([]);
  await popup.close();
});
