/**
 * Ferry's encryption: archives are age v1 files (https://age-encryption.org/v1) protected by a
 * passphrase or encrypted to age keys (post-quantum age1pq1... or X25519 age1...), readable with
 * the standard `age` tool (post-quantum files: age 1.3 or later). See age.ts for
 * the map of this folder and sodium.ts for the primitives and their self-test.
 */
export * from './age.js';
export { ARMOR_BEGIN, ARMOR_END, armorStream, dearmorStream, looksArmored } from './armor.js';
export { KeyFormatError, X25519Identity, X25519Recipient } from './x25519.js';
export { HybridIdentity, HybridRecipient } from './mlkem768x25519.js';
export {
  FIDO2PRF_STANZA_TYPE,
  Fido2PrfIdentity,
  Fido2PrfRecipient,
  decodePasskeyIdentity,
  encodePasskeyIdentity,
  prfInputs,
  type PasskeyReference,
  type PrfEvaluator,
  type PrfInputs,
  type PrfResults,
} from './fido2prf.js';
export {
  checkRecipientsCompatible,
  formatIdentityFile,
  generateIdentity,
  keyKind,
  parseIdentity,
  parseIdentityFile,
  parseRecipient,
  parseRecipientsFile,
  type AgeIdentity,
  type AgeRecipient,
  type KeyKind,
} from './keys.js';
/** Loads and self-tests the crypto library; call early to fail fast (encrypt/decrypt call it too). */
export { loadSodium } from './sodium.js';
