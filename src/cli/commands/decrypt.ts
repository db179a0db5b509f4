import { parseArgs } from 'node:util';
import { collect, decryptStream, isEncryptedFile, type Identity } from '../../crypto/index.js';
import { ScryptIdentity } from '../../crypto/index.js';
import { IDENTITY_OPTIONS, UsageError, inputStream, readIdentities, writeStreamAtomically } from '../io.js';
import { getPassphrase } from '../passphrase.js';
import { isPlainArchive } from '../../transfer/archive-file.js';
import type { Stanza } from '../../crypto/index.js';

export const usage = 'ferry decrypt [-i IDENTITY_FILE]... [-o OUT] [IN]   decrypt an age file (an archive: to its plain zip)';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...IDENTITY_OPTIONS, output: { type: 'string', short: 'o' } }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('Give at most one input file.');
  if (!values.output && process.stdout.isTTY) throw new UsageError('Refusing to write binary output to the terminal. Use -o OUT.');
  const input = positionals[0];
  const identities: Identity[] = await readIdentities(values.identity);
  // The passphrase is asked for only when the file has a passphrase stanza.
  identities.push({
    unwrap: async (stanzas: readonly Stanza[]) =>
      stanzas.some((st) => st.type === 'scrypt') ? new ScryptIdentity(await getPassphrase(`unlock ${input ?? 'standard input'}`)).unwrap(stanzas) : null,
  });

  const source = peekable(inputStream(input));
  const head = await source.head();
  // A plain archive passes through unchanged, as every Ferry command accepts both forms.
  const plain = isPlainArchive(head) && !isEncryptedFile(head);
  const output = plain ? source.all() : decryptStream(source.all(), identities);
  if (values.output) {
    // Streams into a temporary file, renamed into place only after every chunk verified.
    await writeStreamAtomically(values.output, output);
  } else {
    // Standard output cannot be taken back, so nothing is written until all of it verified.
    process.stdout.write(await collect(output));
  }
  return 0;
}

/** Lets the first bytes be looked at before the whole stream is handed on. */
function peekable(source: AsyncIterable<Uint8Array>) {
  const iterator = source[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  return {
    async head(): Promise<Uint8Array> {
      const next = await iterator.next();
      if (!next.done) held.push(next.value);
      return held[0] ?? new Uint8Array(0);
    },
    async *all(): AsyncGenerator<Uint8Array> {
      yield* held;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    },
  };
}
