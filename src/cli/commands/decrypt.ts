import { parseArgs } from 'node:util';
import { UsageError, unsealFile, writeFileAtomically } from '../io.js';

export const usage = 'ferry decrypt [-o OUT] FILE        write the plain zip inside an encrypted archive';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { output: { type: 'string', short: 'o' } }, allowPositionals: true });
  if (!values.output && process.stdout.isTTY) throw new UsageError('Refusing to write a binary zip to the terminal. Use -o OUT.');
  // unsealFile decrypts and verifies the whole file before anything is written.
  const { zip } = await unsealFile(positionals[0]);
  if (values.output) await writeFileAtomically(values.output, zip);
  else process.stdout.write(zip);
  return 0;
}
