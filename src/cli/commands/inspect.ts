import { parseArgs } from 'node:util';
import { ArchiveReader } from '../../archive/stream.js';
import type { Manifest } from '../../model/types.js';
import { IDENTITY_OPTIONS, UsageError, unsealFile } from '../io.js';

export const usage = 'ferry inspect [--json] [-i ID]... FILE...   what an archive holds (manifest and counts)';

export const help = `
Prints each archive's version, when and by what it was made, its sources and its counts, from
its manifest alone: the messages are not read, so even a huge archive answers at once (run
ferry verify to check that the counts are true). Several files are inspected one after another.

  --json       one JSON object a line, one line per file
  -i FILE      age identity file, for archives encrypted to a key (repeatable)

Example:
  ferry inspect --json -i ~/ferry-key.txt chats.age
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, ...IDENTITY_OPTIONS }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('Name the archive file(s) to inspect.');
  let failed = 0;
  for (const file of positionals) {
    let opened: { zip: Uint8Array; encrypted: boolean };
    let manifest: Manifest;
    try {
      opened = await unsealFile(file, { identityFiles: values.identity });
      // The manifest alone: its counts are what the archive says of itself, and reading them must
      // not cost inflating every message (verify does that).
      manifest = ArchiveReader.open(opened.zip, { manifestOnly: true }).manifest;
    } catch (error) {
      // One file that cannot be read does not hide what the others hold.
      if (positionals.length === 1) throw error;
      process.stderr.write(`ferry inspect: ${file}: ${(error as Error).message}\n`);
      failed++;
      continue;
    }
    const { encrypted } = opened;
    if (values.json) {
      const { schemaVersion, createdAt, createdBy, sources, counts } = manifest;
      process.stdout.write(JSON.stringify({ file, encrypted, schemaVersion, createdAt, createdBy, sources, ...counts }) + '\n');
      continue;
    }
    const lines = [
      `${file}: Ferry archive, schema ${manifest.schemaVersion}, ${encrypted ? 'encrypted (age)' : 'NOT encrypted'}`,
      `Created ${manifest.createdAt} by ${manifest.createdBy?.tool} ${manifest.createdBy?.version}`,
      ...(manifest.sources ?? []).map((s) => `Source: ${s.account} (${s.service}, ${s.method}, exported ${s.exportedAt})`),
      `Contacts:      ${manifest.counts?.contacts}`,
      `Conversations: ${manifest.counts?.conversations}`,
      `Messages:      ${manifest.counts?.messages}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  return failed ? 1 : 0;
}
