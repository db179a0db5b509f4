/**
 * spec §The MLKEM768-X25519 (i.e. X-Wing) hybrid post-quantum recipient type (age v1.3):
 *   recipient  age1pq1...              (Bech32, HRP "age1pq", the 1216-byte X-Wing public key)
 *   identity   AGE-SECRET-KEY-PQ-1...  (Bech32, HRP "AGE-SECRET-KEY-PQ-", the 32-byte seed)
 *   stanza     -> mlkem768x25519 <base64 of the 1120-byte encapsulated key>
 *              <HPKE SealBase ciphertext of the file key: 32 bytes>
 * as `age-keygen -pq` (Go age 1.3) and the npm `age-encryption` package (0.3) write them.
 *
 * The file key is sealed with HPKE base mode (RFC 9180; hpke.ts) under the KEM MLKEM768-X25519
 * (kem_id 0x647a, draft-ietf-hpke-pq, filippo.io/hpke-pq), which is X-Wing: ML-KEM-768 and
 * X25519 combined so that breaking the file key needs breaking both. An attacker who records
 * archives now and gets a quantum computer later still faces ML-KEM-768.
 *
 * ML-KEM is not written here: it comes from @noble/post-quantum (small, pure JS; its README says it
 * is not independently audited yet), the library the age author's own JS package uses. Its X-Wing
 * is checked on first use against the spec's example key pair (see `postQuantumSelfTest`), and
 * every CCTV hybrid vector runs in the tests.
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { MLKEM768X25519 } from '@noble/post-quantum/hybrid.js';
import { bech32 } from '@scure/base';
import { FILE_KEY_SIZE, TAG_SIZE, malformed, randomBytes, utf8, type Identity, type Recipient, type Stanza } from './format.js';
import { hpkeOpenBase, hpkeSealBase } from './hpke.js';
import { fromBase64Strict, loadSodium, sha256, toBase64, type Sodium } from './sodium.js';
import { KeyFormatError } from './x25519.js';

export const HYBRID_STANZA_TYPE = 'mlkem768x25519';
/** Go age's label for recipients that must not be mixed with classic ones (see stream.ts). */
export const POSTQUANTUM_LABEL = 'postquantum';
const HPKE_INFO = 'age-encryption.org/mlkem768x25519';
/** draft-ietf-hpke-pq: the KEM id of MLKEM768-X25519. */
const KEM_ID = 0x647a;
const SEED_SIZE = 32;
const PUBLIC_KEY_SIZE = 1216;
const ENC_SIZE = 1120;
const BODY_SIZE = FILE_KEY_SIZE + TAG_SIZE;
const RECIPIENT_HRP = 'age1pq';
const IDENTITY_HRP = 'age-secret-key-pq-';

function decode(text: string, hrp: string, size: number, what: string): Uint8Array {
  let decoded: { prefix: string; words: number[] };
  try {
    // spec §Conventions: Bech32 without the 90-character limit; a PQ recipient is ~1960 characters.
    decoded = bech32.decode(text as `${string}1${string}`, false);
  } catch (error) {
    throw new KeyFormatError(`This is not a valid ${what}: ${(error as Error).message}.`, { cause: error });
  }
  if (decoded.prefix !== hrp) throw new KeyFormatError(`This is not a valid ${what} (it starts with "${decoded.prefix}1").`);
  const bytes = bech32.fromWords(decoded.words);
  if (bytes.length !== size) throw new KeyFormatError(`This is not a valid ${what} (it holds ${bytes.length} bytes, not ${size}; was it cut off while copying?).`);
  return bytes;
}

/** spec: encrypts to one post-quantum hybrid public key. */
export class HybridRecipient implements Recipient {
  readonly publicKey: Uint8Array;
  readonly labels = [POSTQUANTUM_LABEL] as const;

  constructor(publicKey: Uint8Array) {
    if (publicKey.length !== PUBLIC_KEY_SIZE) throw new RangeError(`An MLKEM768-X25519 public key is ${PUBLIC_KEY_SIZE} bytes.`);
    this.publicKey = publicKey;
  }

