/**
 * The export page's Save for a large conversion, in Chromium with the built extension: a
 * generated WhatsApp export (200,000 messages by default, written by `ferry generate`'s code in
 * src/generate) is converted on the page, then saved encrypted under a passphrase. Printed: how
 * long the save took and the longest stretch the page's own thread was blocked meanwhile (the
 * gap between 10 ms timer ticks), which is what a person feels as a frozen page. The zip and the encryption run in seal-worker.ts; what is left
 * on the page's thread is copying the content to the worker. No peer: no other tool does this.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../testing/support/browser.js';
import { generateExportPieces } from '../src/generate/index.js';
import { report } from './report.js';
import { longestFreezeMs, startFreezeWatch } from '../e2e/support/page-freeze.js';

const MESSAGES = Number(process.env.SAVE_BENCH_MESSAGES ?? 200_000);

async function writeExport(path: string): Promise<void> {
  const out = createWriteStream(path);
  for (const piece of generateExportPieces('whatsapp', { locale: 'en', messages: MESSAGES, seed: 42 }).pieces) if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'ferry-bench-save-'));
  const browser = await launchWithExtension({ downloadsDir: work, locale: 'en' });
  try {
    const input = join(work, 'WhatsApp Chat with Friends.txt');
    await writeExport(input);
    const page = await browser.context.newPage();
    await page.goto(browser.pageUrl('export'));
    await page.getByLabel('Files or zips').setInputFiles(input);
    await page.getByRole('button', { name: 'Convert', exact: true }).click();
    await page.locator('[data-converted], [data-convert-error]').first().waitFor({ timeout: 600_000 });
    const converted = await page.locator('[data-input-report]').getAttribute('data-messages');
    if (Number(converted) !== MESSAGES) throw new Error(`converted ${converted} messages, expected ${MESSAGES}`);

    await page.getByLabel('Passphrase', { exact: true }).fill('bench passphrase for the save');
    await page.getByLabel('Passphrase again').fill('bench passphrase for the save');
    await startFreezeWatch(page);
    const started = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.getByRole('button', { name: 'Save encrypted archive' }).click()]);
    const saved = join(work, download.suggestedFilename());
    await download.saveAs(saved);
    const seconds = (performance.now() - started) / 1000;
    const maxGap = await longestFreezeMs(page);
    const round = (x: number) => Math.round(x * 100) / 100;
    report({ bench: `export-page-save-${MESSAGES}`, metric: 'seconds', value: round(seconds), peer: null, ratio: null });
    report({ bench: `export-page-save-${MESSAGES}`, metric: 'longest_page_freeze_ms', value: Math.round(maxGap), peer: null, ratio: null });
    report({ bench: `export-page-save-${MESSAGES}`, metric: 'archive_MB', value: round(statSync(saved).size / 1e6), peer: null, ratio: null });
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}
