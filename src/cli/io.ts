/** What every CLI command shares: reading archives (encrypted or plain) and writing files safely. */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAgeFile } from '../crypto/index.js';
import { unsealArchive } from '../transfer/archive-file.js';
import { getPassphrase } from './passphrase.js';

/** Wrong arguments: exit code 2 and the usage text, as the Unix convention goes. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export async function readInput(path: string | undefined): Promise<Uint8Array> {
  if (!path) throw new UsageError('Name the archive file.');
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** The zip inside an archive file, asking for the passphrase only when the file is encrypted. */
export async function unsealFile(path: string | undefined): Promise<{ zip: Uint8Array; encrypted: boolean }> {
  const bytes = await readInput(path);
  return { zip: await unsealArchive(bytes, () => getPassphrase(`unlock ${path}`)), encrypted: isAgeFile(bytes) };
}

/** Writes beside the target and renames, so a failure never leaves a partial file under `path`. */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
