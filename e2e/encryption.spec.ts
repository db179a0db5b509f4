/**
 * Encryption choices on Ferry's own pages: the passphrase is the default way to save; saving
 * without encryption is possible but unmistakable, and gives a plain zip that any zip tool and
 * `ferry inspect` read with no passphrase; the Keys page's QR code carries exactly the recipient
 * it shows. Real Prosody, Converse.js and Chromium, as migration.spec.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import decodeQR from '@paulmillr/qr/decode.js';
import { corpus, corpusMessageCount } from './fixtures/seed-corpus.js';
import type { ExtensionBrowser } from '../testing/support/browser.js';
import type { ConverseServer } from '../testing/support/converse-server.js';
import { openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import type { ProsodyServer } from '../testing/support/prosody.js';
import { decodePng } from './support/png.js';
import { X25519Recipient } from '../src/crypto/index.js';
import { useOldAccountStage } from './support/old-account-stage.js';

test.describe.configure({ mode: 'serial' });

const root = resolve(import.meta.dirname, '..');
let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;

useOldAccountStage(corpus, 'ferry-e2e-encryption-', 120_000, (stage) => ({ prosody, converse, browser, outDir } = stage));

test('a person saves with a passphrase by default, and saving without encryption is unmistakable and gives a plain zip', async () => {
  test.setTimeout(120_000);
  const oldTab = await openConverse(browser, converse.url, corpus.owner);
  const page = await openFromPopup(browser, 'Export from a messenger');
  await page.getByRole('button', { name: 'Export friends and history' }).click();
  await page.locator('[data-progress="done"]').waitFor({ timeout: 60_000 });
  await oldTab.close();

  // The default: a passphrase, typed twice, with its strength shown; no warning.
  const protection = page.getByLabel('How to protect it');
  await expect(protection).toHaveValue('passphrase');
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Passphrase again')).toBeVisible();
  await expect(page.locator('[data-unencrypted]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save encrypted archive' })).toBeDisabled();
  await page.getByLabel('Passphrase', { exact: true }).fill('password');
  await expect(page.locator('[data-strength]')).toHaveAttribute('data-strength', '0');
  await expect(page.locator('[data-strength]')).toContainText('very weak');

  // The deliberate choice: a visible warning, a button that says UNENCRYPTED, a name that says so.
  await protection.selectOption('unencrypted');
  const warning = page.locator('[data-unencrypted]');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('anyone who gets this file can read all your messages');
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveCount(0);
  const save = page.getByRole('button', { name: /save/i });
  await expect(save).toHaveText('Save UNENCRYPTED archive');
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^ferry-.+\.UNENCRYPTED\.zip$/);
  const path = join(outDir, name);
  await download.saveAs(path);
  await expect(page.locator('[data-saved]')).toHaveAttribute('data-saved', name);

  // A plain zip: no age header, any zip tool lists it, and ferry reads it with no passphrase
  // (none in the environment, and no terminal to ask on).
  expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const unzip = spawnSync('unzip', ['-l', path], { encoding: 'utf8' });
  expect(unzip.status, unzip.stderr).toBe(0);
  expect(unzip.stdout).toContain('manifest.json');
  const env = { ...process.env };
  delete env.FERRY_PASSPHRASE;
  const inspect = spawnSync(process.execPath, [join(root, 'bin/ferry.mjs'), 'inspect', '--json', path], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  expect(inspect.status, inspect.stderr).toBe(0);
  expect(JSON.stringify(JSON.parse(inspect.stdout))).toContain(`"messages":${corpusMessageCount}`);
  await page.close();
});

test("the QR code on the Keys page decodes to exactly the recipient the page shows", async () => {
  const page = await openFromPopup(browser, 'Device keys');
  // A classic key's code here; e2e/device-keys.spec.ts decodes a post-quantum one (the default).
  await page.getByRole('radio', { name: /^Classic \(X25519\)/ }).check();
  await page.getByRole('button', { name: 'Create device key' }).click();
  const card = page.locator('article.device-key').first();
  await card.waitFor();
  const shown = await card.getByLabel('Recipient').inputValue();
  expect(shown).toMatch(/^age1[0-9a-z]{58}$/);
  // What a phone camera would see: the rendered pixels, with a quiet zone around the code.
  await page.addStyleTag({ content: 'article.device-key img { padding: 24px; background: #fff; }' });
  const png = await card.getByRole('img').screenshot();
  const decoded = decodeQR(decodePng(png));
  // Upper case keeps the code in QR's compact alphanumeric mode; bech32 ignores case.
  expect(decoded).toBe(shown.toUpperCase());
  expect(String(X25519Recipient.parse(decoded.toLowerCase()))).toBe(shown);
  await page.close();
});
