/**
 * The cryptographic primitives Ferry's age implementation is built from, and the checks that
 * make sure they are the real thing before anything is encrypted.
 *
 * Sources of the primitives:
 * - libsodium (libsodium-wrappers-sumo, WebAssembly): scrypt, HMAC-SHA-256 (and HKDF's Extract
 *   and Expand built on it, for HPKE), SHA-256, ChaCha20-Poly1305 (IETF variant, RFC 8439),
 *   X25519 (RFC 7748), base64.
 * - WebCrypto (`globalThis.crypto.subtle`): HKDF-SHA-256, which libsodium.js does not wrap.
 * - @noble/post-quantum (pure JS, no WebAssembly): ML-KEM-768 with X25519 (X-Wing), for age's
 *   post-quantum recipients; see mlkem768x25519.ts, which self-tests it on first use.
 *
 * Why the self-test exists: the CommonJS build of libsodium.js silently falls back to an asm.js
 * copy when WebAssembly cannot be instantiated (e.g. an extension page whose CSP lacks
 * 'wasm-unsafe-eval'). That copy has a fixed 80 MiB heap and, measured here, returns WRONG scrypt
 * keys without any error once scrypt needs more memory than that (r=8 with log2 N >= 17, so every
 * real age passphrase file). An archive encrypted under a wrong key is lost for good, so:
 * 1. we import the package by its bare name from an ES module, which resolves to the ESM build;
 *    that build embeds the WebAssembly and ships no asm.js fallback at all;
 * 2. `loadSodium()` refuses to hand out the library unless WebAssembly can be compiled here and
 *    known answers from the RFCs come out right.
 * Known answers at small N cannot catch the 80 MiB failure above (the fallback is correct below
 * that size); a known answer at log2 N >= 17 would cost ~0.5-1 s per page load, so it is left out
 * on purpose and point 1 plus the WebAssembly probe are what guard against that fallback.
 *
 * No Node-only APIs here (no `node:*`, no Buffer): this runs in Node and in extension pages.
 */
import sodium from 'libsodium-wrappers-sumo';

/**
 * The part of libsodium this folder uses, and all of it: every call goes through the wrappers
 * below. The CLI's build puts node:crypto's versions of exactly these in libsodium's place
 * (src/cli/node-sodium.ts); the self-test checks whichever was loaded.
 */
