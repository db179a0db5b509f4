/**
 * `ferry xmpp export|import`: the XMPP connector over Ferry's own connection to the server
 * (src/connectors/xmpp/direct-port.ts), for people and scripts without the browser extension,
 * and for large accounts, which move much faster this way than through a web client.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readArchive, writeArchive } from '../../archive/container.js';
import { NODE_WRITE_OPTIONS } from '../../archive/node-deflate.js';
import { startProgress, type Progress } from '../progress.js';
import { connectDirect, type DirectSession } from '../../connectors/xmpp/direct-port.js';
import { exportXmppAccount } from '../../connectors/xmpp/export.js';
import { importXmppContacts, memoryLedger } from '../../connectors/xmpp/import.js';
import { existsSync, rmSync } from 'node:fs';
import { ScryptIdentity, type Identity } from '../../crypto/index.js';
import { bareJid } from '../../connectors/xmpp/ids.js';
import { recipientsFor, type Protection } from '../../transfer/archive-file.js';
import {
  IDENTITY_OPTIONS,
  OUTPUT_OPTIONS,
  PROTECTION_OPTIONS,
  PROTECTION_USAGE,
  UsageError,
  counted,
  keyFiles,
  openOutput,
  protectionFrom,
  readIdentities,
  recipientsFrom,
  requireValidInput,
  unsealFile,
  withOutput,
  writeSealed,
} from '../io.js';
import { JournalFile, journalPathFor } from '../journal-file.js';
import { getPassphrase } from '../passphrase.js';
import { importGroupsAsRooms } from '../../connectors/xmpp/history-rooms.js';
import { MappingInputError, mappingFromPairs, parseMappingCsv, type MappingPair } from '../../connectors/xmpp/mapping.js';
import { peopleOf } from '../../connectors/xmpp/people.js';
import { reportLines } from '../../connectors/kit/writing.js';
import { help as loadRoomsHelp, loadRoomsCommand, usage as loadRoomsUsage } from './xmpp-load-rooms.js';

export const usage = `ferry xmpp export --jid JID [--websocket URL] -o OUT [--force] [--restart] [-i IDENTITY]... ${PROTECTION_USAGE} | ferry xmpp import ARCHIVE [-i IDENTITY]... --jid JID [--websocket URL] [--map NAME_OR_ID=JID]... [--map-file FILE.csv] [--no-placeholders] [--history rooms]   move an XMPP account without the browser (password from FERRY_XMPP_PASSWORD or asked) | ${loadRoomsUsage}   load group chats into the new server (its admin)`;

export const help = `
xmpp export reads an account over Ferry's own connection: the roster, each contact's vCard,
the whole server archive (XEP-0313) and every bookmarked room's, into one encrypted archive.
What it has fetched is kept, page by page, in a journal next to the output (OUT.journal,
encrypted like the archive); if the export is cut off (Ctrl-C, a lost connection, a killed
process), the same command continues after the last page instead of starting again. The
journal is removed once the archive is written.

  --jid JID        the account (the password comes from FERRY_XMPP_PASSWORD, or is asked)
  --websocket URL  the server's websocket (default: found from the domain)
  -o OUT           the archive to write (required)
  --force          replace OUT if it exists (otherwise Ferry asks on a terminal, or refuses)
  --restart        forget a journal left by a cut-off export and start from the beginning
  -i FILE          to continue an export encrypted to keys: an identity of one of its recipients
  -r, -R, -p, -a, --unencrypted   how OUT (and its journal) are encrypted (see ferry --help)

xmpp import adds the friends of an archive to another account; running it twice adds nobody twice.

  --map NAME_OR_ID=JID  a friend's new address, by the name the archive shows or a contact id
                   (an empty JID skips the friend); checked against the archive before logging in
  --map-file FILE.csv   the same pairs from a CSV file (name or id, address)
  --no-placeholders     leave out people without an address (by default they go on the roster
                   under their names at a placeholder address, and nobody is asked anything)
  --history rooms  also make each group conversation a group chat of your own on the new
                   server, with its history quoted (original sender and time leading each message)

Examples:
  FERRY_XMPP_PASSWORD=... ferry xmpp export --jid me@old.example -o me.age -r age1pq1...
  FERRY_XMPP_PASSWORD=... ferry xmpp import me.age -i key.txt --jid me@new.example
${loadRoomsHelp}`;

const CONNECTION_OPTIONS = { jid: { type: 'string' }, websocket: { type: 'string' } } as const;

async function connect(values: { jid?: string; websocket?: string }, purpose: string): Promise<DirectSession> {
  if (!values.jid) throw new UsageError('Name the account: --jid name@server.');
  if (values.websocket !== undefined && !/^wss?:\/\//.test(values.websocket)) throw new UsageError(`--websocket takes a ws:// or wss:// URL, not "${values.websocket}".`);
  const password = await getPassphrase(`${purpose} ${values.jid}`, process.env, { secret: { envName: 'FERRY_XMPP_PASSWORD', label: 'Password' } });
  return connectDirect({ jid: values.jid, password, ...(values.websocket ? { websocketUrl: values.websocket } : {}) });
}

const n = counted;

/** The journal of this output: the one a cut-off run left (replayed), or a new one. */
async function openJournal(path: string, account: string, protection: Protection, values: { identity?: string[]; restart?: boolean; unencrypted?: boolean }): Promise<JournalFile> {
  if (existsSync(path) && values.restart) rmSync(path, { force: true });
  if (!existsSync(path)) return JournalFile.create(path, account, recipientsFor(protection));
  const identities: Identity[] = 'passphrase' in protection ? [new ScryptIdentity(protection.passphrase)] : await readIdentities(values.identity);
  return JournalFile.open(path, account, identities, values.unencrypted === true);
}

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS, ...PROTECTION_OPTIONS, ...IDENTITY_OPTIONS, restart: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`xmpp export takes no file names (got ${positionals.join(' ')}); write with -o OUT.`);
  if (!values.output) throw new UsageError('Say where to write the archive: -o OUT.');
  if (!values.jid) throw new UsageError('Name the account: --jid name@server.');
  // Wrong keys (mistyped, or post-quantum mixed with classic) stop the command before it logs in
  // and reads the whole account, not after; so does an output that cannot be written.
  await recipientsFrom(values);
  const journalPath = journalPathFor(values.output);
  const file = await openOutput(values, [...keyFiles(values), journalPath]);
  let journal: JournalFile | undefined;
  const content = await withOutput(file, async (output) => {
    const protection = await protectionFrom(values, `encrypt ${values.output}`);
    journal = await openJournal(journalPath, bareJid(values.jid!), protection, values);
    if (journal.resumedMessages > 0) {
      process.stderr.write(`continuing the export that was cut off: ${n(journal.resumedMessages, 'message')} already fetched are in ${journalPath}\n`);
    }
    const session = await connect(values, 'export').catch((error: unknown) => {
      // Nothing fetched yet: a journal this run made for nothing goes.
      if (journal!.resumedMessages === 0) journal!.remove();
      throw error;
    });
    let exported;
    let fetching: Progress | undefined;
    try {
      let shown = 0;
      // On a terminal, one line redrawn in place; otherwise the lines below, as before.
      const live = process.stderr.isTTY;
      exported = await exportXmppAccount(session.port, {
        journal: journal.journal('account'),
        roomJournal: (room) => journal!.journal(`room ${room}`),
        onProgress: (p) => {
          if (live) {
            if (p.phase !== 'history') return;
            fetching ??= startProgress('xmpp export', { unit: 'messages' });
            fetching.update(p.messages, p.archiveTotal);
            return;
          }
          // A line per 10,000 messages: enough to see it move, not a flood in a log file.
          if (p.phase === 'history' && p.messages - shown >= 10_000) {
            shown = p.messages;
            process.stderr.write(`  ${n(p.messages, 'message')} read${p.archiveTotal ? ` of about ${p.archiveTotal.toLocaleString('en-US')}` : ''}\n`);
          }
        },
      });
    } catch (error) {
      if (existsSync(journalPath)) process.stderr.write(`what was fetched is kept in ${journalPath}; run the same command again to continue from there\n`);
      throw error;
    } finally {
      fetching?.finish();
      await session.close();
    }
    const writing = startProgress('xmpp export: writing', { unit: 'messages', total: exported.manifest.counts.messages });
    const zip = writeArchive(exported, { ...NODE_WRITE_OPTIONS, onMessages: (written) => writing.update(written) });
    writing.finish();
    await writeSealed(zip, protection, values.armor ?? false, output);
    return exported;
  });
  // The archive is in place; what the journal held is in it.
  journal?.remove();
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
  requireValidInput(zip, positionals[0]!, 'nobody was imported');
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
  if (action === 'load-rooms') return loadRoomsCommand(rest);
  throw new UsageError(`Say what to do: xmpp export, xmpp import or xmpp load-rooms${action ? `, not "${action}"` : ''}.`);
}
