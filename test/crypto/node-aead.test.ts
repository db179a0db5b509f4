/**
 * The CLI's payload cipher (node:crypto's ChaCha20-Poly1305, src/crypto/node-aead.ts) against
 * libsodium's, which extension pages use: an archive written by either opens with the other, the
 * bytes are the same for the same key and nonce, and damage is refused the same way. The C2SP
 * CCTV vectors also run through both (cctv.test.ts); the CLI tests drive the real `age` on files
 * the built CLI wrote with this cipher.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { X25519Identity, decryptWithIdentities, encryptToRecipients, loadSodium, sodiumPayloadCipher, type PayloadCipher } from '../../src/crypto/index.js';
import { nodePayloadCipher } from '../../src/cli/node-aead.js';
import { ageErrorOf } from './age-error-of.js';

const CHUNK = 64 * 1024;
const bytes = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

async function ciphers(): Promise<{ native: PayloadCipher; sodium: PayloadCipher }> {
  const native = nodePayloadCipher();
  if (!native) throw new Error('this Node has no chacha20-poly1305 in node:crypto, so the CLI would fall back to libsodium');
  return { native, sodium: sodiumPayloadCipher(await loadSodium()) };
}


describe('the native payload cipher of the CLI', () => {
  it('seals a chunk to exactly the bytes libsodium seals it to, and opens what libsodium sealed', async () => {
    const { native, sodium } = await ciphers();
    for (const size of [0, 1, 15, 16, 17, 1000, CHUNK]) {
      const key = bytes(32);
      const nonce = bytes(12);
      const plaintext = bytes(size);
      const sealed = native.seal(key, nonce, plaintext);
      expect(sameBytes(sealed, sodium.seal(key, nonce, plaintext)), `size ${size}`).toBe(true);
      expect(sameBytes(native.open(key, nonce, sodium.seal(key, nonce, plaintext))!, plaintext), `size ${size}`).toBe(true);
    }
  });

  it('refuses a chunk with a flipped bit, the wrong nonce or fewer bytes than a tag', async () => {
    const { native } = await ciphers();
    const key = bytes(32);
    const nonce = bytes(12);
    const sealed = native.seal(key, nonce, bytes(5000));
    for (const at of [0, 2500, sealed.length - 1]) {
      const damaged = new Uint8Array(sealed);
      damaged[at]! ^= 0x80;
      expect(native.open(key, nonce, damaged), `bit flipped at ${at}`).toBeNull();
    }
    const otherNonce = new Uint8Array(nonce);
    otherNonce[11]! ^= 1;
    expect(native.open(key, otherNonce, sealed)).toBeNull();
    expect(native.open(key, nonce, sealed.subarray(0, 15))).toBeNull();
  });

  it('writes archives that libsodium opens and opens archives libsodium wrote, at every chunk boundary', async () => {
    const { native, sodium } = await ciphers();
    const identity = await X25519Identity.generate();
    const recipient = await identity.recipient();
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 77]) {
      const plaintext = bytes(size);
      for (const [writer, reader] of [
        [native, sodium],
        [sodium, native],
      ] as const) {
        const file = await encryptToRecipients(plaintext, [recipient], { cipher: writer });
        const back = await decryptWithIdentities(file, [identity], { cipher: reader });
        expect(sameBytes(back, plaintext), `${size} bytes, ${writer.name} to ${reader.name}`).toBe(true);
      }
    }
  });

  it('refuses a damaged, cut or extended archive with the same error code as libsodium', async () => {
    const { native, sodium } = await ciphers();
    const identity = await X25519Identity.generate();
    const file = await encryptToRecipients(bytes(2 * CHUNK + 500), [await identity.recipient()], { cipher: native });
    const flipped = new Uint8Array(file);
    flipped[file.length - CHUNK]! ^= 1;
    const cases: [string, Uint8Array][] = [
      ['a flipped bit in a middle chunk', flipped],
      ['the last chunk cut off', file.subarray(0, file.length - 516)],
      ['bytes appended', new Uint8Array(Buffer.concat([file, Buffer.from('\n')]))],
      ['cut in the last chunk', file.subarray(0, file.length - 100)],
    ];
    for (const [what, damaged] of cases) {
      const withNative = await ageErrorOf(decryptWithIdentities(damaged, [identity], { cipher: native }));
      const withSodium = await ageErrorOf(decryptWithIdentities(damaged, [identity], { cipher: sodium }));
      expect(withNative.code, what).toBe(withSodium.code);
      expect(withNative.message, what).toBe(withSodium.message);
    }
  });
});
