/**
 * Ferry's pages in Firefox, over WebDriver BiDi (the kit's Firefox context has no Playwright
 * pages): the same methods and results as ExportPage, ImportPage and Viewer in pages.ts, and the
 * same steps a person takes: real clicks (input.performActions), typing as input events, files
 * picked with input.setFiles, the archive saved by Firefox's own download into the test's folder.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveFile } from './archive.js';
import type { ImportOptions, ImportReport, SearchResult } from './pages.js';
import type { FirefoxExtension } from './support/firefox-extension.js';
import { clickOpeningTab, FirefoxTab, js, STEP_TIMEOUT } from './support/firefox-tab.js';
import { Recorder, type Account } from './support/migration-flow.js';
import { sitePattern } from './support/site-access.js';

const allowed = new WeakMap<FirefoxExtension, Set<string>>();

/**
 * Allows Ferry on the messenger's site from Ferry's export page, as a user would: types the
 * address, clicks "Allow Ferry on this site" (a real click: Firefox lets permissions.request run
 * only inside user input). Firefox's own "Allow" prompt is answered by the profile's
 * `extensions.webextOptionalPermissionPrompts = false` (firefox-extension.ts). Once per browser and site.
 */
export async function allowSiteInFirefox(ff: FirefoxExtension, siteUrl: string): Promise<void> {
  const pattern = sitePattern(siteUrl);
  const done = allowed.get(ff) ?? new Set<string>();
  allowed.set(ff, done);
  if (done.has(pattern)) return;
  const tab = await FirefoxTab.open(ff, ff.pageUrl('export'));
  try {
    await tab.waitFor('the site access form', `document.getElementById('site-address')`);
    await tab.type('#site-address', siteUrl);
    await tab.clickButton('Allow Ferry on this site');
    const outcome = await tab.waitFor(
      `${pattern} to be listed as allowed`,
      `document.querySelector(${js(`[data-site="${pattern.slice(0, -2)}"]`)}) ? 'listed' : (document.querySelector('[data-site-access] .error, [role="alert"]') || {}).textContent`,
      15_000,
    );
    if (outcome !== 'listed') throw new Error(`Firefox did not allow Ferry on ${siteUrl}: ${outcome}`);
  } finally {
    await tab.close();
  }
  done.add(pattern);
}

/** Opens Converse.js logged in as `account` (Ferry allowed on its site first) and waits for its roster. */
export async function openConverseInFirefox(ff: FirefoxExtension, converseUrl: string, account: Account): Promise<FirefoxTab> {
  await allowSiteInFirefox(ff, converseUrl);
  const url = new URL(converseUrl);
  url.searchParams.set('jid', account.jid);
  url.searchParams.set('password', account.password);
  const tab = await FirefoxTab.open(ff, url.toString());
  await tab.waitFor(`Converse.js to log in ${account.jid} and show the roster`, `document.querySelector('converse-roster li.list-item')`);
  return tab;
}

/** Opens the toolbar popup as a tab and follows one of its buttons to the page it opens. */
export async function openFromPopupInFirefox(ff: FirefoxExtension, button: string, page: string): Promise<FirefoxTab> {
  const popup = await FirefoxTab.open(ff, ff.pageUrl('popup'));
  try {
    return await clickOpeningTab(popup, button, ff.pageUrl(page));
  } finally {
    await popup.close();
  }
}

interface FirefoxPageContext {
  ff: FirefoxExtension;
  converseUrl: string;
  recorder: Recorder;
}

const shot = (ctx: FirefoxPageContext, tab: FirefoxTab, name: string) => ctx.recorder.shotOf(name, () => tab.screenshot());

