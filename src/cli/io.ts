/**
 * What every CLI command shares: reading archives (encrypted or plain), choosing how a written
 * archive is protected (encrypted unless `--unencrypted`), and writing files safely.
 */
import { writeFile } from 'node:fs/promises';
import { isEncryptedFile } from '../crypto/index.js';
import { sealZip, unsealArchive, type Protection } from '../transfer/archive-file.js';
import { validateArchive, type ValidationError } from '../archive/validate.js';
import type { ArchiveContent } from '../model/types.js';
import { getPassphrase } from './passphrase.js';
import { describeFsError, type OutputFile } from './output.js';
import { UsageError } from './usage-error.js';
import { readIdentities, readInput, recipientsFrom } from './io-files.js';

export { UsageError } from './usage-error.js';
export { IDENTITY_OPTIONS, OUTPUT_OPTIONS, inputFacts, inputStream, openOutput, readError, readIdentities, readInput, recipientsFrom, withOutput } from './io-files.js';

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

/** Seals zip bytes as `protection` says and writes them to `file`, or to stdout when there is none. */
export async function writeSealed(zip: Uint8Array, protection: Protection, armor: boolean, file: OutputFile | undefined): Promise<void> {
  const bytes = await sealZip(zip, protection, { armor });
  if (file) await file.write(bytes);
  else {
    if (process.stdout.isTTY && !armor) throw new UsageError('Refusing to write binary output to the terminal. Use -o OUT or -a.');
    process.stdout.write(bytes);
  }
}

/** Every file a command reads besides its positionals: -i identity files and -R recipient files. */
export function keyFiles(values: { identity?: readonly string[]; 'recipients-file'?: readonly string[] }): string[] {
  return [...(values.identity ?? []), ...(values['recipients-file'] ?? [])];
}

/** "1 message", "2,000 contacts": a count as the CLI prints it. */
export const counted = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;

/** Writes a small text file only the owner can read (identity files). Refuses to overwrite, even with --force: a key replaced is a key lost. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${path} already exists; Ferry does not overwrite keys (the old key would be lost for good). Give another name with -o.`);
    throw describeFsError(error, path);
  }
}

/** How many of an invalid input's problems a refusing command prints (ferry verify prints all). */
const PROBLEMS_SHOWN = 5;

function listed(errors: readonly ValidationError[]): string {
  const lines = errors.slice(0, PROBLEMS_SHOWN).map((e) => `  ${e.entry}${e.line !== undefined ? `:${e.line}` : ''} ${e.pointer || '/'}: ${e.message}`);
  if (errors.length > PROBLEMS_SHOWN) lines.push(`  ... and ${errors.length - PROBLEMS_SHOWN} more`);
  return lines.join('\n');
}

/**
 * Verifies an input archive (its zip, as `ferry verify` does) before a command builds on it, and
 * refuses it with its first problems: merging or exporting an archive that is not valid would
 * carry its damage on, or drop part of it without a word. 0.x archives are read on purpose.
 */
export function requireValidInput(zip: Uint8Array, file: string, consequence: string): void {
  const result = validateArchive(zip, { acceptUpgraded: true });
  if (result.valid) return;
  throw new Error(`${file} is not a valid Ferry archive (${counted(result.errors.length, 'problem')}), so ${consequence}:\n${listed(result.errors)}\nRun \`ferry verify ${file}\` to see every problem, then export that archive again (or fix it).`);
}

/** The last check before writing: what Ferry made must pass ferry verify, or nothing is written. */
export function requireValidOutput(content: ArchiveContent, consequence: string): void {
  const result = validateArchive(content);
  if (result.valid) return;
  throw new Error(`The archive Ferry made does not pass its own checks, so ${consequence}:\n${listed(result.errors)}\nThis is a bug in Ferry; please report it with these lines.`);
}
