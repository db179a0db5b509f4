/**
 * The walking skeleton, end to end and for real: Prosody with two providers, Converse.js, headless
 * Chromium with the built extension, and the reference `age` CLI. One migration runs through
 * Ferry's own pages in beforeAll; each test then checks one promise it makes to the user.
 */
import { test, expect } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpus, corpusMessageCount } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { archiveDifferences, rosterDifferences } from '../testing/support/corpus-check.js';
import { importThroughExtension, migrate, openFromPopup, type MigrationResult } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { archiveOf, rosterOf, seedOldAccount } from '../testing/support/seed.js';
import { runInPtyOrThrow } from '../test/support/pty.js';
import { openArchive } from '../src/transfer/archive-file.js';
import { validateArchive } from '../src/archive/validate.js';

test.describe.configure({ mode: 'serial' });

const PASSPHRASE = 'correct horse 배터리 staple';
const FERRY = resolve(import.meta.dirname, '../bin/ferry.mjs');
let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let result: MigrationResult;
let outDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  outDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-'));
  prosody = await startProsody();
  await seedOldAccount(prosody, corpus);
  const [user, host] = corpus.newOwner.jid.split('@') as [string, string];
  await prosody.register(user, host, corpus.newOwner.password);
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension({ downloadsDir: outDir });
  result = await migrate(browser, { converseUrl: converse.url, from: corpus.owner, to: corpus.newOwner, passphrase: PASSPHRASE, outDir });
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

test('the exported archive holds every friend and every seeded message byte-exact', async () => {
  const content = await openArchive(readFileSync(result.archivePath), () => PASSPHRASE);
  expect(archiveDifferences(content, corpus)).toEqual([]);
  const expected = { contacts: corpus.contacts.length, conversations: corpus.conversations.length, messages: corpusMessageCount };
  expect(content.manifest.counts).toMatchObject(expected);
  expect(result.shownCounts).toEqual(expected);
});

test('the old account keeps its friend list on the server (export reads, never writes)', async () => {
  const roster = await rosterOf(prosody.websocketUrl, corpus.owner.jid, corpus.owner.password);
  expect(rosterDifferences(roster, corpus)).toEqual([]);
});

test('the new account has every friend with name and groups, and a subscription request for each', async () => {
  expect(result.importReport).toEqual({ added: corpus.contacts.length, alreadyPresent: 0 });
  const roster = await rosterOf(prosody.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password);
  expect(rosterDifferences(roster, corpus)).toEqual([]);
  expect(roster.filter((item) => !item.ask && item.subscription !== 'to' && item.subscription !== 'both')).toEqual([]);
});

test('the age CLI decrypts the archive and the zip inside validates against schemas/', async () => {
  const zipPath = join(outDir, 'from-age.zip');
  await runInPtyOrThrow(['age', '--decrypt', '-o', zipPath, result.archivePath], [{ expect: 'Enter passphrase', send: `${PASSPHRASE}\r` }]);
  const zip = readFileSync(zipPath);
  expect(validateArchive(zip).errors).toEqual([]);
  // The standard unzip tool lists the entries a stranger would look for.
  const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).split('\n');
  expect(listing).toEqual(expect.arrayContaining(['manifest.json', 'contacts.json', 'conversations.json', 'messages/00001.jsonl']));
  const verify = spawnSync(process.execPath, [FERRY, 'verify', zipPath], { encoding: 'utf8' });
  expect(verify.stderr).toBe('');
  expect(verify.status).toBe(0);
});

test('ferry inspect --json reports the counts of the encrypted archive with the passphrase from the environment', async () => {
  const run = spawnSync(process.execPath, [FERRY, 'inspect', '--json', result.archivePath], {
    encoding: 'utf8',
    env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE },
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toMatchObject({ encrypted: true, contacts: corpus.contacts.length, conversations: corpus.conversations.length, messages: corpusMessageCount });
  const wrong = spawnSync(process.execPath, [FERRY, 'inspect', result.archivePath], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: 'not it' } });
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toMatch(/passphrase/i);
});

