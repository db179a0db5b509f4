import { parseArgs } from 'node:util';
import { readArchive } from '../../archive/container.js';
import { IDENTITY_OPTIONS, unsealFile } from '../io.js';

export const usage = 'ferry inspect [--json] [-i ID] FILE what an archive holds (manifest and counts)';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, ...IDENTITY_OPTIONS }, allowPositionals: true });
  const { zip, encrypted } = await unsealFile(positionals[0], { identityFiles: values.identity });
  const { manifest } = readArchive(zip);
  if (values.json) {
    const { schemaVersion, createdAt, createdBy, sources, counts } = manifest;
    process.stdout.write(JSON.stringify({ file: positionals[0], encrypted, schemaVersion, createdAt, createdBy, sources, ...counts }) + '\n');
    return 0;
  }
  const lines = [
    `${positionals[0]}: Ferry archive, schema ${manifest.schemaVersion}, ${encrypted ? 'encrypted (age)' : 'NOT encrypted'}`,
    `Created ${manifest.createdAt} by ${manifest.createdBy.tool} ${manifest.createdBy.version}`,
    ...manifest.sources.map((s) => `Source: ${s.account} (${s.service}, ${s.method}, exported ${s.exportedAt})`),
    `Contacts:      ${manifest.counts.contacts}`,
    `Conversations: ${manifest.counts.conversations}`,
    `Messages:      ${manifest.counts.messages}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
