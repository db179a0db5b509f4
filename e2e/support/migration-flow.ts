/**
 * The migration a person performs, step by step through Ferry's own pages: clicks and typing only.
 * The demo (e2e/demo.ts) and the end-to-end test (e2e/migration.spec.ts) both run exactly this.
 */
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionBrowser } from './browser.js';

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

/** Opens Converse.js logged in as `account` and waits for its roster. */
export async function openConverse(browser: ExtensionBrowser, converseUrl: string, account: Account): Promise<Page> {
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

type Timed = <T>(step: string, run: () => Promise<T>) => Promise<T>;
type Shot = (page: Page, name: string) => Promise<void>;

/** Opens the import page, unlocks the archive, and imports its friend list into the one logged-in messenger tab. */
export async function importThroughExtension(
  browser: ExtensionBrowser,
  options: { archivePath: string; passphrase: string; timed?: Timed; shot?: Shot },
): Promise<{ page: Page; shownCounts: MigrationResult['shownCounts']; report: MigrationResult['importReport'] }> {
  const timed: Timed = options.timed ?? ((_, run) => run());
  const shot: Shot = options.shot ?? (async () => {});
  const importPage = await openFromPopup(browser, 'Import into a messenger');
  await importPage.getByLabel('Archive file (.age)').setInputFiles(options.archivePath);
  await importPage.getByLabel('Passphrase').fill(options.passphrase);
  await timed('decrypt-and-open', async () => {
    await importPage.getByRole('button', { name: 'Unlock' }).click();
    await importPage.locator('[data-count="messages"]').waitFor({ timeout: STEP_TIMEOUT });
  });
  const count = async (key: string) => Number((await importPage.locator(`[data-count="${key}"]`).innerText()).replace(/\D/g, ''));
  const shownCounts = { contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages') };
  await importPage.getByRole('radio').first().waitFor({ timeout: STEP_TIMEOUT });
  await shot(importPage, 'import-preview');
  const report = await timed('import-contacts', async () => {
    await importPage.getByRole('button', { name: /^Import \d+ friends$/ }).click();
    const reportBox = importPage.locator('[data-import-report]');
    await reportBox.waitFor({ timeout: STEP_TIMEOUT });
    return {
      added: Number(await reportBox.locator('[data-added]').innerText()),
      alreadyPresent: Number(await reportBox.locator('[data-present]').innerText()),
    };
  });
  return { page: importPage, shownCounts, report };
}

export async function migrate(
  browser: ExtensionBrowser,
  options: { converseUrl: string; from: Account; to: Account; passphrase: string; outDir: string },
): Promise<MigrationResult> {
  const { outDir, passphrase } = options;
  mkdirSync(outDir, { recursive: true });
  const stepSeconds: Record<string, number> = {};
  const screenshots: string[] = [];
  const shot = async (page: Page, name: string) => {
    const path = join(outDir, `${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    screenshots.push(path);
  };
  const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      stepSeconds[step] = Math.round(performance.now() - started) / 1000;
    }
  };

  // 1. The old account, logged in to its web messenger.
  const oldTab = await timed('login-old', () => openConverse(browser, options.converseUrl, options.from));
  await shot(oldTab, 'old-account-converse');

  // 2. Export through Ferry's export page.
  const exportPage = await openFromPopup(browser, 'Export from a messenger');
  await exportPage.getByRole('radio').first().waitFor({ timeout: STEP_TIMEOUT });
  await shot(exportPage, 'export-choose-messenger');
  await timed('export', async () => {
    await exportPage.getByRole('button', { name: 'Export friends and history' }).click();
    await exportPage.locator('[data-progress="done"]').waitFor({ timeout: STEP_TIMEOUT });
  });
  await exportPage.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await exportPage.getByLabel('Passphrase again').fill(passphrase);
  const archivePath = await timed('encrypt-and-save', async () => {
    const [download] = await Promise.all([
      exportPage.waitForEvent('download', { timeout: STEP_TIMEOUT }),
      exportPage.getByRole('button', { name: 'Save encrypted archive' }).click(),
    ]);
    const path = join(outDir, download.suggestedFilename());
    await download.saveAs(path);
    return path;
  });
  await exportPage.locator('[data-saved]').waitFor();
  await shot(exportPage, 'export-saved');
  await oldTab.close();

  // 3. The new account, logged in to its web messenger.
  const newTab = await timed('login-new', () => openConverse(browser, options.converseUrl, options.to));

  // 4. Import through Ferry's import page.
  const { page: importPage, shownCounts, report: importReport } = await importThroughExtension(browser, { archivePath, passphrase, timed, shot });
  await shot(importPage, 'import-report');
  await newTab.reload();
  await newTab.locator('converse-roster li.list-item').nth(1).waitFor({ timeout: STEP_TIMEOUT });
  await shot(newTab, 'new-account-converse');

  // 5. History, read-only, in the viewer.
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
  await shot(viewer, 'viewer-history');

  const { size } = await import('node:fs/promises').then((fs) => fs.stat(archivePath));
  return { archivePath, archiveBytes: size, shownCounts, importReport, viewerConversations, stepSeconds, screenshots };
}
