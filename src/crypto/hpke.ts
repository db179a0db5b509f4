/**
 * The part of HPKE (RFC 9180) that age's mlkem768x25519 stanza uses: base mode, one message,
 * HKDF-SHA256 and ChaCha20Poly1305, with the KEM given by its id and its shared secret. age seals
 * exactly one 16-byte file key per encapsulation, so the sequence number is always 0 and the
 * nonce is the base nonce itself (RFC 9180 section 5.2, ComputeNonce(0)).
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { utf8 } from './format.js';
import { aeadOpen, aeadSeal, hkdfExpand, hkdfExtract, type Sodium } from './sodium.js';

const KDF_HKDF_SHA256 = 0x0001;
const AEAD_CHACHA20POLY1305 = 0x0003;
const MODE_BASE = 0x00;
const KEY_SIZE = 32;
const NONCE_SIZE = 12;

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const u16 = (n: number): Uint8Array => new Uint8Array([n >> 8, n & 0xff]);

/** RFC 9180 section 5.1: suite_id = "HPKE" || kem_id || kdf_id || aead_id. */
function suiteId(kemId: number): Uint8Array {
  return concat(utf8('HPKE'), u16(kemId), u16(KDF_HKDF_SHA256), u16(AEAD_CHACHA20POLY1305));
}

/** RFC 9180 section 4: LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm). */
function labeledExtract(s: Sodium, suite: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array {
  return hkdfExtract(s, salt, concat(utf8('HPKE-v1'), suite, utf8(label), ikm));
}

/** RFC 9180 section 4: LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L). */
function labeledExpand(s: Sodium, suite: Uint8Array, prk: Uint8Array, label: string, info: Uint8Array, length: number): Uint8Array {
  return hkdfExpand(s, prk, concat(u16(length), utf8('HPKE-v1'), suite, utf8(label), info), length);
}

/** RFC 9180 section 5.1, KeySchedule for mode_base (no PSK): the AEAD key and base nonce. */
function keySchedule(s: Sodium, kemId: number, sharedSecret: Uint8Array, info: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  const suite = suiteId(kemId);
  const empty = new Uint8Array(0);
  const pskIdHash = labeledExtract(s, suite, empty, 'psk_id_hash', empty);
  const infoHash = labeledExtract(s, suite, empty, 'info_hash', info);
  const context = concat(new Uint8Array([MODE_BASE]), pskIdHash, infoHash);
  const secret = labeledExtract(s, suite, sharedSecret, 'secret', empty);
  const key = labeledExpand(s, suite, secret, 'key', context, KEY_SIZE);
  const nonce = labeledExpand(s, suite, secret, 'base_nonce', context, NONCE_SIZE);
  secret.fill(0);
  return { key, nonce };
}

/** The Seal half of SealBase once the KEM has encapsulated: the first message's ciphertext (age's aad is empty). */
export function hpkeSealBase(s: Sodium, kemId: number, sharedSecret: Uint8Array, info: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const { key, nonce } = keySchedule(s, kemId, sharedSecret, info);
  try {
    return aeadSeal(s, key, nonce, plaintext, aad);
  } finally {
    key.fill(0);
  }
}

/** The Open half of OpenBase once the KEM has decapsulated; null when the ciphertext does not authenticate. */
export function hpkeOpenBase(s: Sodium, kemId: number, sharedSecret: Uint8Array, info: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array | null {
  const { key, nonce } = keySchedule(s, kemId, sharedSecret, info);
  try {
    return aeadOpen(s, key, nonce, ciphertext, aad);
  } finally {
    key.fill(0);
  }
}
