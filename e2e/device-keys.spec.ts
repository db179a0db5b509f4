/**
 * Device keys, end to end: the importing browser creates an age identity on Ferry's Keys page,
 * the exporting side encrypts to its pasted age1 recipient (no passphrase anywhere), the import
 * page opens the archive with the stored identity, and the real `age -d -i` opens it with the
 * identity file the Keys page exports. Real Prosody, Converse.js and Chromium, as migration.spec.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus, corpusMessageCount } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from './support/browser.js';
import { startConverseServer, type ConverseServer } from './support/converse-server.js';
import { openConverse, openFromPopup } from './support/migration-flow.js';
import { startProsody, type ProsodyServer } from './support/prosody.js';
import { seedOldAccount } from './support/seed.js';
import { readArchive } from '../src/archive/container.js';
import { encryptWithPassphrase } from '../src/crypto/index.js';
import { longestFreezeMs, startFreezeWatch } from './support/page-freeze.js';

test.describe.configure({ mode: 'serial' });

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  outDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-keys-'));
  prosody = await startProsody();
  await seedOldAccount(prosody, corpus);
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension({ downloadsDir: outDir });
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

test('a person exports to a device key without any passphrase, unlocks it with the stored key, and age opens it with the exported identity', async () => {
  test.setTimeout(120_000);
  // The receiving side: a device key, its recipient shown and as a QR code.
  const keysPage = await openFromPopup(browser, 'Device keys');
  await keysPage.getByRole('button', { name: 'Create device key' }).click();
  const card = keysPage.locator('article.device-key').first();
  await card.waitFor();
  const recipient = await card.getAttribute('data-recipient');
  expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
  await expect(card.getByRole('img')).toHaveAttribute('src', /^data:image\/svg\+xml/);
  const [identityDownload] = await Promise.all([keysPage.waitForEvent('download'), card.getByRole('button', { name: 'Export identity file' }).click()]);
  const identityPath = join(outDir, 'identity.txt');
  await identityDownload.saveAs(identityPath);
  expect(readFileSync(identityPath, 'utf8')).toContain(`# public key: ${recipient}`);

  // The exporting side: encrypt to that recipient.
  const oldTab = await openConverse(browser, converse.url, corpus.owner);
  const exportPage = await openFromPopup(browser, 'Export from a messenger');
  await exportPage.getByRole('button', { name: 'Export friends and history' }).click();
  await exportPage.locator('[data-progress="done"]').waitFor({ timeout: 60_000 });
  await exportPage.getByLabel('How to protect it').selectOption('device-key');
  await exportPage.getByLabel('Device key recipient').fill(recipient!);
  const [download] = await Promise.all([exportPage.waitForEvent('download'), exportPage.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  const archivePath = join(outDir, download.suggestedFilename());
  await download.saveAs(archivePath);
  expect(readFileSync(archivePath).subarray(0, 100).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> X25519 /);
  await oldTab.close();

  // Unlock on the import page with the stored identity: the passphrase field stays empty.
  const importPage = await openFromPopup(browser, 'Import into a messenger');
  await importPage.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await importPage.getByRole('button', { name: 'Unlock' }).click();
  await importPage.locator('[data-count="messages"]').waitFor({ timeout: 30_000 });
  expect(Number((await importPage.locator('[data-count="messages"]').innerText()).replace(/\D/g, ''))).toBe(corpusMessageCount);

  // The reference age CLI opens it with the exported identity file.
  const age = spawnSync('age', ['-d', '-i', identityPath, archivePath], { maxBuffer: 1 << 26 });
  expect(age.status, String(age.stderr)).toBe(0);
  expect(readArchive(new Uint8Array(age.stdout)).manifest.counts.messages).toBe(corpusMessageCount);
});

test('scrypt at work factor 18 runs in a worker in the built extension, so the page never freezes while unlocking', async () => {
  // An archive under a passphrase at age's default work factor (about a second of scrypt).
  const archivePath = join(outDir, 'passphrase.age');
  const zip = new Uint8Array(spawnSync('age', ['-d', '-i', join(outDir, 'identity.txt'), readdirArchive()], { maxBuffer: 1 << 26 }).stdout);
  expect(readArchive(zip).manifest.counts.messages).toBe(corpusMessageCount);
  writeFileSync(archivePath, await encryptWithPassphrase(zip, 'a long enough passphrase'));

  const page = await openFromPopup(browser, 'Import into a messenger');
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByLabel('Passphrase').fill('a long enough passphrase');
  // Longest gap between timer ticks on the page while it unlocks: scrypt on the page's own
  // thread would show up as one gap of about a second.
  await startFreezeWatch(page);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('[data-count="messages"]').waitFor({ timeout: 30_000 });
  const maxGap = await longestFreezeMs(page);
  expect(maxGap).toBeLessThan(250);
});

function readdirArchive(): string {
  const name = readdirSync(outDir).find((f) => f.endsWith('.age') && f !== 'passphrase.age');
  if (!name) throw new Error('the first test did not leave its archive');
  return join(outDir, name);
}
