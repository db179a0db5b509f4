import { parseArgs } from 'node:util';
import { X25519Identity, formatIdentityFile } from '../../crypto/index.js';
import { UsageError, writeSecretFile } from '../io.js';

export const usage = 'ferry keygen [-o FILE]             make an age identity (AGE-SECRET-KEY-1...) as age-keygen does';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError('keygen takes no file argument; use -o FILE.');
  const identity = await X25519Identity.generate();
  const text = await formatIdentityFile(identity);
  const recipient = String(await identity.recipient());
  if (values.output) {
    await writeSecretFile(values.output, text);
    // Like age-keygen: the public key on stderr, so it can be shared right away.
    process.stderr.write(`Public key: ${recipient}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
