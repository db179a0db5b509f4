/**
 * Ferry in Firefox (dist/firefox, as `npm run build` writes it), driven through WebDriver BiDi in
 * Debian's firefox-esr: the extension installs, its pages render, its background script answers
 * them, the user can allow a site, and Ferry's MAIN-world script then runs in that site's pages.
 */
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchFirefox, type Firefox } from './support/firefox-bidi.js';
import { GECKO_ID } from '../scripts/build-firefox.js';

const DIST = resolve(import.meta.dirname, '../dist/firefox');
/** Fixed so the test knows Ferry's moz-extension:// address (Firefox otherwise picks a random one). */
const UUID = '5f0e7a52-6d1b-4c8e-9f3a-0c2d4b6e8a10';
const base = `moz-extension://${UUID}`;

let firefox: Firefox;
let site: Server;
let siteUrl: string;
let tab: string;
let chromeWindow: string;

/**
 * Opens `url` in a new tab and makes it the one the test talks to. BiDi may not navigate to
 * moz-extension:// pages ("not allowed in this context"), so the tab is opened from Firefox's own
 * window, as a click on Ferry's toolbar button would (needs --remote-allow-system-access).
 */
async function go(url: string) {
  await firefox.evaluate(chromeWindow, `(() => { gBrowser.selectedTab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); return 'opened'; })()`);
  tab = await until(`a tab at ${url}`, async () => (await firefox.send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', {})).contexts.find((c) => c.url === url)?.context, (c) => !!c) as string;
  await until(`${url} to load`, () => firefox.evaluate<string>(tab, 'document.readyState'), (state) => state === 'complete');
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Firefox: ${what} did not happen within ${timeoutMs / 1000} s (last: ${JSON.stringify(value)}).`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const text = () => firefox.evaluate<string>(tab, 'document.body.innerText');

test.beforeAll(async () => {
  expect(existsSync(resolve(DIST, 'manifest.json')), 'dist/firefox is not built: run `npm run build` first').toBe(true);
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>A messenger</title><p>메신저</p>'));
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  firefox = await launchFirefox({
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
    // Stands in for the user clicking "Allow" in Firefox's permission prompt, which automation cannot reach.
    'extensions.webextOptionalPermissionPrompts': false,
  }, ['--remote-allow-system-access']);
  const installed = await firefox.send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: DIST } });
  expect(installed.extension).toBe(GECKO_ID);
  chromeWindow = (await firefox.send<{ contexts: { context: string }[] }>('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0]!.context;
});

test.afterAll(async () => {
  await firefox?.close();
  site?.closeAllConnections();
  await new Promise((r) => site?.close(r));
});

test('in Firefox, Ferry installs from dist/firefox and its popup offers export, import, viewer, keys and wipe', async () => {
  await go(`${base}/pages/popup.html`);
  const buttons = await until('the popup to render', () => firefox.evaluate<string>(tab, 'JSON.stringify([...document.querySelectorAll("button")].map((b) => b.textContent.trim()))'), (v) => JSON.parse(v).length >= 5);
  expect(JSON.parse(buttons)).toEqual(['Export from a messenger', 'Import into a messenger', 'View an archive', 'Device keys', 'Wipe everything Ferry keeps in this browser…']);
});

test('in Firefox, the background script answers the export page, and the user can allow one messenger site', async () => {
  await go(`${base}/pages/export.html`);
  // "No logged-in messenger found" is the background script's answer to tabs.findMessengers.
  await until('the background script to answer', text, (t) => t.includes('No logged-in messenger found'));
  await firefox.evaluate(tab, `(() => { const input = document.getElementById('site-address'); input.value = ${JSON.stringify(siteUrl)}; input.dispatchEvent(new Event('input', { bubbles: true })); return 'ok'; })()`);
  await until('the Allow button to enable', () => firefox.evaluate<boolean>(tab, `[...document.querySelectorAll('button')].find((b) => b.textContent.includes('Allow Ferry on this site')).disabled`), (d) => d === false);
  // A real click (input.performActions): Firefox lets permissions.request run only inside a user input handler.
  const box = JSON.parse(
    await firefox.evaluate<string>(tab, `(() => { const r = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Allow Ferry on this site')).getBoundingClientRect(); return JSON.stringify({ x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) }); })()`),
  ) as { x: number; y: number };
  await firefox.send('input.performActions', {
    context: tab,
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: box.x, y: box.y }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
  });
  const allowed = await until('the site to be listed as allowed', () => firefox.evaluate<string>(tab, `document.querySelector('[data-site="http://127.0.0.1"]') ? 'listed' : document.body.innerText`), (v) => v === 'listed');
  expect(allowed).toBe('listed');
});

test("in Firefox, Ferry's script runs in the allowed site's pages and answers in the page's own world", async () => {
  await go(siteUrl);
  const reply = await firefox.evaluate<string>(
    tab,
    `new Promise((resolve) => {
      window.addEventListener('message', (e) => { if (e.data && e.data.__ferryReply === 'smoke') resolve(JSON.stringify(e.data)); });
      window.postMessage({ __ferryRequest: 'smoke', ferry: 1, name: 'messenger.hello', request: {} }, '*');
      setTimeout(() => resolve('no answer'), 5000);
    })`,
  );
  expect(JSON.parse(reply)).toEqual({ __ferryReply: 'smoke', ok: true, value: { service: 'xmpp', client: 'converse.js', account: null } });
});
