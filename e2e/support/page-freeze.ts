/**
 * The longest stretch a page's own thread was blocked: the biggest gap between 10 ms timer ticks
 * since startFreezeWatch. A second of work on the page's thread shows as a gap of about a second.
 */
import type { Page } from 'playwright-core';

export async function startFreezeWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { maxGap: number; last: number };
    w.maxGap = 0;
    w.last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.maxGap = Math.max(w.maxGap, now - w.last);
      w.last = now;
    }, 10);
  });
}

export function longestFreezeMs(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { maxGap: number }).maxGap);
}
