/**
 * `ferry`: the command line over the same core the extension uses. One file per command in
 * commands/, each exporting its usage line and `run(args) -> exit code`.
 */
import { FERRY_VERSION } from '../version.js';
import { setDefaultPayloadCipher } from '../crypto/index.js';
import { nodePayloadCipher } from './node-aead.js';
import { UsageError } from './io.js';
import * as convert from './commands/convert.js';
import * as decrypt from './commands/decrypt.js';
import * as encrypt from './commands/encrypt.js';
import * as exportFormat from './commands/export-format.js';
import * as keygen from './commands/keygen.js';
import * as merge from './commands/merge.js';
import * as inspect from './commands/inspect.js';
import * as verify from './commands/verify.js';
import * as xmpp from './commands/xmpp.js';

interface Command {
  /** One line: the synopsis `ferry --help` lists. */
  usage: string;
  /** What `ferry help CMD` and `ferry CMD --help` print after the usage line: the options and an example. */
  help: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = { inspect, verify, merge, convert, decrypt, encrypt, keygen, 'export-format': exportFormat, xmpp };

const USAGE = `ferry ${FERRY_VERSION}: your friends and chat history, in an archive you own.

Usage:
${Object.values(COMMANDS)
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
    const command = COMMANDS[rest[0]];
    if (!command) {
      process.stderr.write(`ferry: there is no command "${rest[0]}". The commands are: ${Object.keys(COMMANDS).join(', ')}.\n`);
      return 2;
    }
    process.stdout.write(commandHelp(rest[0], command));
    return 0;
  }
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(FERRY_VERSION + '\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ferry: unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(name, command));
    return 0;
  }
  try {
    // Every age file this process reads or writes gets its payload through OpenSSL rather than
    // libsodium's WebAssembly: the same bytes, 3-4x faster (src/crypto/node-aead.ts).
    setDefaultPayloadCipher(nodePayloadCipher());
    return await command.run(rest);
  } catch (error) {
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
