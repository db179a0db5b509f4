/**
 * `ferry`: the command line over the same core the extension uses. One file per command in
 * commands/, each exporting its usage line and `run(args) -> exit code`.
 */
import { FERRY_VERSION } from '../version.js';
import { UsageError } from './usage-error.js';

interface Command {
  /** One line: the synopsis `ferry --help` lists. */
  usage: string;
  /** What `ferry help CMD` and `ferry CMD --help` print after the usage line: the options and an example. */
  help: string;
  run(args: string[]): Promise<number>;
}

/**
 * Each command is loaded when it runs: loading all of them (stanza, the schema validators,
 * libsodium, ML-KEM) took about 0.35 s of CPU, and 1 s of wall time on this loaded machine,
 * before any command started, for `ferry --version` as for `ferry encrypt`.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  inspect: () => import('./commands/inspect.js'),
  verify: () => import('./commands/verify.js'),
  merge: () => import('./commands/merge.js'),
  convert: () => import('./commands/convert.js'),
  decrypt: () => import('./commands/decrypt.js'),
  encrypt: () => import('./commands/encrypt.js'),
  keygen: () => import('./commands/keygen.js'),
  'export-format': () => import('./commands/export-format.js'),
  generate: () => import('./commands/generate.js'),
  xmpp: () => import('./commands/xmpp.js'),
};

const usage = async (): Promise<string> => `ferry ${FERRY_VERSION}: your friends and chat history, in an archive you own.

Usage:
${(await Promise.all(Object.values(COMMANDS).map((load) => load())))
  .map((c) => `  ${c.usage}`)
  .join('\n')}

\`ferry help COMMAND\` (or \`ferry COMMAND --help\`) shows a command's options and an example.

Every command that reads an archive accepts an age-encrypted one (binary or armored) or a
plain zip; -i FILE gives age identities (AGE-SECRET-KEY-PQ-1... or AGE-SECRET-KEY-1...), and
the passphrase is asked only when the file has one.

Every command that writes an archive (convert, merge, xmpp export) encrypts it, as age does:
  -r RECIPIENT   to this recipient: age1pq1... (post-quantum, from ferry keygen -pq; read by
                 age 1.3+ and Ferry) or age1... (X25519, read by every age); repeat for several
  -R FILE        to every recipient in FILE, one per line (# comments)
  -p             under a passphrase: the default when no -r or -R is given
  -a             as ASCII armor (text) instead of binary
  --unencrypted  a plain zip instead, deliberately
Post-quantum and classic recipients are never mixed in one file, and a passphrase is never
combined with recipients. Passphrases come from FERRY_PASSPHRASE, or are asked on the terminal.

No command replaces an existing file unless given --force (on a terminal it asks), and none
writes over one of its own inputs. Output appears only when complete: an error or Ctrl-C leaves
nothing behind.`;

function commandHelp(name: string, command: Command): string {
  return `usage: ${command.usage}\n\n${command.help.trim()}\n`;
}

/** parseArgs' own errors (unknown option, missing value) as Ferry words them: exit 2 with the usage line. */
function argumentError(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? 'given';
    return `unknown option ${option}.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'([^']+?)(?: <value>)?'/.exec(message)?.[1]?.split(',').map((o) => o.trim()).join(' / ') ?? 'an option';
    return /argument missing/.test(message) ? `option ${option} needs a value.` : `option ${option} takes no value.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument: ${/'([^']+)'/.exec(message)?.[1] ?? message}.`;
  return undefined;
}

/** `--help` or `-h` anywhere before a `--` that ends the options. */
function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined) {
    const load = COMMANDS[rest[0]];
    if (!load) {
      process.stderr.write(`ferry: there is no command "${rest[0]}". The commands are: ${Object.keys(COMMANDS).join(', ')}.\n`);
      return 2;
    }
    process.stdout.write(commandHelp(rest[0], await load()));
    return 0;
  }
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write((await usage()) + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(FERRY_VERSION + '\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`ferry: unknown command "${name}".\n\n${await usage()}\n`);
    return 2;
  }
  const command = await load();
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(name, command));
    return 0;
  }
  try {
    // Every age file this process reads or writes gets its payload through OpenSSL rather than
    // libsodium's WebAssembly: the same bytes, 3-4x faster (node-aead.ts).
    const [{ setDefaultPayloadCipher }, { nodePayloadCipher }] = await Promise.all([import('../crypto/index.js'), import('./node-aead.js')]);
    setDefaultPayloadCipher(nodePayloadCipher());
    return await command.run(rest);
  } catch (error) {
    (await import('./progress.js')).clearProgress();
    const wrongArguments = argumentError(error);
    const usageError = error instanceof UsageError || wrongArguments !== undefined;
    process.stderr.write(`ferry ${name}: ${wrongArguments ?? (error instanceof Error ? error.message : String(error))}\n`);
    if (usageError) process.stderr.write(`usage: ${command.usage}\n(ferry help ${name} shows every option and an example)\n`);
    return usageError ? 2 : 1;
  }
}

const code = await main(process.argv.slice(2));
// Every command has awaited its own work by now; exit without waiting for timers a library left
// behind (stanza's IQ timeout stays armed for 30 s after an IQ that got an error answer, which
// kept `ferry xmpp export` alive 30 s after it had written the archive). Output is flushed first.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
