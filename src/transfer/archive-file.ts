/**
 * An archive file as it sits on disk: the zip container, normally wrapped in age v1.
 * Everything that reads or writes archive files (extension pages, CLI) goes through here, so
 * "encrypted unless deliberately plain" is decided in one place.
 */
import { readArchive, writeArchive } from '../archive/container.js';
import { decryptWithPassphrase, encryptWithPassphrase, isAgeFile } from '../crypto/index.js';
import type { ArchiveContent } from '../model/types.js';

export class ArchiveFileError extends Error {
  override name = 'ArchiveFileError';
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isPlainArchive(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** Writes the container and encrypts it under the passphrase (age scrypt recipient). */
export async function sealArchive(content: ArchiveContent, passphrase: string, options: { workFactor?: number } = {}): Promise<Uint8Array> {
  if (passphrase.length === 0) throw new ArchiveFileError('A passphrase is needed to encrypt the archive.');
  return encryptWithPassphrase(writeArchive(content), passphrase, options);
}

/**
 * Decrypts (when encrypted) and returns the zip container bytes. The passphrase callback is
 * only called for encrypted files, so plain archives never prompt.
 */
export async function unsealArchive(bytes: Uint8Array, passphrase: () => Promise<string> | string): Promise<Uint8Array> {
  if (isAgeFile(bytes)) return decryptWithPassphrase(bytes, await passphrase());
  if (isPlainArchive(bytes)) return bytes;
  throw new ArchiveFileError('This is neither a Ferry archive (a zip) nor an age-encrypted file. Pick the .age file Ferry saved.');
}

export async function openArchive(bytes: Uint8Array, passphrase: () => Promise<string> | string): Promise<ArchiveContent> {
  return readArchive(await unsealArchive(bytes, passphrase));
}
