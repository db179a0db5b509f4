/**
 * spec §scrypt: the passphrase recipient and identity.
 *
 * scrypt at age's default work factor takes ~0.6-1.3 s and 256 MiB. Where that must not block a
 * thread (an extension page's UI), callers pass a `ScryptKdf` that runs it elsewhere (a Worker);
 * the default runs libsodium's scrypt right here.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { AgeError, FILE_KEY_SIZE, SCRYPT_STANZA_TYPE, TAG_SIZE, malformed, randomBytes, utf8, type Identity, type Recipient, type Stanza } from './format.js';
import { aeadOpen, aeadSeal, fromBase64Strict, loadSodium, scrypt, toBase64 } from './sodium.js';

export const DEFAULT_WORK_FACTOR = 18;
export const DEFAULT_MAX_WORK_FACTOR = 22;
/**
 * scrypt needs 128 * r * N bytes: 1 GiB at log2 N = 20 with r = 8. libsodium.js's WebAssembly
 * heap cannot grow to the 2 GiB that 21 needs (measured: libsodium reports an allocation
 * failure), so Ferry never writes a file it could not open itself.
 */
export const MAX_ENCRYPT_WORK_FACTOR = 20;

/** spec §scrypt: the scrypt salt is this label followed by the stanza's 16 random bytes. */
const SCRYPT_SALT_LABEL = 'age-encryption.org/v1/scrypt';
const SCRYPT_SALT_SIZE = 16;
/** A wrapped file key: 16 bytes + 16-byte Poly1305 tag. */
const SCRYPT_BODY_SIZE = FILE_KEY_SIZE + TAG_SIZE;

/**
 * Derives age's 32-byte wrap key: scrypt(passphrase, salt, N = 2^logN, r = 8, p = 1). Must be
 * exactly that function; only where it runs may differ.
 */
export type ScryptKdf = (passphrase: Uint8Array, salt: Uint8Array, logN: number) => Promise<Uint8Array>;

/** The default: libsodium's scrypt in this thread (self-tested by loadSodium). */
export const localScrypt: ScryptKdf = async (passphrase, salt, logN) => scrypt(await loadSodium(), passphrase, salt, logN);

/** spec §scrypt: the passphrase recipient. */
export class ScryptRecipient implements Recipient {
  readonly #passphrase: Uint8Array;
  readonly #workFactor: number;
  readonly #kdf: ScryptKdf;

