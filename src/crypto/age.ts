/**
 * age v1 (https://age-encryption.org/v1, the C2SP "age" specification), the format of Ferry's
 * encrypted archives. Files written here open with the `age` command line tool and any other age
 * implementation, and vice versa (tests drive the real CLI both ways and run the C2SP CCTV
 * vectors). Spec section names are cited as "spec §Name".
 *
 * A file is:
 *   header   "age-encryption.org/v1\n", one or more recipient stanzas, "--- " + header MAC + "\n"
 *   payload  16-byte nonce, then the plaintext in 64 KiB chunks, each sealed with
 *            ChaCha20-Poly1305 under a key derived from the file key and that nonce (STREAM).
 * The 16-byte file key is random per file; each recipient stanza wraps it for one recipient.
 *
 * Where things are: format.ts (header, errors), stream.ts (streaming encrypt/decrypt and the
 * whole-buffer forms), scrypt.ts (passphrases), x25519.ts (age1 / AGE-SECRET-KEY-1 keys),
 * mlkem768x25519.ts (post-quantum age1pq1 / AGE-SECRET-KEY-PQ-1 keys) with hpke.ts under it,
 * keys.ts (keys of any kind as text and files, which kinds may share a file), armor.ts (the
 * ASCII armor), sodium.ts (primitives and their self-test). This file is the convenience API on
 * top; README.md says which tools read which files.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { looksArmored } from './armor.js';
import { INTRO_LINE, startsWith } from './format.js';
import { DEFAULT_MAX_WORK_FACTOR, DEFAULT_WORK_FACTOR, ScryptIdentity, ScryptRecipient, type ScryptKdf } from './scrypt.js';
import { decryptWithIdentities, encryptToRecipients } from './stream.js';

export { AgeError, type AgeErrorCode, type Identity, type Recipient, type Stanza } from './format.js';
export { DEFAULT_MAX_WORK_FACTOR, DEFAULT_WORK_FACTOR, MAX_ENCRYPT_WORK_FACTOR, ScryptIdentity, ScryptRecipient, localScrypt, type ScryptKdf } from './scrypt.js';
export {
  beginEncryption,
  chunkNonce,
  collect,
  decryptPayloadFrom,
  decryptStream,
  decryptWithIdentities,
  encryptStream,
  encryptToRecipients,
  openBinaryHeader,
  setDefaultPayloadCipher,
  sodiumPayloadCipher,
  type DecryptStreamOptions,
  type EncryptStreamOptions,
  type PayloadCipher,
} from './stream.js';

export interface EncryptOptions {
  /** log2 of scrypt's N. Default 18, as `age -p` uses; 1 to 20. Each step doubles time and memory. */
  workFactor?: number;
  /** Where scrypt runs (default: here, with libsodium). */
  kdf?: ScryptKdf;
  armor?: boolean;
}

export interface DecryptOptions {
  /** Refuse files whose scrypt work factor is above this, before running scrypt. Default 22, as `age`. */
  maxWorkFactor?: number;
  kdf?: ScryptKdf;
}

/** Encrypts to a passphrase (spec §scrypt). The result is a binary age file unless `armor`. */
export async function encryptWithPassphrase(plaintext: Uint8Array, passphrase: string, options: EncryptOptions = {}): Promise<Uint8Array> {
  return encryptToRecipients(plaintext, [new ScryptRecipient(passphrase, options.workFactor ?? DEFAULT_WORK_FACTOR, options.kdf)], { armor: options.armor ?? false });
}

/**
 * Decrypts a passphrase-encrypted age file (binary or armored). Resolves only when the header
 * and every payload chunk have verified; otherwise rejects with an AgeError and no plaintext.
 */
export async function decryptWithPassphrase(file: Uint8Array, passphrase: string, options: DecryptOptions = {}): Promise<Uint8Array> {
  return decryptWithIdentities(file, [new ScryptIdentity(passphrase, options.maxWorkFactor ?? DEFAULT_MAX_WORK_FACTOR, options.kdf)]);
}

/** True when the bytes start like a binary age v1 file (armored files do not count). */
export function isAgeFile(bytes: Uint8Array): boolean {
  return startsWith(bytes, INTRO_LINE);
}

/** True when the bytes are an age file in either form, binary or ASCII-armored. */
export function isEncryptedFile(bytes: Uint8Array): boolean {
  return isAgeFile(bytes) || looksArmored(bytes);
}
