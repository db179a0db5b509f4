/**
 * Issue #21: the export page's conversion in headless Chromium against `ferry convert` of the
 * same file, in the same run; target at most 1.5x the CLI's time.
 *
 * Input: the 1,000,000-message WhatsApp export of bench/whatsapp-convert.bench.ts (src/generate,
 * seed 42, about 64 MB), written once by its child. The browser gets that very file through a
 * file input (Playwright's setInputFiles hands a local browser the path, so no bytes cross CDP;
 * the handover is timed apart and not counted).
 *
 * The browser side is the page's own path to an archive encrypted to an X25519 recipient, in the
 * bench build of the extension (bench/extension/, built here into dist/bench-extension/):
 * convertInWorker (convert-worker.ts) then sealInWorker (seal-worker.ts), the functions the
 * export page calls; only the UI is left out. Timed from the request to the sealed bytes on the
 * page. The CLI side is the built CLI itself, `ferry convert -r` as a whole process
 * (bench/support/ferry-convert.ts). The two take turns; each keeps its best run.
 *
 * Checked, untimed: the sealed file decrypts in Node with the identity, is a zip `unzip -t`
 * accepts, and holds every message; the CLI reports every message too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { readArchive } from '../src/archive/index.js';
import { decryptWithIdentities, X25519Identity } from '../src/crypto/index.js';
import { CHROMIUM_ARGS } from '../testing/support/browser.js';
import type { ConvertTimings } from './extension/convert-in-browser.js';
import { report } from './report.js';
import { bundleConvertChild, cliRecipient as cliRecipientOf, runFerryConvertCli } from './support/ferry-convert.js';

const MESSAGES = Number(process.env.EXT_CONVERT_BENCH_MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.EXT_CONVERT_BENCH_RUNS ?? 2);
const root = resolve(import.meta.dirname, '..');
const benchExtension = join(root, 'dist/bench-extension');
const BENCH = `extension-convert-${MESSAGES >= 1e6 && MESSAGES % 1e6 === 0 ? `${MESSAGES / 1e6}M` : MESSAGES}-x25519`;
const round = (x: number) => Math.round(x * 100) / 100;

function childRunner(dir: string): (args: string[]) => Record<string, number> {
  const script = bundleConvertChild(dir);
  return (args) => {
    const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (result.status !== 0) throw new Error(`whatsapp-convert-child ${args[0]} failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as Record<string, number>;
  };
}

/** Opens the sealed file as a person would: decrypt, unzip -t, read, count the messages. */
async function checkSealed(path: string, identity: X25519Identity): Promise<void> {
  const zip = await decryptWithIdentities(new Uint8Array(readFileSync(path)), [identity]);
  const zipPath = `${path}.zip`;
  writeFileSync(zipPath, zip);
  const test = spawnSync('unzip', ['-tq', zipPath], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`unzip -t rejects the archive the browser sealed: ${test.stdout}${test.stderr}`);
  let messages = 0;
  for (const list of readArchive(zip).messages.values()) messages += list.length;
  if (messages !== MESSAGES) throw new Error(`the archive the browser sealed holds ${messages} messages, expected ${MESSAGES}`);
  rmSync(zipPath);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-extconv-'));
  const userDataDir = join(dir, 'chromium');
  const downloads = join(dir, 'downloads');
  try {
    const child = childRunner(dir);
    const input = join(dir, 'WhatsApp Chat with Friends.txt');
    const generated = child(['generate', input, String(MESSAGES)]) as unknown as { messages: number; dateOrder: 'dmy' | 'mdy' | 'ymd' };
    if (generated.messages !== MESSAGES) throw new Error(`the generator wrote ${generated.messages} messages, expected ${MESSAGES}`);

    await build({ configFile: join(root, 'bench/extension/vite.config.ts'), logLevel: 'warn' });
    // Downloads keep their names in this folder (platform.md).
    mkdirSync(join(userDataDir, 'Default'), { recursive: true });
    writeFileSync(join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ download: { default_directory: downloads, prompt_for_download: false } }));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      acceptDownloads: true,
      args: [`--disable-extensions-except=${benchExtension}`, `--load-extension=${benchExtension}`, ...CHROMIUM_ARGS],
    });
    const identity = await X25519Identity.generate();
    const recipient = String(await identity.recipient());
    const cliRecipient = cliRecipientOf(dir);
    let browserBest: (ConvertTimings & { handoverMs: number }) | undefined;
    let cliBest: Record<string, number> | undefined;
    const loads: number[] = [];
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      const pageUrl = `chrome-extension://${new URL(worker.url()).host}/convert.html`;
      for (let i = 0; i < RUNS; i++) {
        loads.push(loadavg()[0]!);
        const cli = runFerryConvertCli(dir, input, join(dir, 'cli.age'), cliRecipient, generated.dateOrder);
        if (cli.messages !== MESSAGES) throw new Error(`the CLI converted ${cli.messages} messages, expected ${MESSAGES}`);
        if (!cliBest || cli.seconds! < cliBest.seconds!) cliBest = cli;
        rmSync(join(dir, 'cli.age'), { force: true });

        // A fresh page per run, as a person opens the export page.
        const page = await context.newPage();
        await page.goto(pageUrl);
        await page.waitForFunction(() => globalThis.ferryConvertBench !== undefined);
        const handoverStart = performance.now();
        await page.locator('#input').setInputFiles(input);
        const handoverMs = performance.now() - handoverStart;
        const [download, timings] = await Promise.all([
          page.waitForEvent('download', { timeout: 900_000 }),
          page.evaluate((o) => globalThis.ferryConvertBench!.convertAndSeal(o), { timeZone: 'Asia/Seoul', dateOrder: generated.dateOrder, recipient }),
        ]);
        const sealed = join(dir, `browser-${i}.age`);
        await download.saveAs(sealed);
        await page.close();
        if (timings.messages !== MESSAGES) throw new Error(`the browser converted ${timings.messages} messages, expected ${MESSAGES}`);
        await checkSealed(sealed, identity);
        rmSync(sealed);
        if (!browserBest || timings.sealedMs < browserBest.sealedMs) browserBest = { ...timings, handoverMs };
      }
    } finally {
      await context.close();
    }
    const b = browserBest!;
    const cliSeconds = cliBest!.seconds!;
    const peer = { name: 'ferry convert -r (CLI, same input)', value: round(cliSeconds) };
    report({ bench: BENCH, metric: 'seconds', value: round(b.sealedMs / 1000), peer, ratio: round(b.sealedMs / 1000 / cliSeconds) });
    // Where the browser's time goes, cumulative from the request (each step's end as the page sees it).
    report({ bench: BENCH, metric: 'stage_read_file_seconds', value: round(b.readMs / 1000), peer: null, ratio: null });
    report({ bench: BENCH, metric: 'stage_convert_to_zip_seconds', value: round((b.convertMs - b.readMs) / 1000), peer: null, ratio: null });
    report({ bench: BENCH, metric: 'stage_check_and_return_content_seconds', value: round((b.convertedMs - b.convertMs) / 1000), peer: null, ratio: null });
    report({ bench: BENCH, metric: 'stage_seal_seconds', value: round((b.sealedMs - b.convertedMs) / 1000), peer: null, ratio: null });
    report({ bench: BENCH, metric: 'input_handover_ms (untimed: setInputFiles)', value: Math.round(b.handoverMs), peer: null, ratio: null });
    report({ bench: BENCH, metric: 'sealed_MB', value: round(b.sealedBytes / 1e6), peer: null, ratio: null });
    report({ bench: BENCH, metric: 'load_average_1min', value: round(Math.max(...loads)), peer: null, ratio: null });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
