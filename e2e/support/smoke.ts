/**
 * Smoke test of the whole test rig, and a probe of the Converse 14 facts Ferry codes against:
 *
 *   npx tsx e2e/support/smoke.ts        (env: CHROMIUM_PATH, SMOKE_OUT=/tmp/converse-smoke.json)
 *
 * 1. Prosody + seeded corpus + the Converse page; headless Chromium logs in as me@old.localhost,
 *    waits for the roster, screenshots /tmp/converse-smoke.png (+ an open chat: -chat.png).
 * 2. Through Converse's private API (exposed by index.html's ?expose=1 test plugin): the roster
 *    (api.contacts.get), the MAM archive paged 10 at a time (api.archive.query + rsm.next), and
 *    api.contacts.add on the NEW account, checked on the server with rosterOf().
 * 3. The extension route: a throw-away MV3 extension whose MAIN-world content script at
 *    document_start registers a Converse plugin on `converse-loaded` and wraps converse.initialize
 *    to whitelist it. Records when each event fires.
 * Prints the facts as JSON (and writes them to SMOKE_OUT). Exit code 1 on any failed check.
 *
 * In-page code is passed to page.evaluate as strings: tsx/esbuild may wrap functions with helpers
 * (__name) that don't exist in the page.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody, type ProsodyServer } from '../../testing/support/prosody.js';
import { startConverseServer, type ConverseServer } from '../../testing/support/converse-server.js';
import { connect, disconnect, rosterOf, seedOldAccount } from '../../testing/support/seed.js';
import { corpus } from '../fixtures/seed-corpus.js';
import { CHROMIUM_ARGS } from '../../testing/support/browser.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = '/tmp/converse-smoke.png';
const CHAT_SCREENSHOT = '/tmp/converse-smoke-chat.png';
const OUT = process.env.SMOKE_OUT ?? '/tmp/converse-smoke.json';

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

function loginUrl(base: string, account: { jid: string; password: string }, expose = false): string {
  const url = new URL(base);
  url.searchParams.set('jid', account.jid);
  url.searchParams.set('password', account.password);
  if (expose) url.searchParams.set('expose', '1');
  return url.toString();
}

/** Evaluates an async JS function body (a string) in the page's main world. */
function inPage<T>(page: Page, body: string, arg?: unknown): Promise<T> {
  return page.evaluate(`(async (arg) => { ${body} })(${JSON.stringify(arg ?? null)})`) as Promise<T>;
}

// In-page: the roster through the API. RosterContact is a Skeletor model: attributes via .get()/.toJSON().
const ROSTER_JS = `
  const api = window.__converseApi;
  const contacts = await api.contacts.get();
  return contacts.map((c) => c.toJSON());
`;

// In-page: page through the MAM archive with one contact, 10 per page, the documented way.
const ARCHIVE_JS = `
  const api = window.__converseApi;
  const withJid = arg.with;
  const pages = [];
  let query = { mam: { with: withJid }, rsm: { max: 10 } };
  for (let i = 0; i < 50; i++) {
    const result = await api.archive.query(query);
    pages.push({
      resultKeys: Object.keys(result),
      count: result.messages.length,
      complete: result.complete,
      error: result.error ? String(result.error) : null,
      rsmQuery: result.rsm ? result.rsm.query : null,
      rsmResult: result.rsm ? result.rsm.result : null,
      messageIsElement: result.messages[0] instanceof Element,
      // Raw <message> elements as the server sent them (first two of the first page).
      samples: i === 0 ? result.messages.slice(0, 2).map((m) => m.outerHTML) : [],
      parsed: result.messages.map((m) => {
        const res = m.querySelector('result');
        const fwd = m.querySelector('forwarded');
        const inner = fwd && fwd.querySelector('message');
        return {
          outerFrom: m.getAttribute('from'),
          resultId: res && res.getAttribute('id'),
          queryid: res && res.getAttribute('queryid'),
          stamp: fwd && fwd.querySelector('delay') && fwd.querySelector('delay').getAttribute('stamp'),
          from: inner && inner.getAttribute('from'),
          to: inner && inner.getAttribute('to'),
          type: inner && inner.getAttribute('type'),
          id: inner && inner.getAttribute('id'),
          stanzaIds: inner ? [...inner.getElementsByTagName('stanza-id')].map((s) => s.getAttribute('by') + ' ' + s.getAttribute('id')) : [],
          body: inner && inner.querySelector('body') ? inner.querySelector('body').textContent : null,
        };
      }),
    });
    if (result.complete || !result.rsm || result.messages.length === 0) break;
    // RSM.next(max) copies the query and sets after = result.last.
    query = { mam: { with: withJid }, rsm: result.rsm.next(10).query };
  }
  return pages;
`;

