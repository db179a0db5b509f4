/**
 * `ferry xmpp export|import`: the XMPP connector over Ferry's own connection to the server
 * (src/connectors/xmpp/direct-port.ts), for people and scripts without the browser extension,
 * and for large accounts, which move much faster this way than through a web client.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readArchive, writeArchive } from '../../archive/container.js';
import { NODE_WRITE_OPTIONS } from '../../archive/node-deflate.js';
import { connectDirect, type DirectSession } from '../../connectors/xmpp/direct-port.js';
import { exportXmppAccount } from '../../connectors/xmpp/export.js';
import { importXmppContacts, memoryLedger } from '../../connectors/xmpp/import.js';
import { importGroupsAsRooms } from '../../connectors/xmpp/history-rooms.js';
import { MappingInputError, mappingFromPairs, parseMappingCsv, type MappingPair } from '../../connectors/xmpp/mapping.js';
import { peopleOf } from '../../connectors/xmpp/people.js';
import { reportLines } from '../../connectors/kit/writing.js';
import { IDENTITY_OPTIONS, PROTECTION_OPTIONS, PROTECTION_USAGE, UsageError, counted, recipientsFrom, unsealFile, writeArchiveOutput } from '../io.js';
import { getPassphrase } from '../passphrase.js';

export const usage = `ferry xmpp export --jid JID [--websocket URL] -o OUT ${PROTECTION_USAGE} | ferry xmpp import ARCHIVE [-i IDENTITY]... --jid JID [--websocket URL] [--map NAME_OR_ID=JID]... [--map-file FILE.csv] [--no-placeholders] [--history rooms]   move an XMPP account without the browser (password from FERRY_XMPP_PASSWORD or asked)`;

const CONNECTION_OPTIONS = { jid: { type: 'string' }, websocket: { type: 'string' } } as const;

async function connect(values: { jid?: string; websocket?: string }, purpose: string): Promise<DirectSession> {
  if (!values.jid) throw new UsageError('Name the account: --jid name@server.');
  if (values.websocket !== undefined && !/^wss?:\/\//.test(values.websocket)) throw new UsageError(`--websocket takes a ws:// or wss:// URL, not "${values.websocket}".`);
  const password = await getPassphrase(`${purpose} ${values.jid}`, process.env, { secret: { envName: 'FERRY_XMPP_PASSWORD', label: 'Password' } });
  return connectDirect({ jid: values.jid, password, ...(values.websocket ? { websocketUrl: values.websocket } : {}) });
}

const n = counted;

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...CONNECTION_OPTIONS, output: { type: 'string', short: 'o' }, ...PROTECTION_OPTIONS }, allowPositionals: true });
  if (positionals.length) throw new UsageError(`xmpp export takes no file names (got ${positionals.join(' ')}); write with -o OUT.`);
  if (!values.output) throw new UsageError('Say where to write the archive: -o OUT.');
  // Wrong keys (mistyped, or post-quantum mixed with classic) stop the command before it logs in
  // and reads the whole account, not after.
  await recipientsFrom(values);
  const session = await connect(values, 'export');
  let content;
  try {
    let shown = 0;
    content = await exportXmppAccount(session.port, {
      onProgress: (p) => {
        // A line per 10,000 messages: enough to see it move, not a flood in a log file.
        if (p.phase === 'history' && p.messages - shown >= 10_000) {
          shown = p.messages;
          process.stderr.write(`  ${n(p.messages, 'message')} read${p.archiveTotal ? ` of about ${p.archiveTotal.toLocaleString('en-US')}` : ''}\n`);
        }
      },
    });
  } finally {
    await session.close();
  }
  const zip = writeArchive(content, NODE_WRITE_OPTIONS);
  await writeArchiveOutput(zip, values, `encrypt ${values.output}`);
  const { contacts, conversations, messages } = content.manifest.counts;
  process.stdout.write(`wrote ${values.output}${values.unencrypted ? ' (unencrypted)' : ''}: ${n(contacts, 'contact')}, ${n(conversations, 'conversation')}, ${n(messages, 'message')}\n`);
  for (const note of content.fidelity ?? []) process.stdout.write(`  note: ${note.item} (${note.count.toLocaleString('en-US')}): ${note.reason}\n`);
  return 0;
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, ...IDENTITY_OPTIONS, map: { type: 'string', multiple: true }, 'map-file': { type: 'string', multiple: true }, 'no-placeholders': { type: 'boolean' }, history: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('Name one archive to import from.');
  if (values.history !== undefined && values.history !== 'rooms') throw new UsageError(`--history takes "rooms" (each group conversation becomes a group chat of your own with its history), not "${values.history}".`);
  const pairs: MappingPair[] = [];
  for (const pair of values.map ?? []) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--map takes NAME_OR_ID=JID (an empty JID skips the friend), not "${pair}".`);
    pairs.push({ key: pair.slice(0, at), address: pair.slice(at + 1), where: `--map ${pair}` });
  }
  for (const file of values['map-file'] ?? []) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
    } catch (error) {
      throw new UsageError(`--map-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof TypeError ? 'not UTF-8 text; save it as UTF-8 CSV' : (error as Error).message}.`);
    }
    try {
      pairs.push(...parseMappingCsv(text, file));
    } catch (error) {
      throw error instanceof MappingInputError ? new UsageError(error.message) : error;
    }
  }
  // Read and check the archive (and the mapping against it) before logging in: a wrong
  // passphrase or a mistyped name must not touch the account.
  const { zip } = await unsealFile(positionals[0], { identityFiles: values.identity as string[] | undefined });
  const content = readArchive(zip);
  const people = peopleOf(content);
  let mapping;
  try {
    mapping = mappingFromPairs(pairs, people);
  } catch (error) {
    throw error instanceof MappingInputError ? new UsageError(error.message) : error;
  }
  const session = await connect(values, 'import into');
  let report;
  let rooms;
  try {
    // The new account's roster is the ledger here: a second run finds everyone already there.
    // For rooms the server is too: the room's node is stable, and its archive, member list and
    // name say what an earlier run already did.
    const ledger = memoryLedger();
    report = await importXmppContacts(session.port, people, ledger, { mapping, placeholders: !values['no-placeholders'] });
    if (values.history === 'rooms') {
      let shown = 0;
      rooms = await importGroupsAsRooms(session.port, content, ledger, {
        mapping,
        at: new Date().toISOString(),
        onProgress: (p) => {
          if (p.done - shown >= 1_000) {
            shown = p.done;
            process.stderr.write(`  ${n(p.done, 'message')} of ${p.total.toLocaleString('en-US')} in group chats\n`);
          }
        },
      });
    }
  } finally {
    await session.close();
  }
  process.stdout.write(`imported into ${report.target}: ${n(report.added, 'friend')} added, ${report.alreadyPresent.toLocaleString('en-US')} already there, ${report.notImported.length.toLocaleString('en-US')} not imported\n`);
  process.stdout.write(`  of those in the account: ${report.mapped.toLocaleString('en-US')} under a mapped address, ${report.placeholders.toLocaleString('en-US')} under placeholder addresses with their names (nobody asked)\n`);
  for (const item of report.notImported) process.stdout.write(`  not imported: ${item.displayName} (${item.contactId}): ${item.reason}\n`);
  if (rooms) {
    if (rooms.rooms.length === 0) process.stdout.write('group chats: the archive holds no group conversation with messages\n');
    else {
      process.stdout.write(`group chats on ${rooms.service}: ${n(rooms.rooms.length, 'room')}, ${n(rooms.sent, 'message')} written, ${rooms.alreadyPresent.toLocaleString('en-US')} already there, ${n(rooms.invited, 'friend')} invited\n`);
      for (const room of rooms.rooms) {
        process.stdout.write(`  ${room.title}: ${room.room}${room.created ? ' (created)' : ''}\n`);
        if (room.invited.length) process.stdout.write(`    invited: ${room.invited.join(', ')}\n`);
        if (room.unmapped.length) process.stdout.write(`    named in the messages only, not invited (no address): ${room.unmapped.join(', ')}\n`);
      }
      for (const line of reportLines(rooms)) process.stdout.write(`  ${line}\n`);
    }
  } else process.stdout.write('History: --history rooms for group chats of your own, ferry export-format xep0227 for the server admin, or the extension (notes to self, viewer).\n');
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'export') return exportCommand(rest);
  if (action === 'import') return importCommand(rest);
  throw new UsageError(`Say what to do: xmpp export or xmpp import${action ? `, not "${action}"` : ''}.`);
}
