/**
 * age encryption and decryption of 256 MiB to an X25519 recipient, in the same run:
 * - whole CLI processes (what a person waits for): `ferry encrypt/decrypt`, native `age`, and the
 *   npm `age-encryption` package in a Node process; ratios against both peers;
 * - in-process, Ferry's whole-buffer API (no process start, no file I/O), best of a few rounds,
 *   the same code (bench/extension/age-in-browser.ts) in Node, in an extension page (where the
 *   unlock page decrypts), in a dedicated Worker the page starts (where the export page's seal
 *   worker encrypts) and in the extension's service worker of headless Chromium; the browser
 *   figures have Node as their peer.
 *   The browser runs a bench-only build of the extension (bench/extension/vite.config.ts, built
 *   here into dist/bench-extension/), so dist/chrome carries no benchmark code.
 * First, post-quantum (issue 20): what a post-quantum recipient (mlkem768x25519) costs per file
 * (key generation, wrapping and unwrapping one file key, against X25519), and 256 MiB encrypted to
 * a post-quantum recipient against an X25519 one, in-process and through `ferry encrypt`; the
 * issue asks for the bulk figures to be within 5% of each other (ratio >= 0.95).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { HybridIdentity, X25519Identity, decryptWithIdentities, encryptToRecipients, type Identity, type Recipient } from '../src/crypto/index.js';
import { CHROMIUM_ARGS } from '../testing/support/browser.js';
import { ageRound, prepareAge, releaseAge, type AgeTimings } from './extension/age-in-browser.js';
import { report } from './report.js';

const SIZE = 256 * 1024 * 1024;
const MB = SIZE / 1e6;
const root = resolve(import.meta.dirname, '..');
const benchExtension = join(root, 'dist/bench-extension');
/** Rounds of each in-process figure (best one counts). */
const ROUNDS = 3;

/**
 * Seconds of one run of `argv`. `output` (the file it writes) is removed first, untimed: Ferry
 * refuses to replace a file without --force, and replacing one costs more than writing a new
 * file, which is what `age` is timed doing too.
 */
