/**
 * Never lose progress: Chromium stops an MV3 extension's service worker whenever it likes, and a
 * user may close Ferry's tab at any moment. Here both happen in the middle of an export and in
 * the middle of an import; running it again finishes the job with every message exactly once.
 *
 * To stop the export at a known point, the test sits on the messenger's websocket (Playwright's
 * routeWebSocket): it lets two archive pages through, then holds the server's answer to the third
 * request while the worker is stopped and the tab closed.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, type Corpus, type CorpusMessage } from './fixtures/seed-corpus.js';
import type { ExtensionBrowser } from '../testing/support/browser.js';
import type { ConverseServer } from '../testing/support/converse-server.js';
import { archiveDifferences } from '../testing/support/corpus-check.js';
import { openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import { ArchiveGate } from './support/archive-gate.js';
import type { ProsodyServer } from '../testing/support/prosody.js';
import { archiveOf } from '../testing/support/seed.js';
import { serviceWorkerRunning, stopServiceWorker } from './support/worker-control.js';
import { openArchive } from '../src/transfer/archive-file.js';
import { useOldAccountStage } from './support/old-account-stage.js';

test.describe.configure({ mode: 'serial' });

const PASSPHRASE = '이어서 계속 resume 2026';
/** Prosody answers at most 50 archived messages a page: 130 more make the export take several pages. */
const EXTRA = 130;
const first = corpus.conversations[0]!;
const extra: CorpusMessage[] = Array.from({ length: EXTRA }, (_, i) => ({ from: i % 3 === 0 ? 'them' : 'me', body: `이어받기 resume check ${String(i + 1).padStart(3, '0')}` }));
const big: Corpus = { ...corpus, conversations: [{ ...first, messages: [...first.messages, ...extra] }, ...corpus.conversations.slice(1)] };
const total = big.conversations.reduce((n, c) => n + c.messages.length, 0);

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;
let archivePath: string;

/** "…: 12 contacts, 130 messages (3 archive pages)" → the three numbers. */
async function progressNumbers(page: Page, selector: string): Promise<number[]> {
  const text = await page.locator(selector).innerText();
  return [...text.matchAll(/\d[\d,.]*/g)].map((m) => Number(m[0].replace(/[,.]/g, '')));
}

useOldAccountStage(big, 'ferry-resume-', 240_000, (stage) => ({ prosody, converse, browser, outDir } = stage));

test('an export cut off by a stopped worker and a closed tab resumes where it stopped, with every message exactly once', async () => {
  const gate = new ArchiveGate(2);
  await browser.context.routeWebSocket(/xmpp-websocket/, gate.route);
  const oldTab = await openConverse(browser, converse.url, corpus.owner);

  const cut = await openFromPopup(browser, 'Export from a messenger');
  await cut.getByRole('radio').first().waitFor();
  gate.armed = true;
  await cut.getByRole('button', { name: 'Export friends and history' }).click();
  await expect.poll(() => gate.held.length, { timeout: 30_000 }).toBeGreaterThan(0);
  // Two pages are journaled; the third is on its way. Now MV3 kills the worker and the user closes the tab.
  const [, fetchedBeforeCut, pagesBeforeCut] = await progressNumbers(cut, '[data-progress="history"]');
  expect(pagesBeforeCut).toBe(2);
  await stopServiceWorker(browser);
  expect(await serviceWorkerRunning(browser)).toBe(false);
  await cut.close();
  gate.release();

  const resumed = await openFromPopup(browser, 'Export from a messenger');
  await resumed.getByRole('radio').first().waitFor({ timeout: 30_000 }); // the worker answered again
  expect(await serviceWorkerRunning(browser)).toBe(true);
  await resumed.getByRole('button', { name: 'Export friends and history' }).click();
  await resumed.locator('[data-progress="done"]').waitFor({ timeout: 60_000 });
  const [, fetchedAfterCut] = await progressNumbers(resumed, '[data-progress="done"]');
  // The second run fetched only what the first had not: nothing twice, nothing skipped.
  expect(fetchedBeforeCut).toBeGreaterThan(0);
  expect(fetchedAfterCut).toBeLessThan(total);

  await resumed.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await resumed.getByLabel('Passphrase again').fill(PASSPHRASE);
  const [download] = await Promise.all([resumed.waitForEvent('download'), resumed.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  archivePath = join(outDir, download.suggestedFilename());
  await download.saveAs(archivePath);
  await resumed.close();
  await oldTab.close();

  const content = await openArchive(readFileSync(archivePath), () => PASSPHRASE);
  expect(archiveDifferences(content, big)).toEqual([]);
  const ids = [...content.messages.values()].flat().map((m) => m.id);
  expect(ids).toHaveLength(total);
  expect(new Set(ids).size).toBe(total);
  expect(fetchedBeforeCut! + fetchedAfterCut!).toBeGreaterThanOrEqual(total);
});

test('copying history into notes to self, cut off by a stopped worker and a closed tab, finishes without a note lost or sent twice', async () => {
  const newTab = await openConverse(browser, converse.url, corpus.newOwner);
  const unlock = async () => {
    const page = await openFromPopup(browser, 'Import into a messenger');
    await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.locator('[data-count="messages"]').waitFor({ timeout: 60_000 });
    await page.getByRole('radio').first().waitFor({ timeout: 30_000 });
    return page;
  };

  const cut = await unlock();
  // The tab closes itself the moment its progress line reaches 10 notes: a test driver reacting
  // from outside would be too late, the notes go out in milliseconds.
  await cut.evaluate(() => {
    new MutationObserver(() => {
      const done = /(\d+)\D+\d+\s*$/.exec(document.querySelector('p[aria-live]')?.textContent ?? '')?.[1];
      if (Number(done ?? 0) >= 10) window.close();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const closed = cut.waitForEvent('close', { timeout: 60_000 });
  await cut.getByRole('button', { name: 'Copy history into my notes to self' }).click();
  await closed;
  await stopServiceWorker(browser);

  const resumed = await unlock();
  await resumed.getByRole('button', { name: 'Copy history into my notes to self' }).click();
  const report = resumed.locator('[data-notes-report]');
  await report.waitFor({ timeout: 60_000 });
  const sent = Number(await report.locator('[data-notes-sent]').innerText());
  const present = Number(await report.locator('[data-notes-present]').innerText());
  expect(present).toBeGreaterThanOrEqual(10);
  expect(sent).toBeGreaterThan(0);
  expect(sent + present).toBe(total);
  await resumed.close();

  // On the server: every message once, plus one heading per conversation, and nothing twice.
  const self = corpus.newOwner.jid;
  const expected = total + big.conversations.length;
  await expect.poll(async () => (await archiveOf(prosody.websocketUrl, self, corpus.newOwner.password, self)).filter((m) => m.body !== undefined).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(expected);
  const bodies = (await archiveOf(prosody.websocketUrl, self, corpus.newOwner.password, self)).map((m) => m.body).filter((b): b is string => b !== undefined);
  const copies = new Map<string, number>();
  for (const body of bodies) copies.set(body, (copies.get(body) ?? 0) + 1);
  expect(copies.size).toBe(expected);
  for (const m of extra) expect([...copies.keys()].filter((b) => b.endsWith(`\n${m.body}`))).toHaveLength(1);
  // The server archives a note to self as many times as it has copies of it (Prosody: sent and
  // received); a note sent twice would show twice that number.
  const perNote = Math.min(...copies.values());
  expect([...copies].filter(([, n]) => n !== perNote)).toEqual([]);
  await newTab.close();
});
