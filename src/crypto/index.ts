/**
 * Ferry's encryption: archives are age v1 files (https://age-encryption.org/v1) protected by a
 * passphrase, readable with the standard `age` tool. See age.ts for the format and sodium.ts for
 * the primitives and their self-test.
 */
export {
  AgeError,
  DEFAULT_MAX_WORK_FACTOR,
  DEFAULT_WORK_FACTOR,
  MAX_ENCRYPT_WORK_FACTOR,
  decryptWithPassphrase,
  encryptWithPassphrase,
  isAgeFile,
  type AgeErrorCode,
  type DecryptOptions,
  type EncryptOptions,
} from './age.js';
/** Loads and self-tests the crypto library; call early to fail fast (encrypt/decrypt call it too). */
export { loadSodium } from './sodium.js';