export interface Sodium {
  crypto_pwhash_scryptsalsa208sha256_ll(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number, keyLength: number): Uint8Array;
  crypto_auth_hmacsha256_init(key: Uint8Array): { name: string };
  crypto_auth_hmacsha256_update(state: { name: string }, message: Uint8Array): void;
  crypto_auth_hmacsha256_final(state: { name: string }): Uint8Array;
  readonly crypto_aead_chacha20poly1305_ietf_ABYTES: number;
  crypto_aead_chacha20poly1305_ietf_encrypt(message: Uint8Array, ad: Uint8Array | null, nsec: null, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_aead_chacha20poly1305_ietf_decrypt(nsec: null, sealed: Uint8Array, ad: Uint8Array | null, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_scalarmult(scalar: Uint8Array, point: Uint8Array): Uint8Array;
  crypto_scalarmult_base(scalar: Uint8Array): Uint8Array;
  crypto_hash_sha256(message: Uint8Array): Uint8Array;
  to_base64(input: Uint8Array, variant: number): string;
  from_base64(input: string, variant: number): Uint8Array;
  readonly base64_variants: { readonly ORIGINAL_NO_PADDING: number };
  memcmp(a: Uint8Array, b: Uint8Array): boolean;
  /**
   * libsodium's own WebAssembly module under the wrappers (libsodium-wrappers 0.8 exposes it as
   * `libsodium`); absent from the CLI's node:crypto stand-in. heapAead() uses it.
   */
  readonly libsodium?: unknown;
}

let loading: Promise<Sodium> | undefined;

/**
 * Waits for libsodium's WebAssembly to be ready and runs the known-answer self-test, once.
 * Later calls get the same promise. If the self-test fails the promise rejects with an Error
 * that says why, and keeps rejecting: the failure is deterministic, retrying cannot fix it.
 */
export function loadSodium(): Promise<Sodium> {
  loading ??= (async () => {
    assertWebAssemblyWorks();
    await sodium.ready;
    const s: Sodium = sodium;
    await selfTest(s);
    return s;
  })();
  return loading;
}

/**
 * Makes `primitives` what loadSodium gives from now on, once they have passed the same
 * self-test; undefined goes back to libsodium. For tests, which run the age code in-process
 * through the CLI's node:crypto primitives (src/cli/node-sodium.ts) as the built CLI does.
 */
export function usePrimitives(primitives: Sodium | undefined): void {
  loading = primitives ? selfTest(primitives).then(() => primitives) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Thin wrappers: age.ts calls only these, and the self-test checks exactly these, so a known
// answer covers the code path that real archives take (argument order, output length, variant).

/**
 * scrypt (RFC 7914) as age uses it: r = 8, p = 1, 32-byte key. Takes log2 N because that is what
 * age headers carry; libsodium's `_ll` function takes N itself (passing log2 N there derives a
 * valid-looking but wrong key).
 */
export function scrypt(s: Sodium, password: Uint8Array, salt: Uint8Array, logN: number, r = 8, p = 1, length = 32): Uint8Array {
  return s.crypto_pwhash_scryptsalsa208sha256_ll(password, salt, 2 ** logN, r, p, length);
}

/**
 * HMAC-SHA-256 with a key of any length. The one-shot `crypto_auth_hmacsha256` insists on a
 * 32-byte key; the init/update/final form hashes longer keys and pads shorter ones per RFC 2104,
 * so the RFC 4231 vectors (4-byte key) can test the same function age uses (32-byte key).
 */
export function hmacSha256(s: Sodium, key: Uint8Array, message: Uint8Array): Uint8Array {
  const state = s.crypto_auth_hmacsha256_init(key);
  s.crypto_auth_hmacsha256_update(state, message);
  return s.crypto_auth_hmacsha256_final(state);
}

/** ChaCha20-Poly1305 (RFC 8439, 12-byte nonce). Returns ciphertext || 16-byte tag. */
export function aeadSeal(s: Sodium, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array | null = null): Uint8Array {
  return s.crypto_aead_chacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key);
}

/** Opens ciphertext || tag; returns null when it does not authenticate (libsodium throws). */
export function aeadOpen(s: Sodium, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array | null = null): Uint8Array | null {
  if (sealed.length < s.crypto_aead_chacha20poly1305_ietf_ABYTES) return null;
  try {
    return s.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, aad, nonce, key);
  } catch {
    return null;
  }
}

/**
 * ChaCha20-Poly1305 (RFC 8439, no associated data) straight into a caller's buffer, for age's
 * payload. The wrappers above allocate per call: a wasm-heap copy of every argument, and a new
 * Uint8Array for the result, which the whole-buffer encryption then copied once more into the
 * file. On this machine first-touch memory is what that cost: profiled in Node on 64 MiB,
 * copying into fresh arrays took 56% of encryption and the cipher itself 21%. This calls the
 * same wasm functions the wrappers call, through one scratch area of the heap kept for every
 * chunk, and copies each result once, to where it belongs. Checked by the self-test against
 * aeadSeal/aeadOpen (which the RFC vector checks).
 */
export interface HeapAead {
  /** Writes ciphertext || tag (plaintext.length + 16 bytes) into `out` at `at`. */
  sealInto(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, out: Uint8Array, at: number): void;
  /** Writes the plaintext (sealed.length - 16 bytes) into `out` at `at`; false, writing nothing, when it does not authenticate. */
  openInto(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, out: Uint8Array, at: number): boolean;
}

/** The raw exports heapAead needs (emscripten names; 64-bit lengths are passed as two 32-bit halves). */
interface LibsodiumModule {
  readonly HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _crypto_aead_chacha20poly1305_ietf_encrypt(c: number, clenP: number, m: number, mlen: number, mlenHigh: number, ad: number, adlen: number, adlenHigh: number, nsec: number, npub: number, k: number): number;
  _crypto_aead_chacha20poly1305_ietf_decrypt(m: number, mlenP: number, nsec: number, c: number, clen: number, clenHigh: number, ad: number, adlen: number, adlenHigh: number, npub: number, k: number): number;
}

function libsodiumModule(s: Sodium): LibsodiumModule | null {
  const m = s.libsodium as Partial<LibsodiumModule> | undefined;
  const usable =
    m !== undefined &&
    m.HEAPU8 instanceof Uint8Array &&
    typeof m._malloc === 'function' &&
    typeof m._free === 'function' &&
    typeof m._crypto_aead_chacha20poly1305_ietf_encrypt === 'function' &&
    typeof m._crypto_aead_chacha20poly1305_ietf_decrypt === 'function';
  return usable ? (m as LibsodiumModule) : null;
}

const heapAeads = new WeakMap<object, HeapAead | null>();

/** The HeapAead of `s`, or null when `s` has no wasm module to call (the CLI's stand-in). */
export function heapAead(s: Sodium): HeapAead | null {
  if (heapAeads.has(s)) return heapAeads.get(s)!;
  const m = libsodiumModule(s);
  const aead = m ? makeHeapAead(m) : null;
  heapAeads.set(s, aead);
  return aead;
}

function makeHeapAead(m: LibsodiumModule): HeapAead {
  const TAG = 16;
  // One area for key, nonce, input and output, grown when a longer message comes (a chunk is
  // 64 KiB; only the self-test and odd callers differ). Single-threaded and synchronous, so one
  // area serves every call. The key is wiped after each call, the message bytes are not: the
  // wrappers leave theirs in freed heap as well, and the heap is this realm's own memory.
  let capacity = 0;
  let base = 0;
  const area = (messageLength: number): { k: number; n: number; input: number; output: number } => {
    if (messageLength + TAG > capacity) {
      if (base !== 0) m._free(base);
      capacity = Math.max(64 * 1024 + TAG, messageLength + TAG);
      base = m._malloc(64 + 2 * capacity);
      if (base === 0) {
        const wanted = 64 + 2 * capacity;
        capacity = 0;
        throw new Error(`libsodium could not allocate ${wanted} bytes of its memory.`);
      }
    }
    return { k: base, n: base + 32, input: base + 64, output: base + 64 + capacity };
  };
  return {
    sealInto(key, nonce, plaintext, out, at) {
      if (key.length !== 32 || nonce.length !== 12) throw new RangeError('ChaCha20-Poly1305 needs a 32-byte key and a 12-byte nonce.');
      const a = area(plaintext.length);
      // HEAPU8 is read after area(): a malloc may grow the memory, which replaces the view.
      const heap = m.HEAPU8;
      heap.set(key, a.k);
      heap.set(nonce, a.n);
      heap.set(plaintext, a.input);
      const failed = m._crypto_aead_chacha20poly1305_ietf_encrypt(a.output, 0, a.input, plaintext.length, 0, 0, 0, 0, 0, a.n, a.k);
      heap.fill(0, a.k, a.k + 32);
      if (failed !== 0) throw new Error('libsodium refused to encrypt a chunk.');
      out.set(heap.subarray(a.output, a.output + plaintext.length + TAG), at);
    },
    openInto(key, nonce, sealed, out, at) {
      if (key.length !== 32 || nonce.length !== 12) throw new RangeError('ChaCha20-Poly1305 needs a 32-byte key and a 12-byte nonce.');
      if (sealed.length < TAG) return false;
      const a = area(sealed.length);
      const heap = m.HEAPU8;
      heap.set(key, a.k);
      heap.set(nonce, a.n);
      heap.set(sealed, a.input);
      const failed = m._crypto_aead_chacha20poly1305_ietf_decrypt(a.output, 0, 0, a.input, sealed.length, 0, 0, 0, 0, a.n, a.k);
      heap.fill(0, a.k, a.k + 32);
      if (failed !== 0) return false;
      out.set(heap.subarray(a.output, a.output + sealed.length - TAG), at);
      return true;
    },
  };
}

/**
 * X25519 (RFC 7748) of a 32-byte scalar and point. Returns null when the result is all zeros
 * (a low-order point): age must refuse such a share (spec §X25519), and libsodium signals
 * it by failing.
 */
export function x25519(s: Sodium, scalar: Uint8Array, point: Uint8Array): Uint8Array | null {
  try {
    return s.crypto_scalarmult(scalar, point);
  } catch {
    return null;
  }
}

/** X25519 of a scalar and the base point: the public key of a secret key. */
export function x25519Base(s: Sodium, scalar: Uint8Array): Uint8Array {
  return s.crypto_scalarmult_base(scalar);
}

/** HKDF-SHA-256 (RFC 5869) through WebCrypto, present in browsers, workers and Node >= 19. */
export async function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto (crypto.subtle) is not available here; Ferry needs it for HKDF-SHA-256.');
  // Copies: WebCrypto wants ArrayBuffer-backed views, and the inputs may be views into a wasm heap.
  const key = await subtle.importKey('raw', new Uint8Array(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(salt), info: new Uint8Array(info) }, key, length * 8);
  return new Uint8Array(bits);
}

