/**
 * Launches real Chromium with the built extension loaded (see ../shared/notes/platform.md:
 * headless works for MV3 extensions; Debian's Chromium, never a downloaded one).
 */
import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../dist/chrome');

/** Flags for Chromium on these machines (platform.md): root needs --no-sandbox; the rest keep it off the closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** chrome-extension://ID/pages/NAME.html */
  pageUrl(name: string, query?: string): string;
  close(): Promise<void>;
}

/**
 * `locale` sets Chromium's UI language (what browser.i18n.getUILanguage() reports and which
 * _locales folder the extension reads): Chromium takes --lang, and on Linux also LANGUAGE.
 */
export async function launchWithExtension(options: { downloadsDir?: string; locale?: 'en' | 'ko' } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`The extension is not built (${EXTENSION_DIR} has no manifest.json). Run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'ferry-chromium-'));
  if (options.downloadsDir) {
    // Keeps the file names the page chose instead of Playwright's GUID names (platform.md).
    mkdirSync(join(userDataDir, 'Default'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'Default', 'Preferences'),
      JSON.stringify({ download: { default_directory: options.downloadsDir, prompt_for_download: false } }),
    );
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1100, height: 800 },
    ...(options.locale
      ? { locale: options.locale, env: { ...process.env, LANGUAGE: options.locale, LANG: options.locale === 'ko' ? 'ko_KR.UTF-8' : 'en_US.UTF-8' } }
      : {}),
    args: [
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      ...CHROMIUM_ARGS,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    pageUrl: (name, query) => `chrome-extension://${extensionId}/pages/${name}.html${query ? `?${query}` : ''}`,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
