/**
 * The export page's controls, against real Prosody and Converse.js: progress with rate and time
 * left, Cancel while the server is slow (what was fetched is kept and the next run continues),
 * and choosing conversations and days before saving (the archive holds exactly the choice).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, type Corpus, type CorpusMessage } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import type { ConverseServer } from '../testing/support/converse-server.js';
import { openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import type { ProsodyServer } from '../testing/support/prosody.js';
import { ArchiveGate } from './support/archive-gate.js';
import { openArchive } from '../src/transfer/archive-file.js';
import { validateArchive } from '../src/archive/validate.js';
import { useOldAccountStage } from './support/old-account-stage.js';

const PASSPHRASE = '고르고 저장 choose 2026';
const EXTRA = 130; // Prosody pages by 50: several pages, so there is a middle to cancel in
const first = corpus.conversations[0]!;
const extra: CorpusMessage[] = Array.from({ length: EXTRA }, (_, i) => ({ from: i % 2 ? 'them' : 'me', body: `choose ${i}` }));
const big: Corpus = { ...corpus, conversations: [{ ...first, messages: [...first.messages, ...extra] }, ...corpus.conversations.slice(1)] };
const total = big.conversations.reduce((n, c) => n + c.messages.length, 0);

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;

useOldAccountStage(big, 'ferry-choices-', 240_000, (stage) => ({ prosody, converse, browser, outDir } = stage));

test('Cancel stops a slow export at once, the next run continues, and the archive holds only the chosen conversation', async () => {
  test.setTimeout(180_000);
  const gate = new ArchiveGate(2);
  await browser.context.routeWebSocket(/xmpp-websocket/, gate.route);
  const oldTab = await openConverse(browser, converse.url, corpus.owner);
  const page = await openFromPopup(browser, 'Export from a messenger');
  await page.getByRole('radio').first().waitFor();

  gate.armed = true;
  await page.getByRole('button', { name: 'Export friends and history' }).click();
  await expect.poll(() => gate.held.length, { timeout: 30_000 }).toBeGreaterThan(0);
  // Two pages read: the rate is known, and so is the time left when the server gives a count.
  const rate = await page.locator('[data-rate]').innerText();
  expect(rate).toMatch(/\d+ messages a second · about \d+ (seconds?|minutes?) left/); // Prosody counts when asked (RSM max 0)
  test.info().annotations.push({ type: 'progress line', description: rate });

  await page.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByRole('alert')).toContainText('Export cancelled', { timeout: 5_000 });
  gate.release();
  gate.armed = false;

  await page.getByRole('button', { name: 'Export friends and history' }).click();
  const done = page.locator('[data-progress="done"]');
  await done.waitFor({ timeout: 60_000 });
  const fetched = Number((await done.innerText()).match(/([\d,]+) messages/)![1]!.replace(/,/g, ''));
  expect(fetched).toBeGreaterThan(0);
  expect(fetched).toBeLessThan(total); // the pages read before Cancel were not fetched again

  // Choose: only the first conversation, then a bad range, then a range that keeps everything.
  const choose = page.locator('[data-choose]');
  await choose.getByLabel('All conversations').uncheck();
  await expect(page.locator('[data-choose-problem]')).toHaveText('Choose at least one conversation.');
  const firstName = corpus.contacts.find((c) => c.jid === first.with)!.name;
  await choose.getByRole('checkbox', { name: new RegExp(`^${firstName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) }).check();
  const today = new Date().toLocaleDateString('sv'); // yyyy-mm-dd in the browser's (and this machine's) zone
  await page.getByLabel('From (this day included)').fill('2099-01-01');
  await page.getByLabel('Until (this day included)').fill(today);
  await expect(page.locator('[data-choose-problem]')).toContainText('start date is after the end date');
  await page.getByLabel('From (this day included)').fill(today);
  await expect(page.locator('[data-choose-summary]')).toHaveAttribute('data-choose-summary', String(first.messages.length + EXTRA));

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(PASSPHRASE);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  const path = join(outDir, download.suggestedFilename());
  await download.saveAs(path);
  await page.close();
  await oldTab.close();

  const content = await openArchive(readFileSync(path), () => PASSPHRASE);
  expect(validateArchive(content).errors).toEqual([]);
  expect(content.contacts).toHaveLength(corpus.contacts.length); // the whole friend list is kept
  expect(content.conversations).toHaveLength(1);
  const bodies = [...content.messages.values()].flat().map((m) => m.text);
  expect(bodies).toEqual([...first.messages, ...extra].map((m) => m.body));
  expect(content.fidelity?.find((n) => n.item === 'conversation')).toMatchObject({ count: big.conversations.length - 1 });
});

test('a server that answers archive pages with an error for a moment is asked again, and the archive is whole', async () => {
  test.setTimeout(180_000);
  // A fresh profile: the journal of the test above would make this export incremental.
  const fresh = await launchWithExtension({ downloadsDir: outDir });
  try {
    // The page's archive queries (not the count-only one, RSM max 0) number 2 and 3 go to Prosody
    // with a cursor it never issued, so the real server answers each with an error stanza
    // (item-not-found), as a server that is throttling or failing for a moment would with its own
    // condition. (Answering in the server's place instead would break XEP-0198 stream
    // management: the client would acknowledge a stanza the server never sent.)
    let armed = false;
    let pageQueries = 0;
    let spoiled = 0;
    await fresh.context.routeWebSocket(/xmpp-websocket/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => ws.send(message));
      ws.onMessage((message) => {
        let text = typeof message === 'string' ? message : message.toString('utf8');
        const isPageQuery = text.includes('urn:xmpp:mam:2') && text.includes('<query') && !/<max>0<\/max>/.test(text);
        if (armed && isPageQuery && ++pageQueries >= 2 && spoiled < 2) {
          spoiled++;
          text = text.includes('<after>') ? text.replace(/<after>[^<]*<\/after>/, '<after>ferry-no-such-id</after>') : text.replace('</max>', '</max><after>ferry-no-such-id</after>');
          server.send(text);
          return;
        }
        server.send(message);
      });
    });
    const oldTab = await openConverse(fresh, converse.url, corpus.owner);
    const page = await openFromPopup(fresh, 'Export from a messenger');
    await page.getByRole('radio').first().waitFor();
    armed = true;
    await page.getByRole('button', { name: 'Export friends and history' }).click();
    const retrying = page.locator('[data-retrying]');
    await expect(retrying).toContainText('try 2', { timeout: 30_000 });
    test.info().annotations.push({ type: 'retry line', description: await retrying.innerText() });
    const done = page.locator('[data-progress="done"]');
    await done.waitFor({ timeout: 60_000 });
    await expect(retrying).toHaveCount(0);
    expect(spoiled).toBe(2);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Passphrase again').fill(PASSPHRASE);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save encrypted archive' }).click()]);
    const path = join(outDir, download.suggestedFilename());
    await download.saveAs(path);
    await page.close();
    await oldTab.close();
    const content = await openArchive(readFileSync(path), () => PASSPHRASE);
    const ids = [...content.messages.values()].flat().map((m) => m.id);
    expect(ids).toHaveLength(total); // every message, none twice, though two pages failed on the way
    expect(new Set(ids).size).toBe(total);
  } finally {
    await fresh.close();
  }
});
