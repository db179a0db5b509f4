/**
 * Ferry starts with no site access (least privilege): the user allows their messenger's site from
 * Ferry's page, and the browser asks them to confirm. Playwright cannot answer that browser prompt
 * (microsoft/playwright#32755), so the test first gives the same answer where a user can give it
 * ahead of time: chrome://extensions, Site access, "On specific sites". Ferry's own "Allow" button
 * then runs for real (permissions.request resolves at once, the content scripts get registered).
 */
import type { ExtensionBrowser } from './browser.js';

const granted = new WeakMap<ExtensionBrowser, Set<string>>();

/** The match pattern Ferry asks for: scheme and host, any port. */
export const sitePattern = (siteUrl: string) => {
  const url = new URL(siteUrl);
  return `${url.protocol}//${url.hostname}/*`;
};

export async function preapproveInBrowserSettings(browser: ExtensionBrowser, siteUrl: string): Promise<void> {
  const settings = await browser.context.newPage();
  try {
    await settings.goto('chrome://extensions');
    await settings.evaluate(
      async ({ id, pattern }) => {
        const dev = (globalThis as unknown as { chrome: { developerPrivate: Record<string, (...args: unknown[]) => Promise<unknown>> } }).chrome.developerPrivate;
        await dev.updateExtensionConfiguration!({ extensionId: id, hostAccess: 'ON_SPECIFIC_SITES' });
        await dev.addHostPermission!(id, pattern);
      },
      { id: browser.extensionId, pattern: sitePattern(siteUrl) },
    );
  } finally {
    await settings.close();
  }
}

/** Allows Ferry on the site at `siteUrl` through Ferry's export page, as a user would. Once per browser and site. */
export async function allowSite(browser: ExtensionBrowser, siteUrl: string): Promise<void> {
  const pattern = sitePattern(siteUrl);
  const done = granted.get(browser) ?? new Set<string>();
  granted.set(browser, done);
  if (done.has(pattern)) return;
  await preapproveInBrowserSettings(browser, siteUrl);
  const page = await browser.context.newPage();
  try {
    await page.goto(browser.pageUrl('export'));
    await page.getByLabel('Messenger address').fill(siteUrl);
    await page.getByRole('button', { name: 'Allow Ferry on this site' }).click();
    await page.locator(`[data-site="${pattern.slice(0, -2)}"]`).waitFor({ timeout: 15_000 });
  } finally {
    await page.close();
  }
  done.add(pattern);
}

/** Forgets that this browser was granted sites (after "wipe everything" revoked them). */
export function forgetAllowedSites(browser: ExtensionBrowser): void {
  granted.delete(browser);
}
