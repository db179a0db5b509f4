/**
 * The services Ferry cannot reach live, as files they import: one registry that the CLI
 * (`ferry export-format`) and the extension's import page both call, so both write the same bytes
 * and show the same kept / dropped counts. Browser-safe: no Node APIs, no `browser.`.
 */
import { contactsToGoogleCsv } from '../connectors/contacts-csv/write.js';
import { toHtml } from '../connectors/html/write.js';
import { toMattermost } from '../connectors/mattermost/write.js';
import { toSlackCsv } from '../connectors/slack/write-csv.js';
import { contactsToVCard } from '../connectors/vcard/vcard.js';
import { toWhatsAppChats } from '../connectors/telegram/write.js';
import { toXep0227 } from '../connectors/xmpp/write-xep0227.js';
import { checkTimeZone } from '../connectors/kit/wall-clock.js';
import type { ArchiveContent, FidelityNote } from '../model/types.js';

export const TARGET_IDS = ['telegram', 'vcard', 'google-csv', 'mattermost', 'slack-csv', 'html', 'xep0227'] as const;
export type TargetId = (typeof TARGET_IDS)[number];

export function isTargetId(name: string): name is TargetId {
  return (TARGET_IDS as readonly string[]).includes(name);
}

/** What a target needs from the person besides the archive. */
export interface TargetNeeds {
  /** An IANA zone for conversations whose source stated none. */
  timeZone?: boolean;
  /** The XMPP account (bare JID) on the new server that receives everything. */
  owner?: boolean;
  /** A Mattermost team name (default "ferry"). */
  team?: boolean;
}

export interface TargetParams {
  timeZone?: string;
  owner?: string;
  team?: string;
  /** XEP-0227: contact id or handle -> bare JID. */
  addressMap?: ReadonlyMap<string, string>;
  /** XEP-0227: the new account's password, when the caller has one (never from the UI). */
  password?: string;
  /** ISO instant recorded in the fidelity notes. */
  at?: string;
}

/** One kind of thing the target drops or changes, with how many and why (English, from the writer). */
export interface DropLine {
  item: string;
  count: number;
  reason: string;
}

/** Facts besides the counts, as codes the CLI and the page each put in words. */
export type TargetNote =
  | { kind: 'zone'; file: string; zone: string; from: 'source' | 'option' }
  | { kind: 'html-zone'; zone: string }
  | { kind: 'username'; handle: string; name: string }
  | { kind: 'placeholder'; contactId: string; displayName: string; jid: string }
  | { kind: 'no-password' };

export interface TargetOutput {
  target: TargetId;
  files: { name: string; bytes: Uint8Array }[];
  /** True when the target is one file by nature (the CLI writes it at OUT, not into a folder). */
  single: boolean;
  /** Whether the files hold message or contact text in the clear (every target does today). */
  plaintext: boolean;
  kept: Record<string, number>;
  dropped: DropLine[];
  notes: TargetNote[];
  /** The FidelityNote records of writers that produce them (stage "import"). */
  fidelity: FidelityNote[];
}

export type TargetProblem = 'owner-missing' | 'owner-invalid' | 'zone-invalid' | 'team-invalid';

/** Input a person can fix; `code` lets the page say it in the UI language. */
export class TargetInputError extends Error {
  constructor(
    readonly code: TargetProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TargetInputError';
  }
}

export interface Target {
  id: TargetId;
  /** English, for the CLI's usage line; the page has its own translated text per id. */
  describe: string;
  needs: TargetNeeds;
  write(content: ArchiveContent, params: TargetParams): TargetOutput;
}

