/**
 * An archive file as it sits on disk: the zip container, normally wrapped in age v1.
 * Everything that reads or writes archive files (extension pages, CLI) goes through here, so
 * "encrypted unless deliberately plain" is decided in one place.
 */
import { readArchive, writeArchive } from '../archive/container.js';
import {
  DEFAULT_MAX_WORK_FACTOR,
  ScryptIdentity,
  ScryptRecipient,
  decryptWithIdentities,
  encryptToRecipients,
  isEncryptedFile,
  parseIdentity,
  parseRecipient,
  type AgeIdentity,
  type AgeRecipient,
  type Identity,
  type Recipient,
  type ScryptKdf,
  type Stanza,
} from '../crypto/index.js';
import type { ArchiveContent } from '../model/types.js';

export class ArchiveFileError extends Error {
  override name = 'ArchiveFileError';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isPlainArchive(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * How an archive is protected when it is written. A plain zip has to be asked for by name
 * (`unencrypted`), so no caller gets one by leaving something out.
 */
export type Protection =
  | { passphrase: string; workFactor?: number; kdf?: ScryptKdf }
  /** age recipients (age1pq1... or age1..., not mixed), e.g. a device key of the browser that will import, or a passkey. */
  | { recipients: readonly (string | AgeRecipient | Recipient)[] }
  | { unencrypted: true };

export interface SealOptions {
  /** scrypt work factor for a passphrase given as a string (default 18, as `age -p`). */
  workFactor?: number;
  /** Write age's ASCII armor. */
  armor?: boolean;
}

/** The age recipients for a protection, or null for a deliberately plain archive. */
export function recipientsFor(protection: Protection): Recipient[] | null {
  if ('unencrypted' in protection) return null;
  if ('passphrase' in protection) {
    if (protection.passphrase.length === 0) throw new ArchiveFileError('A passphrase is needed to encrypt the archive.');
    return [new ScryptRecipient(protection.passphrase, protection.workFactor, protection.kdf)];
  }
  if (protection.recipients.length === 0) throw new ArchiveFileError('Name at least one recipient (age1pq1... or age1...) to encrypt the archive to.');
  return protection.recipients.map((r) => (typeof r === 'string' ? parseRecipient(r) : r));
}

/** Encrypts an archive's zip bytes as `protection` says (or passes them through when unencrypted). */
export async function sealZip(zip: Uint8Array, protection: Protection, options: { armor?: boolean } = {}): Promise<Uint8Array> {
  const recipients = recipientsFor(protection);
  return recipients ? encryptToRecipients(zip, recipients, { armor: options.armor ?? false }) : zip;
}

/**
 * Writes the container and encrypts it. `protection` may be a passphrase string (the original
 * form of this call) or a Protection.
 */
export async function sealArchive(content: ArchiveContent, protection: string | Protection, options: SealOptions = {}): Promise<Uint8Array> {
  const resolved: Protection = typeof protection === 'string' ? { passphrase: protection, ...(options.workFactor !== undefined ? { workFactor: options.workFactor } : {}) } : protection;
  return sealZip(writeArchive(content), resolved, options);
}

/** What may unlock an archive. The passphrase is asked for only if the file needs one. */
export interface UnlockKeys {
  passphrase?: () => Promise<string> | string;
  /** age identities (AGE-SECRET-KEY-PQ-1... or AGE-SECRET-KEY-1...), e.g. this browser's device keys or `-i` files. */
  identities?: readonly (string | AgeIdentity | Identity)[];
  kdf?: ScryptKdf;
}

/** Asks for the passphrase only when the file has a passphrase stanza. */
class PromptedPassphrase implements Identity {
  constructor(
    private readonly ask: () => Promise<string> | string,
    private readonly kdf?: ScryptKdf,
  ) {}

  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    if (!stanzas.some((st) => st.type === 'scrypt')) return null;
    return new ScryptIdentity(await this.ask(), DEFAULT_MAX_WORK_FACTOR, this.kdf).unwrap(stanzas);
  }
}

/**
 * Decrypts (when encrypted, binary or armored) and returns the zip container bytes, only once
 * the whole file has verified. Plain archives pass through and never prompt.
 */
export async function unsealArchive(bytes: Uint8Array, keys: UnlockKeys | (() => Promise<string> | string)): Promise<Uint8Array> {
  const unlock: UnlockKeys = typeof keys === 'function' ? { passphrase: keys } : keys;
  if (isEncryptedFile(bytes)) {
    const identities: Identity[] = (unlock.identities ?? []).map((id) => (typeof id === 'string' ? parseIdentity(id) : id));
    if (unlock.passphrase) identities.push(new PromptedPassphrase(unlock.passphrase, unlock.kdf));
    return decryptWithIdentities(bytes, identities);
  }
  if (isPlainArchive(bytes)) return bytes;
  throw new ArchiveFileError('This is neither a Ferry archive (a zip) nor an age-encrypted file. Pick the .age file Ferry saved.');
}

export async function openArchive(bytes: Uint8Array, keys: UnlockKeys | (() => Promise<string> | string)): Promise<ArchiveContent> {
  return readArchive(await unsealArchive(bytes, keys));
}
