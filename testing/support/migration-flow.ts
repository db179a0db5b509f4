/**
 * The migration a person performs, step by step through Ferry's own pages: clicks and typing only.
 * The demo (e2e/demo.ts) and the end-to-end tests run exactly these steps.
 */
import type { Page } from 'playwright-core';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionBrowser } from './browser.js';
import { allowSite } from './site-access.js';

export interface Account {
  jid: string;
  password: string;
}

export interface MigrationResult {
  archivePath: string;
  archiveBytes: number;
  shownCounts: { contacts: number; conversations: number; messages: number };
  importReport: { added: number; alreadyPresent: number };
  viewerConversations: string[];
  stepSeconds: Record<string, number>;
  screenshots: string[];
}

const STEP_TIMEOUT = 60_000;

/** Times steps and numbers screenshots, so a run leaves a readable trail in its output folder. */
export class Recorder {
  readonly stepSeconds: Record<string, number> = {};
  readonly screenshots: string[] = [];
  constructor(readonly outDir: string | null) {
    if (outDir) mkdirSync(outDir, { recursive: true });
  }
  async timed<T>(step: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      this.stepSeconds[step] = Math.round(performance.now() - started) / 1000;
    }
  }
  async shot(page: Page, name: string): Promise<void> {
    await this.shotOf(name, () => page.screenshot({ fullPage: true }));
  }
  /** A screenshot taken some other way (Firefox over BiDi): `take` is called only when screenshots are on. */
  async shotOf(name: string, take: () => Promise<Buffer>): Promise<void> {
    if (!this.outDir) return;
    const path = join(this.outDir, `${String(this.screenshots.length + 1).padStart(2, '0')}-${name}.png`);
    writeFileSync(path, await take());
    this.screenshots.push(path);
  }
}

/** Opens Converse.js logged in as `account` and waits for its roster. */
export async function openConverse(browser: ExtensionBrowser, converseUrl: string, account: Account): Promise<Page> {
  await allowSite(browser, converseUrl); // Ferry has no site access until the user allows one
  const page = await browser.context.newPage();
  const url = new URL(converseUrl);
  url.searchParams.set('jid', account.jid);
  url.searchParams.set('password', account.password);
  await page.goto(url.toString());
  // Logged in once the roster has rendered (Converse lists your own JID as well).
  await page.locator('converse-roster li.list-item').first().waitFor({ timeout: STEP_TIMEOUT });
  return page;
}

/** Opens the toolbar popup as a page and follows one of its buttons to the page it opens. */
export async function openFromPopup(browser: ExtensionBrowser, button: string): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.goto(browser.pageUrl('popup'));
  const [page] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: button }).click()]);
  await page.waitForLoadState();
  return page;
}

/** Logs in to the old account, exports it on Ferry's export page and saves the encrypted archive. */
export async function exportThroughExtension(
  browser: ExtensionBrowser,
  options: { converseUrl: string; from: Account; passphrase: string; outDir: string },
  recorder = new Recorder(null),
): Promise<{ archivePath: string }> {
  const oldTab = await recorder.timed('login-old', () => openConverse(browser, options.converseUrl, options.from));
  await recorder.shot(oldTab, 'old-account-converse');
  const exportPage = await openFromPopup(browser, 'Export from a messenger');
  await exportPage.getByRole('radio').first().waitFor({ timeout: STEP_TIMEOUT });
  await recorder.shot(exportPage, 'export-choose-messenger');
  await recorder.timed('export', async () => {
    await exportPage.getByRole('button', { name: 'Export friends and history' }).click();
    await exportPage.locator('[data-progress="done"]').waitFor({ timeout: STEP_TIMEOUT });
  });
  await exportPage.getByLabel('Passphrase', { exact: true }).fill(options.passphrase);
  await exportPage.getByLabel('Passphrase again').fill(options.passphrase);
  const archivePath = await recorder.timed('encrypt-and-save', async () => {
    const [download] = await Promise.all([
      exportPage.waitForEvent('download', { timeout: STEP_TIMEOUT }),
      exportPage.getByRole('button', { name: 'Save encrypted archive' }).click(),
    ]);
    const path = join(options.outDir, download.suggestedFilename());
    await download.saveAs(path);
    return path;
  });
  await exportPage.locator('[data-saved]').waitFor();
  await recorder.shot(exportPage, 'export-saved');
  await oldTab.close();
  await exportPage.close();
  return { archivePath };
}

