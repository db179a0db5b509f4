/**
 * The CLI's file and key helpers that need nothing of the archive layer: reading inputs, -i
 * identities, -r/-R recipients, -o outputs. io.ts re-exports them with the archive helpers;
 * `ferry encrypt` and `ferry decrypt` import them from here, so that they do not load the
 * archive code and its schema validators (about a third of their start-up) for nothing.
 */
import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { checkRecipientsCompatible, parseIdentityFile, parseRecipient, parseRecipientsFile, type AgeIdentity, type AgeRecipient } from '../crypto/index.js';
import { OutputFile } from './output.js';
import { UsageError } from './usage-error.js';

export { UsageError } from './usage-error.js';

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
    throw readError(error, path);
  }
}

/** Why `path` cannot be read, in words. */
/** An input file's size and whether it is a regular file (stdin, "-" or none: neither known). */
export function inputFacts(input: string | undefined): { size: number | undefined; regular: boolean } {
  if (!input || input === '-') return { size: undefined, regular: false };
  try {
    const stats = statSync(input);
    return { size: stats.size, regular: stats.isFile() };
  } catch (error) {
    throw readError(error, input);
  }
}

export function readError(error: unknown, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`Cannot read ${path}: no such file.`);
  if (code === 'EISDIR') return new Error(`Cannot read ${path}: it is a folder, and a file is needed here.`);
  if (code === 'EACCES' || code === 'EPERM') return new Error(`Cannot read ${path}: permission denied.`);
  return new Error(`Cannot read ${path}: ${(error as Error).message}`);
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

/**
 * The recipients of `-r` (each one) and `-R` (files of them, as `age -R` reads), any kind, checked
 * to be allowed together before anything is read or written.
 */
export async function recipientsFrom(values: { recipient?: string[]; 'recipients-file'?: string[] }): Promise<AgeRecipient[]> {
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

/** `-o OUT` and `--force`, on every command that writes a file. */
export const OUTPUT_OPTIONS = {
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
} as const;

/** The output of `-o`, checked and opened before any work (see output.ts): undefined for standard output. */
export async function openOutput(values: { output?: string; force?: boolean }, inputs: readonly (string | undefined)[], expectedBytes?: number): Promise<OutputFile | undefined> {
  if (values.output === undefined) return undefined;
  if (values.output === '') throw new UsageError('-o needs a file name.');
  return OutputFile.create(values.output, { force: values.force ?? false, inputs, ...(expectedBytes === undefined ? {} : { expectedBytes }) });
}

/**
 * Runs the command's work with its output open: committed (renamed into place) when the work
 * succeeds, removed when it fails in any way, so a failed run leaves nothing behind.
 */
export async function withOutput<T>(file: OutputFile | undefined, work: (file: OutputFile | undefined) => Promise<T>, keep: (result: T) => boolean = () => true): Promise<T> {
  try {
    const result = await work(file);
    // A result with nothing to write leaves no file behind (and replaces none).
    if (keep(result)) await file?.commit();
    else await file?.discard();
    return result;
  } catch (error) {
    await file?.discard();
    throw error;
  }
}