function timed(argv: string[], output?: string): number {
  if (output) rmSync(output, { force: true });
  const began = performance.now();
  const run = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
  const seconds = (performance.now() - began) / 1000;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} failed: ${run.stderr}`);
  return seconds;
}

/** Best of a few runs: the machine's noise only ever makes a run slower. */
const best = (runs: number, argv: string[], output?: string): number => Math.min(...Array.from({ length: runs }, () => timed(argv, output)));

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Milliseconds of `step`, median of `runs` after a few warm-up runs (the JIT settles first). */
async function perCall(runs: number, step: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 5; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    await step();
    times.push(performance.now() - began);
  }
  return median(times);
}

/** The post-quantum figures: the per-file key step, and bulk encryption against X25519. */
async function postQuantum(dir: string, plain: string): Promise<void> {
  const fileKey = new Uint8Array(randomBytes(16));
  const pq = await HybridIdentity.generate();
  const classic = await X25519Identity.generate();
  const keys: Record<'pq' | 'x25519', { identity: Identity; recipient: Recipient }> = {
    pq: { identity: pq, recipient: await pq.recipient() },
    x25519: { identity: classic, recipient: await classic.recipient() },
  };
  const keygen = {
    pq: await perCall(30, async () => (await HybridIdentity.generate()).recipient()),
    x25519: await perCall(30, async () => (await X25519Identity.generate()).recipient()),
  };
  const wrap = { pq: await perCall(50, () => keys.pq.recipient.wrap(fileKey)), x25519: await perCall(50, () => keys.x25519.recipient.wrap(fileKey)) };
  const stanzas = { pq: await keys.pq.recipient.wrap(fileKey), x25519: await keys.x25519.recipient.wrap(fileKey) };
  const unwrap = { pq: await perCall(50, () => keys.pq.identity.unwrap(stanzas.pq)), x25519: await perCall(50, () => keys.x25519.identity.unwrap(stanzas.x25519)) };
  for (const [step, t] of [
    ['make a key pair (identity and recipient)', keygen],
    ['wrap one file key (the per-file step of encryption)', wrap],
    ['unwrap one file key (the per-file step of decryption)', unwrap],
  ] as const) {
    report({ bench: 'age', metric: `post-quantum key step: ${step}, ms (vs X25519)`, value: t.pq, peer: { name: 'X25519', value: t.x25519 }, ratio: t.pq / t.x25519 });
  }

  // 256 MiB, whole buffers in this process: the two kinds take turns, best of five each.
  const data = new Uint8Array(randomBytes(SIZE));
  const best = { pq: { enc: Infinity, dec: Infinity }, x25519: { enc: Infinity, dec: Infinity } };
  for (let round = 0; round < 5; round++) {
    for (const kind of ['pq', 'x25519'] as const) {
      let began = performance.now();
      const file = await encryptToRecipients(data, [keys[kind].recipient]);
      best[kind].enc = Math.min(best[kind].enc, performance.now() - began);
      began = performance.now();
      const back = await decryptWithIdentities(file, [keys[kind].identity]);
      best[kind].dec = Math.min(best[kind].dec, performance.now() - began);
      if (back.length !== data.length || back[12345] !== data[12345]) throw new Error('the round trip did not give back its input');
    }
  }
  for (const [direction, key] of [['encrypt', 'enc'], ['decrypt', 'dec']] as const) {
    const pqRate = MB / (best.pq[key] / 1000);
    const classicRate = MB / (best.x25519[key] / 1000);
    report({ bench: 'age', metric: `node in-process ${direction} 256 MiB to post-quantum, MB/s (vs X25519)`, value: pqRate, peer: { name: 'X25519', value: classicRate }, ratio: pqRate / classicRate });
  }
  // The two bulk figures differ by the machine's noise more than by the key step; this is the key
  // step's own share, which is what post-quantum adds to a 256 MiB file.
  report({ bench: 'age', metric: 'post-quantum extra key step as a share of encrypting 256 MiB in-process, %', value: ((wrap.pq - wrap.x25519) / best.x25519.enc) * 100, peer: null, ratio: null });

  // The same through the CLI, as a person runs it: `ferry encrypt -r age1pq1...` against `-r age1...`,
  // taking turns, best of five (a process run varies by 10% here on a shared machine).
  const ferry = [process.execPath, join(root, 'bin/ferry.mjs')];
  const cli = { pq: Infinity, x25519: Infinity };
  for (let round = 0; round < 5; round++) {
    for (const kind of ['pq', 'x25519'] as const) {
      cli[kind] = Math.min(cli[kind], timed([...ferry, 'encrypt', '-r', String(keys[kind].recipient), '-o', join(dir, `${kind}.age`), plain], join(dir, `${kind}.age`)));
    }
  }
  report({ bench: 'age', metric: 'cli encrypt 256 MiB to post-quantum, MB/s (vs X25519)', value: MB / cli.pq, peer: { name: 'X25519', value: MB / cli.x25519 }, ratio: cli.x25519 / cli.pq });
  // What a fresh process pays once for post-quantum (the library's self-test and a first, cold
  // ML-KEM run): a one-byte file, taking turns, median of nine.
  writeFileSync(join(dir, 'one.bin'), 'x');
  const small = { pq: [] as number[], x25519: [] as number[] };
  for (let round = 0; round < 9; round++) {
    for (const kind of ['pq', 'x25519'] as const) small[kind].push(timed([...ferry, 'encrypt', '-r', String(keys[kind].recipient), '-o', join(dir, `one-${kind}.age`), join(dir, 'one.bin')], join(dir, `one-${kind}.age`)) * 1000);
  }
  report({ bench: 'age', metric: 'cli encrypt of a 1-byte file to post-quantum (the per-run cost), ms (vs X25519)', value: median(small.pq), peer: { name: 'X25519', value: median(small.x25519) }, ratio: median(small.pq) / median(small.x25519) });
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-age-'));
  try {
    const plain = join(dir, 'plain.bin');
    writeFileSync(plain, randomBytes(SIZE));
    await postQuantum(dir, plain);
    const identity = await X25519Identity.generate();

    const recipient = String(await identity.recipient());
    writeFileSync(join(dir, 'key.txt'), `${identity}\n`);
    const ferry = [process.execPath, join(root, 'bin/ferry.mjs')];
    const tsx = [process.execPath, join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'bench/support/age-encryption-cli.ts')];

    const enc = {
      ferry: best(3, [...ferry, 'encrypt', '-r', recipient, '-o', join(dir, 'f.age'), plain], join(dir, 'f.age')),
      age: best(3, ['age', '-r', recipient, '-o', join(dir, 'a.age'), plain], join(dir, 'a.age')),
      typage: best(1, [...tsx, 'encrypt', recipient, plain, join(dir, 't.age')], join(dir, 't.age')),
    };
    const dec = {
      ferry: best(3, [...ferry, 'decrypt', '-i', join(dir, 'key.txt'), '-o', join(dir, 'f.out'), join(dir, 'a.age')], join(dir, 'f.out')),
      age: best(3, ['age', '-d', '-i', join(dir, 'key.txt'), '-o', join(dir, 'a.out'), join(dir, 'f.age')], join(dir, 'a.out')),
      typage: best(1, [...tsx, 'decrypt', String(identity), join(dir, 'f.age'), join(dir, 't.out')], join(dir, 't.out')),
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
      for (const [where, t] of [
        ['extension page', fastest.page],
        ['extension dedicated worker', fastest.dedicated],
        ['extension service worker', fastest.worker],
      ] as const) {
        const rate = MB / (t[key] / 1000);
        report({ bench: 'age', metric: `chromium ${where} ${direction} 256 MiB, MB/s`, value: rate, peer: { name: 'node in-process', value: nodeRate }, ratio: rate / nodeRate });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Venue = 'node' | 'page' | 'dedicated' | 'worker';

/**
 * Builds the bench extension, loads it into headless Chromium and runs `rounds` age rounds in
 * Node, the extension page, its dedicated Worker and the service worker in turn. Each venue generates its own input.
 * Returns each venue's best encrypt and best decrypt.
 */
export async function inProcess(size: number, rounds: number): Promise<Record<Venue, AgeTimings>> {
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
    await page.waitForFunction(() => globalThis.ferryBench !== undefined && globalThis.ferryBenchWorker !== undefined);
    const venues: Record<Venue, { prepare(): Promise<void>; round(): Promise<AgeTimings>; release(): Promise<void> }> = {
      node: { prepare: () => prepareAge(size), round: ageRound, release: async () => releaseAge() },
      page: {
        prepare: () => page.evaluate((s) => globalThis.ferryBench!.prepareAge(s), size),
        round: () => page.evaluate(() => globalThis.ferryBench!.ageRound()),
        release: () => page.evaluate(() => globalThis.ferryBench!.releaseAge()),
      },
      dedicated: {
        prepare: () => page.evaluate((s) => globalThis.ferryBenchWorker!.prepareAge(s), size),
        round: () => page.evaluate(() => globalThis.ferryBenchWorker!.ageRound()),
        release: () => page.evaluate(() => globalThis.ferryBenchWorker!.releaseAge()),
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
