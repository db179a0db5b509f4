/**
 * `ferry export-format FORMAT ARCHIVE -o OUT`: writes an archive in a format another service
 * imports. One entry per format in FORMATS; each says what it kept and what it dropped.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readArchive } from '../../archive/container.js';
import { WriterInputError, type FileWriter, type WriterNote, type WriterParams, type WriterResult } from '../../connectors/contract.js';
import { checkTimeZone, localTimeZone } from '../../connectors/kit/wall-clock.js';
import { reportLines } from '../../connectors/kit/writing.js';
import { FILE_WRITERS, writerFor } from '../../connectors/registry.js';
import { IDENTITY_OPTIONS, OUTPUT_OPTIONS, UsageError, openOutput, requireValidInput, unsealFile, withOutput } from '../io.js';
import { OutputFile, checkOutputFolder, describeFsError } from '../output.js';
import { prosodyLoaderPath, prosodyShellLine } from './xmpp-load-rooms.js';

export const usage = `ferry export-format FORMAT [-i IDENTITY]... ARCHIVE -o OUT [--force] [options]   write an archive for another service, unencrypted as the service needs it (formats: ${FILE_WRITERS.map((w) => w.id).join(', ')})`;

export const help = `
Writes an archive in the format another service imports, and prints what it kept and what it
dropped or changed, with counts. The archive is verified first: an invalid one is refused.
The output is NOT encrypted: the service needs to read it.

Formats:
${FILE_WRITERS.map((w) => `  ${w.id.padEnd(11)} ${w.describe}`).join('\n')}

  -o OUT       the file (vcard, google-csv, slack-csv, xep0227) or folder (the others) to write
  --force      replace existing files (otherwise Ferry asks on a terminal, or refuses)
  -i FILE      age identity file, for an archive encrypted to a key (repeatable)
  --tz ZONE    html, telegram: the IANA zone for sources that stated none
  --team NAME  mattermost: the team (default ferry)
  --vcard-version V  vcard: 3.0 (default; what Android's and iOS's Contacts import) or 4.0 (RFC 6350)
  --owner JID  xep0227: the account on the new server; --map OLD=NEW maps a contact to its new JID
  --muc-host SERVICE  xep0227: the group chat service for the rooms (default conference.DOMAIN of --owner);
               group conversations go into OUT's room file (OUT.rooms.xml) with the commands to load it

Examples:
  ferry export-format html chats.age -o chats-html --tz Asia/Seoul
  ferry export-format vcard chats.age -o contacts.vcf
  ferry export-format vcon chats.age -o chats-vcon      (one <uuid>.vcon.json per conversation)
`;

/** Each writer's own flags, from what it needs (the writers are src/connectors/registry.ts's, shared with the extension). */
function optionsOf(writer: FileWriter): NonNullable<Parameters<typeof parseArgs>[0]>['options'] {
  return {
    ...(writer.needs.timeZone ? { tz: { type: 'string' } } : {}),
    ...(writer.needs.team ? { team: { type: 'string' } } : {}),
    ...(writer.needs.vcardVersion ? { 'vcard-version': { type: 'string' } } : {}),
    ...(writer.needs.owner ? { owner: { type: 'string' }, map: { type: 'string', multiple: true }, 'muc-host': { type: 'string' } } : {}),
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
  const version = values['vcard-version'];
  if (typeof version === 'string') {
    if (version !== '3.0' && version !== '4.0') throw new UsageError(`--vcard-version takes 3.0 (what phones import) or 4.0 (RFC 6350), not "${version}".`);
    params.vcardVersion = version;
  }
  if (writer.needs.owner) {
    if (typeof values.owner !== 'string') throw new UsageError(`${writer.id} needs --owner JID: the account on the new server that receives the history.`);
    params.owner = values.owner;
    if (typeof values['muc-host'] === 'string') params.mucHost = values['muc-host'];
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
    if (n.kind === 'team-size') {
      after.push(`note: ${n.users} people join the one team, more than Mattermost's default team size of ${n.limit}: raise TeamSettings.MaxUsersPerTeam (System Console > Site Configuration > Users and Teams > Max Users Per Team) to at least ${n.users} before importing, or the import stops at the ${n.limit + 1}st`);
    }
  }
  const renamed = notes.filter((n) => n.kind === 'channel-name');
  if (renamed.length) after.push("channel names made valid for the service (set the original as each channel's purpose):", ...renamed.map((n) => `  ${n.name} <- ${n.original}`));
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
    throw new UsageError(`Name a format${formatName ? ` (there is no "${formatName}")` : ''}: ${FILE_WRITERS.map((f) => `${f.id} (${f.describe})`).join(', ')}.`);
  }
  const { values, positionals } = parseArgs({ args: rest, options: { ...OUTPUT_OPTIONS, ...IDENTITY_OPTIONS, ...optionsOf(writer) }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('Name the archive to export from.');
  if (positionals.length > 1) throw new UsageError(`export-format takes one archive (got ${positionals.length}); merge them first with ferry merge.`);
  if (typeof values.output !== 'string' || values.output === '') throw new UsageError('Say where to write: -o OUT.');
  const outputPath = values.output;
  const force = values.force === true;
  const archivePath = positionals[0]!;
  const inputs = [archivePath, ...((values.identity as string[] | undefined) ?? [])];
  const params = paramsOf(writer, values);
  // Before the work: a single-file target is opened now (its temporary file proves the folder
  // takes it); a folder target is checked to be a folder, or creatable.
  const single = SINGLE_FILE.has(writer.id);
  const file = single ? await openOutput({ output: outputPath, force }, inputs) : undefined;
  if (!single) checkOutputFolder(outputPath);
  const written: string[] = [];
  const output = await withOutput(file, async () => {
    const { zip } = await unsealFile(archivePath, { identityFiles: values.identity as string[] | undefined });
    requireValidInput(zip, archivePath, 'nothing was exported');
    let result: WriterResult;
    try {
      result = writer.write(readArchive(zip), params);
    } catch (e) {
      if (e instanceof WriterInputError) throw new UsageError(e.message);
      throw e;
    }
    if (result.single !== single) throw new Error(`the ${writer.id} writer wrote ${result.single ? 'one file' : 'a folder'}, which the CLI did not expect. This is a bug in Ferry.`);
    if (file && result.files[0]) await file.write(result.files[0].bytes);
    // A single-file target's further files (XEP-0227's rooms) go next to OUT, under the same checks.
    // (A folder target's files all go into the folder, below.)
    for (const extra of single ? result.files.slice(1) : []) {
      const path = besideOutput(outputPath, extra.name);
      const other = await OutputFile.create(path, { force, inputs });
      try {
        await other.write(extra.bytes);
        await other.commit();
      } catch (error) {
        await other.discard();
        throw error;
      }
      written.push(path);
    }
    return result;
  }, (result) => result.files.length > 0);
  const { before, after } = noteLines(output.notes, values);
  const report = [...before, ...reportLines(output), ...after, ...loadCommands(output.notes, outputPath, written[0])];
  if (!output.files.length) {
    // An empty .vcf is a file a phone offers to import and then says nothing about: none at all is clearer.
    const what = output.notes.find((n) => n.kind === 'nothing');
    const why = what?.kind === 'nothing' ? `the archive has no ${what.what}` : 'there is nothing this format can hold';
    process.stdout.write([`wrote nothing (${formatName}): ${why}, so no file was made at ${outputPath}`, ...report].join('\n') + '\n');
    return 0;
  }
  if (single) {
    process.stdout.write([`wrote ${outputPath} (${formatName})`, ...written.map((w) => `wrote ${w} (the rooms)`), ...report].join('\n') + '\n');
    return 0;
  }
  // The same record the extension shows: kept counts and FidelityNote entries (stage "import").
  const record = { format: formatName, writtenAt: params.at, files: output.files.map((f) => f.name), kept: output.kept, fidelity: output.fidelity };
  const files = [...output.files, { name: 'fidelity.json', bytes: new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n') }];
  await writeFolder(outputPath, files, { force, inputs });
  process.stdout.write([`wrote ${output.files.length} files and fidelity.json to ${outputPath} (${formatName}):`, ...output.files.map((f) => `  ${f.name}`), ...report].join('\n') + '\n');
  return 0;
}

/** Where a single-file target's further file goes: next to OUT, OUT's name with the file's last part ("x.xml" -> "x.rooms.xml"). */
export function besideOutput(output: string, name: string): string {
  const suffix = /\.[^.]+\.[^.]+$/.exec(name)?.[0] ?? `.${name}`;
  return output.endsWith('.xml') && suffix.endsWith('.xml') ? output.slice(0, -'.xml'.length) + suffix : output + suffix;
}

/**
 * What the admin runs for the room file, per server, with the paths of this run: the account
 * first (its file creates the account with its bookmarks), then the rooms on the running server.
 */
function loadCommands(notes: WriterNote[], userFile: string, roomFile: string | undefined): string[] {
  const rooms = notes.find((n) => n.kind === 'rooms');
  if (!rooms || !roomFile) return [];
  const user = resolve(userFile);
  const file = resolve(roomFile);
  const host = rooms.owner.split('@')[1]!;
  return [
    `group chats: ${rooms.rooms} rooms with ${rooms.messages} messages on ${rooms.service}, in ${roomFile}. The server's admin loads them:`,
    `  Prosody 0.12 (Component ${JSON.stringify(rooms.service)} "muc" with modules_enabled = { "muc_mam" } and muc_log_expires_after = "never"; mod_admin_shell):`,
    `    prosody-migrator (xep0227 input) with ${user}, for the account, its history and bookmarks`,
    `    ferry xmpp load-rooms ${file} --prosody`,
    `    (or by hand: prosodyctl shell ${shellQuote(prosodyShellLine(loaderPath(), file))})`,
    `  ejabberd 23.01 (mod_muc with host ${rooms.service}, mod_muc_admin, mod_admin_extra, mod_mam with db_type: sql):`,
    `    ejabberdctl import_piefxis ${user}   (a new account; an existing one gets its bookmarks from the next line)`,
    `    ferry xmpp load-rooms ${file} --ejabberd --host ${host} --sqlite /var/lib/ejabberd/ejabberd.db   (or --sql-out rooms.sql for psql or mysql)`,
  ];
}

/** The loader's path, or where it lives in Ferry's sources when this install lacks it: the files are written either way. */
function loaderPath(): string {
  try {
    return prosodyLoaderPath();
  } catch {
    return 'FERRY/src/connectors/xmpp/loaders/ferry-muc-load.lua';
  }
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** Targets that are one file by nature (written at OUT); the others write a folder. */
const SINGLE_FILE = new Set(['vcard', 'google-csv', 'slack-csv', 'xep0227']);

/**
 * Every file of a folder target, all or none: each is checked (not an input, not replacing a file
 * unasked) and written to a temporary file first, and only when all are written are they renamed
 * into place. A folder Ferry created for them is removed again if writing fails.
 */
async function writeFolder(dir: string, files: readonly { name: string; bytes: Uint8Array }[], checks: { force: boolean; inputs: readonly string[] }): Promise<void> {
  const existed = existsSync(dir);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw describeFsError(error, join(dir, files[0]?.name ?? ''), 'create');
  }
  const opened: OutputFile[] = [];
  try {
    // Some targets lay their files out in folders (telegram-json: chats/chat_001/photos/...).
    for (const f of files) {
      if (f.name.includes('/')) await mkdir(dirname(join(dir, f.name)), { recursive: true });
      opened.push(await OutputFile.create(join(dir, f.name), checks));
    }
    for (const [i, f] of files.entries()) await opened[i]!.write(f.bytes);
    for (const o of opened) await o.commit();
  } catch (error) {
    for (const o of opened) await o.discard();
    if (!existed) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}
