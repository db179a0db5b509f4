/**
 * Device keys, end to end: the importing browser creates an age identity on Ferry's Keys page
 * (post-quantum by default), the exporting side encrypts to its pasted age1pq1 recipient (no
 * passphrase anywhere), the import page opens the archive with the stored identity, and the npm
 * age-encryption package opens it with the identity file the Keys page exports. A classic key,
 * asked for, gives an archive the real `age -d -i` (1.1.1, which cannot read post-quantum files)
 * opens. Real Prosody, Converse.js and Chromium, as migration.spec.
 */
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import decodeQR from '@paulmillr/qr/decode.js';
import { Decrypter } from 'age-encryption';
import { corpus, corpusMessageCount } from './fixtures/seed-corpus.js';
import type { ExtensionBrowser } from '../testing/support/browser.js';
import type { ConverseServer } from '../testing/support/converse-server.js';
import { openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import { decodePng } from './support/png.js';
import type { ProsodyServer } from '../testing/support/prosody.js';
import { readArchive } from '../src/archive/container.js';
import { HybridRecipient, encryptWithPassphrase } from '../src/crypto/index.js';
import { longestFreezeMs, startFreezeWatch } from './support/page-freeze.js';
import { useOldAccountStage } from './support/old-account-stage.js';

test.describe.configure({ mode: 'serial' });

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;

useOldAccountStage(corpus, 'ferry-e2e-keys-', 120_000, (stage) => ({ prosody, converse, browser, outDir } = stage));

test('a person makes a post-quantum device key, exports to it without any passphrase, unlocks it with the stored key, and age-encryption opens it with the exported identity; a classic key on request gives a file age 1.1 opens', async () => {
  test.setTimeout(150_000);
  // The receiving side: a device key, post-quantum unless asked otherwise, its recipient as text and QR code.
  const keysPage = await openFromPopup(browser, 'Device keys');
  await expect(keysPage.getByRole('radio', { name: /^Post-quantum \(recommended\)/ })).toBeChecked();
  await keysPage.getByRole('button', { name: 'Create device key' }).click();
  const card = keysPage.locator('article.device-key').first();
  await card.waitFor();
  await expect(card).toHaveAttribute('data-kind', 'pq');
  await expect(card).toContainText('Post-quantum key');
  const recipient = await card.getAttribute('data-recipient');
  expect(recipient).toMatch(/^age1pq1[0-9a-z]{1952}$/);
  expect(await card.getByLabel('Recipient').inputValue()).toBe(recipient);
  expect(String(HybridRecipient.parse(recipient!))).toBe(recipient);
  // What a phone camera would see: the rendered pixels of a 1959-character code, with a quiet zone.
  await keysPage.addStyleTag({ content: 'article.device-key img { padding: 24px; background: #fff; }' });
  const decoded = decodeQR(decodePng(await card.getByRole('img').screenshot()));
  expect(decoded).toBe(recipient!.toUpperCase());
  const [identityDownload] = await Promise.all([keysPage.waitForEvent('download'), card.getByRole('button', { name: 'Export identity file' }).click()]);
  const identityPath = join(outDir, 'identity.txt');
  await identityDownload.saveAs(identityPath);
  const identityFile = readFileSync(identityPath, 'utf8');
  expect(identityFile).toContain(`# public key: ${recipient}`);
  const secret = /^AGE-SECRET-KEY-PQ-1[0-9A-Z]{58}$/m.exec(identityFile)?.[0];
  expect(secret).toBeDefined();

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
  expect(readFileSync(archivePath).subarray(0, 100).toString('latin1')).toMatch(/^age-encryption\.org\/v1\n-> mlkem768x25519 /);

  // Unlock on the import page with the stored identity: the passphrase field stays empty.
  const importPage = await openFromPopup(browser, 'Import into a messenger');
  await importPage.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await importPage.getByRole('button', { name: 'Unlock' }).click();
  await importPage.locator('[data-count="messages"]').waitFor({ timeout: 30_000 });
  expect(Number((await importPage.locator('[data-count="messages"]').innerText()).replace(/\D/g, ''))).toBe(corpusMessageCount);
  await importPage.close();

  // The age author's JS implementation opens it with the exported identity (Debian's age 1.1.1 cannot).
  const d = new Decrypter();
  d.addIdentity(secret!);
  expect(readArchive(await d.decrypt(new Uint8Array(readFileSync(archivePath)), 'uint8array')).manifest.counts.messages).toBe(corpusMessageCount);

  // A classic key, asked for: the same content saved to it opens with the real age 1.1.1.
  await keysPage.getByRole('radio', { name: /^Classic \(X25519\)/ }).check();
  await keysPage.getByLabel('Name', { exact: true }).fill('For age 1.1');
  await keysPage.getByRole('button', { name: 'Create device key' }).click();
  const classicCard = keysPage.locator('article.device-key[data-kind="x25519"]');
  await classicCard.waitFor();
  const classic = await classicCard.getAttribute('data-recipient');
  expect(classic).toMatch(/^age1[0-9a-z]{58}$/);
  const [classicIdentity] = await Promise.all([keysPage.waitForEvent('download'), classicCard.getByRole('button', { name: 'Export identity file' }).click()]);
  const classicIdentityPath = join(outDir, 'classic-identity.txt');
  await classicIdentity.saveAs(classicIdentityPath);

  // Post-quantum and classic together are refused on the page, with the reason.
  await exportPage.getByLabel('Device key recipient').fill(`${recipient} ${classic}`);
  await exportPage.getByRole('button', { name: 'Save encrypted archive' }).click();
  await expect(exportPage.getByRole('alert')).toContainText('cannot be mixed in one file');
  await exportPage.getByLabel('Device key recipient').fill(classic!);
  const [classicDownload] = await Promise.all([exportPage.waitForEvent('download'), exportPage.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  const classicPath = join(outDir, 'classic.age.keep');
  await classicDownload.saveAs(classicPath);
  const age = spawnSync('age', ['-d', '-i', classicIdentityPath, classicPath], { maxBuffer: 1 << 26 });
  expect(age.status, String(age.stderr)).toBe(0);
  expect(readArchive(new Uint8Array(age.stdout)).manifest.counts.messages).toBe(corpusMessageCount);
  await exportPage.close();
  await oldTab.close();
  await keysPage.close();
});

test('scrypt at work factor 18 runs in a worker in the built extension, so the page never freezes while unlocking', async () => {
  // An archive under a passphrase at age's default work factor (about a second of scrypt).
  const archivePath = join(outDir, 'passphrase.age');
  const d = new Decrypter();
  d.addIdentity(/^AGE-SECRET-KEY-PQ-1\S+$/m.exec(readFileSync(join(outDir, 'identity.txt'), 'utf8'))![0]);
  const zip = await d.decrypt(new Uint8Array(readFileSync(readdirArchive())), 'uint8array');
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
