/**
 * `ferry`: the command line over the same core the extension uses.
 * Every command that reads an archive accepts an age-encrypted one or a plain zip.
 */
import { readFile, rename, writeFile, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readArchive } from '../archive/container.js';
import { validateArchive } from '../archive/validate.js';
import { isAgeFile } from '../crypto/index.js';
import { unsealArchive } from '../transfer/archive-file.js';
import { FERRY_VERSION } from '../version.js';
import { getPassphrase } from './passphrase.js';

const USAGE = `ferry ${FERRY_VERSION}: your friends and chat history, in an archive you own.

Usage:
  ferry inspect [--json] FILE        what an archive holds (manifest and counts)
  ferry verify FILE                  check an archive against the open schema (exit 0 only if valid)
  ferry decrypt [-o OUT] FILE        write the plain zip inside an encrypted archive

Passphrases come from FERRY_PASSPHRASE, or are asked on the terminal.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

async function readInput(path: string | undefined): Promise<Uint8Array> {
  if (!path) throw new UsageError('Name the archive file.');
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

async function unsealFile(path: string | undefined): Promise<{ zip: Uint8Array; encrypted: boolean }> {
  const bytes = await readInput(path);
  const encrypted = isAgeFile(bytes);
  return { zip: await unsealArchive(bytes, () => getPassphrase(`unlock ${path}`)), encrypted };
}

async function inspect(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const { zip, encrypted } = await unsealFile(positionals[0]);
  const { manifest } = readArchive(zip);
  if (values.json) {
    process.stdout.write(
      JSON.stringify({
        file: positionals[0],
        encrypted,
        schemaVersion: manifest.schemaVersion,
        createdAt: manifest.createdAt,
        createdBy: manifest.createdBy,
        sources: manifest.sources,
        ...manifest.counts,
      }) + '\n',
    );
    return 0;
  }
  const lines = [
    `${positionals[0]}: Ferry archive, schema ${manifest.schemaVersion}, ${encrypted ? 'encrypted (age)' : 'NOT encrypted'}`,
    `Created ${manifest.createdAt} by ${manifest.createdBy.tool} ${manifest.createdBy.version}`,
    ...manifest.sources.map((s) => `Source: ${s.account} (${s.service}, ${s.method}, exported ${s.exportedAt})`),
    `Contacts:      ${manifest.counts.contacts}`,
    `Conversations: ${manifest.counts.conversations}`,
    `Messages:      ${manifest.counts.messages}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const { zip } = await unsealFile(positionals[0]);
  // Given the zip itself, the validator reports real file lines and container problems as errors.
  const result = validateArchive(zip);
  for (const e of result.errors) {
    process.stderr.write(`${positionals[0]}: ${e.entry}${e.line !== undefined ? `:${e.line}` : ''} ${e.pointer || '/'}: ${e.message}\n`);
  }
  if (result.valid) process.stdout.write(`${positionals[0]}: valid\n`);
  return result.valid ? 0 : 1;
}

async function decrypt(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, allowPositionals: true });
  const out = values.output;
  if (!out && process.stdout.isTTY) throw new UsageError('Refusing to write a binary zip to the terminal. Use -o OUT.');
  const { zip } = await unsealFile(positionals[0]);
  if (!out) {
    process.stdout.write(zip);
    return 0;
  }
  // Write beside the target and rename, so a failure never leaves a partial file under OUT.
  const partial = `${out}.partial-${process.pid}`;
  try {
    await writeFile(partial, zip);
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = { inspect, verify, decrypt };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(FERRY_VERSION + '\n');
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`ferry: unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    process.stderr.write(`ferry ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