/**
 * HKDF-Extract (RFC 5869 section 2.2): PRK = HMAC-SHA-256(key = salt, IKM). HPKE (RFC 9180) and
 * age's fido2prf stanza use Extract and Expand separately, with labels between them, which the
 * one-shot WebCrypto HKDF above cannot do. An empty salt works as is: HMAC pads its key with
 * zeros, so it equals RFC 5869's default salt of 32 zero bytes.
 */
export function hkdfExtract(s: Sodium, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmacSha256(s, salt, ikm);
}

/** HKDF-Expand (RFC 5869 section 2.3): T(1) || T(2) || ... with T(i) = HMAC(PRK, T(i-1) || info || i). */
export function hkdfExpand(s: Sodium, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 1 || length > 255 * 32) throw new RangeError(`HKDF-Expand cannot make ${length} bytes.`);
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    const input = new Uint8Array(previous.length + info.length + 1);
    input.set(previous);
    input.set(info, previous.length);
    input[input.length - 1] = i;
    previous = hmacSha256(s, prk, input);
    out.set(previous.subarray(0, length - at), at);
    at += previous.length;
  }
  return out;
}

export function sha256(s: Sodium, bytes: Uint8Array): Uint8Array {
  return s.crypto_hash_sha256(bytes);
}

/**
 * Standard-alphabet base64 WITHOUT padding, as age writes it. libsodium's default variant is
 * URL-safe, which would produce headers `age` rejects.
 */
