import { parseArgs } from 'node:util';
import { readArchive, writeArchive } from '../../archive/container.js';
import { NODE_WRITE_OPTIONS } from '../../archive/node-deflate.js';
import { startProgress } from '../progress.js';
import { mergeArchives } from '../../transfer/merge.js';
import {
  IDENTITY_OPTIONS,
  OUTPUT_OPTIONS,
  PROTECTION_OPTIONS,
  PROTECTION_USAGE,
  UsageError,
  keyFiles,
  openOutput,
  protectionFrom,
  recipientsFrom,
  requireValidInput,
  requireValidOutput,
  unsealFile,
  withOutput,
  writeSealed,
} from '../io.js';

export const usage = `ferry merge A B [...] [-i IDENTITY]... -o OUT [--force] ${PROTECTION_USAGE}   one archive from several (oldest first), without duplicates`;

export const help = `
Unites archives by their stable ids: each contact, conversation and message appears once; for
single values the archive given last wins (give them oldest first), lists are united, messages
are put in time order. Every input is verified first (as ferry verify does); an invalid one is
refused with its problems, and what is written passes ferry verify. A 0.x archive is upgraded.

  -o OUT       the merged archive (required); not one of the inputs
  --force      replace OUT if it exists (otherwise Ferry asks on a terminal, or refuses)
  -i FILE      age identity file for encrypted inputs (repeatable)
  -r, -R, -p, -a, --unencrypted   how OUT is encrypted (see ferry --help); a passphrase by default

Example:
  ferry merge export-2024.age export-2026.age -o everything.age -r age1pq1...
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...OUTPUT_OPTIONS, ...PROTECTION_OPTIONS, ...IDENTITY_OPTIONS }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('Name the archives to merge, oldest first.');
  if (!values.output) throw new UsageError('Say where to write: -o OUT.');
  const file = await openOutput(values, [...positionals, ...keyFiles(values)]);
  const merged = await withOutput(file, async () => {
    // Wrong keys stop the command before any archive is opened.
    await recipientsFrom(values);
    const inputs = [];
    for (const path of positionals) {
      const { zip } = await unsealFile(path, { identityFiles: values.identity });
      requireValidInput(zip, path, 'nothing was merged');
      inputs.push(readArchive(zip));
    }
    // Encrypted unless --unencrypted: the merged archive holds everything the inputs held.
    const protection = await protectionFrom(values, `encrypt ${values.output}`);
    const result = mergeArchives(inputs, { names: positionals });
    requireValidOutput(result, 'nothing was written');
    const progress = startProgress('merge', { unit: 'messages', total: result.manifest.counts.messages });
    const zip = writeArchive(result, { ...NODE_WRITE_OPTIONS, onMessages: (written) => progress.update(written) });
    progress.finish();
    await writeSealed(zip, protection, values.armor ?? false, file);
    return result;
  });
  const { contacts, conversations, messages } = merged.manifest.counts;
  process.stdout.write(`wrote ${values.output}: ${contacts} contacts, ${conversations} conversations, ${messages} messages from ${positionals.length} archives\n`);
  return 0;
}