  /** Parses "age1pq1...", lower or upper case (the QR code carries it upper case). */
  static parse(text: string): HybridRecipient {
    const trimmed = text.trim();
    if (!trimmed.toLowerCase().startsWith('age1pq1')) throw new KeyFormatError('A post-quantum age recipient starts with "age1pq1".');
    return new HybridRecipient(decode(trimmed, RECIPIENT_HRP, PUBLIC_KEY_SIZE, 'post-quantum age recipient (age1pq1...)'));
  }

  toString(): string {
    return bech32.encode(RECIPIENT_HRP, bech32.toWords(this.publicKey), false);
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const s = await loadPostQuantum();
    let encapsulated: { cipherText: Uint8Array; sharedSecret: Uint8Array };
    try {
      encapsulated = MLKEM768X25519.encapsulate(this.publicKey);
    } catch (error) {
      // noble refuses an ML-KEM key outside the field (FIPS 203's check) or a low-order X25519 key.
      throw new KeyFormatError(`This post-quantum age recipient is not a usable public key (${(error as Error).message}).`, { cause: error });
    }
    const body = hpkeSealBase(s, KEM_ID, encapsulated.sharedSecret, utf8(HPKE_INFO), fileKey);
    encapsulated.sharedSecret.fill(0);
    return [{ type: HYBRID_STANZA_TYPE, args: [toBase64(s, encapsulated.cipherText)], body }];
  }
}

/** spec: the 32-byte seed that opens files encrypted to its recipient. */
export class HybridIdentity implements Identity {
  readonly #seed: Uint8Array;
  #recipient: HybridRecipient | undefined;

  constructor(seed: Uint8Array) {
    if (seed.length !== SEED_SIZE) throw new RangeError(`An MLKEM768-X25519 identity is ${SEED_SIZE} bytes.`);
    this.#seed = new Uint8Array(seed);
  }

  /** Parses "AGE-SECRET-KEY-PQ-1...". Throws KeyFormatError. */
  static parse(text: string): HybridIdentity {
    const trimmed = text.trim();
    if (!trimmed.toUpperCase().startsWith('AGE-SECRET-KEY-PQ-1')) throw new KeyFormatError('A post-quantum age identity starts with "AGE-SECRET-KEY-PQ-1".');
    return new HybridIdentity(decode(trimmed, IDENTITY_HRP, SEED_SIZE, 'post-quantum age identity (AGE-SECRET-KEY-PQ-1...)'));
  }

  /** A new random identity (what `age-keygen -pq` does). */
  static async generate(): Promise<HybridIdentity> {
    await loadPostQuantum();
    const seed = randomBytes(SEED_SIZE);
    const identity = new HybridIdentity(seed);
    seed.fill(0);
    return identity;
  }

