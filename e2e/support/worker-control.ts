/**
 * Stops Ferry's MV3 service worker the way Chromium does when it idles, through DevTools
 * (Target.closeTarget on the worker's target), and proves it stopped: DevTools no longer lists a
 * running worker (chrome://serviceworker-internals then shows "Running Status: STOPPED").
 * Playwright's Worker object emits no "close" for this, so the check asks DevTools itself.
 */
import type { ExtensionBrowser } from '../../testing/support/browser.js';

export async function stopServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const cdpBrowser = browser.context.browser();
  if (!cdpBrowser) throw new Error('No browser-level DevTools session: cannot stop the service worker.');
  const cdp = await cdpBrowser.newBrowserCDPSession();
  const prefix = `chrome-extension://${browser.extensionId}/`;
  const running = async () =>
    ((await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] }).targetInfos.filter(
      (t) => t.type === 'service_worker' && t.url.startsWith(prefix),
    );
  try {
    for (const target of await running()) await cdp.send('Target.closeTarget', { targetId: target.targetId });
    const deadline = Date.now() + 10_000;
    while ((await running()).length) {
      if (Date.now() > deadline) throw new Error("Ferry's service worker was still running 10 s after Target.closeTarget.");
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await cdp.detach();
  }
}

/** Whether Ferry's service worker runs now (Chromium restarts it for the next message or event). */
export async function serviceWorkerRunning(browser: ExtensionBrowser): Promise<boolean> {
  const cdp = await browser.context.browser()!.newBrowserCDPSession();
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  } finally {
    await cdp.detach();
  }
}
