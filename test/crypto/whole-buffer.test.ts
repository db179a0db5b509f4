/**
 * The whole-buffer forms (encryptToRecipients, decryptWithIdentities) write and open the payload
 * chunk by chunk straight into one array, apart from the stream code (encryptStream,
 * decryptStream), and with libsodium through its wasm heap (sodium.ts heapAead) rather than the
 * wrappers. So each is checked against readers and writers that share none of that code: the
 * stream forms over node:crypto's cipher, and the real `age` CLI. A chunk written out of order,
 * under the wrong counter or without its last-chunk flag would fail to open there.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X25519Identity, collect, decryptStream, decryptWithIdentities, encryptStream, encryptToRecipients, loadSodium, sodiumPayloadCipher, type PayloadCipher } from '../../src/crypto/index.js';
import { nodePayloadCipher } from '../../src/cli/node-aead.js';
import { ageErrorOf } from './age-error-of.js';

const CHUNK = 64 * 1024;
const SEALED = CHUNK + 16;
const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * 1024 * 1024 + 3];
const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
async function* once(file: Uint8Array): AsyncGenerator<Uint8Array> {
  yield file;
}

function native(): PayloadCipher {
  const cipher = nodePayloadCipher();
  if (!cipher) throw new Error('this Node has no chacha20-poly1305 in node:crypto');
  return cipher;
}

function requireAgeCli(): void {
  const probe = spawnSync('age', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(`The age CLI is not installed (apt-get install -y age); this test fails instead of skipping. (${probe.error?.message ?? probe.stderr})`);
}

describe('whole-buffer age files', () => {
  let dir: string;
  let identity: X25519Identity;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-whole-'));
    identity = await X25519Identity.generate();
    writeFileSync(join(dir, 'key.txt'), `${identity}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('libsodium seals and opens the payload through its wasm heap, not a new array per chunk', async () => {
    const cipher = sodiumPayloadCipher(await loadSodium());
    expect(typeof cipher.sealInto).toBe('function');
    expect(typeof cipher.openInto).toBe('function');
  });

  it('a file encrypted whole opens as a stream over node:crypto and with the age CLI, at every chunk boundary', async () => {
    requireAgeCli();
    const recipient = await identity.recipient();
    for (const size of SIZES) {
      const plaintext = bytes(size);
      const file = await encryptToRecipients(plaintext, [recipient]);
      const streamed = await collect(decryptStream(once(file), [identity], { cipher: native() }));
      expect(same(streamed, plaintext), `${size} bytes as a stream`).toBe(true);
      writeFileSync(join(dir, 'whole.age'), file);
      const age = spawnSync('age', ['-d', '-i', join(dir, 'key.txt'), join(dir, 'whole.age')], { maxBuffer: 1 << 24 });
      expect(age.status, `${size} bytes with age: ${String(age.stderr)}`).toBe(0);
      expect(same(age.stdout, plaintext), `${size} bytes with age`).toBe(true);
    }
  });

  it('a file the age CLI or the stream encrypted opens whole, at every chunk boundary', async () => {
    requireAgeCli();
    const recipient = await identity.recipient();
    for (const size of SIZES) {
      const plaintext = bytes(size);
      writeFileSync(join(dir, 'plain.bin'), plaintext);
      const age = spawnSync('age', ['-r', String(recipient), '-o', join(dir, 'from-age.age'), join(dir, 'plain.bin')], { encoding: 'utf8' });
      expect(age.status, age.stderr).toBe(0);
      expect(same(await decryptWithIdentities(new Uint8Array(readFileSync(join(dir, 'from-age.age'))), [identity]), plaintext), `${size} bytes from age`).toBe(true);
      const streamed = await collect(encryptStream(once(plaintext), [recipient], { cipher: native() }));
      expect(same(await decryptWithIdentities(streamed, [identity]), plaintext), `${size} bytes from the stream`).toBe(true);
    }
  });

  it('a damaged, reordered, cut or extended file is refused whole with the error the stream gives', async () => {
    const plaintext = bytes(5 * CHUNK + 300);
    const file = await encryptToRecipients(plaintext, [await identity.recipient()]);
    const payloadStart = file.length - (plaintext.length + 6 * 16);
    const chunkAt = (n: number): number => payloadStart + n * SEALED;
    const flipped = new Uint8Array(file);
    flipped[chunkAt(2) + 1000]! ^= 1;
    const swapped = new Uint8Array(file);
    swapped.set(file.subarray(chunkAt(1), chunkAt(2)), chunkAt(2));
    swapped.set(file.subarray(chunkAt(2), chunkAt(3)), chunkAt(1));
    const cases: [string, Uint8Array, string][] = [
      ['a flipped bit in the third of six chunks', flipped, 'payload-corrupt'],
      ['the second and third chunks swapped', swapped, 'payload-corrupt'],
      ['cut after the fifth chunk', file.subarray(0, chunkAt(5)), 'truncated'],
      ['cut inside the last chunk', file.subarray(0, file.length - 100), 'payload-corrupt'],
      ['cut to less than a tag after the last full chunk', file.subarray(0, chunkAt(5) + 7), 'truncated'],
      ['a newline appended', new Uint8Array(Buffer.concat([file, Buffer.from('\n')])), 'trailing-data'],
      ['the payload removed', file.subarray(0, payloadStart), 'truncated'],
    ];
    for (const [what, damaged, code] of cases) {
      const whole = await ageErrorOf(decryptWithIdentities(damaged, [identity]));
      const streamed = await ageErrorOf(collect(decryptStream(once(damaged), [identity])));
      expect([what, whole.code], whole.message).toEqual([what, code]);
      expect([what, whole.message]).toEqual([what, streamed.message]);
    }
  });
});
