/**
 * Passkeys and security keys as age recipients, through the WebAuthn PRF extension, in the file
 * format of the age author's JS package (npm age-encryption 0.3, its webauthn.ts) and of its
 * CLI plugin age-plugin-fido2prf:
 *   stanza    -> age-encryption.org/fido2prf <base64 of a 16-byte random nonce>
 *             <ChaCha20-Poly1305 (zero nonce) of the file key: 32 bytes>
 *   key       HKDF-Extract(salt = "age-encryption.org/fido2prf", ikm = PRF(first) || PRF(second))
 *   inputs    first  = "age-encryption.org/fido2prf" || 0x01 || nonce
 *             second = "age-encryption.org/fido2prf" || 0x02 || nonce
 *             (two outputs, so one touch of the key cannot open two files at once)
 *   identity  AGE-PLUGIN-FIDO2PRF-1... (Bech32, no length limit) of a sequence of CBOR items:
 *             uint 1 (version), bytes credential id, text relying party id, array of text transports
 *             It names the credential; it is not secret (the secret never leaves the authenticator).
 *
 * The core does not touch WebAuthn (no browser APIs here): whoever holds the credential passes a
 * `PrfEvaluator` that asks the authenticator (extension/ui/passkeys.ts in the extension).
 *
 * No Node-only APIs (no `node:*`, no Buffer): this is bundled into extension pages too.
 */
import { bech32 } from '@scure/base';
import { FILE_KEY_SIZE, TAG_SIZE, malformed, randomBytes, utf8, type Identity, type Recipient, type Stanza } from './format.js';
import { aeadOpen, aeadSeal, fromBase64Strict, hkdfExtract, loadSodium, toBase64 } from './sodium.js';
import { KeyFormatError } from './x25519.js';
import { POSTQUANTUM_LABEL } from './mlkem768x25519.js';

export const FIDO2PRF_STANZA_TYPE = 'age-encryption.org/fido2prf';
const NONCE_SIZE = 16;
const BODY_SIZE = FILE_KEY_SIZE + TAG_SIZE;
const IDENTITY_HRP = 'age-plugin-fido2prf-';

export interface PrfInputs {
  first: Uint8Array;
  second: Uint8Array;
}
export type PrfResults = PrfInputs;
/** Evaluates the credential's PRF (WebAuthn `extensions.prf.eval`) at both inputs; rejects when the person declines. */
export type PrfEvaluator = (inputs: PrfInputs) => Promise<PrfResults>;

/** The two PRF inputs for a stanza's nonce. */
export function prfInputs(nonce: Uint8Array): PrfInputs {
  const label = utf8(FIDO2PRF_STANZA_TYPE);
  const input = (n: number) => {
    const out = new Uint8Array(label.length + 1 + nonce.length);
    out.set(label);
    out[label.length] = n;
    out.set(nonce, label.length + 1);
    return out;
  };
  return { first: input(0x01), second: input(0x02) };
}

async function wrapKey(results: PrfResults): Promise<Uint8Array> {
  if (!results.second) throw new Error('The passkey gave only one PRF result; age needs two (try another browser or security key).');
  const ikm = new Uint8Array(results.first.length + results.second.length);
  ikm.set(results.first);
  ikm.set(results.second, results.first.length);
  const key = hkdfExtract(await loadSodium(), utf8(FIDO2PRF_STANZA_TYPE), ikm);
  ikm.fill(0);
  return key;
}

/**
 * Encrypts to a passkey. The nonce is chosen here (or given, when the PRF was already evaluated
 * for it elsewhere: an extension page asks the authenticator, a worker writes the file).
 * Labelled post-quantum: the file key is protected by a symmetric key (HMAC-SHA-256 inside the
 * authenticator), which a quantum computer does not break, so it may share a file with age1pq1
 * recipients and, like them, not with classic ones.
 */
export class Fido2PrfRecipient implements Recipient {
  readonly labels = [POSTQUANTUM_LABEL] as const;

  constructor(
    private readonly evaluate: PrfEvaluator,
    private readonly nonce: Uint8Array = randomBytes(NONCE_SIZE),
  ) {
    if (nonce.length !== NONCE_SIZE) throw new RangeError(`A fido2prf nonce is ${NONCE_SIZE} bytes.`);
  }