export function toBase64(s: Sodium, bytes: Uint8Array): string {
  return bytes.length === 0 ? '' : s.to_base64(bytes, s.base64_variants.ORIGINAL_NO_PADDING);
}

/**
 * Strict decoding of the same encoding: returns null for anything that is not exactly what
 * `toBase64` would have written. age requires canonical encodings (no padding, no stray
 * characters, zero unused trailing bits) so that a header has exactly one byte representation
 * and the header MAC cannot be sidestepped by re-encoding. The round trip enforces all of that
 * regardless of how lenient the decoder is.
 */
export function fromBase64Strict(s: Sodium, text: string): Uint8Array | null {
  if (text.length === 0) return new Uint8Array(0);
  if (!/^[A-Za-z0-9+/]+$/.test(text) || text.length % 4 === 1) return null;
  let bytes: Uint8Array;
  try {
    bytes = s.from_base64(text, s.base64_variants.ORIGINAL_NO_PADDING);
  } catch {
    return null;
  }
  return toBase64(s, bytes) === text ? bytes : null;
}

// ---------------------------------------------------------------------------------------------
// Self-test

/**
 * Fails when WebAssembly cannot be compiled in this context: then whatever libsodium build got
 * loaded cannot be the WebAssembly one (the ESM build would fail to load; the CJS build would
 * have fallen back to its asm.js copy, see the top of this file). Compiling the 8-byte empty
 * module costs well under a millisecond and is allowed synchronously everywhere.
 */
