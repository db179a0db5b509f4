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
  recipientsFrom,
  requireValidInput,
  unsealFile,
  withOutput,
  writeSealed,
} from '../io.js';
import { getPassphrase } from '../passphrase.js';

export const usage = `ferry xmpp export --jid JID [--websocket URL] -o OUT [--force] ${PROTECTION_USAGE} | ferry xmpp import ARCHIVE [-i IDENTITY]... --jid JID [--websocket URL] [--map CONTACT_ID=JID]...   move an XMPP account without the browser (password from FERRY_XMPP_PASSWORD or asked)`;

export const help = `
xmpp export reads an account over Ferry's own connection: the roster, each contact's vCard,
the whole server archive (XEP-0313) and every bookmarked room's, into one encrypted archive.

  --jid JID        the account (the password comes from FERRY_XMPP_PASSWORD, or is asked)
  --websocket URL  the server's websocket (default: found from the domain)
  -o OUT           the archive to write (required)
  --force          replace OUT if it exists (otherwise Ferry asks on a terminal, or refuses)
  -r, -R, -p, -a, --unencrypted   how OUT is encrypted (see ferry --help)

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

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, ...OUTPUT_OPTIONS, ...PROTECTION_OPTIONS },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`xmpp export takes no file names (got ${positionals.join(' ')}); write with -o OUT.`);
  if (!values.output) throw new UsageError('Say where to write the archive: -o OUT.');
  if (!values.jid) throw new UsageError('Name the account: --jid name@server.');
  // Wrong keys (mistyped, or post-quantum mixed with classic) stop the command before it logs in
  // and reads the whole account, not after; so does an output that cannot be written.
  await recipientsFrom(values);
  const file = await openOutput(values, keyFiles(values));
  const content = await withOutput(file, async (output) => {
    const protection = await protectionFrom(values, `encrypt ${values.output}`);
    const session = await connect(values, 'export');
    let exported;
    try {
      let shown = 0;
      exported = await exportXmppAccount(session.port, {
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
    await writeSealed(writeArchive(exported, NODE_WRITE_OPTIONS), protection, values.armor ?? false, output);
    return exported;
  });
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
