/**
 * Issue #7: the import page writes files for services Ferry cannot reach live. An archive is made
 * by the built CLI from the repo's own export fixtures (Telegram, vCard, KakaoTalk), unlocked on
 * the import page in Chromium with the built extension, and written as Telegram chats, vCard,
 * Telegram Desktop JSON, vCon and HTML. Each download is read back by something other than its
 * writer (whatsapp-chat-parser, the project's vCard reader, Ajv with the pinned vCon schema, the
 * browser itself), and the kept / dropped report the page shows before
 * writing must equal what `ferry export-format` prints for the same archive.
 */
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { parseString } from 'whatsapp-chat-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { contactsFromVCard } from '../src/connectors/vcard/read-contacts.js';
import type { ArchiveContent } from '../src/model/types.js';
import { openArchive } from '../src/transfer/archive-file.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';

test.describe.configure({ mode: 'serial' });

const ROOT = resolve(import.meta.dirname, '..');
const PASSPHRASE = 'target files e2e passphrase';
const ZONE = 'Asia/Seoul';
const FIXTURES = [
  'src/connectors/telegram/fixtures/account-export',
  'src/connectors/vcard/fixtures/korean-3.0-and-2.1-mixed.vcf',
  'src/connectors/kakaotalk/fixtures/pc-ko.txt',
];

let browser: ExtensionBrowser;
let dir: string;
let downloads: string;
let archivePath: string;
let content: ArchiveContent;
let page: Page;

function ferry(args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/ferry.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE } });
}

/** The CLI's report for a target: its "kept:" and "dropped or changed:" lines, in order. */
function cliReport(target: string, extra: string[]): { lines: string[]; out: string } {
  const out = join(dir, `cli-${target}`);
  const stdout = ferry(['export-format', target, archivePath, '-o', out, ...extra]);
  return { lines: stdout.split('\n').filter((l) => l.startsWith('kept: ') || l.startsWith('dropped or changed: ')), out };
}

/** The page's report, put in the CLI's words from the numbers and codes the page shows. */
async function pageReport(target: string): Promise<string[]> {
  const report = page.locator(`[data-target-report="${target}"]`);
  await expect(report).toBeVisible();
  const kept = await report.locator('[data-kept]').evaluateAll((rows) =>
    rows.map((r) => `${r.querySelector('[data-kept-count]')!.textContent!.replace(/[^\d]/g, '')} ${r.getAttribute('data-kept')}`),
  );
  const dropped = await report.locator('[data-dropped]').evaluateAll((items) =>
    items.map((li) => `dropped or changed: ${li.getAttribute('data-dropped')}: ${li.querySelector('strong')!.textContent!.replace(/[^\d]/g, '')} (${li.querySelector('span[lang=en]')!.textContent})`),
  );
  return [`kept: ${kept.join(', ')}`, ...dropped];
}

async function choose(target: RegExp, zone?: string) {
  await page.getByRole('radio', { name: target }).check();
  if (zone) await page.getByLabel('Time zone for chats whose source gave none').fill(zone);
}

async function downloadFrom(buttonName: RegExp): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName }).click()]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-e2e-targets-'));
  downloads = join(dir, 'downloads');
  archivePath = join(dir, 'moving.age');
  ferry(['convert', ...FIXTURES.map((f) => join(ROOT, f)), '-o', archivePath, '--tz', ZONE]);
  content = await openArchive(readFileSync(archivePath), () => PASSPHRASE);
  browser = await launchWithExtension({ downloadsDir: downloads, locale: 'en' });
  page = await browser.context.newPage();
  await page.goto(browser.pageUrl('import'));
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  // scrypt at age's work factor 18 runs first: about a second alone, several on a busy machine.
  await expect(page.getByRole('heading', { name: '6. Files for a service Ferry cannot reach live' })).toBeVisible({ timeout: 30_000 });
});

