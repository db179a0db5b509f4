import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decryptFileTo, nativeCiphers } from '../age-file.js';
import { collect, decryptStream, isAgeFile, isEncryptedFile, type Identity } from '../../crypto/index.js';
import { ScryptIdentity } from '../../crypto/index.js';
import { IDENTITY_OPTIONS, OUTPUT_OPTIONS, UsageError, inputStream, openOutput, inputFacts, readIdentities, withOutput } from '../io-files.js';
import { getPassphrase } from '../passphrase.js';
import { counting, startProgress } from '../progress.js';
import type { Stanza } from '../../crypto/index.js';

export const usage = 'ferry decrypt [-i IDENTITY_FILE]... [-o OUT] [--force] [IN]   decrypt an age file (an archive: to its plain zip)';

export const help = `
Decrypts any age v1 file, binary or armored, as \`age -d\` does: with the identities of -i, or
the passphrase (FERRY_PASSPHRASE, or asked on the terminal) when the file has one. The output
appears only once every part of the file has verified; a failure or Ctrl-C leaves no plaintext.
A plain Ferry archive passes through unchanged.

  -i FILE      age identity file (repeatable)
  -o OUT       where to write (default: standard output, once all of it verified)
  --force      replace OUT if it exists (otherwise Ferry asks on a terminal, or refuses)

Example:
  ferry decrypt -i ~/ferry-key.txt -o chats.zip chats.age
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...IDENTITY_OPTIONS, ...OUTPUT_OPTIONS }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('Give at most one input file.');
  if (!values.output && process.stdout.isTTY) throw new UsageError('Refusing to write binary output to the terminal. Use -o OUT.');
  const input = positionals[0];
  const { size, regular } = inputFacts(input);
  // The plaintext is about as large as the file: a disk without that much room is found now.
  const file = await openOutput(values, [input, ...(values.identity ?? [])], size);
  await withOutput(file, async (output) => {
    const identities: Identity[] = await readIdentities(values.identity);
    // The passphrase is asked for only when the file has a passphrase stanza.
    identities.push({
      unwrap: async (stanzas: readonly Stanza[]) =>
        stanzas.some((st) => st.type === 'scrypt') ? new ScryptIdentity(await getPassphrase(`unlock ${input ?? 'standard input'}`)).unwrap(stanzas) : null,
    });

    const progress = startProgress('decrypt', { unit: 'bytes', ...(regular ? { total: size } : {}) });
    // A binary age file on disk: the CLI's own reader and native cipher (age-file.ts).
    const native = regular && input && isBinaryAge(input) ? nativeCiphers() : undefined;
    if (native && input && output) {
      await decryptFileTo(input, identities, native, output, (n) => progress.add(n));
      progress.finish();
      return;
    }
    const source = peekable(counting(inputStream(input), progress));
    const head = await source.head();
    // A plain archive passes through unchanged, as every Ferry command accepts both forms.
    // Loaded only here: the archive code is not needed to decrypt a binary age file.
    const { isPlainArchive } = await import('../../transfer/archive-file.js');
    const plain = isPlainArchive(head) && !isEncryptedFile(head);
    const decrypted = plain ? source.all() : decryptStream(source.all(), identities);
    // Into the temporary file beside OUT, renamed into place only after every chunk verified;
    // standard output cannot be taken back, so nothing goes there until all of it verified.
    if (output) await output.writeAll(decrypted);
    else process.stdout.write(await collect(decrypted));
    progress.finish();
  });
  return 0;
}

/** Whether the file at `path` starts as a binary age file does (armored ones and plain zips go the general way). */
function isBinaryAge(path: string): boolean {
  const head = new Uint8Array(64);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, head, 0, head.length, 0);
    return isAgeFile(head.subarray(0, n));
  } finally {
    closeSync(fd);
  }
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
