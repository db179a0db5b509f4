/**
 * `ferry export-format FORMAT ARCHIVE -o OUT`: writes an archive in a format another service
 * imports. One entry per format in FORMATS; each says what it kept and what it dropped.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readArchive } from '../../archive/container.js';
import { WriterInputError, type FileWriter, type WriterNote, type WriterParams, type WriterResult } from '../../connectors/contract.js';
import { checkTimeZone, localTimeZone } from '../../connectors/kit/wall-clock.js';
import { reportLines } from '../../connectors/kit/writing.js';
import { FILE_WRITERS, writerFor } from '../../connectors/registry.js';
import { IDENTITY_OPTIONS, UsageError, unsealFile, writeFileAtomically } from '../io.js';

export const usage = `ferry export-format FORMAT [-i IDENTITY]... ARCHIVE -o OUT [options]   write an archive for another service, unencrypted as the service needs it (formats: ${FILE_WRITERS.map((w) => w.id).join(', ')})`;

/** Each writer's own flags, from what it needs (the writers are src/connectors/registry.ts's, shared with the extension). */
function optionsOf(writer: FileWriter): NonNullable<Parameters<typeof parseArgs>[0]>['options'] {
  return {
    ...(writer.needs.timeZone ? { tz: { type: 'string' } } : {}),
    ...(writer.needs.team ? { team: { type: 'string' } } : {}),
    ...(writer.needs.owner ? { owner: { type: 'string' }, map: { type: 'string', multiple: true } } : {}),
  };
}

/** --tz, checked, else the machine's zone. */
function zoneOption(values: Record<string, unknown>): string {
  const zone = typeof values.tz === 'string' ? values.tz : localTimeZone();
  try {
    checkTimeZone(zone);
  } catch (e) {
    throw new UsageError(`--tz: ${(e as Error).message}`);
  }
  return zone;
}

function paramsOf(writer: FileWriter, values: Record<string, string | boolean | string[] | undefined>): WriterParams {
  const params: WriterParams = { at: new Date().toISOString() };
  if (writer.needs.timeZone) params.timeZone = zoneOption(values);
  if (typeof values.team === 'string') params.team = values.team;
  if (writer.needs.owner) {
    if (typeof values.owner !== 'string') throw new UsageError(`${writer.id} needs --owner JID: the account on the new server that receives the history.`);
    params.owner = values.owner;
    const addressMap = new Map<string, string>();
    for (const pair of (values.map as string[] | undefined) ?? []) {
      const at = pair.lastIndexOf('=');
      if (at <= 0) throw new UsageError(`--map takes OLD=NEW (a contact id or handle, and the new JID), not "${pair}".`);
      addressMap.set(pair.slice(0, at), pair.slice(at + 1));
    }
    params.addressMap = addressMap;
    // From the environment, never an argument: arguments end up in shell history and `ps`.
    const password = process.env.FERRY_XMPP_PASSWORD || undefined;
    if (password) params.password = password;
  }
  return params;
}

/** The notes in the CLI's words (the page words the same codes in the UI language). */
function noteLines(notes: WriterNote[], values: Record<string, unknown>): { before: string[]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  const usernames = notes.filter((n) => n.kind === 'username');
  const placeholders = notes.filter((n) => n.kind === 'placeholder');
  const fromTz = values.tz ? '--tz' : "this machine's zone; change with --tz";
  for (const n of notes) {
    if (n.kind === 'zone') before.push(`times in ${n.file}: ${n.zone} (${n.from === 'source' ? "the source's zone" : fromTz})`);
    if (n.kind === 'html-zone') before.push(`times: in each source's own zone where it stated one, else ${n.zone} (${fromTz})`);
  }
  if (usernames.length) after.push('usernames (map them to members when Slack or Mattermost asks):', ...usernames.map((u) => `  ${u.handle} -> ${u.name}`));
  if (placeholders.length) {
    after.push(`${placeholders.length} contacts have no XMPP address and got a placeholder (map them with --map CONTACT_ID=JID):`, ...placeholders.map((p) => `  ${p.displayName}: ${p.contactId} -> ${p.jid}`));
  }
  if (notes.some((n) => n.kind === 'no-password')) after.push('note: no password for the account in the file (set FERRY_XMPP_PASSWORD to create the account with one)');
  return { before, after };
}

export async function run(args: string[]): Promise<number> {
  const [formatName, ...rest] = args;
  const writer = formatName ? writerFor(formatName) : undefined;
  if (!formatName || !writer) {
    throw new UsageError(`Name a format: ${FILE_WRITERS.map((f) => `${f.id} (${f.describe})`).join(', ')}.`);
  }
  const { values, positionals } = parseArgs({ args: rest, options: { output: { type: 'string', short: 'o' }, ...IDENTITY_OPTIONS, ...optionsOf(writer) }, allowPositionals: true });
  if (!values.output) throw new UsageError('Say where to write: -o OUT.');
  const params = paramsOf(writer, values);
  const { zip } = await unsealFile(positionals[0], { identityFiles: values.identity as string[] | undefined });
  let output: WriterResult;
  try {
    output = writer.write(readArchive(zip), params);
  } catch (e) {
    if (e instanceof WriterInputError) throw new UsageError(e.message);
    throw e;
  }
  const { before, after } = noteLines(output.notes, values);
  const report = [...before, ...reportLines(output), ...after];
  if (!output.single) {
    const dir = values.output;
    await mkdir(dir, { recursive: true });
    for (const f of output.files) await writeFileAtomically(join(dir, f.name), f.bytes);
    // The same record the extension shows: kept counts and FidelityNote entries (stage "import").
    const record = { format: formatName, writtenAt: params.at, files: output.files.map((f) => f.name), kept: output.kept, fidelity: output.fidelity };
    await writeFileAtomically(join(dir, 'fidelity.json'), new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'));
    process.stdout.write([`wrote ${output.files.length} files and fidelity.json to ${dir} (${formatName}):`, ...output.files.map((f) => `  ${f.name}`), ...report].join('\n') + '\n');
  } else {
    await writeFileAtomically(values.output, output.files[0]!.bytes);
    process.stdout.write([`wrote ${values.output} (${formatName})`, ...report].join('\n') + '\n');
  }
  return 0;
}
