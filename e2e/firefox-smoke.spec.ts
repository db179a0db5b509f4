/**
 * Ferry in Firefox (dist/firefox, as `npm run build` writes it), driven through WebDriver BiDi in
 * Debian's firefox-esr: the extension installs, its pages render, its background script answers
 * them, the user can allow a site, and Ferry's MAIN-world script then runs in that site's pages.
 */
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchFirefoxWithExtension, type FirefoxExtension } from '../testing/support/firefox-extension.js';

let ff: FirefoxExtension;
let base: string;
let site: Server;
let siteUrl: string;
let tab: string;

/** Opens `url` in a new tab (from Firefox's own window: see testing/support/firefox-extension.ts) and makes it the one the test talks to. */
async function go(url: string) {
  tab = await ff.open(url);
}

const until = <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean) => ff.until(what, read, ok);

const text = () => ff.evaluate<string>(tab, 'document.body.innerText');

test.beforeAll(async () => {
  site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>A messenger</title><p>메신저</p>'));
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  // Installs dist/firefox (and fails saying so if it is not built), with the permission prompt answered "Allow".
  ff = await launchFirefoxWithExtension();
  base = ff.baseUrl;
});

test.afterAll(async () => {
  await ff?.close();
  site?.closeAllConnections();
  await new Promise((r) => site?.close(r));
});

test('in Firefox, Ferry installs from dist/firefox and its popup offers export, import, viewer, keys and wipe', async () => {
  await go(`${base}/pages/popup.html`);
  const buttons = await until('the popup to render', () => ff.evaluate<string>(tab, 'JSON.stringify([...document.querySelectorAll("button")].map((b) => b.textContent.trim()))'), (v) => JSON.parse(v).length >= 5);
  expect(JSON.parse(buttons)).toEqual(['Export from a messenger', 'Import into a messenger', 'View an archive', 'Device keys', 'Wipe everything Ferry keeps in this browser…']);
});

test('in Firefox, the background script answers the export page, and the user can allow one messenger site', async () => {
  await go(`${base}/pages/export.html`);
  // "No logged-in messenger found" is the background script's answer to tabs.findMessengers.
  await until('the background script to answer', text, (t) => t.includes('No logged-in messenger found'));
  await ff.evaluate(tab, `(() => { const input = document.getElementById('site-address'); input.value = ${JSON.stringify(siteUrl)}; input.dispatchEvent(new Event('input', { bubbles: true })); return 'ok'; })()`);
  await until('the Allow button to enable', () => ff.evaluate<boolean>(tab, `[...document.querySelectorAll('button')].find((b) => b.textContent.includes('Allow Ferry on this site')).disabled`), (d) => d === false);
  // A real click (input.performActions): Firefox lets permissions.request run only inside a user input handler.
  const box = JSON.parse(
    await ff.evaluate<string>(tab, `(() => { const r = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Allow Ferry on this site')).getBoundingClientRect(); return JSON.stringify({ x: Math.round(r.x + r.width / 2), y: Math.round(r.y + r.height / 2) }); })()`),
  ) as { x: number; y: number };
  await ff.firefox.send('input.performActions', {
    context: tab,
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: box.x, y: box.y }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
  });
  const allowed = await until('the site to be listed as allowed', () => ff.evaluate<string>(tab, `document.querySelector('[data-site="http://127.0.0.1"]') ? 'listed' : document.body.innerText`), (v) => v === 'listed');
  expect(allowed).toBe('listed');
});

test("in Firefox, Ferry's script runs in the allowed site's pages and answers in the page's own world", async () => {
  await go(siteUrl);
  const reply = await ff.evaluate<string>(
    tab,
    `new Promise((resolve) => {
      window.addEventListener('message', (e) => { if (e.data && e.data.__ferryReply === 'smoke') resolve(JSON.stringify(e.data)); });
      window.postMessage({ __ferryRequest: 'smoke', ferry: 1, name: 'messenger.hello', request: {} }, '*');
      setTimeout(() => resolve('no answer'), 5000);
    })`,
  );
  expect(JSON.parse(reply)).toEqual({ __ferryReply: 'smoke', ok: true, value: { service: 'xmpp', client: 'converse.js', account: null } });
});
