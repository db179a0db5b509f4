import { vi } from 'vitest';
import { nativeCiphers } from '../../src/cli/age-file.js';

/** Every random byte the age code draws (file key, nonce, ephemeral share) from one seeded counter. */
export function deterministicRandom(seed: number): void {
  let state = seed;
  vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    const bytes = new Uint8Array(array!.buffer, array!.byteOffset, array!.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
    return array;
  });
}

export const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** node:crypto's ChaCha20-Poly1305, which these tests need (the CLI falls back to libsodium without it). */
export const native = () => {
  const ciphers = nativeCiphers();
  if (!ciphers) throw new Error('this Node has no chacha20-poly1305 in node:crypto');
  return ciphers;
};
