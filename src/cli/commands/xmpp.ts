/**
 * `ferry xmpp export|import`: the XMPP connector over Ferry's own connection to the server
 * (src/connectors/xmpp/direct-port.ts), for people and scripts without the browser extension,
 * and for large accounts, which move much faster this way than through a web client.
 */
import { parseArgs } from 'node:util';
import { readArchive, writeArchive } from '../../archive/container.js';
import { NODE_WRITE_OPTIONS } from '../../archive/node-deflate.js';
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

export const usage = `ferry xmpp export --jid JID [--websocket URL] -o OUT [--force] [--restart] [-i IDENTITY]... ${PROTECTION_USAGE} | ferry xmpp import ARCHIVE [-i IDENTITY]... --jid JID [--websocket URL] [--map CONTACT_ID=JID]...   move an XMPP account without the browser (password from FERRY_XMPP_PASSWORD or asked)`;

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

  --map ID=JID     a contact's new address (an empty JID skips the contact)

Examples:
  FERRY_XMPP_PASSWORD=... ferry xmpp export --jid me@old.example -o me.age -r age1pq1...
  FERRY_XMPP_PASSWORD=... ferry xmpp import me.age -i key.txt --jid me@new.example
`;

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
    try {
      let shown = 0;
      exported = await exportXmppAccount(session.port, {
        journal: journal.journal('account'),
        roomJournal: (room) => journal!.journal(`room ${room}`),
        onProgress: (p) => {
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
      await session.close();
    }
    await writeSealed(writeArchive(exported, NODE_WRITE_OPTIONS), protection, values.armor ?? false, output);
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
  const { values, positionals } = parseArgs({ args, options: { ...CONNECTION_OPTIONS, ...IDENTITY_OPTIONS, map: { type: 'string', multiple: true } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('Name one archive to import from.');
  const mapping = new Map<string, string | null>();
  for (const pair of values.map ?? []) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--map takes CONTACT_ID=JID (an empty JID skips the contact), not "${pair}".`);
    mapping.set(pair.slice(0, at), pair.slice(at + 1) || null);
  }
  // Read and check the archive before logging in: a wrong passphrase must not touch the account.
  const { zip } = await unsealFile(positionals[0], { identityFiles: values.identity as string[] | undefined });
  requireValidInput(zip, positionals[0]!, 'nobody was imported');
  const content = readArchive(zip);
  const session = await connect(values, 'import into');
  let report;
  try {
    // The new account's roster is the ledger here: a second run finds everyone already there.
    report = await importXmppContacts(session.port, content.contacts, memoryLedger(), { mapping });
  } finally {
    await session.close();
  }
  process.stdout.write(`imported into ${report.target}: ${n(report.added, 'friend')} added, ${report.alreadyPresent.toLocaleString('en-US')} already there, ${report.notImported.length.toLocaleString('en-US')} not imported\n`);
  for (const item of report.notImported) process.stdout.write(`  not imported: ${item.displayName} (${item.contactId}): ${item.reason}\n`);
  process.stdout.write('History: ferry export-format xep0227 for the server admin, or the extension (notes to self, viewer).\n');
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'export') return exportCommand(rest);
  if (action === 'import') return importCommand(rest);
  throw new UsageError(`Say what to do: xmpp export or xmpp import${action ? `, not "${action}"` : ''}.`);
}