/** Waits until Firefox has finished writing a new file into `dir` (no .part left, size steady) and returns its path. */
async function savedDownload(ff: FirefoxExtension, dir: string, before: Set<string>, expectedName: string): Promise<string> {
  let last = '';
  const found = await ff.until(
    `Firefox to save ${expectedName} into ${dir}`,
    async () => {
      const names = existsSync(dir) ? readdirSync(dir) : [];
      if (names.some((n) => n.endsWith('.part'))) return '';
      const fresh = names.filter((n) => !before.has(n) && n.endsWith(expectedName.slice(expectedName.lastIndexOf('.'))));
      if (fresh.length !== 1) return '';
      const path = join(dir, fresh[0]!);
      const now = `${path}:${statSync(path).size}`;
      const steady = now === last && statSync(path).size > 0;
      last = now;
      return steady ? path : '';
    },
    (p) => p !== '',
    STEP_TIMEOUT,
  );
  return found;
}

export class FirefoxExportPage {
  constructor(
    private readonly ctx: FirefoxPageContext,
    private readonly defaultAccount: Account | undefined,
  ) {}

  /** As ExportPage.exportAccount: logs in to `from` in Converse.js, exports it on Ferry's export page and saves the encrypted archive. */
  async exportAccount(options: { passphrase: string; from?: Account }): Promise<ArchiveFile> {
    const from = options.from ?? this.defaultAccount;
    if (!from) throw new Error('exportAccount: no account to export; use the `account` fixture or pass { from: { jid, password } }');
    const { ff, recorder: rec } = this.ctx;
    const dir = ff.downloadsDir;
    if (!dir) throw new Error('exportAccount in Firefox: the browser was started without a downloads folder (launchFirefoxWithExtension({ downloadsDir }))');
    mkdirSync(dir, { recursive: true });
    const converse = await rec.timed('login-old', () => openConverseInFirefox(ff, this.ctx.converseUrl, from));
    await shot(this.ctx, converse, 'old-account-converse');
    const page = await openFromPopupInFirefox(ff, 'Export from a messenger', 'export');
    try {
      await page.waitFor(`the export page to find ${from.jid}'s Converse tab`, `(() => { const r = document.querySelector('input[name="messenger"]'); return r && r.checked ? 'picked' : ''; })()`);
      await shot(this.ctx, page, 'export-choose-messenger');
      await rec.timed('export', async () => {
        await page.clickButton('Export friends and history');
        const outcome = await page.waitFor('the export to finish or say what went wrong', `document.querySelector('[data-progress="done"]') ? 'done' : (document.querySelector('[role="alert"]') || {}).textContent`);
        if (outcome !== 'done') throw new Error(`The export in Firefox stopped: ${outcome}`);
      });
      await page.type('#passphrase', options.passphrase);
      await page.type('#confirm', options.passphrase);
      const path = await rec.timed('encrypt-and-save', async () => {
        const before = new Set(existsSync(dir) ? readdirSync(dir) : []);
        await page.clickButton('Save encrypted archive');
        const name = await page.waitFor('the page to say the archive is saved, or what went wrong', `(document.querySelector('[data-saved]') || {}).dataset ? document.querySelector('[data-saved]').dataset.saved : (document.querySelector('[role="alert"]') ? 'alert:' + document.querySelector('[role="alert"]').textContent : '')`);
        if (name.startsWith('alert:')) throw new Error(`Saving the archive in Firefox failed: ${name.slice(6)}`);
        return savedDownload(ff, dir, before, name);
      });
      await shot(this.ctx, page, 'export-saved');
      return { path, passphrase: options.passphrase };
    } finally {
      await page.close();
      await converse.close();
    }
  }
}

export class FirefoxImportPage {
  private messengerTab: FirefoxTab | undefined;
  private loggedInAs: string | undefined;

  constructor(
    private readonly ctx: FirefoxPageContext,
    private readonly defaultAccount: Account | undefined,
  ) {}