test.afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('I can write my chats for Telegram and get what the CLI writes, readable by a WhatsApp chat parser', async () => {
  await choose(/^Telegram$/, ZONE);
  await expect(page.locator('[data-telegram-howto]')).toContainText('Share → Telegram');
  // Nothing is shown as written before the person asks.
  await expect(page.locator('[data-target-report]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Check what Telegram keeps' }).click();
  const cli = cliReport('telegram', ['--tz', ZONE]);
  expect(cli.lines.length).toBeGreaterThan(1);
  expect(await pageReport('telegram')).toEqual(cli.lines);
  await expect(page.locator('[data-plaintext-warning]')).toContainText('NOT encrypted');

  const zipPath = await downloadFrom(/^Download \d+ files as one zip \(unencrypted\)$/);
  const files = unzipSync(readFileSync(zipPath));
  const cliFiles = readdirSync(cli.out).filter((f) => f !== 'fidelity.json').sort();
  expect(Object.keys(files).sort()).toEqual(cliFiles);

  const parsed: { author: string | null; message: string }[] = [];
  // Every chat is a zip holding _chat.txt and its media (issue #22: the one shape Telegram for iOS imports).
  expect(cliFiles.length).toBeGreaterThan(0);
  for (const name of cliFiles) {
    expect(name).toMatch(/^WhatsApp Chat - .+\.zip$/);
    const fromPage = unzipSync(files[name]!);
    const fromCli = unzipSync(readFileSync(join(cli.out, name)));
    // Entry for entry what the CLI wrote: one registry behind both.
    expect(Object.keys(fromPage), name).toEqual(Object.keys(fromCli));
    for (const entry of Object.keys(fromCli)) expect(Buffer.from(fromPage[entry]!).equals(Buffer.from(fromCli[entry]!)), `${name}/${entry}`).toBe(true);
    expect(Object.keys(fromCli)[0]).toBe('_chat.txt');
    parsed.push(...parseString(strFromU8(fromCli['_chat.txt']!), { parseAttachments: true }));
  }
  // The name a sender should have: the archive's contact name for the handle, else the handle without its scheme.
  const nameOf = (handle: string) => content.contacts.find((c) => c.id === handle || c.handles.includes(handle))?.displayName.trim() || handle.replace(/^[a-z][a-z0-9+.-]*:/i, '');
  const got = new Set(parsed.map((m) => `${m.author}\u0000${m.message}`));
  // Every text message of the archive comes back as one parsed message, same sender, same text.
  const textMessages = [...content.messages.values()].flat().filter((m) => m.kind === 'text' && m.text);
  expect(textMessages.length).toBeGreaterThan(5);
  for (const m of textMessages) expect(got, `${m.sender}: ${m.text}`).toContain(`${nameOf(m.sender)}\u0000${m.text!.replace(/\r\n?/g, '\n')}`);
  expect(new Set(parsed.map((m) => m.author).filter(Boolean)).size).toBeGreaterThan(2);
});

test('I can write my friends as a vCard, and it reads back as the same contacts', async () => {
  await choose(/^vCard/);
  await page.getByRole('button', { name: 'Check what vCard (contacts) keeps' }).click();
  expect(await pageReport('vcard')).toEqual(cliReport('vcard', []).lines);
  await expect(page.locator('[data-plaintext-warning]')).toBeVisible();
  const path = await downloadFrom(/^Download contacts\.vcf \(unencrypted\)$/);
  const read = contactsFromVCard(readFileSync(path)).contacts;
  expect(read.map((c) => c.displayName).sort()).toEqual(content.contacts.map((c) => c.displayName).sort());
  expect(read.length).toBe(content.contacts.length);
  // 3.0 by default, what phones import; 4.0 when the person picks it, as with --vcard-version 4.0.
  expect(readFileSync(path, 'utf8').split('\r\n')[1]).toBe('VERSION:3.0');
  await page.getByRole('radio', { name: /^4\.0: RFC 6350/ }).check();
  await page.getByRole('button', { name: 'Check what vCard (contacts) keeps' }).click();
  const v4 = await downloadFrom(/^Download contacts\.vcf \(unencrypted\)$/);
  expect(readFileSync(v4, 'utf8')).toBe(readFileSync(join(cliReport('vcard', ['--vcard-version', '4.0', '--force']).out), 'utf8'));
});