/** Opens the import page, unlocks the archive, and imports its friend list into the one logged-in messenger tab. */
export async function importThroughExtension(
  browser: ExtensionBrowser,
  options: { archivePath: string; passphrase: string },
  recorder = new Recorder(null),
): Promise<{ page: Page; shownCounts: MigrationResult['shownCounts']; report: MigrationResult['importReport'] }> {
  const importPage = await openFromPopup(browser, 'Import into a messenger');
  await importPage.getByLabel('Archive file (.age)').setInputFiles(options.archivePath);
  await importPage.getByLabel('Passphrase').fill(options.passphrase);
  await recorder.timed('decrypt-and-open', async () => {
    await importPage.getByRole('button', { name: 'Unlock' }).click();
    // Either the counts appear or the page says what went wrong; report the page's own words.
    const outcome = importPage.locator('[data-count="messages"], [role="alert"]').first();
    await outcome.waitFor({ timeout: STEP_TIMEOUT });
    if ((await outcome.getAttribute('role')) === 'alert') throw new Error(`The import page refused the archive: ${await outcome.innerText()}`);
  });
  const count = async (key: string) => Number((await importPage.locator(`[data-count="${key}"]`).innerText()).replace(/\D/g, ''));
  const shownCounts = { contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages') };
  await importPage.getByRole('radio').first().waitFor({ timeout: STEP_TIMEOUT });
  await recorder.shot(importPage, 'import-preview');
  const report = await recorder.timed('import-contacts', async () => {
    await importPage.getByRole('button', { name: /^Import \d+ friends$/ }).click();
    const reportBox = importPage.locator('[data-import-report]');
    await reportBox.waitFor({ timeout: STEP_TIMEOUT });
    return {
      added: Number(await reportBox.locator('[data-added]').innerText()),
      alreadyPresent: Number(await reportBox.locator('[data-present]').innerText()),
    };
  });
  await recorder.shot(importPage, 'import-report');
  return { page: importPage, shownCounts, report };
}

/** The whole migration: export from the old account, import into the new one, read history in the viewer. */
export async function migrate(
  browser: ExtensionBrowser,
  options: { converseUrl: string; targetConverseUrl?: string; from: Account; to: Account; passphrase: string; outDir: string },
): Promise<MigrationResult> {
  const { passphrase } = options;
  const recorder = new Recorder(options.outDir);
  const { archivePath } = await exportThroughExtension(browser, options, recorder);

  const targetUrl = options.targetConverseUrl ?? options.converseUrl;
  const newTab = await recorder.timed('login-new', () => openConverse(browser, targetUrl, options.to));
  const { page: importPage, shownCounts, report: importReport } = await importThroughExtension(browser, { archivePath, passphrase }, recorder);
  await newTab.reload();
  await newTab.locator('converse-roster li.list-item').nth(1).waitFor({ timeout: STEP_TIMEOUT });
  await recorder.shot(newTab, 'new-account-converse');

  // History, read-only, in the viewer.
  const [viewer] = await Promise.all([
    browser.context.waitForEvent('page'),
    importPage.getByRole('button', { name: 'Read history in the viewer' }).click(),
  ]);
  await viewer.waitForLoadState();
  await viewer.getByLabel('Passphrase').fill(passphrase);
  await viewer.getByRole('button', { name: 'Unlock' }).click();
  const nav = viewer.getByRole('navigation', { name: 'Conversations' });
  await nav.getByRole('button').first().waitFor({ timeout: STEP_TIMEOUT });
  const viewerConversations = await nav.getByRole('button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-conversation') ?? ''));
  await nav.getByRole('button').first().click();
  await viewer.locator('article.message').first().waitFor();
  await recorder.shot(viewer, 'viewer-history');

  return {
    archivePath,
    archiveBytes: statSync(archivePath).size,
    shownCounts,
    importReport,
    viewerConversations,
    stepSeconds: recorder.stepSeconds,
    screenshots: recorder.screenshots,
  };
}
