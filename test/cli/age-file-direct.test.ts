/**
 * The CLI's direct file paths (src/cli/age-file.ts: encryptFileTo and decryptFileTo, what
 * `ferry encrypt -o` and `ferry decrypt -o` run) against its generators and the general
 * streams: the same bytes for the same keys and nonces, at every chunk and block boundary, and
 * a damaged file refused with the general reader's error, the sink having received only
 * plaintext that verified (a prefix of the real plaintext, never a byte of a failed chunk).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { X25519Identity, collect, decryptWithIdentities, encryptToRecipients } from '../../src/crypto/index.js';
import { decryptFileTo, encryptFile, encryptFileTo } from '../../src/cli/age-file.js';
import { ageErrorOf } from '../crypto/age-error-of.js';
import { deterministicRandom, native, same } from './seeded-random.js';

const CHUNK = 64 * 1024;
const SEALED = CHUNK + 16;
/** Chunks per block in age-file.ts (1 MiB). */
const BLOCK = 16;
const SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, BLOCK * CHUNK - 1, BLOCK * CHUNK, BLOCK * CHUNK + 1, 2 * BLOCK * CHUNK, 2 * BLOCK * CHUNK + CHUNK + 5];

const dir = mkdtempSync(join(tmpdir(), 'ferry-age-direct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function fileOf(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A sink that keeps a copy of every write (the direct paths reuse their buffers). */
function collecting() {
  const parts: Buffer[] = [];
  return { writeNow: (bytes: Uint8Array) => void parts.push(Buffer.from(bytes)), bytes: () => new Uint8Array(Buffer.concat(parts)) };
}


describe("the CLI's direct age file paths", () => {
  it('encrypt a file into an output to the bytes the generator and the general stream write, and decrypt it back', async () => {
    const identity = await X25519Identity.generate();
    const recipient = await identity.recipient();
    for (const size of SIZES) {
      const plaintext = new Uint8Array(randomBytes(size));
      const path = fileOf(`plain-${size}`, plaintext);
      deterministicRandom(size + 7);
      const sink = collecting();
      await encryptFileTo(path, [recipient], native(), sink);
      vi.restoreAllMocks();
      deterministicRandom(size + 7);
      const generated = await collect(await encryptFile(path, [recipient], native()));
      vi.restoreAllMocks();
      deterministicRandom(size + 7);
      const general = await encryptToRecipients(plaintext, [recipient], { cipher: native().payload });
      vi.restoreAllMocks();
      expect(same(sink.bytes(), generated), `${size} bytes, against the generator`).toBe(true);
      expect(same(sink.bytes(), general), `${size} bytes, against the general stream`).toBe(true);
      const back = collecting();
      await decryptFileTo(fileOf(`sealed-${size}.age`, general), [identity], native(), back);
      expect(same(back.bytes(), plaintext), `${size} bytes back`).toBe(true);
    }
  });

  it('refuse a damaged, cut or extended file with the general reader error, having written only verified plaintext', async () => {
    const identity = await X25519Identity.generate();
    const plaintext = new Uint8Array(randomBytes(2 * BLOCK * CHUNK + 500));
    const file = await encryptToRecipients(plaintext, [await identity.recipient()]);
    const headerEnd = file.length - (2 * BLOCK * SEALED + 516);
    const flip = (at: number) => {
      const copy = new Uint8Array(file);
      copy[at]! ^= 1;
      return copy;
    };
    const cases: [string, Uint8Array][] = [
      ['a flipped bit in the first chunk', flip(headerEnd + 100)],
      ['a flipped bit in the last chunk of the first block', flip(headerEnd + BLOCK * SEALED - 3)],
      ['a flipped bit in the first chunk of the second block', flip(headerEnd + BLOCK * SEALED + 3)],
      ['a flipped bit in the middle of the second block', flip(headerEnd + BLOCK * SEALED + 5 * SEALED)],
      ['a flipped bit in the last chunk', flip(file.length - 10)],
      ['a flipped bit in the header', flip(30)],
      ['cut at a chunk boundary', file.subarray(0, file.length - 516)],
      ['cut at a block boundary', file.subarray(0, headerEnd + BLOCK * SEALED)],
      ['cut inside the last chunk', file.subarray(0, file.length - 100)],
      ['cut right after the payload nonce', file.subarray(0, headerEnd)],
      ['one byte appended', new Uint8Array(Buffer.concat([file, Buffer.from('\n')]))],
      ['a whole chunk appended', new Uint8Array(Buffer.concat([file, file.subarray(headerEnd, headerEnd + SEALED)]))],
    ];
    for (const [what, damaged] of cases) {
      const sink = collecting();
      const direct = await ageErrorOf(decryptFileTo(fileOf('damaged.age', damaged), [identity], native(), sink));
      const general = await ageErrorOf(decryptWithIdentities(damaged, [identity], { cipher: native().payload }));
      expect(direct.code, what).toBe(general.code);
      expect(direct.message, what).toBe(general.message);
      const written = sink.bytes();
      expect(written.length % CHUNK, `${what}: whole chunks only`).toBe(0);
      expect(same(written, plaintext.subarray(0, written.length)), `${what}: only verified plaintext`).toBe(true);
    }
  });
});