test("I can write my chats as Telegram Desktop's result.json, the same files the CLI writes", async () => {
  await choose(/^Telegram Desktop JSON/, ZONE);
  await page.getByRole('button', { name: 'Check what Telegram Desktop JSON (result.json) keeps' }).click();
  const cli = cliReport('telegram-json', ['--tz', ZONE]);
  expect(await pageReport('telegram-json')).toEqual(cli.lines);
  const path = await downloadFrom(/^Download (result\.json|\d+ files as one zip) \(unencrypted\)$/);
  const files = path.endsWith('.zip') ? unzipSync(readFileSync(path)) : { 'result.json': new Uint8Array(readFileSync(path)) };
  // Byte for byte what the CLI wrote, and a whole-account export with every chat of the archive.
  expect(Buffer.from(files['result.json']!).equals(readFileSync(join(cli.out, 'result.json')))).toBe(true);
  const root = JSON.parse(strFromU8(files['result.json']!));
  expect(root.chats.list).toHaveLength(content.conversations.length);
});

test('I can write my chats as vCons, the same files the CLI writes, each valid against the pinned draft schema', async () => {
  await choose(/^vCon/);
  await page.getByRole('button', { name: 'Check what vCon (IETF conversation container) keeps' }).click();
  const cli = cliReport('vcon', []);
  expect(await pageReport('vcon')).toEqual(cli.lines);
  const path = await downloadFrom(/^Download (\S+\.vcon\.json|\d+ files as one zip) \(unencrypted\)$/);
  const files: Record<string, Uint8Array> = path.endsWith('.zip') ? unzipSync(readFileSync(path)) : { [path.split('/').pop()!]: new Uint8Array(readFileSync(path)) };
  const cliFiles = readdirSync(cli.out).filter((f) => f !== 'fidelity.json').sort();
  expect(Object.keys(files).sort()).toEqual(cliFiles);
  expect(cliFiles).toHaveLength(content.conversations.length);
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/vcon/vcon-core-0.4.0.schema.json'), 'utf8')));
  let dialogs = 0;
  for (const name of cliFiles) {
    expect(Buffer.from(files[name]!).equals(readFileSync(join(cli.out, name))), name).toBe(true);
    const vcon = JSON.parse(strFromU8(files[name]!));
    expect(validate(vcon) ? [] : validate.errors, name).toEqual([]);
    expect(name).toBe(`${vcon.uuid}.vcon.json`);
    dialogs += vcon.dialog.length;
  }
  expect(dialogs).toBe([...content.messages.values()].flat().length);
});

test('I can write a web page of my chats that shows the messages as text', async () => {
  await choose(/^Web page/, ZONE);
  await page.getByRole('button', { name: 'Check what Web page (HTML) keeps' }).click();
  expect(await pageReport('html')).toEqual(cliReport('html', ['--tz', ZONE]).lines);
  const path = await downloadFrom(/^Download archive\.html \(unencrypted\)$/);
  const viewer = await browser.context.newPage();
  await viewer.goto(pathToFileURL(path).href);
  const shownText = await viewer.locator('body').innerText();
  const archiveTexts = [...content.messages.values()].flat().filter((m) => m.kind === 'text' && m.text).map((m) => m.text!);
  for (const text of archiveTexts) for (const line of text.split(/\r\n?|\n/).filter(Boolean)) expect(shownText, line).toContain(line);
  await viewer.close();
});

test('A missing or wrong XMPP address is said plainly, and nothing is offered for download', async () => {
  await choose(/^XMPP server/);
  await page.getByRole('button', { name: 'Check what XMPP server (XEP-0227) keeps' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter your account on the new XMPP server');
  await expect(page.locator('[data-target-download]')).toHaveCount(0);
  await page.getByLabel('Your account on the new XMPP server').fill('not an address');
  await page.getByRole('button', { name: 'Check what XMPP server (XEP-0227) keeps' }).click();
  await expect(page.getByRole('alert')).toContainText('That is not an XMPP address');
  await page.getByLabel('Your account on the new XMPP server').fill('me@new.example');
  await page.getByRole('button', { name: 'Check what XMPP server (XEP-0227) keeps' }).click();
  expect(await pageReport('xep0227')).toEqual(cliReport('xep0227', ['--owner', 'me@new.example']).lines);
  await expect(page.locator('[data-target-download="xep0227"]')).toBeVisible();
});
