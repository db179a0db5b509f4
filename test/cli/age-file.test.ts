/**
 * The CLI's own age file reader and writer (src/cli/age-file.ts: big positioned reads, the
 * payload through node:crypto) against the general streams of src/crypto/stream.ts: the same
 * bytes for the same keys and nonces, the same plaintext back, and a damaged file refused with
 * the same error, at every chunk boundary and at the boundaries of its 64-chunk reads. The
 * built CLI runs the same code against the real `age` in crypto-commands.test.ts, and the CCTV
 * vectors go through it in test/crypto/cctv.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { X25519Identity, collect, decryptWithIdentities, encryptToRecipients } from '../../src/crypto/index.js';
import { decryptFile, encryptFile } from '../../src/cli/age-file.js';
import { ageErrorOf } from '../crypto/age-error-of.js';
import { deterministicRandom, native, same } from './seeded-random.js';

const CHUNK = 64 * 1024;
const SEALED = CHUNK + 16;
/** Chunks per read in age-file.ts: its block boundaries are where this reader differs most from the general one. */
const BLOCK = 64;
const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 77, BLOCK * CHUNK - 1, BLOCK * CHUNK, BLOCK * CHUNK + 1, 2 * BLOCK * CHUNK, 2 * BLOCK * CHUNK + CHUNK + 5];

const dir = mkdtempSync(join(tmpdir(), 'ferry-age-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function fileOf(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}



describe("the CLI's age file reader and writer", () => {
  it('encrypts a file on disk to exactly the bytes the general stream writes for the same keys and nonces', async () => {
    const identity = await X25519Identity.generate();
    const recipient = await identity.recipient();
    for (const size of SIZES) {
      const plaintext = new Uint8Array(randomBytes(size));
      const path = fileOf(`plain-${size}`, plaintext);
      deterministicRandom(size + 1);
      const fromFile = await collect(await encryptFile(path, [recipient], native()));
      vi.restoreAllMocks();
      deterministicRandom(size + 1);
      const fromStream = await encryptToRecipients(plaintext, [recipient], { cipher: native().payload });
      vi.restoreAllMocks();
      expect(same(fromFile, fromStream), `${size} bytes`).toBe(true);
      expect(same(await decryptWithIdentities(fromFile, [identity]), plaintext), `${size} bytes back`).toBe(true);
    }
  });

  it('decrypts a file on disk to its plaintext at every chunk and read boundary', async () => {
    const identity = await X25519Identity.generate();
    const recipient = await identity.recipient();
    for (const size of SIZES) {
      const plaintext = new Uint8Array(randomBytes(size));
      const path = fileOf(`sealed-${size}.age`, await encryptToRecipients(plaintext, [recipient]));
      expect(same(await collect(await decryptFile(path, [identity], native())), plaintext), `${size} bytes`).toBe(true);
    }
  });

  it('refuses a damaged, cut or extended file with the error the general reader gives', async () => {
    const identity = await X25519Identity.generate();
    const file = await encryptToRecipients(new Uint8Array(randomBytes(2 * BLOCK * CHUNK + 500)), [await identity.recipient()]);
    const headerEnd = file.length - (2 * BLOCK * SEALED + 516);
    const flip = (at: number) => {
      const copy = new Uint8Array(file);
      copy[at]! ^= 1;
      return copy;
    };
    const cases: [string, Uint8Array][] = [
      ['a flipped bit in the first chunk', flip(headerEnd + 100)],
      ['a flipped bit in the last chunk of the first read', flip(headerEnd + BLOCK * SEALED - 3)],
      ['a flipped bit in the middle of the second read', flip(headerEnd + BLOCK * SEALED + 20 * SEALED)],
      ['a flipped bit in the last chunk', flip(file.length - 10)],
      ['a flipped bit in the header', flip(30)],
      ['cut at a chunk boundary', file.subarray(0, file.length - 516)],
      ['cut at a read boundary', file.subarray(0, headerEnd + BLOCK * SEALED)],
      ['cut inside the last chunk', file.subarray(0, file.length - 100)],
      ['cut right after the payload nonce', file.subarray(0, headerEnd)],
      ['one byte appended', new Uint8Array(Buffer.concat([file, Buffer.from('\n')]))],
      ['a whole chunk appended', new Uint8Array(Buffer.concat([file, file.subarray(headerEnd, headerEnd + SEALED)]))],
    ];
    for (const [what, damaged] of cases) {
      const path = fileOf('damaged.age', damaged);
      const fromFile = await ageErrorOf(collect(await decryptFile(path, [identity], native())));
      const general = await ageErrorOf(decryptWithIdentities(damaged, [identity], { cipher: native().payload }));
      expect(fromFile.code, what).toBe(general.code);
      expect(fromFile.message, what).toBe(general.message);
    }
  });
});
