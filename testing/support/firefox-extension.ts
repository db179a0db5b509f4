/**
 * Ferry installed in Debian's firefox-esr, driven through WebDriver BiDi (Playwright cannot drive
 * that Firefox: ../shared/notes/platform.md). This is not a Playwright BrowserContext: pages are
 * BiDi browsing contexts, reached with open() and evaluate(). Moved from e2e/firefox-smoke.spec.ts
 * so the kit's `extensionContext` fixture and the smoke test open Firefox the same way.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GECKO_ID } from '../../scripts/build-firefox.js';
import { launchFirefox, type Firefox } from './firefox-bidi.js';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../dist/firefox');
/** Fixed so tests know Ferry's moz-extension:// address (Firefox otherwise picks a random one). */
export const FIREFOX_EXTENSION_UUID = '5f0e7a52-6d1b-4c8e-9f3a-0c2d4b6e8a10';

export interface FirefoxExtension {
  browserName: 'firefox';
  firefox: Firefox;
  /** moz-extension://UUID */
  baseUrl: string;
  /** Where downloads land (FirefoxLaunchOptions.downloadsDir), if set. */
  downloadsDir: string | undefined;
  /** moz-extension://UUID/pages/NAME.html */
  pageUrl(name: string, query?: string): string;
  /** Opens `url` in a new tab, waits for it to load, and returns its BiDi context id. */
  open(url: string): Promise<string>;
  evaluate<T = unknown>(tab: string, expression: string): Promise<T>;
  /** Polls `read` until `ok`, failing with what it last saw. */
  until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`Firefox: ${what} did not happen within ${timeoutMs / 1000} s (last: ${JSON.stringify(value)}).`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface FirefoxLaunchOptions {
  /** Where Firefox saves downloads (Ferry's archives), without asking. Default: Firefox's own Downloads folder. */
  downloadsDir?: string;
}

export async function launchFirefoxWithExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  if (!existsSync(resolve(FIREFOX_EXTENSION_DIR, 'manifest.json'))) throw new Error(`The Firefox build is missing (${FIREFOX_EXTENSION_DIR} has no manifest.json). Run \`npm run build\` first.`);
  const firefox = await launchFirefox(
    {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      // Stands in for the user clicking "Allow" in Firefox's permission prompt, which automation cannot reach.
      'extensions.webextOptionalPermissionPrompts': false,
      ...(options.downloadsDir
        ? {
            // The user's "Always save files to" folder, and no "what should Firefox do with this file?" dialog.
            'browser.download.folderList': 2,
            'browser.download.dir': options.downloadsDir,
            'browser.download.useDownloadDir': true,
            'browser.download.always_ask_before_handling_new_types': false,
            'browser.download.start_downloads_in_tmp_dir': false,
            'browser.download.alwaysOpenPanel': false,
          }
        : {}),
    },
    ['--remote-allow-system-access'],
  );
  try {
    const installed = await firefox.send<{ extension: string }>('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION_DIR } });
    if (installed.extension !== GECKO_ID) throw new Error(`Firefox installed ${installed.extension}, expected Ferry (${GECKO_ID})`);
  } catch (e) {
    await firefox.close();
    throw e;
  }
  const chromeWindow = (await firefox.send<{ contexts: { context: string }[] }>('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0]!.context;
  const baseUrl = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  return {
    browserName: 'firefox',
    firefox,
    baseUrl,
    downloadsDir: options.downloadsDir,
    pageUrl: (name, query) => `${baseUrl}/pages/${name}.html${query ? `?${query}` : ''}`,
    // BiDi may not navigate to moz-extension:// pages ("not allowed in this context"), so the tab
    // is opened from Firefox's own window, as a click on Ferry's toolbar button would.
    async open(url) {
      await firefox.evaluate(chromeWindow, `(() => { gBrowser.selectedTab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); return 'opened'; })()`);
      const tab = (await until(`a tab at ${url}`, async () => (await firefox.send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', {})).contexts.find((c) => c.url === url)?.context, (c) => !!c)) as string;
      await until(`${url} to load`, () => firefox.evaluate<string>(tab, 'document.readyState'), (state) => state === 'complete');
      return tab;
    },
    evaluate: (tab, expression) => firefox.evaluate(tab, expression),
    until,
    close: () => firefox.close(),
  };
}