// In-page: add a contact with name + groups + subscription request (v14: add(attrs, persist, subscribe, message)).
const ADD_JS = `
  const api = window.__converseApi;
  await api.waitUntil('rosterContactsFetched');
  const before = await api.contacts.get(arg.jid);
  const contact = await api.contacts.add({ jid: arg.jid, name: arg.name, groups: arg.groups }, true, true, arg.message);
  const attrsRightAfter = contact.toJSON();
  await new Promise((r) => setTimeout(r, 500)); // let the server's roster push arrive
  const attrsAfterPush = contact.toJSON();
  let again = null;
  try {
    const c2 = await api.contacts.add({ jid: arg.jid, name: arg.name, groups: arg.groups }, true, true, arg.message);
    again = { ok: true, same: c2 === contact, count: (await api.contacts.get()).filter((c) => c.get('jid') === arg.jid).length };
  } catch (e) { again = { ok: false, error: String(e) }; }
  return { existedBefore: !!before, attrsRightAfter, attrsAfterPush, again, attrsAfterSecondAdd: contact.toJSON() };
`;

/** The MAIN-world content script of the probe extension (plain JS, document_start). */
const PROBE_MAIN_JS = `
(() => {
  const probe = (window.__ferryProbe = {
    injectedAt: performance.now(),
    readyStateAtInject: document.readyState,
    converseGlobalAtInject: typeof window.converse,
    events: [],
  });
  const mark = (name, extra) => probe.events.push({ name, t: Math.round(performance.now()), readyState: document.readyState, ...extra });
  document.addEventListener('DOMContentLoaded', () => mark('DOMContentLoaded'));
  window.addEventListener('load', () => mark('load'));
  window.addEventListener('converse-loaded', (ev) => {
    const converse = (ev.detail && ev.detail.converse) || window.converse;
    mark('converse-loaded', { detailIsGlobal: !!ev.detail && ev.detail.converse === window.converse });
    converse.plugins.add('ferry-probe', {
      initialize() {
        const api = this._converse.api;
        window.__ferryApi = api; // probe only; Ferry bridges to its isolated world with postMessage
        mark('plugin-initialize');
        api.listen.on('connected', () => mark('connected'));
        api.waitUntil('rosterContactsFetched').then(() => mark('rosterContactsFetched'));
      },
    });
    const initialize = converse.initialize;
    converse.initialize = function (settings = {}, ...rest) {
      mark('initialize-called');
      const whitelisted_plugins = [...(settings.whitelisted_plugins || []), 'ferry-probe'];
      return initialize.call(this, { ...settings, whitelisted_plugins }, ...rest);
    };
  }, { once: true });
})();
`;