  /** As ImportPage.importFriends: unlocks `archive` on Ferry's import page, types the mapping, imports the friends into the logged-in account. */
  async importFriends(archive: ArchiveFile, options: ImportOptions = {}): Promise<ImportReport> {
    const into = options.into ?? this.defaultAccount;
    if (!into) throw new Error('importFriends: no account to import into; use the `account` fixture or pass { into: { jid, password } }');
    if (!archive.passphrase) throw new Error('importFriends: the page unlocks archives with a passphrase; this ArchiveFile has none');
    const { ff, recorder: rec } = this.ctx;
    if (this.loggedInAs !== into.jid) {
      await this.messengerTab?.close();
      this.messengerTab = await rec.timed('login-new', () => openConverseInFirefox(ff, this.ctx.converseUrl, into));
      this.loggedInAs = into.jid;
    }
    const page = await openFromPopupInFirefox(ff, 'Import into a messenger', 'import');
    try {
      await page.waitFor('the import page to offer a file input', `document.getElementById('archive-file')`);
      await page.setFiles('#archive-file', [archive.path]);
      await page.type('#unlock-passphrase', archive.passphrase);
      await rec.timed('decrypt-and-open', async () => {
        await page.clickButton('Unlock');
        const outcome = await page.waitFor('the import page to show the counts or say what went wrong', `document.querySelector('[data-count="messages"]') ? 'open' : (document.querySelector('[role="alert"]') || {}).textContent`);
        if (outcome !== 'open') throw new Error(`The import page in Firefox refused ${archive.path}: ${outcome}`);
      });
      const shown = await page.json<ImportReport['shown']>(`Object.fromEntries(['contacts', 'conversations', 'messages'].map((k) => [k, Number(document.querySelector('[data-count="' + k + '"]').textContent.replace(/\D/g, ''))]))`);
      await page.waitFor(`the import page to find ${into.jid}'s Converse tab`, `(() => { const r = document.querySelector('input[name="messenger"]'); return r && r.checked ? 'picked' : ''; })()`);
      if (options.askServer) {
        await page.clickButton('Ask the new server which friends are there');
        const answer = await page.waitFor('the new server to answer, or the page to say why not', `document.querySelector('[data-lookup-done]') ? 'done' : (document.querySelector('[data-contact-mapping] [role="alert"]') || {}).textContent`);
        if (answer !== 'done') throw new Error(`Asking the new server in Firefox failed: ${answer}`);
      }
      for (const [name, address] of Object.entries(options.map ?? {})) {
        const box = `input[aria-label="New address for ${name.replace(/["\\]/g, '\\$&')}"]`;
        if (!(await page.evaluate<boolean>(`!!document.querySelector(${js(box)})`))) throw new Error(`importFriends: the archive has no friend named ${JSON.stringify(name)} to map (map keys are display names)`);
        await page.type(box, address);
      }
      await shot(this.ctx, page, 'import-preview');
      const report = await rec.timed('import-contacts', async () => {
        await page.clickButton(/^Import \d+ friends?$/);
        const outcome = await page.waitFor('the import to report or say what went wrong', `document.querySelector('[data-import-report]') ? 'report' : (document.querySelector('[role="alert"]') || {}).textContent`);
        if (outcome !== 'report') throw new Error(`The import in Firefox failed: ${outcome}`);
        return page.json<Omit<ImportReport, 'shown'>>(
          `(() => { const box = document.querySelector('[data-import-report]'); const n = (sel) => { const el = box.querySelector(sel); return el ? Number(el.textContent) : 0; }; return { added: n('[data-added]'), alreadyPresent: n('[data-present]'), skipped: n('[data-skipped]') }; })()`,
        );
      });
      await shot(this.ctx, page, 'import-report');
      return { ...report, shown };
    } finally {
      await page.close();
    }
  }

  /** Closes the logged-in messenger tab (the fixture does, after the test). */
  async close(): Promise<void> {
    await this.messengerTab?.close();
    this.messengerTab = undefined;
  }
}

/**
 * The viewer in Firefox, over WebDriver BiDi: the same steps as Viewer in pages.ts, a file picked
 * with input.setFiles, text typed as input events, buttons clicked in the page.
 */
export class FirefoxViewer {
  private tab: string | undefined;

  constructor(
    private readonly ff: FirefoxExtension,
    private readonly recorder: Recorder = new Recorder(null),
  ) {}

  private shot(name: string): Promise<void> {
    const tab = this.opened();
    return this.recorder.shotOf(name, () => new FirefoxTab(this.ff, tab).screenshot());
  }

  private opened(): string {
    if (!this.tab) throw new Error('viewer: open an archive first (await viewer.open(archive))');
    return this.tab;
  }