  constructor(passphrase: string, workFactor: number = DEFAULT_WORK_FACTOR, kdf: ScryptKdf = localScrypt) {
    if (passphrase.length === 0) throw new RangeError('The passphrase must not be empty.');
    if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_ENCRYPT_WORK_FACTOR) {
      throw new RangeError(`workFactor must be an integer from 1 to ${MAX_ENCRYPT_WORK_FACTOR} (log2 of scrypt's N), got ${workFactor}.`);
    }
    // Raw UTF-8 bytes, no Unicode normalization: that is what `age` does with what it reads
    // from the terminal, and interoperating with it matters more than normalizing.
    this.#passphrase = utf8(passphrase);
    this.#workFactor = workFactor;
    this.#kdf = kdf;
  }

  /** A salt and its wrap key derived ahead by prepare(), for the next wrap only. */
  #prepared: Promise<{ salt: Uint8Array; key: Uint8Array }> | undefined;

  /**
   * Runs scrypt now, for the next wrap: a caller about to build a big archive derives the key
   * first, so scrypt's 256 MiB are given back before the archive's own memory peaks instead of
   * adding to it. The next wrap takes this salt and key and forgets them (a wrap key is used
   * once: every file gets a fresh salt); later wraps derive their own.
   */
  prepare(): Promise<void> {
    this.#prepared ??= this.#derive();
    return this.#prepared.then(() => undefined);
  }

  async #derive(): Promise<{ salt: Uint8Array; key: Uint8Array }> {
    const salt = randomBytes(SCRYPT_SALT_SIZE);
    return { salt, key: await this.#kdf(this.#passphrase, scryptSalt(salt), this.#workFactor) };
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const s = await loadSodium();
    const prepared = this.#prepared;
    this.#prepared = undefined;
    const { salt, key } = await (prepared ?? this.#derive());
    // spec §scrypt: the file key is sealed with ChaCha20-Poly1305 under an all-zero nonce, safe
    // because every wrap key is fresh (random salt).
    const body = aeadSeal(s, key, new Uint8Array(12), fileKey);
    key.fill(0);
    return [{ type: SCRYPT_STANZA_TYPE, args: [toBase64(s, salt), String(this.#workFactor)], body }];
  }
}

/** spec §scrypt: the passphrase identity. */
export class ScryptIdentity implements Identity {
  readonly #passphrase: Uint8Array;
  readonly #maxWorkFactor: number;
  readonly #kdf: ScryptKdf;

  constructor(passphrase: string, maxWorkFactor: number = DEFAULT_MAX_WORK_FACTOR, kdf: ScryptKdf = localScrypt) {
    if (!Number.isInteger(maxWorkFactor) || maxWorkFactor < 1) {
      throw new RangeError(`maxWorkFactor must be a positive integer (log2 of scrypt's N), got ${maxWorkFactor}.`);
    }
    this.#passphrase = utf8(passphrase);
    this.#maxWorkFactor = maxWorkFactor;
    this.#kdf = kdf;
  }

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((st) => st.type === SCRYPT_STANZA_TYPE);
    if (!stanza) return null;
    // (That it is the only stanza is checked for every identity in the decryptor.)
    const s = await loadSodium();

    // spec §scrypt: "-> scrypt <base64 16-byte salt> <decimal log2 N>", body = sealed file key.
    const [saltText, workFactorText, ...extra] = stanza.args;
    if (saltText === undefined || workFactorText === undefined || extra.length > 0) throw malformed('the passphrase stanza must have exactly two arguments');
    const salt = fromBase64Strict(s, saltText);
    if (!salt || salt.length !== SCRYPT_SALT_SIZE) throw malformed('the passphrase stanza has an invalid salt');
    // Decimal without leading zeros, so each work factor has one spelling.
    if (!/^[1-9][0-9]*$/.test(workFactorText)) throw malformed('the passphrase stanza has an invalid work factor');
    const workFactor = Number(workFactorText);
    if (stanza.body.length !== SCRYPT_BODY_SIZE) throw malformed('the passphrase stanza has a body of the wrong size');

    // Checked before running scrypt: a hostile or careless file must not be able to make the
    // reader spend minutes of CPU and gigabytes of memory (spec §scrypt asks implementations to
    // cap the work factor).
    if (workFactor > this.#maxWorkFactor) {
      throw new AgeError(
        'work-factor-too-high',
        `This archive's passphrase protection is set higher than Ferry accepts (work factor ${workFactor}, at most ${this.#maxWorkFactor}): ` +
          'opening it would take too long and need too much memory. If you made it yourself, re-encrypt it with a lower setting.',
      );
    }

    let key: Uint8Array;
    try {
      key = await this.#kdf(this.#passphrase, scryptSalt(salt), workFactor);
    } catch (error) {
      // libsodium fails (rather than derives a wrong key) when its heap cannot hold scrypt's
      // 128 * 8 * N bytes, e.g. work factor 21 and above in WebAssembly.
      const mebibytes = 2 ** workFactor / 1024;
      throw new AgeError(
        'work-factor-too-high',
        `This archive's passphrase protection (work factor ${workFactor}) needs about ${mebibytes} MiB of memory, more than is available here.`,
        { cause: error },
      );
    }
    const fileKey = aeadOpen(s, key, new Uint8Array(12), stanza.body);
    key.fill(0);
    if (!fileKey) {
      // The wrap key comes from passphrase + salt + work factor, so a damaged salt or body looks
      // exactly like a wrong passphrase; nothing in the file can tell them apart.
      throw new AgeError(
        'wrong-passphrase',
        'Wrong passphrase: the archive could not be unlocked. Check the passphrase and try again. ' +
          '(If you are sure it is right, the start of the file may be damaged.)',
      );
    }
    return fileKey;
  }
}

function scryptSalt(salt: Uint8Array): Uint8Array {
  const label = utf8(SCRYPT_SALT_LABEL);
  const out = new Uint8Array(label.length + salt.length);
  out.set(label);
  out.set(salt, label.length);
  return out;
}
