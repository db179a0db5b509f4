/**
 * spec §X25519: age's public-key recipients, and their text forms
 *   recipient  age1...              (Bech32, HRP "age", the 32-byte public key)
 *   identity   AGE-SECRET-KEY-1...  (Bech32, HRP "AGE-SECRET-KEY-", upper case, the secret key)
 * exactly as `age-keygen` writes them, so keys move freely between Ferry and age.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { bech32 } from '@scure/base';
import { FILE_KEY_SIZE, TAG_SIZE, malformed, randomBytes, utf8, type Identity, type Recipient, type Stanza } from './format.js';
import { aeadOpen, aeadSeal, fromBase64Strict, hkdfSha256, loadSodium, toBase64, x25519, x25519Base, type Sodium } from './sodium.js';

export const X25519_STANZA_TYPE = 'X25519';
const X25519_INFO = 'age-encryption.org/v1/X25519';
const KEY_SIZE = 32;
const BODY_SIZE = FILE_KEY_SIZE + TAG_SIZE;
const RECIPIENT_HRP = 'age';
const IDENTITY_HRP = 'age-secret-key-';
/** Bech32's 90-character limit is BIP 173's; age keys are shorter, but say so explicitly. */
const BECH32_LIMIT = 90;

export class KeyFormatError extends Error {
  override name = 'KeyFormatError';
}

function decodeKey(text: string, hrp: string, what: string): Uint8Array {
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(text as `${string}1${string}`, BECH32_LIMIT);
  } catch (error) {
    throw new KeyFormatError(`This is not a valid ${what}: ${(error as Error).message}.`, { cause: error });
  }
  if (decoded.prefix !== hrp) throw new KeyFormatError(`This is not a valid ${what} (it starts with "${decoded.prefix}1").`);
  const bytes = bech32.fromWords(decoded.words);
  if (bytes.length !== KEY_SIZE) throw new KeyFormatError(`This is not a valid ${what} (it holds ${bytes.length} bytes, not ${KEY_SIZE}).`);
  return bytes;
}

/** "age1..." for a public key. */
export function encodeRecipient(publicKey: Uint8Array): string {
  return bech32.encode(RECIPIENT_HRP, bech32.toWords(publicKey), BECH32_LIMIT);
}

/** "AGE-SECRET-KEY-1..." for a secret key. */
export function encodeIdentity(secretKey: Uint8Array): string {
  return bech32.encode(IDENTITY_HRP, bech32.toWords(secretKey), BECH32_LIMIT).toUpperCase();
}

/** spec §X25519: encrypts to one public key. */
export class X25519Recipient implements Recipient {
  readonly publicKey: Uint8Array;

  constructor(publicKey: Uint8Array) {
    if (publicKey.length !== KEY_SIZE) throw new RangeError('An X25519 public key is 32 bytes.');
    this.publicKey = publicKey;
  }

  /** Parses "age1...". Throws KeyFormatError with a message for the person who pasted it. */
  static parse(text: string): X25519Recipient {
    const trimmed = text.trim();
    if (!trimmed.toLowerCase().startsWith('age1')) throw new KeyFormatError('An age recipient starts with "age1".');
    return new X25519Recipient(decodeKey(trimmed, RECIPIENT_HRP, 'age recipient (age1...)'));
  }

  toString(): string {
    return encodeRecipient(this.publicKey);
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const s = await loadSodium();
    const ephemeral = randomBytes(KEY_SIZE);
    const share = x25519Base(s, ephemeral);
    const shared = x25519(s, ephemeral, this.publicKey);
    ephemeral.fill(0);
    if (!shared) throw new RangeError('This age recipient is not a usable public key (low-order point).');
    const body = await sealFileKey(s, shared, share, this.publicKey, fileKey);
    return [{ type: X25519_STANZA_TYPE, args: [toBase64(s, share)], body }];
  }
}

/** spec §X25519: a secret key that opens files encrypted to its public key. */
export class X25519Identity implements Identity {
  readonly #secretKey: Uint8Array;
  #publicKey: Uint8Array | undefined;

  constructor(secretKey: Uint8Array) {
    if (secretKey.length !== KEY_SIZE) throw new RangeError('An X25519 secret key is 32 bytes.');
    this.#secretKey = new Uint8Array(secretKey);
  }

  /** Parses "AGE-SECRET-KEY-1...". Throws KeyFormatError. */
  static parse(text: string): X25519Identity {
    const trimmed = text.trim();
    if (!trimmed.toUpperCase().startsWith('AGE-SECRET-KEY-1')) throw new KeyFormatError('An age identity starts with "AGE-SECRET-KEY-1".');
    return new X25519Identity(decodeKey(trimmed, IDENTITY_HRP, 'age identity (AGE-SECRET-KEY-1...)'));
  }

  /** A new random identity (what `age-keygen` does). */
  static async generate(): Promise<X25519Identity> {
    await loadSodium();
    return new X25519Identity(randomBytes(KEY_SIZE));
  }

  toString(): string {
    return encodeIdentity(this.#secretKey);
  }

  async recipient(): Promise<X25519Recipient> {
    this.#publicKey ??= x25519Base(await loadSodium(), this.#secretKey);
    return new X25519Recipient(this.#publicKey);
  }

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const s = await loadSodium();
    const ownPublic = (await this.recipient()).publicKey;
    for (const stanza of stanzas) {
      if (stanza.type !== X25519_STANZA_TYPE) continue;
      // A malformed X25519 stanza is an error even if another stanza would match: the file was
      // not written by a conforming implementation (as the reference implementation decides).
      if (stanza.args.length !== 1) throw malformed('an X25519 stanza must have exactly one argument');
      const share = fromBase64Strict(s, stanza.args[0]!);
      if (!share || share.length !== KEY_SIZE) throw malformed('an X25519 stanza has an invalid share');
      if (stanza.body.length !== BODY_SIZE) throw malformed('an X25519 stanza has a body of the wrong size');
      const shared = x25519(s, this.#secretKey, share);
      if (!shared) throw malformed('an X25519 stanza has a low-order share');
      const fileKey = await openFileKey(s, shared, share, ownPublic, stanza.body);
      if (fileKey) return fileKey;
    }
    return null;
  }
}

/** spec §X25519: wrap key = HKDF-SHA-256(ikm = shared secret, salt = share || recipient, info). */
async function wrapKey(shared: Uint8Array, share: Uint8Array, recipient: Uint8Array): Promise<Uint8Array> {
  const salt = new Uint8Array(2 * KEY_SIZE);
  salt.set(share);
  salt.set(recipient, KEY_SIZE);
  const key = await hkdfSha256(shared, salt, utf8(X25519_INFO), 32);
  shared.fill(0);
  return key;
}

async function sealFileKey(s: Sodium, shared: Uint8Array, share: Uint8Array, recipient: Uint8Array, fileKey: Uint8Array): Promise<Uint8Array> {
  const key = await wrapKey(shared, share, recipient);
  const body = aeadSeal(s, key, new Uint8Array(12), fileKey);
  key.fill(0);
  return body;
}

async function openFileKey(s: Sodium, shared: Uint8Array, share: Uint8Array, recipient: Uint8Array, body: Uint8Array): Promise<Uint8Array | null> {
  const key = await wrapKey(shared, share, recipient);
  const fileKey = aeadOpen(s, key, new Uint8Array(12), body);
  key.fill(0);
  return fileKey;
}