  /** Types into an input as a person would: its value, then the input event Preact listens for. */
  private type(selector: string, text: string): Promise<unknown> {
    return this.ff.evaluate(this.opened(), `(() => { const el = document.querySelector(${js(selector)}); if (!el) return 'missing'; el.value = ${js(text)}; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return 'ok'; })()`);
  }

  async open(archive: ArchiveFile): Promise<string> {
    const tab = await this.ff.open(this.ff.pageUrl('viewer'));
    this.tab = tab;
    await this.ff.until('the viewer to offer a file input', () => this.ff.evaluate<boolean>(tab, `!!document.getElementById('archive-file')`), (v) => v);
    const input = await this.ff.firefox.send<{ result: { sharedId?: string } }>('script.evaluate', { expression: `document.getElementById('archive-file')`, target: { context: tab }, awaitPromise: false, resultOwnership: 'root' });
    if (!input.result.sharedId) throw new Error('Firefox did not give a reference to the viewer\'s file input');
    await this.ff.firefox.send('input.setFiles', { context: tab, element: { sharedId: input.result.sharedId }, files: [archive.path] });
    if (archive.passphrase) await this.type('#unlock-passphrase', archive.passphrase);
    await this.ff.evaluate(tab, `(() => { document.querySelector('#unlock-passphrase').form.requestSubmit(); return 'ok'; })()`);
    const outcome = await this.ff.until(
      'the viewer to list conversations or say what went wrong',
      () => this.ff.evaluate<string>(tab, `(() => { const a = document.querySelector('[role="alert"]'); if (a && a.textContent.trim()) return 'alert:' + a.textContent.trim(); return document.querySelector('nav[aria-label="Conversations"] button') ? 'open' : ''; })()`),
      (v) => v !== '',
      STEP_TIMEOUT,
    );
    if (outcome.startsWith('alert:')) throw new Error(`The viewer in Firefox refused ${archive.path}: ${outcome.slice(6)}`);
    await this.shot('viewer-open');
    return tab;
  }

  async conversations(): Promise<string[]> {
    return JSON.parse(await this.ff.evaluate<string>(this.opened(), `JSON.stringify([...document.querySelectorAll('nav[aria-label="Conversations"] button')].map((b) => b.getAttribute('data-conversation') || ''))`));
  }

  async read(title: string): Promise<string[]> {
    const tab = this.opened();
    await this.ff.evaluate(tab, `(() => { const b = [...document.querySelectorAll('nav button[data-conversation]')].find((b) => b.getAttribute('data-conversation') === ${js(title)}); if (!b) return 'missing'; b.click(); return 'ok'; })()`);
    await this.ff.until(`conversation ${title} to show`, () => this.ff.evaluate<boolean>(tab, `!!document.querySelector('article.message')`), (v) => v, STEP_TIMEOUT);
    await this.shot(`viewer-${title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 40)}`);
    return JSON.parse(await this.ff.evaluate<string>(tab, `JSON.stringify([...document.querySelectorAll('article.message .text')].map((n) => n.textContent || ''))`));
  }

  async search(query: string): Promise<SearchResult> {
    const tab = this.opened();
    if ((await this.type('#viewer-search', query)) !== 'ok') throw new Error('viewer in Firefox: no search box (is an archive open?)');
    const count = await this.ff.until('the search to answer', () => this.ff.evaluate<string>(tab, `(document.querySelector('[data-search-count]') || {}).getAttribute ? document.querySelector('[data-search-count]').getAttribute('data-search-count') : ''`), (v) => v !== '', STEP_TIMEOUT);
    const texts = JSON.parse(await this.ff.evaluate<string>(tab, `JSON.stringify([...document.querySelectorAll('.search-results .snippet')].map((n) => n.textContent || ''))`)) as string[];
    await this.shot('viewer-search');
    return { count: Number(count), texts };
  }

  async close(): Promise<void> {
    if (this.tab) await this.ff.firefox.send('browsingContext.close', { context: this.tab }).catch(() => undefined);
    this.tab = undefined;
  }
}
