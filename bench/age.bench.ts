/**
 * age encryption and decryption of 256 MiB to an X25519 recipient, in the same run:
 * - whole CLI processes (what a person waits for): `ferry encrypt/decrypt`, native `age`, and the
 *   npm `age-encryption` package in a Node process; ratios against both peers;
 * - in-process Node, Ferry's whole-buffer API (no process start, no file I/O).
 * Not measured here yet: headless Chromium (extension page, service worker).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { X25519Identity, decryptWithIdentities, encryptToRecipients } from '../src/crypto/index.js';
import { report } from './report.js';

const SIZE = 256 * 1024 * 1024;
const MB = SIZE / 1e6;
const root = resolve(import.meta.dirname, '..');

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

    // In-process Node, whole buffers.
    const data = new Uint8Array(readFileSync(plain));
    let began = performance.now();
    const file = await encryptToRecipients(data, [await identity.recipient()]);
    const encRate = MB / ((performance.now() - began) / 1000);
    began = performance.now();
    await decryptWithIdentities(file, [identity]);
    const decRate = MB / ((performance.now() - began) / 1000);
    report({ bench: 'age', metric: 'node in-process encrypt 256 MiB, MB/s', value: encRate, peer: null, ratio: null });
    report({ bench: 'age', metric: 'node in-process decrypt 256 MiB, MB/s', value: decRate, peer: null, ratio: null });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
