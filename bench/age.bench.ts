/**
 * age encryption and decryption of 256 MiB to an X25519 recipient, in the same run:
 * - whole CLI processes (what a person waits for): `ferry encrypt/decrypt`, native `age`, and the
 *   npm `age-encryption` package in a Node process; ratios against both peers;
 * - in-process, Ferry's whole-buffer API (no process start, no file I/O), best of a few rounds,
 *   the same code (bench/extension/age-in-browser.ts) in Node, in an extension page and in the
 *   extension's service worker of headless Chromium; the browser figures have Node as their peer.
 *   The browser runs a bench-only build of the extension (bench/extension/vite.config.ts, built
 *   here into dist/bench-extension/), so dist/chrome carries no benchmark code.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { X25519Identity } from '../src/crypto/index.js';
import { CHROMIUM_ARGS } from '../e2e/support/browser.js';
import { ageRound, prepareAge, releaseAge, type AgeTimings } from './extension/age-in-browser.js';
import { report } from './report.js';

const SIZE = 256 * 1024 * 1024;
const MB = SIZE / 1e6;
const root = resolve(import.meta.dirname, '..');
const benchExtension = join(root, 'dist/bench-extension');
/** Rounds of each in-process figure (best one counts). */
const ROUNDS = 3;

function timed(argv: string[]): number {
  const began = performance.now();
  const run = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  const seconds = (performance.now() - began) / 1000;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} failed: ${run.stderr}`);
  return seconds;
}

/** Best of a few runs: the machine's noise only ever makes a run slower. */
const best = (runs: number, argv: string[]): number => Math.min(...Array.from({ length: runs }, () => timed(argv)));

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-age-'));
  try {
    const plain = join(dir, 'plain.bin');
    writeFileSync(plain, randomBytes(SIZE));
    const identity = await X25519Identity.generate();
    const recipient = String(await identity.recipient());
    writeFileSync(join(dir, 'key.txt'), `${identity}\n`);
    const ferry = [process.execPath, join(root, 'bin/ferry.mjs')];
    const tsx = [process.execPath, join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/support/age-encryption-cli.ts')];

    const enc = {
      ferry: best(3, [...ferry, 'encrypt', '-r', recipient, '-o', join(dir, 'f.age'), plain]),
      age: best(3, ['age', '-r', recipient, '-o', join(dir, 'a.age'), plain]),
      typage: best(1, [...tsx, 'encrypt', recipient, plain, join(dir, 't.age')]),
    };
    const dec = {
      ferry: best(3, [...ferry, 'decrypt', '-i', join(dir, 'key.txt'), '-o', join(dir, 'f.out'), join(dir, 'a.age')]),
      age: best(3, ['age', '-d', '-i', join(dir, 'key.txt'), '-o', join(dir, 'a.out'), join(dir, 'f.age')]),
      typage: best(1, [...tsx, 'decrypt', String(identity), join(dir, 'f.age'), join(dir, 't.out')]),
    };
    for (const [direction, t] of [['encrypt', enc], ['decrypt', dec]] as const) {
      const rate = MB / t.ferry;
      report({ bench: 'age', metric: `cli ${direction} 256 MiB X25519, MB/s (vs native age)`, value: rate, peer: { name: 'age 1.1.1', value: MB / t.age }, ratio: rate / (MB / t.age) });
      report({ bench: 'age', metric: `cli ${direction} 256 MiB X25519, MB/s (vs age-encryption)`, value: rate, peer: { name: 'npm age-encryption', value: MB / t.typage }, ratio: rate / (MB / t.typage) });
    }

    // In-process, whole buffers: Node, an extension page and the service worker take turns round
    // by round, so that a busy moment of the machine does not fall on one of them only.
    const fastest = await inProcess(SIZE, ROUNDS);
    for (const direction of ['encrypt', 'decrypt'] as const) {
      const key = direction === 'encrypt' ? 'encryptMs' : 'decryptMs';
      const nodeRate = MB / (fastest.node[key] / 1000);
      report({ bench: 'age', metric: `node in-process ${direction} 256 MiB, MB/s`, value: nodeRate, peer: null, ratio: null });
      for (const [where, t] of [['extension page', fastest.page], ['extension service worker', fastest.worker]] as const) {
        const rate = MB / (t[key] / 1000);
        report({ bench: 'age', metric: `chromium ${where} ${direction} 256 MiB, MB/s`, value: rate, peer: { name: 'node in-process', value: nodeRate }, ratio: rate / nodeRate });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Venue = 'node' | 'page' | 'worker';

/**
 * Builds the bench extension, loads it into headless Chromium and runs `rounds` age rounds in
 * Node, the extension page and the service worker in turn. Each venue generates its own input.
 * Returns each venue's best encrypt and best decrypt.
 */
async function inProcess(size: number, rounds: number): Promise<Record<Venue, AgeTimings>> {
  await build({ configFile: join(root, 'bench/extension/vite.config.ts'), logLevel: 'warn' });
  const userDataDir = mkdtempSync(join(tmpdir(), 'ferry-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [`--disable-extensions-except=${benchExtension}`, `--load-extension=${benchExtension}`, ...CHROMIUM_ARGS],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const page = await context.newPage();
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/bench.html`);
    await page.waitForFunction(() => globalThis.ferryBench !== undefined);
    const venues: Record<Venue, { prepare(): Promise<void>; round(): Promise<AgeTimings>; release(): Promise<void> }> = {
      node: { prepare: () => prepareAge(size), round: ageRound, release: async () => releaseAge() },
      page: {
        prepare: () => page.evaluate((s) => globalThis.ferryBench!.prepareAge(s), size),
        round: () => page.evaluate(() => globalThis.ferryBench!.ageRound()),
        release: () => page.evaluate(() => globalThis.ferryBench!.releaseAge()),
      },
      worker: {
        prepare: () => worker.evaluate((s) => globalThis.ferryBench!.prepareAge(s), size),
        round: () => worker.evaluate(() => globalThis.ferryBench!.ageRound()),
        release: () => worker.evaluate(() => globalThis.ferryBench!.releaseAge()),
      },
    };
    const best = {} as Record<Venue, AgeTimings>;
    for (const [name, venue] of Object.entries(venues) as [Venue, (typeof venues)[Venue]][]) {
      await venue.prepare();
      best[name] = { encryptMs: Infinity, decryptMs: Infinity };
    }
    for (let round = 0; round < rounds; round++) {
      for (const [name, venue] of Object.entries(venues) as [Venue, (typeof venues)[Venue]][]) {
        const t = await venue.round();
        best[name] = { encryptMs: Math.min(best[name].encryptMs, t.encryptMs), decryptMs: Math.min(best[name].decryptMs, t.decryptMs) };
      }
    }
    for (const venue of Object.values(venues)) await venue.release();
    return best;
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
