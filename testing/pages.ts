/**
 * Ferry's pages as a person uses them, one method per thing they do. Each method clicks and types
 * only (no shortcut into the extension's storage), so a test that passes means the flow works for
 * a person, and each step leaves a screenshot when the fixture's `stepScreenshots` is on.
 */
import type { Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';
import type { ArchiveFile } from './archive.js';
import type { ExtensionBrowser } from './support/browser.js';
import { exportThroughExtension, openConverse, openFromPopup, Recorder, type Account } from './support/migration-flow.js';

const STEP_TIMEOUT = 60_000;

/** Recorder whose screenshots also go into the Playwright report, as attachments named for the step. */
export class ReportRecorder extends Recorder {
  constructor(
    private readonly testInfo: TestInfo,
    enabled: boolean,
  ) {
    super(enabled ? testInfo.outputPath('steps') : null);
  }
  override async shotOf(name: string, take: () => Promise<Buffer>): Promise<void> {
    const before = this.screenshots.length;
    await super.shotOf(name, take);
    const path = this.screenshots[before];
    if (path) await this.testInfo.attach(`step ${before + 1}: ${name}`, { path, contentType: 'image/png' });
  }
}

interface PageContext {
  browser: ExtensionBrowser;
  converseUrl: string;
  recorder: Recorder;
  outDir: string;
}

export class ExportPage {
  constructor(
    private readonly ctx: PageContext,
    private readonly defaultAccount: Account | undefined,
  ) {}

  /**
   * Logs in to `from` (default: the seeded account) in Converse.js, exports it on Ferry's export
   * page, sets the passphrase and saves the encrypted archive. Returns the saved file.
   */
  async exportAccount(options: { passphrase: string; from?: Account }): Promise<ArchiveFile> {
    const from = options.from ?? this.defaultAccount;
    if (!from) throw new Error('exportAccount: no account to export; use the `account` fixture or pass { from: { jid, password } }');
    const { archivePath } = await exportThroughExtension(this.ctx.browser, { converseUrl: this.ctx.converseUrl, from, passphrase: options.passphrase, outDir: this.ctx.outDir }, this.ctx.recorder);
    return { path: archivePath, passphrase: options.passphrase };
  }
}

export interface ImportReport {
  added: number;
  alreadyPresent: number;
  /** Friends the import left out (no address and placeholders off). */
  skipped: number;
  /** The counts the page showed after unlocking the archive. */
  shown: { contacts: number; conversations: number; messages: number };
}

export interface ImportOptions {
  /** New addresses typed in, by the friend's display name: { '김민준': 'minjun@new.example' }. */
  map?: Record<string, string>;
  /** Ask the new server first which friends published a profile there (fills their rows). */
  askServer?: boolean;
  /** The account to import into (default: the seeded account's empty new account). */
  into?: Account;
}

export class ImportPage {
  private messengerTab: Page | undefined;
  private loggedInAs: string | undefined;

  constructor(
    private readonly ctx: PageContext,
    private readonly defaultAccount: Account | undefined,
  ) {}

  /**
   * Logs in to the new account (once per test), opens the import page, unlocks `archive`, types
   * the mapping, imports the friends and returns the page's report.
   */
  async importFriends(archive: ArchiveFile, options: ImportOptions = {}): Promise<ImportReport> {
    const into = options.into ?? this.defaultAccount;
    if (!into) throw new Error('importFriends: no account to import into; use the `account` fixture or pass { into: { jid, password } }');
    if (!archive.passphrase) throw new Error('importFriends: the page unlocks archives with a passphrase; this ArchiveFile has none');
    if (this.loggedInAs !== into.jid) {
      await this.messengerTab?.close();
      this.messengerTab = await this.ctx.recorder.timed('login-new', () => openConverse(this.ctx.browser, this.ctx.converseUrl, into));
      this.loggedInAs = into.jid;
    }
    const rec = this.ctx.recorder;
    const page = await openFromPopup(this.ctx.browser, 'Import into a messenger');
    try {
      await page.getByLabel('Archive file (.age)').setInputFiles(archive.path);
      await page.getByLabel('Passphrase').fill(archive.passphrase);
      await rec.timed('decrypt-and-open', async () => {
        await page.getByRole('button', { name: 'Unlock' }).click();
        const outcome = page.locator('[data-count="messages"], [role="alert"]').first();
        await outcome.waitFor({ timeout: STEP_TIMEOUT });
        if ((await outcome.getAttribute('role')) === 'alert') throw new Error(`The import page refused ${archive.path}: ${await outcome.innerText()}`);
      });
      const count = async (key: string) => Number((await page.locator(`[data-count="${key}"]`).innerText()).replace(/\D/g, ''));
      const shown = { contacts: await count('contacts'), conversations: await count('conversations'), messages: await count('messages') };
      await page.getByRole('radio').first().waitFor({ timeout: STEP_TIMEOUT });
      if (options.askServer) {
        await page.getByRole('button', { name: 'Ask the new server which friends are there' }).click();
        await page.locator('[data-lookup-done]').waitFor({ timeout: STEP_TIMEOUT });
      }
      for (const [name, address] of Object.entries(options.map ?? {})) {
        const box = page.getByRole('textbox', { name: `New address for ${name}`, exact: true });
        if ((await box.count()) === 0) throw new Error(`importFriends: the archive has no friend named ${JSON.stringify(name)} to map (map keys are display names)`);
        await box.fill(address);
      }
      await rec.shot(page, 'import-preview');
      const report = await rec.timed('import-contacts', async () => {
        await page.getByRole('button', { name: /^Import \d+ friends?$/ }).click();
        const box = page.locator('[data-import-report], [role="alert"]').first();
        await box.waitFor({ timeout: STEP_TIMEOUT });
        if ((await box.getAttribute('role')) === 'alert') throw new Error(`The import failed: ${await box.innerText()}`);
        const n = async (sel: string) => ((await box.locator(sel).count()) ? Number(await box.locator(sel).innerText()) : 0);
        return { added: await n('[data-added]'), alreadyPresent: await n('[data-present]'), skipped: await n('[data-skipped]') };
      });
      await rec.shot(page, 'import-report');
      return { ...report, shown };
    } finally {
      await page.close();
    }
  }
}

export interface SearchResult {
  /** How many messages match (the page may list fewer). */
  count: number;
  /** The listed matches' texts, as shown. */
  texts: string[];
}

export class Viewer {
  private page: Page | undefined;

  constructor(private readonly ctx: PageContext) {}

  /** Opens the viewer from the popup and unlocks `archive` (an .age file with its passphrase, or a plain zip). */
  async open(archive: ArchiveFile): Promise<Page> {
    await this.page?.close();
    const page = await openFromPopup(this.ctx.browser, 'View an archive');
    this.page = page;
    await page.getByLabel(/Archive file/).setInputFiles(archive.path);
    if (archive.passphrase) await page.getByLabel('Passphrase').fill(archive.passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    const outcome = page.locator('nav[aria-label="Conversations"] button, [role="alert"]').first();
    await outcome.waitFor({ timeout: STEP_TIMEOUT });
    if ((await outcome.getAttribute('role')) === 'alert') throw new Error(`The viewer refused ${archive.path}: ${await outcome.innerText()}`);
    await this.ctx.recorder.shot(page, 'viewer-open');
    return page;
  }

  private opened(): Page {
    if (!this.page) throw new Error('viewer: open an archive first (await viewer.open(archive))');
    return this.page;
  }

  /** Conversation titles in the list, in order. */
  async conversations(): Promise<string[]> {
    return this.opened()
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-conversation') ?? ''));
  }

  /** Opens the conversation titled `title` and returns its message texts, as shown. */
  async read(title: string): Promise<string[]> {
    const page = this.opened();
    await page.locator(`nav button[data-conversation="${title.replace(/["\\]/g, '\\$&')}"]`).click();
    await page.locator('article.message').first().waitFor({ timeout: STEP_TIMEOUT });
    await this.ctx.recorder.shot(page, `viewer-${title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 40)}`);
    return page.locator('article.message .text').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
  }

  /** Types `query` into the search box and waits for the page's answer. */
  async search(query: string): Promise<SearchResult> {
    const page = this.opened();
    await page.getByRole('searchbox', { name: 'Search messages' }).fill(query);
    const count = page.locator('[data-search-count]');
    await count.waitFor({ timeout: STEP_TIMEOUT });
    const result = {
      count: Number(await count.getAttribute('data-search-count')),
      texts: await page.locator('.search-results .snippet').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? '')),
    };
    await this.ctx.recorder.shot(page, `viewer-search`);
    return result;
  }

  async close(): Promise<void> {
    await this.page?.close();
    this.page = undefined;
  }
}

export const pageContext = (browser: ExtensionBrowser, converseUrl: string, recorder: Recorder, outDir: string): PageContext => ({ browser, converseUrl, recorder, outDir: join(outDir) });