function assertWebAssemblyWorks(): void {
  try {
    new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  } catch (error) {
    throw new Error(
      'Encryption is unavailable: WebAssembly cannot run here (an extension page needs ' +
        `"script-src 'self' 'wasm-unsafe-eval'" in its content security policy). (${String(error)})`,
      { cause: error },
    );
  }
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (text: string): Uint8Array => {
  const clean = text.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
};
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const toHex = (bytes: Uint8Array): string => {
  let out = '';
  for (const b of bytes) out += HEX_PAIRS[b];
  return out;
};
/** Byte equality for the heap-path checks: hex of their 64 KiB buffers cost ~300 ms in libsodium's self-test. */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
const ascending = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i);

/**
 * Known answers, each from a published vector except the age-shaped scrypt one, which was
 * computed with two other implementations (OpenSSL through Node's crypto.scryptSync, and
 * Python's hashlib.scrypt) and matches both. Takes ~10-20 ms (the N = 1024, r = 8 scrypt
 * dominates). Exported so tests can show it rejects a broken library.
 */
export async function selfTest(s: Sodium): Promise<void> {
  const failures: string[] = [];
  const check = (name: string, got: Uint8Array | string, expected: string): void => {
    const gotHex = typeof got === 'string' ? got : toHex(got);
    if (gotHex !== expected) failures.push(`${name}: expected ${expected.slice(0, 16)}…, got ${gotHex.slice(0, 16)}…`);
  };
  const attempt = async (name: string, run: () => void | Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      failures.push(`${name}: threw ${String(error)}`);
    }
  };

  // RFC 7914 section 12, first vector: scrypt("", "", N=16, r=1, p=1, dkLen=64).
  await attempt('scrypt RFC 7914 #1', () =>
    check(
      'scrypt RFC 7914 #1',
      scrypt(s, new Uint8Array(0), new Uint8Array(0), 4, 1, 1, 64),
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
    ),
  );
  // age's exact parameters (r=8, p=1, 32 bytes, labelled salt) at a small N. The RFC's r=8
  // vectors use p=16 or N=16384 and would cost ~100 ms each.
  await attempt('scrypt age-shaped', () => {
    const salt = new Uint8Array([...utf8('age-encryption.org/v1/scrypt'), ...ascending(16)]);
    check('scrypt age-shaped', scrypt(s, utf8('ferry known-answer test'), salt, 10), 'eaae32cd0da2be43e6d017838787384dc6eedcc27cd454a88d5466bbf453313d');
  });
  // RFC 4231 section 4.3, test case 2.
  await attempt('HMAC-SHA-256 RFC 4231 #2', () =>
    check('HMAC-SHA-256 RFC 4231 #2', hmacSha256(s, utf8('Jefe'), utf8('what do ya want for nothing?')), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
  );
  // RFC 8439 section 2.8.2: seal, then open, then a flipped tag bit must not open.
  await attempt('ChaCha20-Poly1305 RFC 8439 2.8.2', () => {
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hex('070000004041424344454647');
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const plaintext = utf8("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const sealed = aeadSeal(s, key, nonce, plaintext, aad);
    check(
      'ChaCha20-Poly1305 RFC 8439 2.8.2',
      sealed,
      'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
        '1ae10b594f09e26a7e902ecbd0600691',
    );
    const opened = aeadOpen(s, key, nonce, sealed, aad);
    if (!opened || !sameBytes(opened, plaintext)) failures.push('ChaCha20-Poly1305 RFC 8439 2.8.2: did not open its own output');
    const forged = new Uint8Array(sealed);
    forged[forged.length - 1]! ^= 1;
    if (aeadOpen(s, key, nonce, forged, aad) !== null) failures.push('ChaCha20-Poly1305 RFC 8439 2.8.2: accepted a forged tag');
  });
  // The heap path age's payload takes (heapAead), against the wrappers just checked: the same
  // bytes sealed, its own output opened, a flipped bit refused, for a few lengths around 64 KiB.
  await attempt('ChaCha20-Poly1305 heap path', () => {
    const aead = heapAead(s);
    if (!aead) return;
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hex('070000004041424344454647');
    for (const length of [0, 1, 114, 65535, 65536, 65537]) {
      const plaintext = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      const sealed = new Uint8Array(length + 16 + 3);
      aead.sealInto(key, nonce, plaintext, sealed, 3);
      if (!sameBytes(sealed.subarray(3), aeadSeal(s, key, nonce, plaintext))) failures.push(`ChaCha20-Poly1305 heap path: sealed ${length} bytes differently`);
      const opened = new Uint8Array(length + 5);
      if (!aead.openInto(key, nonce, sealed.subarray(3), opened, 5) || !sameBytes(opened.subarray(5), plaintext)) failures.push(`ChaCha20-Poly1305 heap path: did not open its own ${length} bytes`);
      sealed[3 + (length >> 1)]! ^= 1;
      if (aead.openInto(key, nonce, sealed.subarray(3), opened, 5)) failures.push(`ChaCha20-Poly1305 heap path: accepted ${length} damaged bytes`);
    }
  });
  // RFC 7748 section 6.1: Alice's public key, and the shared secret with Bob (also checked
  // against OpenSSL); an all-zero point must be refused.
  await attempt('X25519 RFC 7748 6.1', () => {
    const alice = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bobPublic = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    check('X25519 RFC 7748 6.1 public', x25519Base(s, alice), '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    check('X25519 RFC 7748 6.1 shared', x25519(s, alice, bobPublic) ?? '', '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
    if (x25519(s, alice, new Uint8Array(32)) !== null) failures.push('X25519: accepted a low-order point');
  });
  // RFC 5869 appendix A.1 (WebCrypto, checked because age's every key passes through it).
  await attempt('HKDF-SHA-256 RFC 5869 A.1', async () =>
    check(
      'HKDF-SHA-256 RFC 5869 A.1',
      await hkdfSha256(hex('0b'.repeat(22)), ascending(13), hex('f0f1f2f3f4f5f6f7f8f9'), 42),
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    ),
  );
  // RFC 5869 appendix A.1 again, through the separate Extract and Expand that HPKE uses (libsodium's
  // HMAC), with its published PRK; and appendix A.3, whose salt is empty.
  await attempt('HKDF Extract/Expand RFC 5869 A.1', () => {
    const prk = hkdfExtract(s, ascending(13), hex('0b'.repeat(22)));
    check('HKDF-Extract RFC 5869 A.1', prk, '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
    check('HKDF-Expand RFC 5869 A.1', hkdfExpand(s, prk, hex('f0f1f2f3f4f5f6f7f8f9'), 42), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
    check(
      'HKDF RFC 5869 A.3',
      hkdfExpand(s, hkdfExtract(s, new Uint8Array(0), hex('0b'.repeat(22))), new Uint8Array(0), 42),
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
  });
  // FIPS 180-2 appendix B.1 ("abc").
  await attempt('SHA-256', () => check('SHA-256', sha256(s, utf8('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
  // The base64 variant age needs: standard alphabet ('+', '/'), no '=' padding.
  await attempt('base64 variant', () => {
    check('base64 variant', toBase64(s, new Uint8Array([0xfb, 0xff])), '+/8');
    if (fromBase64Strict(s, '+/9') !== null) failures.push('base64 variant: accepted a non-canonical encoding');
  });

  if (failures.length > 0) {
    throw new Error(
      'Encryption is disabled: the cryptographic library failed its self-test, so it could produce ' +
        `archives that can never be opened. Failed checks: ${failures.join('; ')}`,
    );
  }
}
