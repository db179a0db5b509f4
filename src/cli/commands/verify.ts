import { parseArgs } from 'node:util';
import { validateArchive } from '../../archive/validate.js';
import { IDENTITY_OPTIONS, unsealFile } from '../io.js';

export const usage = 'ferry verify [-i ID] FILE          check an archive against the open schema (exit 0 only if valid)';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: IDENTITY_OPTIONS, allowPositionals: true });
  const { zip } = await unsealFile(positionals[0], { identityFiles: values.identity });
  // Given the zip itself, the validator reports real file lines and container problems as errors.
  const result = validateArchive(zip);
  for (const e of result.errors) {
    process.stderr.write(`${positionals[0]}: ${e.entry}${e.line !== undefined ? `:${e.line}` : ''} ${e.pointer || '/'}: ${e.message}\n`);
  }
  if (result.valid) process.stdout.write(`${positionals[0]}: valid\n`);
  return result.valid ? 0 : 1;
}
