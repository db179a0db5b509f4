/**
 * Moving an XMPP account between two different servers, history included: the extension exports
 * the account from Prosody, `ferry export-format xep0227` writes what a server imports, and
 * ejabberd (import_piefxis plus the MAM load, since ejabberd 23.01 ignores archives in XEP-0227)
 * and Prosody (prosody-migrator) serve the original messages through MAM afterwards. The
 * extension also imports the friend list live into an ejabberd account through Converse.js.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpus } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { rosterDifferences } from '../testing/support/corpus-check.js';
import { startEjabberd, type EjabberdServer } from '../testing/support/ejabberd.js';
import { exportThroughExtension, importThroughExtension, openConverse } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { archiveOf, ownVCardOf, rosterOf, seedOldAccount } from '../testing/support/seed.js';
import { importIntoProsody } from '../testing/support/xep0227-import.js';
import { openArchive } from '../src/transfer/archive-file.js';
import type { ArchiveContent } from '../src/model/types.js';

test.describe.configure({ mode: 'serial' });

const PASSPHRASE = 'ejabberd 이사 passphrase';
const FERRY = resolve(import.meta.dirname, '../bin/ferry.mjs');
const FRESH = { jid: 'fresh@new.localhost', password: 'fresh-pw-2026' };
let prosody: ProsodyServer;
let ejabberd: EjabberdServer;
let oldConverse: ConverseServer;
let newConverse: ConverseServer;
let browser: ExtensionBrowser;
let dir: string;
let content: ArchiveContent;
let xepPath: string;
let exportFormatOutput: string;

const toSecond = (iso: string | Date) => new Date(iso).toISOString().slice(0, 19);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = mkdtempSync(join(tmpdir(), 'ferry-e2e-ejabberd-'));
  chmodSync(dir, 0o755); // prosody-migrator runs as the prosody user and must reach the data dir
  prosody = await startProsody();
  await seedOldAccount(prosody, corpus);
  [ejabberd, oldConverse] = await Promise.all([startEjabberd({ hosts: ['new.localhost'] }), startConverseServer({ websocketUrl: prosody.websocketUrl })]);
  newConverse = await startConverseServer({ websocketUrl: ejabberd.websocketUrl });
  browser = await launchWithExtension({ downloadsDir: dir });
  const { archivePath } = await exportThroughExtension(browser, { converseUrl: oldConverse.url, from: corpus.owner, passphrase: PASSPHRASE, outDir: dir });
  content = await openArchive(readFileSync(archivePath), () => PASSPHRASE);

  xepPath = join(dir, 'me@new.localhost.xml');
  const run = spawnSync(process.execPath, [FERRY, 'export-format', 'xep0227', archivePath, '--owner', corpus.newOwner.jid, '-o', xepPath], {
    encoding: 'utf8',
    env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE, FERRY_XMPP_PASSWORD: corpus.newOwner.password },
  });
  if (run.status !== 0) throw new Error(`ferry export-format failed: ${run.stderr}`);
  exportFormatOutput = run.stdout;
  await ejabberd.importPiefxis(xepPath);
  await ejabberd.importMamArchives(xepPath);
});

test.afterAll(async () => {
  await browser?.close();
  await newConverse?.stop();
  await oldConverse?.stop();
  await ejabberd?.stop();
  await prosody?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every conversation of the archive, as the target server's MAM returns it for `websocketUrl`. */
async function expectHistoryOn(websocketUrl: string) {
  for (const conversation of corpus.conversations) {
    const archived = await archiveOf(websocketUrl, corpus.newOwner.jid, corpus.newOwner.password, conversation.with);
    const exported = content.messages.get(content.conversations.find((c) => c.participants.some((p) => p.handle === `xmpp:${conversation.with}`))!.id)!;
    expect(archived.map((m) => m.body)).toEqual(conversation.messages.map((m) => m.body));
    expect(archived.map((m) => m.from.split('/')[0])).toEqual(conversation.messages.map((m) => (m.from === 'me' ? corpus.newOwner.jid : conversation.with)));
    expect(archived.map((m) => toSecond(m.timestamp))).toEqual(exported.map((m) => toSecond(m.timestamp)));
  }
}