const TEAM = /^[a-z][a-z0-9-]{1,63}$/;
/** The same test toXep0227 applies, checked here first so the page can say it in the UI language. */
const BARE_JID = /^[^@/\s"'<>&]+@[^@/\s"'<>&]+$/;

function zoneOf(params: TargetParams): string {
  const zone = params.timeZone || 'UTC';
  try {
    checkTimeZone(zone);
  } catch (e) {
    throw new TargetInputError('zone-invalid', (e as Error).message);
  }
  return zone;
}

const dropsOf = (fidelity: FidelityNote[]): DropLine[] => fidelity.map((n) => ({ item: n.item, count: n.count, reason: n.reason }));

function output(target: TargetId, single: boolean, r: Pick<TargetOutput, 'files' | 'kept' | 'dropped'> & Partial<TargetOutput>): TargetOutput {
  return { target, single, plaintext: true, notes: [], fidelity: [], ...r };
}

export const TARGETS: Record<TargetId, Target> = {
  telegram: {
    id: 'telegram',
    describe: "WhatsApp-format chat exports (txt + zip per chat) that Telegram's apps import; -o DIR, --tz ZONE for chats whose source gave none",
    needs: { timeZone: true },
    write(content, params) {
      const r = toWhatsAppChats(content, { timeZone: zoneOf(params), ...(params.at ? { at: params.at } : {}) });
      const notes: TargetNote[] = r.zones.map((z) => ({ kind: 'zone', file: z.file, zone: z.zone, from: z.from }));
      return output('telegram', false, { files: r.files, kept: r.kept, dropped: dropsOf(r.fidelity), fidelity: r.fidelity, notes });
    },
  },
  vcard: {
    id: 'vcard',
    describe: 'vCard 4.0 of the friend list, for a phone or an address book',
    needs: {},
    write(content) {
      const { text, dropped } = contactsToVCard(content.contacts, content.attachments);
      return output('vcard', true, { files: [{ name: 'contacts.vcf', bytes: new TextEncoder().encode(text) }], kept: { contacts: content.contacts.length }, dropped });
    },
  },
  'google-csv': {
    id: 'google-csv',
    describe: 'Google Contacts CSV of the friend list, for contacts.google.com (Import)',
    needs: {},
    write(content, params) {
      const r = contactsToGoogleCsv(content, params.at ? { at: params.at } : {});
      return output('google-csv', true, { files: r.files.slice(0, 1), kept: r.kept, dropped: dropsOf(r.fidelity), fidelity: r.fidelity });
    },
  },
  mattermost: {
    id: 'mattermost',
    describe: 'Mattermost bulk import (JSONL and a zip for mmctl import upload); -o DIR, --team NAME',
    needs: { team: true },
    write(content, params) {
      const team = params.team || 'ferry';
      if (!TEAM.test(team)) throw new TargetInputError('team-invalid', `A Mattermost team name is 2 to 64 lower-case letters, digits or "-", starting with a letter; "${team}" is not one.`);
      const r = toMattermost(content, { team, ...(params.at ? { at: params.at } : {}) });
      const notes: TargetNote[] = [...r.usernames].map(([handle, name]) => ({ kind: 'username', handle, name }));
      return output('mattermost', false, { files: r.files, kept: r.kept, dropped: dropsOf(r.fidelity), fidelity: r.fidelity, notes });
    },
  },
  'slack-csv': {
    id: 'slack-csv',
    describe: "Slack's CSV import (timestamp, channel, username, text; oldest first)",
    needs: {},
    write(content, params) {
      const r = toSlackCsv(content, params.at ? { at: params.at } : {});
      const notes: TargetNote[] = [...r.usernames].map(([handle, name]) => ({ kind: 'username', handle, name }));
      return output('slack-csv', true, { files: r.files.slice(0, 1), kept: r.kept, dropped: dropsOf(r.fidelity), fidelity: r.fidelity, notes });
    },
  },
  html: {
    id: 'html',
    describe: 'a self-contained HTML page with search that opens offline in any browser; -o DIR, --tz ZONE',
    needs: { timeZone: true },
    write(content, params) {
      const zone = zoneOf(params);
      const r = toHtml(content, { timeZone: zone, ...(params.at ? { at: params.at } : {}) });
      return output('html', false, { files: r.files, kept: r.kept, dropped: dropsOf(r.fidelity), fidelity: r.fidelity, notes: [{ kind: 'html-zone', zone }] });
    },
  },
  xep0227: {
    id: 'xep0227',
    describe: 'XEP-0227 for an XMPP server admin (Prosody prosody-migrator, ejabberd import_piefxis)',
    needs: { owner: true },
    write(content, params) {
      const owner = params.owner?.trim();
      if (!owner) throw new TargetInputError('owner-missing', 'XEP-0227 needs the account on the new server that receives the history (an address like me@example.org).');
      if (!BARE_JID.test(owner)) throw new TargetInputError('owner-invalid', `"${owner}" is not an XMPP address like me@example.org.`);
      const r = toXep0227(content, { owner, ...(params.addressMap ? { addressMap: params.addressMap } : {}), ...(params.password ? { password: params.password } : {}) });
      const notes: TargetNote[] = [
        ...r.placeholders.map((p): TargetNote => ({ kind: 'placeholder', ...p })),
        ...(params.password ? [] : [{ kind: 'no-password' } as const]),
      ];
      const name = `${owner.replace(/[^A-Za-z0-9@._-]+/g, '_')}.xml`;
      return output('xep0227', true, { files: [{ name, bytes: new TextEncoder().encode(r.xml) }], kept: r.kept, dropped: r.dropped.filter((d) => d.count > 0).map((d) => ({ item: d.kind, count: d.count, reason: d.reason })), notes });
    },
  },
};

/** Writes `content` for `target`; throws TargetInputError for input the person can fix. */
export function writeTarget(target: TargetId, content: ArchiveContent, params: TargetParams = {}): TargetOutput {
  return TARGETS[target].write(content, params);
}

/** The counts as the CLI prints them; the page's table shows the same numbers (e2e compares them). */
export function reportLines(out: Pick<TargetOutput, 'kept' | 'dropped'>): string[] {
  return [`kept: ${Object.entries(out.kept).map(([k, v]) => `${v} ${k}`).join(', ')}`, ...out.dropped.map((d) => `dropped or changed: ${d.item}: ${d.count} (${d.reason})`)];
}
