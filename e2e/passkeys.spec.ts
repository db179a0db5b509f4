/**
 * Passkeys, end to end in real Chromium: a person adds a passkey on the Keys page, locks an archive
 * with it on the export page and opens it again on the import page, confirming with the passkey
 * each time. The passkey is Chromium's virtual authenticator (CDP WebAuthn, with PRF), which
 * computes PRF as an authenticator does; it lives in one tab, so the steps go page after page in
 * that tab. No server: the archive is made from a vCard file on the export page.
 * What this cannot show: a real security key or platform passkey, and age-plugin-fido2prf opening
 * the file (no hardware, no plugin here). The file format is checked against npm age-encryption's
 * passkey code in test/crypto/fido2prf.test.ts.
 */
import { test, expect, type CDPSession, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { decodePasskeyIdentity } from '../src/crypto/index.js';

let browser: ExtensionBrowser;
let outDir: string;

test.beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-passkeys-'));
  writeFileSync(join(outDir, 'friends.vcf'), 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:김민준\r\nTEL:+82-10-1234-5678\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Silva\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n');
  browser = await launchWithExtension({ downloadsDir: outDir });
});

test.afterAll(async () => {
  await browser?.close();
  rmSync(outDir, { recursive: true, force: true });
});

/** A platform-style authenticator with user verification and PRF, answering without a person. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', ctap2Version: 'ctap2_1', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, hasPrf: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

test('a person adds a passkey, locks an archive with it and opens it again with it, with no passphrase', async () => {
  test.setTimeout(90_000);
  const page = await browser.context.newPage();
  await page.goto(browser.pageUrl('keys'));
  const { cdp, authenticatorId } = await virtualAuthenticator(page);

  // The Keys page: add a passkey; it is listed, and its identity names the authenticator's credential.
  await page.getByLabel('Name of the passkey').fill('My security key');
  await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
  const card = page.locator('article.passkey');
  await expect(card).toHaveCount(1);
  await expect(card.locator('h3')).toHaveText('My security key');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  const [identityDownload] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export identity for age-plugin-fido2prf' }).click()]);
  const identityPath = join(outDir, 'passkey.txt');
  await identityDownload.saveAs(identityPath);
  const identity = /^AGE-PLUGIN-FIDO2PRF-1[0-9A-Z]+$/m.exec(readFileSync(identityPath, 'utf8'))?.[0];
  expect(identity).toBeDefined();
  const ref = decodePasskeyIdentity(identity!);
  expect(Buffer.from(ref.credentialId).toString('base64')).toBe(credentials[0]!.credentialId);
  expect(ref.rpId).toBe(browser.extensionId);
  expect(ref.transports).toEqual(['internal']);

  // The export page, same tab: convert a vCard file and lock the archive with the passkey.
  await page.goto(browser.pageUrl('export'));
  await page.getByLabel('Files or zips').setInputFiles(join(outDir, 'friends.vcf'));
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.locator('[data-converted]').waitFor({ timeout: 30_000 });
  await page.getByLabel('How to protect it').selectOption('passkey');
  await expect(page.getByLabel('Passkey', { exact: true })).toHaveText('My security key');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  const archivePath = join(outDir, download.suggestedFilename());
  await download.saveAs(archivePath);
  const header = readFileSync(archivePath).subarray(0, 200).toString('latin1');
  expect(header).toMatch(/^age-encryption\.org\/v1\n-> age-encryption\.org\/fido2prf [A-Za-z0-9+/]{22}\n[A-Za-z0-9+/]{43}\n--- /);

  // The import page, same tab: unlocking asks the passkey, no passphrase.
  await page.goto(browser.pageUrl('import'));
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('[data-count="contacts"]').waitFor({ timeout: 30_000 });
  expect(Number((await page.locator('[data-count="contacts"]').innerText()).replace(/\D/g, ''))).toBe(2);

  // Without that passkey (gone from the authenticator) the archive stays shut, and the page says why.
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  await page.goto(browser.pageUrl('import'));
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText(/passkey/i, { timeout: 30_000 });
  await expect(page.locator('[data-count="contacts"]')).toHaveCount(0);
  await page.close();
});