test('importing the same archive again adds nothing twice', async () => {
  const again = await importThroughExtension(browser, { archivePath: result.archivePath, passphrase: PASSPHRASE });
  expect(again.report).toEqual({ added: 0, alreadyPresent: corpus.contacts.length });
  const roster = await rosterOf(prosody.websocketUrl, corpus.newOwner.jid, corpus.newOwner.password);
  expect(roster).toHaveLength(corpus.contacts.length);
  await again.page.close();
});

test('history copied into notes to self lands in the new account\'s own archive, once, and no friend receives it', async () => {
  const { page } = await importThroughExtension(browser, { archivePath: result.archivePath, passphrase: PASSPHRASE });
  const copy = async () => {
    await page.getByRole('button', { name: 'Copy history into my notes to self' }).click();
    const report = page.locator('[data-notes-report]');
    await report.waitFor({ timeout: 60_000 });
    const counts = { sent: Number(await report.locator('[data-notes-sent]').innerText()), present: Number(await report.locator('[data-notes-present]').innerText()) };
    return counts;
  };
  expect(await copy()).toEqual({ sent: corpusMessageCount, present: 0 });
  const self = corpus.newOwner.jid;
  // The server archives the notes as they arrive; give it a moment to store the last ones.
  await expect
    .poll(async () => (await archiveOf(prosody.websocketUrl, self, corpus.newOwner.password, self)).filter((m) => m.body !== undefined).length, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(corpusMessageCount + corpus.conversations.length);
  const bodies = new Set((await archiveOf(prosody.websocketUrl, self, corpus.newOwner.password, self)).map((m) => m.body));
  for (const conversation of corpus.conversations) {
    const name = corpus.contacts.find((c) => c.jid === conversation.with)!.name;
    for (const m of conversation.messages) {
      const note = [...bodies].find((b) => b?.startsWith(`${m.from === 'me' ? 'Me' : name} · `) && b.endsWith(`\n${m.body}`));
      expect(note, `note for ${JSON.stringify(m.body)}`).toBeDefined();
    }
  }
  for (const contact of corpus.contacts.slice(0, 3)) {
    expect(await archiveOf(prosody.websocketUrl, contact.jid, contact.password, self)).toEqual([]);
  }
  await page.reload();
  await page.getByLabel('Archive file (.age)').setInputFiles(result.archivePath);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('radio').first().waitFor();
  expect(await copy()).toEqual({ sent: 0, present: corpusMessageCount });
  await page.close();
});

test('a wrong passphrase is refused with a clear message and nothing is shown', async () => {
  const page = await openFromPopup(browser, 'Import into a messenger');
  await page.getByLabel('Archive file (.age)').setInputFiles(result.archivePath);
  await page.getByLabel('Passphrase').fill('wrong passphrase');
  await page.getByRole('button', { name: 'Unlock' }).click();
  // scrypt at age's work factor 18 runs first: about a second alone, several on a busy machine.
  await expect(page.getByRole('alert')).toContainText('Wrong passphrase', { timeout: 30_000 });
  await expect(page.locator('[data-count]')).toHaveCount(0);
  await page.close();
});

test('the viewer shows each conversation with Korean, emoji and multi-line messages exactly as sent', async () => {
  expect([...result.viewerConversations].sort()).toEqual(
    corpus.conversations.map((c) => corpus.contacts.find((k) => k.jid === c.with)!.name).sort(),
  );
  const page = await openFromPopup(browser, 'View an archive');
  await page.getByLabel('Archive file (.age)').setInputFiles(result.archivePath);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  for (const conversation of corpus.conversations) {
    const title = corpus.contacts.find((k) => k.jid === conversation.with)!.name;
    await page.locator(`nav button[data-conversation="${title.replace(/"/g, '\\"')}"]`).click();
    const texts = await page.locator('article.message .text').evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect(texts).toEqual(conversation.messages.map((m) => m.body));
  }
  await page.close();
});
