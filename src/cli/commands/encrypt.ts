import { parseArgs } from 'node:util';
import { ScryptRecipient, encryptStream, type Recipient } from '../../crypto/index.js';
import { encryptFile, encryptFileTo, nativeCiphers } from '../age-file.js';
import { getPassphrase } from '../passphrase.js';
import { counting, startProgress } from '../progress.js';
import { OUTPUT_OPTIONS, UsageError, inputStream, openOutput, inputFacts, recipientsFrom, withOutput } from '../io-files.js';

export const usage = 'ferry encrypt [-r RECIPIENT]... [-R FILE]... [-p] [-a] [-o OUT] [--force] [IN]   encrypt any file as age v1 (as `age` does)';

export const help = `
Encrypts any file (or standard input) as age v1, with age's own flags; \`age -d\` opens it.

  -r RECIPIENT  age1pq1... (post-quantum) or age1... (X25519); repeat for several
  -R FILE       every recipient in FILE, one a line
  -p            a passphrase (FERRY_PASSPHRASE, or asked twice on a terminal): the default
  -a            ASCII armor instead of binary
  -o OUT        where to write (default: standard output)
  --force       replace OUT if it exists (otherwise Ferry asks on a terminal, or refuses)

Example:
  ferry encrypt -R people.txt -o chats.age chats.zip
`;

/** `age`'s encrypt flags: -r/-R recipients, -p passphrase (the default when none), -a armor. Streams. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      recipient: { type: 'string', short: 'r', multiple: true },
      'recipients-file': { type: 'string', short: 'R', multiple: true },
      passphrase: { type: 'boolean', short: 'p' },
      armor: { type: 'boolean', short: 'a' },
      ...OUTPUT_OPTIONS,
    },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError('Give at most one input file.');
  const input = positionals[0];
  const recipients: Recipient[] = await recipientsFrom(values);
  if (recipients.length > 0 && values.passphrase) throw new UsageError('-p cannot be combined with -r or -R: an age passphrase file has exactly one recipient.');
  if (!values.output && !values.armor && process.stdout.isTTY) throw new UsageError('Refusing to write binary output to the terminal. Use -o OUT or -a.');
  const { size, regular } = inputFacts(input);
  const file = await openOutput(values, [input, ...(values['recipients-file'] ?? [])], size);
  await withOutput(file, async (output) => {
    if (recipients.length === 0) recipients.push(new ScryptRecipient(await getPassphrase(`encrypt ${input ?? 'standard input'}`, process.env, { confirm: true })));
    const progress = startProgress('encrypt', { unit: 'bytes', ...(regular ? { total: size } : {}) });
    // A file on disk, binary: the CLI's own reader and native cipher (age-file.ts), same bytes.
    const native = regular && !values.armor ? nativeCiphers() : undefined;
    if (native && input && output) {
      // Straight from the input file into the output file, a block at a time.
      await encryptFileTo(input, recipients, native, output, (n) => progress.add(n));
      progress.finish();
      return;
    }
    const encrypted =
      native && input
        ? await encryptFile(input, recipients, native, (n) => progress.add(n))
        : encryptStream(counting(inputStream(input), progress), recipients, { armor: values.armor ?? false });
    if (output) await output.writeAll(encrypted);
    else for await (const piece of encrypted) if (!process.stdout.write(piece)) await new Promise((r) => process.stdout.once('drain', r));
    progress.finish();
  });
  return 0;
}
