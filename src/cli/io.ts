/**
 * What every CLI command shares: reading archives (encrypted or plain), choosing how a written
 * archive is protected (encrypted unless `--unencrypted`), and writing files safely.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { checkRecipientsCompatible, isEncryptedFile, parseIdentityFile, parseRecipient, parseRecipientsFile, type AgeIdentity, type AgeRecipient } from '../crypto/index.js';
import { sealZip, unsealArchive, type Protection } from '../transfer/archive-file.js';
import { getPassphrase } from './passphrase.js';

/** Wrong arguments: exit code 2 and the usage text, as the Unix convention goes. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads a file, or standard input for "-" or no path when `stdinOk`. */
export async function readInput(path: string | undefined, stdinOk = false): Promise<Uint8Array> {
  if (!path || path === '-') {
    if (!stdinOk) throw new UsageError('Name the archive file.');
    const parts: Buffer[] = [];
    for await (const part of process.stdin) parts.push(part as Buffer);
    return new Uint8Array(Buffer.concat(parts));
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** A byte stream from a file (large reads: fewer, bigger pieces are faster to encrypt), or stdin. */
export function inputStream(path: string | undefined): AsyncIterable<Uint8Array> {
  if (!path || path === '-') return process.stdin;
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

/** `-i FILE` for every command that reads archives: age identity files (age-keygen's format, -pq or not). */
export const IDENTITY_OPTIONS = { identity: { type: 'string', short: 'i', multiple: true } } as const;

export async function readIdentities(files: readonly string[] | undefined): Promise<AgeIdentity[]> {
  const identities: AgeIdentity[] = [];
  for (const file of files ?? []) identities.push(...parseIdentityFile(new TextDecoder().decode(await readInput(file)), file));
  return identities;
}

/** The zip inside an archive file: identities from `-i`, the passphrase asked only if the file needs one. */
export async function unsealFile(path: string | undefined, options: { identityFiles?: readonly string[] } = {}): Promise<{ zip: Uint8Array; encrypted: boolean }> {
  const bytes = await readInput(path);
  const identities = await readIdentities(options.identityFiles);
  return { zip: await unsealArchive(bytes, { identities, passphrase: () => getPassphrase(`unlock ${path}`) }), encrypted: isEncryptedFile(bytes) };
}

/** How PROTECTION_OPTIONS read in a usage line, the same on every command that writes an archive. */
export const PROTECTION_USAGE = '[-r RECIPIENT]... [-R FILE]... [-p] [-a] [--unencrypted]';

/**
 * Options of every command that writes an archive, named as age names them. Without any of
 * them the archive is encrypted under a passphrase (FERRY_PASSPHRASE or the terminal).
 */
export const PROTECTION_OPTIONS = {
  recipient: { type: 'string', short: 'r', multiple: true },
  'recipients-file': { type: 'string', short: 'R', multiple: true },
  passphrase: { type: 'boolean', short: 'p' },
  armor: { type: 'boolean', short: 'a' },
  unencrypted: { type: 'boolean' },
} as const;

export interface ProtectionValues {
  recipient?: string[];
  'recipients-file'?: string[];
  passphrase?: boolean;
  armor?: boolean;
  unencrypted?: boolean;
}

/**
 * The recipients of `-r` (each one) and `-R` (files of them, as `age -R` reads), any kind, checked
 * to be allowed together before anything is read or written.
 */
export async function recipientsFrom(values: Pick<ProtectionValues, 'recipient' | 'recipients-file'>): Promise<AgeRecipient[]> {
  const recipients: AgeRecipient[] = [];
  for (const text of values.recipient ?? []) {
    try {
      recipients.push(parseRecipient(text));
    } catch (error) {
      throw new UsageError(`-r ${text.length > 24 ? text.slice(0, 20) + '…' : text}: ${(error as Error).message}`);
    }
  }
  for (const file of values['recipients-file'] ?? []) recipients.push(...parseRecipientsFile(new TextDecoder().decode(await readInput(file)), file));
  try {
    checkRecipientsCompatible(recipients);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return recipients;
}

/** Turns PROTECTION_OPTIONS into a Protection, asking for a passphrase (twice on a terminal) when needed. */
export async function protectionFrom(values: ProtectionValues, purpose: string): Promise<Protection> {
  const recipients = await recipientsFrom(values);
  if (values.unencrypted) {
    if (recipients.length > 0 || values.passphrase || values.armor) throw new UsageError('--unencrypted cannot be combined with -r, -R, -p or -a.');
    return { unencrypted: true };
  }
  if (recipients.length > 0) {
    if (values.passphrase) throw new UsageError('-p cannot be combined with -r or -R: an age passphrase file has exactly one recipient.');
    return { recipients };
  }
  return { passphrase: await getPassphrase(purpose, process.env, { confirm: true }) };
}

/** Seals zip bytes as the options say and writes them to `-o` (atomically) or stdout. */
export async function writeArchiveOutput(zip: Uint8Array, values: ProtectionValues & { output?: string }, purpose: string): Promise<void> {
  const protection = await protectionFrom(values, purpose);
  const bytes = await sealZip(zip, protection, { armor: values.armor ?? false });
  if (values.output) await writeFileAtomically(values.output, bytes);
  else {
    if (process.stdout.isTTY && !values.armor) throw new UsageError('Refusing to write binary output to the terminal. Use -o OUT or -a.');
    process.stdout.write(bytes);
  }
}

/** "1 message", "2,000 contacts": a count as the CLI prints it. */
export const counted = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;

/** Writes beside the target and renames, so a failure never leaves a partial file under `path`. */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await writeStreamAtomically(path, [bytes]);
}

/**
 * Streams into a file beside the target and renames it into place only when the whole stream
 * has been produced without error (for decryption: only once every chunk verified). On any
 * failure the partial file is removed: no output file is left behind.
 */
export async function writeStreamAtomically(path: string, stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  try {
    await pipeline(Readable.from(stream, { objectMode: false }), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Writes a small text file only the owner can read (identity files). Refuses to overwrite. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${path} already exists; Ferry does not overwrite keys.`);
    throw error;
  }
}
