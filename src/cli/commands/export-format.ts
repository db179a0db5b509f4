/**
 * `ferry export-format FORMAT ARCHIVE -o OUT`: writes an archive in a format another service
 * imports. One entry per format in FORMATS; each says what it kept and what it dropped.
 */
import { parseArgs } from 'node:util';
import { readArchive } from '../../archive/container.js';
import { contactsToVCard } from '../../connectors/vcard/vcard.js';
import { toXep0227 } from '../../connectors/xmpp/xep0227.js';
import type { ArchiveContent } from '../../model/types.js';
import { IDENTITY_OPTIONS, UsageError, unsealFile, writeFileAtomically } from '../io.js';

export const usage = 'ferry export-format FORMAT [-i IDENTITY] ARCHIVE -o OUT [options]   write an archive for another service (formats: vcard, xep0227)';

interface FormatOutput {
  bytes: Uint8Array;
  /** Lines for the person running the command: what was kept, what was dropped and why. */
  report: string[];
}

interface Format {
  describe: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  write(content: ArchiveContent, values: Record<string, string | boolean | string[] | undefined>): FormatOutput;
}

const FORMATS: Record<string, Format> = {
  vcard: {
    describe: 'vCard 4.0 of the friend list, for a phone or an address book',
    options: {},
    write(content) {
      const { text, dropped } = contactsToVCard(content.contacts, content.attachments);
      const report = [`kept: ${content.contacts.length} contacts`, ...dropped.map((d) => `dropped: ${d.count} ${d.item}: ${d.reason}`)];
      return { bytes: new TextEncoder().encode(text), report };
    },
  },
  xep0227: {
    describe: 'XEP-0227 for an XMPP server admin (Prosody prosody-migrator, ejabberd import_piefxis)',
    options: { owner: { type: 'string' }, map: { type: 'string', multiple: true } },
    write(content, values) {
      const owner = values.owner;
      if (typeof owner !== 'string') throw new UsageError('xep0227 needs --owner JID: the account on the new server that receives the history.');
      const addressMap = new Map<string, string>();
      for (const pair of (values.map as string[] | undefined) ?? []) {
        const at = pair.lastIndexOf('=');
        if (at <= 0) throw new UsageError(`--map takes OLD=NEW (a contact id or handle, and the new JID), not "${pair}".`);
        addressMap.set(pair.slice(0, at), pair.slice(at + 1));
      }
      // From the environment, never an argument: arguments end up in shell history and `ps`.
      const password = process.env.FERRY_XMPP_PASSWORD || undefined;
      const result = toXep0227(content, { owner, addressMap, ...(password ? { password } : {}) });
      const report = [
        `kept: ${result.kept.contacts} contacts, ${result.kept.conversations} conversations, ${result.kept.messages} messages`,
        ...result.dropped.map((d) => `dropped: ${d.count} ${d.kind} ${d.reason}`),
        ...(result.placeholders.length
          ? [`${result.placeholders.length} contacts have no XMPP address and got a placeholder (map them with --map CONTACT_ID=JID):`, ...result.placeholders.map((p) => `  ${p.displayName}: ${p.contactId} -> ${p.jid}`)]
          : []),
        ...(password ? [] : ['note: no password for the account in the file (set FERRY_XMPP_PASSWORD to create the account with one)']),
      ];
      return { bytes: new TextEncoder().encode(result.xml), report };
    },
  },
};

export async function run(args: string[]): Promise<number> {
  const [formatName, ...rest] = args;
  const format = formatName ? FORMATS[formatName] : undefined;
  if (!format) {
    throw new UsageError(`Name a format: ${Object.entries(FORMATS).map(([name, f]) => `${name} (${f.describe})`).join(', ')}.`);
  }
  const { values, positionals } = parseArgs({ args: rest, options: { output: { type: 'string', short: 'o' }, ...IDENTITY_OPTIONS, ...format.options }, allowPositionals: true });
  if (!values.output) throw new UsageError('Say where to write: -o OUT.');
  const { zip } = await unsealFile(positionals[0], { identityFiles: values.identity as string[] | undefined });
  const output = format.write(readArchive(zip), values);
  await writeFileAtomically(values.output, output.bytes);
  process.stdout.write([`wrote ${values.output} (${formatName})`, ...output.report].join('\n') + '\n');
  return 0;
}
