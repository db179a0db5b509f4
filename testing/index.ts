/**
 * ferry/testing: Ferry's export and import flows as Playwright fixtures, for QA teams and for
 * Ferry's own e2e. See docs/qa.md. Everything exported here is the stable surface (semver);
 * testing/support/ is internal and may change in any release.
 *
 *   import { test, expect } from 'ferry/testing';
 *   test.use({ accountSpec: { contacts: 50, messages: 5_000, languages: ['ko', 'en'], seed: 7 } });
 *   test('an export keeps every message', async ({ account, exportPage }) => {
 *     const archive = await exportPage.exportAccount({ passphrase: 'a long passphrase' });
 *     await expect(archive).toHoldMessages(account.messageCount);
 *   });
 */
import { test as base, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { generateAccount, type AccountSpec, type GeneratedAccount } from '../src/generate/xmpp-account.js';
import { ExportPage, ImportPage, ReportRecorder, Viewer } from './pages.js';
import { FirefoxExportPage, FirefoxImportPage, FirefoxViewer } from './pages-firefox.js';
import { launchWithExtension, type ExtensionBrowser } from './support/browser.js';
import { launchFirefoxWithExtension, type FirefoxExtension } from './support/firefox-extension.js';
import { seedOldAccount, seedRoom, bookmarkRooms } from './support/seed.js';
import { startXmppServer, xmppOptionsFromEnv, type XmppServer, type XmppServerOptions } from './servers.js';

export { expect, archiveMatchers, type ContactExpectation } from './assertions.js';
export { contentOf, type ArchiveFile } from './archive.js';
export { generateAccount, type AccountSpec, type AccountLanguage, type GeneratedAccount, type GeneratedRoom } from '../src/generate/xmpp-account.js';
export { FirefoxExportPage, FirefoxImportPage, FirefoxViewer } from './pages-firefox.js';
export { ExportPage, ImportPage, Viewer, type ImportOptions, type ImportReport, type SearchResult } from './pages.js';
export { startXmppServer, xmppOptionsFromEnv, type XmppServer, type XmppServerOptions } from './servers.js';
export type { ExtensionBrowser } from './support/browser.js';
export type { FirefoxExtension } from './support/firefox-extension.js';
export { generateExport, EXPORT_FORMATS, type ExportFormat, type GeneratedFile } from '../src/generate/index.js';

/** Chromium: a Playwright persistent context with the built extension. Firefox: a BiDi session (see FirefoxExtension). */
export type ExtensionContext = (ExtensionBrowser & { browserName: 'chromium' }) | FirefoxExtension;

/** A seeded account on the worker's server: the generated data plus where it lives. */
export interface SeededAccount extends GeneratedAccount {
  server: XmppServer;
  /** Full room JIDs, in the order of `rooms`. */
  roomJids: string[];
}

export interface KitTestFixtures {
  /** The account to seed for each test. Default { contacts: 5, messages: 40, languages: ['ko', 'en'], seed: 1 }. */
  accountSpec: AccountSpec;
  /** Attach a screenshot of each flow step to the report. Default false. */
  stepScreenshots: boolean;
  /** Ferry's UI language in Chromium. Default: the browser's (en here). */
  extensionLocale: 'en' | 'ko' | undefined;
  extensionContext: ExtensionContext;
  account: SeededAccount;
  /** Chromium: Playwright pages; Firefox: the same methods over WebDriver BiDi. */
  exportPage: ExportPage | FirefoxExportPage;
  importPage: ImportPage | FirefoxImportPage;
  /** Chromium: Playwright pages; Firefox: the same methods over WebDriver BiDi. */
  viewer: Viewer | FirefoxViewer;
}

export interface KitWorkerFixtures {
  /** Which server the worker uses. Default: FERRY_XMPP_* from the environment, else a private Prosody. */
  xmppServerOptions: XmppServerOptions;
  xmppServer: XmppServer;
}

let accountsMade = 0;

// One recorder per test for all page objects, so the export, import and viewer steps of one test
// are numbered in the order they ran (separate recorders each started at 01 in the same folder).
const recorders = new WeakMap<TestInfo, ReportRecorder>();
function recorderFor(testInfo: TestInfo, enabled: boolean): ReportRecorder {
  let recorder = recorders.get(testInfo);
  if (!recorder) recorders.set(testInfo, (recorder = new ReportRecorder(testInfo, enabled)));
  return recorder;
}

/** The Chromium side of a fixture: every page object has a Firefox version, chosen before this is reached. */
function chromiumOf(ctx: ExtensionContext): ExtensionBrowser {
  if (ctx.browserName !== 'chromium') throw new Error(`ferry/testing: expected the Chromium context here, got ${ctx.browserName}`);
  return ctx;
}

export const test = base.extend<KitTestFixtures, KitWorkerFixtures>({
  xmppServerOptions: [xmppOptionsFromEnv(), { option: true, scope: 'worker' }],
  xmppServer: [
    async ({ xmppServerOptions }, use) => {
      const server = await startXmppServer(xmppServerOptions);
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  accountSpec: [{}, { option: true }],
  stepScreenshots: [false, { option: true }],
  extensionLocale: [undefined, { option: true }],

  extensionContext: async ({ browserName, extensionLocale }, use, testInfo) => {
    if (browserName === 'firefox') {
      const downloads = testInfo.outputPath('downloads');
      mkdirSync(downloads, { recursive: true });
      const firefox = await launchFirefoxWithExtension({ downloadsDir: downloads });
      try {
        await use(firefox);
      } finally {
        await firefox.close();
      }
      return;
    }
    if (browserName !== 'chromium') throw new Error(`ferry/testing runs in the chromium and firefox projects, not ${browserName}`);
    const downloads = testInfo.outputPath('downloads');
    mkdirSync(downloads, { recursive: true });
    const browser = await launchWithExtension({ downloadsDir: downloads, ...(extensionLocale ? { locale: extensionLocale } : {}) });
    try {
      await use({ ...browser, browserName: 'chromium' });
    } finally {
      await browser.close();
    }
  },

  account: async ({ xmppServer, accountSpec }, use, testInfo) => {
    // A fresh prefix per test keeps accounts apart on the worker's one server; the content
    // (names, texts, order) depends on the seed only.
    const prefix = accountSpec.prefix ?? `qa-w${testInfo.workerIndex}-${++accountsMade}-${Date.now().toString(36)}`;
    const generated = generateAccount({ ...accountSpec, prefix, host: accountSpec.host ?? xmppServer.hosts[0], newHost: accountSpec.newHost ?? xmppServer.hosts[1] });
    await seedOldAccount(xmppServer, generated);
    const roomJids: string[] = [];
    if (generated.rooms.length) {
      if (!xmppServer.muc) throw new Error(`accountSpec asks for ${generated.rooms.length} rooms, but the server has no group chat service (xmppServerOptions.muc)`);
      for (const room of generated.rooms) {
        const jid = `${room.node}@${xmppServer.muc}`;
        await seedRoom(xmppServer.websocketUrl, { room: jid, members: room.members, messages: room.messages });
        roomJids.push(jid);
      }
      await bookmarkRooms(xmppServer.websocketUrl, generated.owner.jid, generated.owner.password, generated.rooms.map((r, i) => ({ jid: roomJids[i]!, name: r.name, nick: 'me' })));
    }
    await use({ ...generated, server: xmppServer, roomJids });
  },

  exportPage: async ({ extensionContext, xmppServer, account, stepScreenshots }, use, testInfo) => {
    if (extensionContext.browserName === 'firefox') {
      await use(new FirefoxExportPage({ ff: extensionContext, converseUrl: xmppServer.converseUrl, recorder: recorderFor(testInfo, stepScreenshots) }, account.owner));
      return;
    }
    const browser = chromiumOf(extensionContext);
    await use(new ExportPage({ browser, converseUrl: xmppServer.converseUrl, recorder: recorderFor(testInfo, stepScreenshots), outDir: testInfo.outputPath('archives') }, account.owner));
  },

  importPage: async ({ extensionContext, xmppServer, account, stepScreenshots }, use, testInfo) => {
    if (extensionContext.browserName === 'firefox') {
      const page = new FirefoxImportPage({ ff: extensionContext, converseUrl: xmppServer.converseUrl, recorder: recorderFor(testInfo, stepScreenshots) }, account.newOwner);
      await use(page);
      await page.close();
      return;
    }
    const browser = chromiumOf(extensionContext);
    await use(new ImportPage({ browser, converseUrl: xmppServer.converseUrl, recorder: recorderFor(testInfo, stepScreenshots), outDir: testInfo.outputPath('archives') }, account.newOwner));
  },

  viewer: async ({ extensionContext, stepScreenshots }, use, testInfo) => {
    if (extensionContext.browserName === 'firefox') {
      const viewer = new FirefoxViewer(extensionContext, recorderFor(testInfo, stepScreenshots));
      await use(viewer);
      await viewer.close();
      return;
    }
    const browser = chromiumOf(extensionContext);
    const viewer = new Viewer({ browser, converseUrl: '', recorder: recorderFor(testInfo, stepScreenshots), outDir: testInfo.outputPath('archives') });
    await use(viewer);
    await viewer.close();
  },
});
