/**
 * `ferry export-format FORMAT ARCHIVE -o OUT`: writes an archive in a format another service
 * imports. One entry per format in FORMATS; each says what it kept and what it dropped.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readArchive } from '../../archive/container.js';
import { contactsToGoogleCsv } from '../../connectors/contacts-csv/write.js';
import { toHtml } from '../../connectors/html/write.js';
import { toMattermost } from '../../connectors/mattermost/write.js';
import { toSlackCsv } from '../../connectors/slack/write-csv.js';
import { contactsToVCard } from '../../connectors/vcard/vcard.js';
import { toWhatsAppChats } from '../../connectors/whatsapp/write.js';
import { toXep0227 } from '../../connectors/xmpp/xep0227.js';
import { checkTimeZone, localTimeZone } from '../../convert/wall-clock.js';
import type { ArchiveContent, FidelityNote } from '../../model/types.js';
import { IDENTITY_OPTIONS, UsageError, unsealFile, writeFileAtomically } from '../io.js';

export const usage = 'ferry export-format FORMAT [-i IDENTITY] ARCHIVE -o OUT [options]   write an archive for another service (formats: vcard, google-csv, xep0227, telegram, mattermost, slack-csv, html)';

interface FormatOutput {
  /** One output file at OUT. */
  bytes?: Uint8Array;
  /** Several files: OUT is a directory, and fidelity.json is written beside them. */
  files?: { name: string; bytes: Uint8Array }[];
  /** Lines for the person running the command: what was kept, what was dropped and why. */
  report: string[];
  fidelity?: FidelityNote[];
  kept?: Record<string, number>;
}

/** The report lines every writer's result gives: what it kept, then each drop with its count and reason. */
function reportOf(kept: Record<string, number>, fidelity: FidelityNote[]): string[] {
  return [`kept: ${Object.entries(kept).map(([k, v]) => `${v} ${k}`).join(', ')}`, ...fidelity.map((n) => `dropped or changed: ${n.item}: ${n.count} (${n.reason})`)];
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
  'google-csv': {
    describe: 'Google Contacts CSV of the friend list, for contacts.google.com (Import)',
    options: {},
    write(content) {
      const result = contactsToGoogleCsv(content, { at: new Date().toISOString() });
      return { bytes: result.files[0]!.bytes, report: reportOf(result.kept, result.fidelity), fidelity: result.fidelity, kept: result.kept };
    },
  },
  telegram: {
    describe: "WhatsApp-format chat exports (txt + zip per chat) that Telegram's apps import; -o DIR, --tz ZONE for chats whose source gave none",
    options: { tz: { type: 'string' } },
    write(content, values) {
      const result = toWhatsAppChats(content, { timeZone: zoneOption(values), at: new Date().toISOString() });
      const zones = result.zones.map((z) => `times in ${z.file}: ${z.zone} (${z.from === 'source' ? "the source's zone" : values.tz ? '--tz' : "this machine's zone; change with --tz"})`);
      return { files: result.files, report: [...zones, ...reportOf(result.kept, result.fidelity)], fidelity: result.fidelity, kept: result.kept };
    },
  },
  mattermost: {
    describe: 'Mattermost bulk import (JSONL and a zip for mmctl import upload); -o DIR, --team NAME',
    options: { team: { type: 'string' } },
    write(content, values) {
      const team = typeof values.team === 'string' ? values.team : 'ferry';
      if (!/^[a-z][a-z0-9-]{1,63}$/.test(team)) throw new UsageError(`--team takes a Mattermost team name: 2 to 64 lower-case letters, digits or "-", starting with a letter; "${team}" is not one.`);
      const result = toMattermost(content, { team, at: new Date().toISOString() });
      const users = [...result.usernames].map(([handle, name]) => `  ${handle} -> ${name}`);
      return { files: result.files, report: [...reportOf(result.kept, result.fidelity), 'usernames:', ...users], fidelity: result.fidelity, kept: result.kept };
    },
  },
  'slack-csv': {
    describe: "Slack's CSV import (timestamp, channel, username, text; oldest first)",
    options: {},
    write(content) {
      const result = toSlackCsv(content, { at: new Date().toISOString() });
      const users = [...result.usernames].map(([handle, name]) => `  ${handle} -> ${name}`);
      return { bytes: result.files[0]!.bytes, report: [...reportOf(result.kept, result.fidelity), 'usernames (map them to members when Slack asks):', ...users], fidelity: result.fidelity, kept: result.kept };
    },
  },
  html: {
    describe: 'a self-contained HTML page with search that opens offline in any browser; -o DIR, --tz ZONE',
    options: { tz: { type: 'string' } },
    write(content, values) {
      const zone = zoneOption(values);
      const result = toHtml(content, { timeZone: zone, at: new Date().toISOString() });
      const zoneLine = `times: in each source's own zone where it stated one, else ${zone} (${values.tz ? '--tz' : "this machine's zone; change with --tz"})`;
      return { files: result.files, report: [zoneLine, ...reportOf(result.kept, result.fidelity)], fidelity: result.fidelity, kept: result.kept };
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
  if (output.files) {
    const dir = values.output;
    await mkdir(dir, { recursive: true });
    for (const f of output.files) await writeFileAtomically(join(dir, f.name), f.bytes);
    // The same record the extension shows: kept counts and FidelityNote entries (stage "import").
    const record = { format: formatName, writtenAt: new Date().toISOString(), files: output.files.map((f) => f.name), kept: output.kept ?? {}, fidelity: output.fidelity ?? [] };
    await writeFileAtomically(join(dir, 'fidelity.json'), new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'));
    process.stdout.write([`wrote ${output.files.length} files and fidelity.json to ${dir} (${formatName}):`, ...output.files.map((f) => `  ${f.name}`), ...output.report].join('\n') + '\n');
  } else {
    await writeFileAtomically(values.output, output.bytes!);
    process.stdout.write([`wrote ${values.output} (${formatName})`, ...output.report].join('\n') + '\n');
  }
  return 0;
}
