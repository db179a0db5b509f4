/**
 * Node only: the primitives src/crypto/sodium.ts takes from libsodium, from node:crypto
 * (OpenSSL) instead, for the CLI. vite.cli.config.ts builds the CLI with this module in place of
 * `libsodium-wrappers-sumo`, so `ferry` never loads libsodium: loading it (parsing the module,
 * decoding and compiling its WebAssembly) cost about 150 ms of every run, a third of what native
 * `age` takes for a whole 256 MiB file. Extension pages and workers keep libsodium.
 *
 * Only the members sodium.ts's `Sodium` names exist, with libsodium's meaning: results are
 * fresh arrays, failures throw as libsodium's do (an AEAD that does not open, a low-order X25519
 * point). loadSodium runs its known-answer self-test on these exactly as on libsodium, so a
 * wrong one refuses to encrypt rather than write archives nobody can open; tests run the CCTV
 * vectors through them too (test/crypto/cctv.test.ts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, createPublicKey, diffieHellman, scryptSync, timingSafeEqual, type Hmac } from 'node:crypto';
import type { Sodium } from '../crypto/sodium.js';

const TAG = 16;
/** DER prefixes of an X25519 private key (PKCS #8) and public key (SPKI), RFC 8410. */
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');
/** libsodium's number for the variant age uses (its base64_variants enum). */
const ORIGINAL_NO_PADDING = 3;

/** A copy in its own memory (Node's small Buffers share a pool), the pooled bytes wiped: many are keys. */
function fresh(b: Buffer): Uint8Array {
  const out = new Uint8Array(b);
  b.fill(0);
  return out;
}

function privateKey(scalar: Uint8Array) {
  if (scalar.length !== 32) throw new Error('invalid private key length');
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519, scalar]), format: 'der', type: 'pkcs8' });
}

function publicKey(point: Uint8Array) {
  if (point.length !== 32) throw new Error('invalid public key length');
  return createPublicKey({ key: Buffer.concat([SPKI_X25519, point]), format: 'der', type: 'spki' });
}

function checkVariant(variant: number): void {
  if (variant !== ORIGINAL_NO_PADDING) throw new Error('only base64 ORIGINAL_NO_PADDING is implemented here');
}

interface HmacState {
  name: string;
  hmac: Hmac;
}

const nodeSodium: Sodium & { ready: Promise<void> } = {
  ready: Promise.resolve(),

  crypto_pwhash_scryptsalsa208sha256_ll(password, salt, N, r, p, keyLength) {
    // OpenSSL refuses more than `maxmem` bytes (32 MiB by default); scrypt needs 128 * N * r.
    return fresh(scryptSync(password, salt, keyLength, { N, r, p, maxmem: 128 * N * r * p + (64 << 20) }));
  },

  crypto_auth_hmacsha256_init(key) {
    return { name: 'hmac-sha256', hmac: createHmac('sha256', key) } as HmacState;
  },
  crypto_auth_hmacsha256_update(state, message) {
    (state as HmacState).hmac.update(message);
  },
  crypto_auth_hmacsha256_final(state) {
    return fresh((state as HmacState).hmac.digest());
  },

  crypto_aead_chacha20poly1305_ietf_ABYTES: TAG,
  crypto_aead_chacha20poly1305_ietf_encrypt(message, ad, _nsec, nonce, key) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    if (ad) cipher.setAAD(ad, { plaintextLength: message.length });
    const ciphertext = cipher.update(message);
    cipher.final();
    return fresh(Buffer.concat([ciphertext, cipher.getAuthTag()]));
  },
  crypto_aead_chacha20poly1305_ietf_decrypt(_nsec, sealed, ad, nonce, key) {
    if (sealed.length < TAG) throw new Error('ciphertext too short');
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    if (ad) decipher.setAAD(ad, { plaintextLength: sealed.length - TAG });
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG));
    try {
      decipher.final();
    } catch {
      plaintext.fill(0);
      throw new Error('ciphertext cannot be decrypted using that key');
    }
    return fresh(plaintext);
  },

  crypto_scalarmult(scalar, point) {
    // OpenSSL fails on an all-zero shared secret (a low-order point), as libsodium does.
    return fresh(diffieHellman({ privateKey: privateKey(scalar), publicKey: publicKey(point) }));
  },
  crypto_scalarmult_base(scalar) {
    const der = createPublicKey(privateKey(scalar)).export({ format: 'der', type: 'spki' });
    return fresh(der.subarray(SPKI_X25519.length));
  },

  crypto_hash_sha256(message) {
    return fresh(createHash('sha256').update(message).digest());
  },

  to_base64(input, variant) {
    checkVariant(variant);
    return Buffer.from(input.buffer, input.byteOffset, input.length).toString('base64').replace(/=+$/, '');
  },
  from_base64(input, variant) {
    checkVariant(variant);
    // Node's decoder skips what is not base64; sodium.ts's fromBase64Strict checks the alphabet
    // and re-encodes to refuse anything but the canonical form, whichever decoder ran.
    if (!/^[A-Za-z0-9+/]*$/.test(input)) throw new Error('invalid input');
    return fresh(Buffer.from(input, 'base64'));
  },
  base64_variants: { ORIGINAL_NO_PADDING },

  memcmp(a, b) {
    if (a.length !== b.length) throw new Error('Arguments must be of equal length');
    return timingSafeEqual(a, b);
  },
};

export default nodeSodium;