  /** The PRF inputs this recipient will ask for (to evaluate them ahead, see the constructor). */
  get inputs(): PrfInputs {
    return prfInputs(this.nonce);
  }

  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const s = await loadSodium();
    const key = await wrapKey(await this.evaluate(prfInputs(this.nonce)));
    const body = aeadSeal(s, key, new Uint8Array(12), fileKey);
    key.fill(0);
    return [{ type: FIDO2PRF_STANZA_TYPE, args: [toBase64(s, this.nonce)], body }];
  }
}

/** Opens files encrypted to a passkey; asks the authenticator only when the file has such a stanza. */
export class Fido2PrfIdentity implements Identity {
  constructor(private readonly evaluate: PrfEvaluator) {}

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const s = await loadSodium();
    for (const stanza of stanzas) {
      if (stanza.type !== FIDO2PRF_STANZA_TYPE) continue;
      if (stanza.args.length !== 1) throw malformed('a passkey (fido2prf) stanza must have exactly one argument after its type');
      const nonce = fromBase64Strict(s, stanza.args[0]!);
      if (!nonce || nonce.length !== NONCE_SIZE) throw malformed('a passkey (fido2prf) stanza has an invalid nonce');
      if (stanza.body.length !== BODY_SIZE) throw malformed('a passkey (fido2prf) stanza has a body of the wrong size');
      const key = await wrapKey(await this.evaluate(prfInputs(nonce)));
      const fileKey = aeadOpen(s, key, new Uint8Array(12), stanza.body);
      key.fill(0);
      if (fileKey) return fileKey;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The identity string: which credential, at which relying party (the subset of CBOR it uses)

export interface PasskeyReference {
  credentialId: Uint8Array;
  rpId: string;
  transports: string[];
}

const cborHead = (major: number, n: number): number[] => {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  // age-encryption reads lengths up to 16 bits only; a credential id is at most 1023 bytes anyway.
  throw new RangeError('A passkey identity field is too long.');
};

/** AGE-PLUGIN-FIDO2PRF-1...: what age-plugin-fido2prf (and age-encryption) take to find the credential. */
export function encodePasskeyIdentity(ref: PasskeyReference): string {
  const text = (s: string) => {
    const b = utf8(s);
    return [...cborHead(3, b.length), ...b];
  };
  const bytes = [...cborHead(0, 1), ...cborHead(2, ref.credentialId.length), ...ref.credentialId, ...text(ref.rpId), ...cborHead(4, ref.transports.length), ...ref.transports.flatMap(text)];
  return bech32.encode(IDENTITY_HRP, bech32.toWords(Uint8Array.from(bytes)), false).toUpperCase();
}

export function decodePasskeyIdentity(identity: string): PasskeyReference {
  const trimmed = identity.trim();
  let bytes: Uint8Array;
  try {
    const decoded = bech32.decode(trimmed as `${string}1${string}`, false);
    if (decoded.prefix !== IDENTITY_HRP) throw new Error(`it starts with "${decoded.prefix}1"`);
    bytes = bech32.fromWords(decoded.words);
  } catch (error) {
    throw new KeyFormatError(`This is not a passkey identity (AGE-PLUGIN-FIDO2PRF-1...): ${(error as Error).message}.`, { cause: error });
  }
  let at = 0;
  const head = (major: number): number => {
    const first = bytes[at++];
    if (first === undefined || first >> 5 !== major) throw new KeyFormatError('This passkey identity is damaged (unexpected CBOR).');
    const info = first & 31;
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : 0;
    if (size === 0 || at + size > bytes.length) throw new KeyFormatError('This passkey identity is damaged (unexpected CBOR).');
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + bytes[at++]!;
    return n;
  };
  const take = (n: number) => {
    if (at + n > bytes.length) throw new KeyFormatError('This passkey identity is damaged (it is cut short).');
    const out = bytes.slice(at, at + n);
    at += n;
    return out;
  };
  const text = () => new TextDecoder('utf-8', { fatal: true }).decode(take(head(3)));
  if (head(0) !== 1) throw new KeyFormatError('This passkey identity has a version Ferry does not know.');
  const credentialId = take(head(2));
  const rpId = text();
  const transports = Array.from({ length: head(4) }, text);
  return { credentialId, rpId, transports };
}
