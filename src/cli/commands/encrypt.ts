import { parseArgs } from 'node:util';
import { ScryptRecipient, encryptStream, type Recipient } from '../../crypto/index.js';
import { getPassphrase } from '../passphrase.js';
import { UsageError, inputStream, recipientsFrom, writeStreamAtomically } from '../io.js';

export const usage = 'ferry encrypt [-r RECIPIENT]... [-R FILE]... [-p] [-a] [-o OUT] [IN]   encrypt any file as age v1 (as `age` does)';

/** `age`'s encrypt flags: -r/-R recipients, -p passphrase (the default when none), -a armor. Streams. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      recipient: { type: 'string', short: 'r', multiple: true },
      'recipients-file': { type: 'string', short: 'R', multiple: true },
      passphrase: { type: 'boolean', short: 'p' },
      armor: { type: 'boolean', short: 'a' },
      output: { type: 'string', short: 'o' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError('Give at most one input file.');
  const recipients: Recipient[] = await recipientsFrom(values);
  if (recipients.length > 0 && values.passphrase) throw new UsageError('-p cannot be combined with -r or -R: an age passphrase file has exactly one recipient.');
  if (recipients.length === 0) recipients.push(new ScryptRecipient(await getPassphrase(`encrypt ${positionals[0] ?? 'standard input'}`, process.env, { confirm: true })));
  if (!values.output && !values.armor && process.stdout.isTTY) throw new UsageError('Refusing to write binary output to the terminal. Use -o OUT or -a.');

  const encrypted = encryptStream(inputStream(positionals[0]), recipients, { armor: values.armor ?? false });
  if (values.output) await writeStreamAtomically(values.output, encrypted);
  else for await (const piece of encrypted) if (!process.stdout.write(piece)) await new Promise((r) => process.stdout.once('drain', r));
  return 0;
}