  toString(): string {
    return bech32.encode(IDENTITY_HRP, bech32.toWords(this.#seed), false).toUpperCase();
  }

  /** The recipient (age1pq1...): spec PrivateKeyToPublicKey, an ML-KEM key generation (a few ms). */
  async recipient(): Promise<HybridRecipient> {
    await loadPostQuantum();
    this.#recipient ??= new HybridRecipient(MLKEM768X25519.getPublicKey(this.#seed));
    return this.#recipient;
  }

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    if (!stanzas.some((st) => st.type === HYBRID_STANZA_TYPE)) return null;
    const s = await loadPostQuantum();
    for (const stanza of stanzas) {
      if (stanza.type !== HYBRID_STANZA_TYPE) continue;
      // spec: reject (not skip) a malformed stanza of this type, as the X25519 identity does.
      if (stanza.args.length !== 1) throw malformed('an mlkem768x25519 stanza must have exactly one argument after its type');
      const enc = fromBase64Strict(s, stanza.args[0]!);
      if (!enc || enc.length !== ENC_SIZE) throw malformed('an mlkem768x25519 stanza has an invalid encapsulated key');
      // spec: the body length is checked before decrypting, against partitioning oracle attacks.
      if (stanza.body.length !== BODY_SIZE) throw malformed('an mlkem768x25519 stanza has a body of the wrong size');
      let sharedSecret: Uint8Array;
      try {
        sharedSecret = MLKEM768X25519.decapsulate(enc, this.#seed);
      } catch {
        // ML-KEM never fails here (a wrong ciphertext yields a different secret, FIPS 203 implicit
        // rejection); X25519 does, on a low-order share, whose all-zero secret age must refuse.
        throw malformed('an mlkem768x25519 stanza has a low-order X25519 share');
      }
      const fileKey = hpkeOpenBase(s, KEM_ID, sharedSecret, utf8(HPKE_INFO), stanza.body);
      sharedSecret.fill(0);
      if (fileKey) return fileKey;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Self-test, once, before the first post-quantum key is made or used

let loading: Promise<Sodium> | undefined;

/** libsodium (loaded and self-tested) once the post-quantum primitives have passed their own test. */
export function loadPostQuantum(): Promise<Sodium> {
  loading ??= loadSodium().then(async (s) => {
    postQuantumSelfTest(s);
    return s;
  });
  return loading;
}

const hex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Known answers that pin down what files depend on, so a wrong build or a changed library cannot
 * write archives nobody can open. About 40 ms, once. Exported for the tests.
 * - spec §MLKEM768-X25519: its example identity AGE-SECRET-KEY-PQ-1XX76JRAL... must give its
 *   example recipient age1pq1x34nzsvr... (SHA-256 of the 1216 bytes below): X-Wing key
 *   generation (SHAKE256 seed expansion, ML-KEM-768 KeyGen, X25519) is exactly the spec's.
 * - an encapsulation to that key decapsulates to the same secret (the combiner agrees with itself).
 * - RFC 9180 appendix A.2.1 (DHKEM(X25519), HKDF-SHA256, ChaCha20Poly1305, base mode): the key
 *   schedule and first-message seal that the stanza uses, from its published shared secret.
 */
export function postQuantumSelfTest(s: Sodium, kem: Pick<typeof MLKEM768X25519, 'getPublicKey' | 'encapsulate' | 'decapsulate'> = MLKEM768X25519): void {
  const failures: string[] = [];
  try {
    const seed = decode('AGE-SECRET-KEY-PQ-1XX76JRALNLXDMEW0CRK45QMCCH4X06SE84UN3VPM33W6HWDX0H3SK3ZQFR', IDENTITY_HRP, SEED_SIZE, 'identity');
    const publicKey = kem.getPublicKey(seed);
    if (toHex(sha256(s, publicKey)) !== '5056b0a336f9428f482bc9c6c51c0b3f679cf104a9024403fe74066b0eed5374') failures.push('X-Wing key generation: not the spec example recipient');
    const { cipherText, sharedSecret } = kem.encapsulate(publicKey);
    if (cipherText.length !== ENC_SIZE || toHex(kem.decapsulate(cipherText, seed)) !== toHex(sharedSecret)) failures.push('X-Wing: decapsulation disagrees with encapsulation');
  } catch (error) {
    failures.push(`X-Wing: threw ${String(error)}`);
  }
  try {
    const sealed = hpkeSealBase(
      s,
      0x0020,
      hex('0bbe78490412b4bbea4812666f7916932b828bba79942424abb65244930d69a7'),
      utf8('Ode on a Grecian Urn'),
      utf8('Beauty is truth, truth beauty'),
      utf8('Count-0'),
    );
    if (toHex(sealed) !== '1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28') failures.push('HPKE RFC 9180 A.2.1: wrong ciphertext');
  } catch (error) {
    failures.push(`HPKE RFC 9180 A.2.1: threw ${String(error)}`);
  }
  if (failures.length > 0) {
    throw new Error(`Post-quantum encryption is disabled: its library failed the self-test, so it could produce archives that can never be opened. Failed checks: ${failures.join('; ')}`);
  }
}