async function main(): Promise<void> {
  const facts: Record<string, unknown> = {};
  let prosody: ProsodyServer | undefined;
  let web: ConverseServer | undefined;
  let browser: Browser | undefined;
  let extContext: BrowserContext | undefined;
  const tmpDirs: string[] = [];
  const t0 = performance.now();
  try {
    // --- 1. Server, corpus, page -------------------------------------------------------------
    prosody = await startProsody();
    console.log(`prosody ${prosody.websocketUrl} (${(performance.now() - t0).toFixed(0)} ms)`);
    const seed = await seedOldAccount(prosody, corpus, { log: (l) => console.log(`seed: ${l}`) });
    facts.seed = seed;
    web = await startConverseServer({ websocketUrl: prosody.websocketUrl });
    console.log(`converse ${web.url}`);

    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
    page.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => r.status() >= 400 && pageErrors.push(`HTTP ${r.status()}: ${r.url()}`));

    const tLogin = performance.now();
    await page.goto(loginUrl(web.url, corpus.owner, true));
    const firstContact = corpus.contacts[0]!;
    await page.locator(`converse-roster a.open-chat[data-jid="${firstContact.jid}"]`).waitFor({ timeout: 30_000 });
    // All contacts rendered. Count distinct JIDs: a contact in two groups is listed once per group,
    // and the roster also lists the own JID.
    await page.waitForFunction(
      (jids) => {
        const shown = new Set([...document.querySelectorAll('converse-roster a.open-chat[data-jid]')].map((a) => a.getAttribute('data-jid')));
        return jids.every((j) => shown.has(j));
      },
      corpus.contacts.map((c) => c.jid),
      { timeout: 30_000 },
    );
    facts.loginToRosterMs = Math.round(performance.now() - tLogin);
    const domRoster = await page.$$eval('converse-roster a.open-chat[data-jid]', (as) =>
      as.map((a) => ({ jid: a.getAttribute('data-jid'), name: a.querySelector('.contact-name')?.textContent?.trim() })),
    );
    facts.domRoster = domRoster;
    check(corpus.contacts.every((c) => domRoster.some((d) => d.jid === c.jid)), 'roster DOM lists every corpus contact');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`screenshot ${SCREENSHOT}`);

    // --- 2. The JS API -----------------------------------------------------------------------
    await page.waitForFunction(() => (window as unknown as { __converseApi?: unknown }).__converseApi !== undefined);
    const roster = await inPage<Record<string, unknown>[]>(page, ROSTER_JS);
    facts.apiRosterSample = roster.slice(0, 3);
    facts.apiRosterKeys = [...new Set(roster.flatMap((c) => Object.keys(c)))].sort();
    const minjun = roster.find((c) => c.jid === firstContact.jid);
    check(roster.length >= corpus.contacts.length, `api.contacts.get() returns ${roster.length} contacts`);
    check(minjun?.nickname === firstContact.name, 'roster item name is in attribute `nickname`');
    check(JSON.stringify(minjun?.groups) === JSON.stringify(firstContact.groups), 'roster groups are in attribute `groups`');

    const alice = corpus.conversations.find((c) => c.with.startsWith('alice@'))!;
    const tMam = performance.now();
    const pages = await inPage<{ count: number; complete: boolean; parsed: { from: string; body: string | null }[] }[]>(page, ARCHIVE_JS, { with: alice.with });
    facts.mamPagingMs = Math.round(performance.now() - tMam);
    facts.mamPages = pages;
    const allParsed = pages.flatMap((p) => p.parsed);
    check(
      JSON.stringify(allParsed.map((p) => p.body)) === JSON.stringify(alice.messages.map((m) => m.body)),
      `api.archive.query paged (${pages.map((p) => p.count).join('+')}) returns the ${alice.messages.length} corpus messages in order`,
    );
    check(
      allParsed.every((p, i) => (p.from.split('/')[0] === corpus.owner.jid) === (alice.messages[i]?.from === 'me')),
      'owner-sent messages carry from=owner (full JID), received ones from=contact',
    );
    check(pages.at(-1)?.complete === true, 'last page has complete=true');

    // Open a chat to see the history rendered (Korean, emoji, blank lines).
    const seoyeon = corpus.conversations.find((c) => c.with.startsWith('seoyeon@'))!;
    await page.locator(`converse-roster a.open-chat[data-jid="${seoyeon.with}"]`).first().click(); // in 2 groups: listed twice
    const chatMessages = page.locator(`converse-chat[jid="${seoyeon.with}"] div.message.chat-msg`);
    try {
      await chatMessages.nth(seoyeon.messages.length - 1).waitFor({ timeout: 15_000 });
      facts.chatRenderedMessages = await chatMessages.count();
    } catch {
      facts.chatRenderedMessages = await chatMessages.count();
    }
    await page.screenshot({ path: CHAT_SCREENSHOT, fullPage: true });
    facts.chatDomSample = await page
      .locator(`converse-chat[jid="${seoyeon.with}"] div.message.chat-msg`)
      .first()
      .evaluate((el) => ({ attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])), text: el.textContent?.replace(/\s+/g, ' ').trim() }))
      .catch((e: unknown) => String(e));

    // api.contacts.add on the NEW account (what the importer does).
    const newPage = await context.newPage();
    await newPage.goto(loginUrl(web.url, corpus.newOwner, true));
    await newPage.waitForFunction(() => (window as unknown as { __converseApi?: unknown }).__converseApi !== undefined);
    const target = corpus.contacts.find((c) => c.groups.length === 2)!;
    // The contact, online as a stanza client, should receive the subscription request.
    const targetClient = await connect(prosody.websocketUrl, target.jid, target.password);
    const gotSubscribe = new Promise<string>((resolve) => targetClient.on('subscribe', (p) => resolve(p.from)));
    const added = await inPage<unknown>(newPage, ADD_JS, { jid: target.jid, name: target.name, groups: target.groups, message: 'Ferry: this is my new address' });
    facts.contactsAdd = added;
    const subscribeFrom = await Promise.race([gotSubscribe, new Promise<string>((r) => setTimeout(() => r('(none within 5 s)'), 5000))]);
    facts.contactsAddSubscribeReceivedFrom = subscribeFrom;
    await disconnect(targetClient);
    check(subscribeFrom.split('/')[0] === corpus.newOwner.jid, 'contact received the subscription request');
    const newRoster = await rosterOf(prosody.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password);
    facts.newRosterOnServer = newRoster;
    const item = newRoster.find((r) => r.jid === target.jid);
    // Group ORDER is not kept by Prosody (stored as a set): compare sorted.
    const sorted = (g: readonly string[] | undefined) => JSON.stringify([...(g ?? [])].sort());
    check(item?.name === target.name && sorted(item?.groups) === sorted(target.groups), 'server roster has name and groups (as a set)');
    check(item?.ask === true && item?.subscription === 'none', 'server roster has subscription=none ask=subscribe');
    facts.pageErrors = pageErrors;
    await context.close();

    // --- 3. The extension route (MAIN world, document_start) ----------------------------------
    const extDir = mkdtempSync(join(tmpdir(), 'ferry-probe-ext-'));
    const userDataDir = mkdtempSync(join(tmpdir(), 'ferry-probe-profile-'));
    tmpDirs.push(extDir, userDataDir);
    writeFileSync(
      join(extDir, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'Ferry Converse probe',
        version: '0.0.1',
        content_scripts: [{ matches: ['http://127.0.0.1/*'], js: ['main.js'], run_at: 'document_start', world: 'MAIN' }],
      }),
    );
    writeFileSync(join(extDir, 'main.js'), PROBE_MAIN_JS);
    mkdirSync(join(userDataDir, 'Default'), { recursive: true });
    extContext = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`],
    });
    const extPage = await extContext.newPage();
    await extPage.goto(loginUrl(web.url, corpus.owner)); // no ?expose: the page itself exposes nothing
    await extPage.waitForFunction(
      () => (window as unknown as { __ferryProbe?: { events: { name: string }[] } }).__ferryProbe?.events.some((e) => e.name === 'rosterContactsFetched'),
      undefined,
      { timeout: 30_000 },
    );
    const probe = await extPage.evaluate('window.__ferryProbe');
    facts.extensionProbe = probe;
    const viaPlugin = await inPage<{ contacts: number; archive: number }>(
      extPage,
      `const api = window.__ferryApi;
       const contacts = await api.contacts.get();
       const r = await api.archive.query({ mam: { with: arg }, rsm: { max: 50 } });
       return { contacts: contacts.length, archive: r.messages.length };`,
      alice.with,
    );
    facts.extensionApiCheck = viaPlugin;
    check(viaPlugin.contacts >= corpus.contacts.length && viaPlugin.archive === alice.messages.length, 'plugin registered from a MAIN-world content script reaches the API');
  } finally {
    await extContext?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await web?.stop();
    await prosody?.stop();
    for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  }
  facts.totalMs = Math.round(performance.now() - t0);
  writeFileSync(OUT, JSON.stringify(facts, null, 2));
  console.log(JSON.stringify(facts, null, 2));
  console.log(`facts written to ${OUT}`);
  if (failures.length) {
    console.error(`\n${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

await main();