test('ferry export-format xep0227 says what it kept', () => {
  const messages = corpus.conversations.reduce((n, c) => n + c.messages.length, 0);
  expect(exportFormatOutput).toContain(`kept: ${corpus.contacts.length} contacts, 1 profile, ${corpus.conversations.length} conversations, ${messages} messages`);
  expect(exportFormatOutput).not.toContain('dropped');
});

test('history exported from Prosody is in the ejabberd account with the original senders and timestamps', async () => {
  await expectHistoryOn(ejabberd.websocketUrl);
});

/** The owner's vCard on `websocketUrl` equals the corpus owner's profile, photo bytes included. */
async function expectOwnProfileOn(websocketUrl: string) {
  const published = corpus.owner.profile!;
  const card = await ownVCardOf(websocketUrl, corpus.newOwner.jid, corpus.newOwner.password);
  expect(card?.fullName).toBe(published.fullName);
  expect(card?.name).toMatchObject({ given: published.given, family: published.family });
  const records = card?.records ?? [];
  expect(records.filter((r) => r.type === 'email').map((r) => ('value' in r ? r.value : undefined))).toEqual([published.email]);
  expect(records.filter((r) => r.type === 'tel').map((r) => ('value' in r ? r.value : undefined))).toEqual([published.phone]);
  const photo = records.find((r) => r.type === 'photo') as { data?: Buffer; mediaType?: string } | undefined;
  expect(photo?.mediaType).toBe('image/png');
  expect(photo?.data?.toString('base64')).toBe(published.photoPng);
}

test('my own profile (vCard with photo) is in the archive exported from Prosody', () => {
  const published = corpus.owner.profile!;
  const profile = content.manifest.sources[0]!.profile;
  expect(profile).toMatchObject({
    displayName: published.fullName,
    name: { family: published.family, given: published.given },
    emails: [{ value: published.email, types: [] }],
    phones: [{ value: published.phone, types: [] }],
    avatar: { mediaType: 'image/png' },
  });
  expect(Buffer.from(content.attachments!.get(profile!.avatar!.sha256!)!).toString('base64')).toBe(published.photoPng);
});

test('the ejabberd account has my profile from the XEP-0227 file', async () => {
  await expectOwnProfileOn(ejabberd.websocketUrl);
});

test('the ejabberd account has every friend with name and groups from the XEP-0227 file', async () => {
  const roster = await rosterOf(ejabberd.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password);
  expect(rosterDifferences(roster, corpus)).toEqual([]);
});

test('Prosody imports the same file with prosody-migrator and serves the same history', async () => {
  const dataDir = join(dir, 'prosody-import');
  await importIntoProsody({ dataDir, file: xepPath, host: 'new.localhost' });
  const imported = await startProsody({ dataPath: dataDir });
  try {
    await expectHistoryOn(imported.websocketUrl);
    await expectOwnProfileOn(imported.websocketUrl);
  } finally {
    await imported.stop();
  }
});

test('the extension imports the friend list live into an ejabberd account through Converse.js', async () => {
  const [user, host] = FRESH.jid.split('@') as [string, string];
  await ejabberd.register(user, host, FRESH.password);
  const tab = await openConverse(browser, newConverse.url, FRESH);
  const archivePath = join(dir, readdirAge(dir));
  const first = await importThroughExtension(browser, { archivePath, passphrase: PASSPHRASE });
  expect(first.report).toEqual({ added: corpus.contacts.length, alreadyPresent: 0 });
  const roster = await rosterOf(ejabberd.websocketUrl, FRESH.jid, FRESH.password);
  expect(rosterDifferences(roster, corpus)).toEqual([]);
  expect(roster.filter((item) => !item.ask && item.subscription === 'none')).toEqual([]);
  await first.page.close();
  await tab.close();
});

function readdirAge(folder: string): string {
  const found = readdirSync(folder).find((f) => f.endsWith('.age'));
  if (!found) throw new Error(`no .age archive in ${folder}`);
  return found;
}
