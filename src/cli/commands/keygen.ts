import { parseArgs } from 'node:util';
import { formatIdentityFile, generateIdentity } from '../../crypto/index.js';
import { UsageError, writeSecretFile } from '../io.js';

export const usage =
  'ferry keygen [-pq] [-o FILE]        make an age identity as age-keygen does: X25519 (AGE-SECRET-KEY-1...), or with -pq post-quantum (AGE-SECRET-KEY-PQ-1..., read by age 1.3+)';

export const help = `
Makes a new age identity (a secret key) and prints its public key, the recipient to give to
people who encrypt archives for you. Like age-keygen; -o never replaces an existing file, even
with --force: a key replaced is a key lost, with every archive encrypted to it.

  -pq      post-quantum (ML-KEM-768 + X25519, age1pq1...): for archives kept for years
  -o FILE  write the identity there, readable by its owner only (default: standard output)

Example:
  ferry keygen -pq -o ~/ferry-key.txt
`;

export async function run(args: string[]): Promise<number> {
  // age-keygen spells it "-pq" (Go's flags take one dash); parseArgs would read that as -p -q.
  const normalized = args.map((a) => (a === '-pq' ? '--pq' : a));
  const { values, positionals } = parseArgs({ args: normalized, options: { output: { type: 'string', short: 'o' }, pq: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError('keygen takes no file argument; use -o FILE.');
  const identity = await generateIdentity(values.pq ? 'pq' : 'x25519');
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
