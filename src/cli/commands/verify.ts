import { parseArgs } from 'node:util';
import { validateArchive } from '../../archive/validate.js';
import { IDENTITY_OPTIONS, UsageError, unsealFile } from '../io.js';

export const usage = 'ferry verify [-i ID]... FILE...        check archives against the open schema (exit 0 only if every one is valid)';

export const help = `
Checks every part of each archive against schemas/ and the format's rules: the zip itself (no
entry twice, no unsafe names, sizes and CRCs that match), JSON without repeated keys, every
entity against its schema, ids unique, references that resolve, counts, time order,
attachments that hash to their names. Prints each problem with its file inside the zip, its
line and a JSON pointer; prints "FILE: valid" for each valid one. Exit 0 only if all are valid.

  -i FILE      age identity file, for archives encrypted to a key (repeatable)

Example:
  ferry verify old-export.age new-export.age
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: IDENTITY_OPTIONS, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('Name the archive file(s) to verify.');
  let allValid = true;
  for (const file of positionals) {
    let zip: Uint8Array;
    try {
      ({ zip } = await unsealFile(file, { identityFiles: values.identity }));
    } catch (error) {
      // One file that cannot be opened does not stop the others from being checked.
      if (positionals.length === 1) throw error;
      process.stderr.write(`${file}: ${(error as Error).message}\n`);
      process.stdout.write(`${file}: NOT CHECKED\n`);
      allValid = false;
      continue;
    }
    // Given the zip itself, the validator reports real file lines and container problems as errors.
    const result = validateArchive(zip);
    for (const e of result.errors) {
      process.stderr.write(`${file}: ${e.entry}${e.line !== undefined ? `:${e.line}` : ''} ${e.pointer || '/'}: ${e.message}\n`);
    }
    if (result.valid) process.stdout.write(`${file}: valid\n`);
    else {
      allValid = false;
      if (positionals.length > 1) process.stdout.write(`${file}: INVALID (${result.errors.length} problems)\n`);
    }
  }
  return allValid ? 0 : 1;
}
