import { parseArgs } from 'node:util';
import { readArchive, writeArchive } from '../../archive/container.js';
import { NODE_WRITE_OPTIONS } from '../../archive/node-deflate.js';
import { mergeArchives } from '../../transfer/merge.js';
import { IDENTITY_OPTIONS, PROTECTION_OPTIONS, PROTECTION_USAGE, UsageError, unsealFile, writeArchiveOutput } from '../io.js';

export const usage = `ferry merge A B [...] [-i IDENTITY]... -o OUT ${PROTECTION_USAGE}   one archive from several (oldest first), without duplicates`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, ...PROTECTION_OPTIONS, ...IDENTITY_OPTIONS },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('Name the archives to merge, oldest first.');
  if (!values.output) throw new UsageError('Say where to write: -o OUT.');
  const inputs = [];
  for (const path of positionals) inputs.push(readArchive((await unsealFile(path, { identityFiles: values.identity })).zip));
  const merged = mergeArchives(inputs);
  // Encrypted unless --unencrypted: the merged archive holds everything the inputs held.
  await writeArchiveOutput(writeArchive(merged, NODE_WRITE_OPTIONS), values, `encrypt ${values.output}`);
  const { contacts, conversations, messages } = merged.manifest.counts;
  process.stdout.write(`wrote ${values.output}: ${contacts} contacts, ${conversations} conversations, ${messages} messages from ${positionals.length} archives\n`);
  return 0;
}
