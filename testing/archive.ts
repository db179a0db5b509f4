/**
 * An archive file a test holds: where it is and how to open it. Assertions take one of these (or
 * an ArchiveContent already opened) and open the file themselves, once, so a test says what it
 * expects of the archive and never how to decrypt it.
 */
import { readFileSync } from 'node:fs';
import { openArchive, unsealArchive } from '../src/transfer/archive-file.js';
import type { ArchiveContent } from '../src/model/types.js';

export interface ArchiveFile {
  path: string;
  /** The passphrase it was sealed with; absent for a plain zip or when `identities` opens it. */
  passphrase?: string;
  /** age X25519 identities (AGE-SECRET-KEY-1...) that open it. */
  identities?: string[];
}

const opened = new WeakMap<ArchiveFile, Promise<ArchiveContent>>();

export function isArchiveFile(value: unknown): value is ArchiveFile {
  return typeof value === 'object' && value !== null && typeof (value as ArchiveFile).path === 'string';
}

const keysOf = (file: ArchiveFile) => ({ ...(file.passphrase ? { passphrase: () => file.passphrase! } : {}), ...(file.identities ? { identities: file.identities } : {}) });

/** The archive's content, decrypted and parsed once per ArchiveFile object. */
export function contentOf(archive: ArchiveFile | ArchiveContent): Promise<ArchiveContent> {
  if (!isArchiveFile(archive)) return Promise.resolve(archive);
  let content = opened.get(archive);
  if (!content) {
    content = openArchive(new Uint8Array(readFileSync(archive.path)), keysOf(archive));
    opened.set(archive, content);
  }
  return content;
}

/** The zip inside (what schemas/ describe), decrypted when the file is age-encrypted. */
export async function zipOf(archive: ArchiveFile): Promise<Uint8Array> {
  return unsealArchive(new Uint8Array(readFileSync(archive.path)), keysOf(archive));
}
