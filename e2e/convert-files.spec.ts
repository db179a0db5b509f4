/**
 * Issue #5: export files a messenger wrote are converted on the export page, in the browser, by
 * `ferry convert`'s own core, and saved through the same Save step. Real Chromium with the built
 * extension, the repo's own reader fixtures, and the built CLI on the same files as the referee:
 * the archive the page saves must hold what `ferry convert` writes from the same inputs.
 */
import { test, expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'src/connectors');
const PASSPHRASE = '눈 내리는 밤 seven quiet harbours';
type Lang = 'en' | 'ko';
const messagesOf = (lang: Lang) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
/** The message as the page shows it, with its $PLACEHOLDERS$ filled in order. */
const msg = (lang: Lang, key: string, ...subs: string[]) => {
  let i = 0;
  return messagesOf(lang)[key]!.message.replace(/\$[A-Z0-9_]+\$/g, () => subs[i++] ?? '');
};

/** Five KakaoTalk chats (every app's layout, both languages), a vCard. */
const LOOSE_FILES = [
  'kakaotalk/fixtures/pc-ko.txt',
  'kakaotalk/fixtures/ios-en.txt',
  'kakaotalk/fixtures/android-en.txt',
  'kakaotalk/fixtures/KakaoTalkChats.txt',
  'kakaotalk/fixtures/pc.csv',
  'vcard/fixtures/korean-3.0-and-2.1-mixed.vcf',
].map((f) => join(fixtures, f));
/** A folder export (given through the folder input). */
const SLACK_FOLDER = join(fixtures, 'slack/fixtures/workspace');

// Chromium reads a picked file by its path; with LANG=en_US.UTF-8 but no such locale installed
// (this machine has only C.UTF-8), it falls back to ASCII and cannot open "회의록.txt" in the Slack
// fixture (NotReadableError). A real person's browser runs in an installed locale.
process.env.LC_ALL ??= 'C.UTF-8';

let work: string;
let whatsappZip: string;
let browser: ExtensionBrowser;

/** WhatsApp's "Export chat" with media: the fixture folder as the zip the phone makes. */
function zipFolder(folder: string, out: string): void {
  const entries: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else entries[relative(folder, full)] = new Uint8Array(readFileSync(full));
    }
  };
  walk(folder);
  writeFileSync(out, zipSync(entries));
}

function ferry(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [join(root, 'bin/ferry.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Per input, the messages `ferry convert` printed ("name: format (...), ..., N messages, ..."), by the name's last part. */
function cliMessagesPerInput(stdout: string): Map<string, { format: string; messages: number }> {
  const found = new Map<string, { format: string; messages: number }>();
  for (const line of stdout.split('\n')) {
    const m = /^(.+?): (\S+) \(.*?\), (?:.*?, )?([\d,]+) messages?,/.exec(line);
    if (m) found.set(basename(m[1]!), { format: m[2]!, messages: Number(m[3]!.replace(/,/g, '')) });
  }
  return found;
}

function inspect(path: string) {
  const run = ferry(['inspect', '--json', path], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { encrypted: boolean; contacts: number; conversations: number; messages: number; attachments: number; sources: { service: string }[] };
}

async function openExportPage(b: ExtensionBrowser): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(b.pageUrl('export'));
  await page.locator('[data-convert-files]').waitFor();
  return page;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ferry-e2e-convert-'));
  whatsappZip = join(work, 'WhatsApp Chat - Minji.zip');
  zipFolder(join(fixtures, 'whatsapp/fixtures/ios-media'), whatsappZip);
  browser = await launchWithExtension({ downloadsDir: work, locale: 'en' });
});

test.afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

test('five KakaoTalk chats, a WhatsApp zip, a vCard and a Slack folder become one encrypted archive with what ferry convert gives', async () => {
  test.setTimeout(120_000);
  // The referee: the CLI on the very same inputs, in the browser's zone (the machine's).
  const cliOut = join(work, 'cli.age');
  const cli = ferry(['convert', ...LOOSE_FILES, whatsappZip, SLACK_FOLDER, '-o', cliOut], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(cli.status, cli.stderr).toBe(0);
  const cliInputs = cliMessagesPerInput(cli.stdout);
  expect(cliInputs.size).toBe(LOOSE_FILES.length + 2);
  const expected = inspect(cliOut);

  const page = await openExportPage(browser);
  const convert = page.getByRole('button', { name: 'Convert', exact: true });
  await expect(convert).toBeDisabled();
  await page.getByLabel('Files or zips').setInputFiles([...LOOSE_FILES, whatsappZip]);
  await page.getByLabel('A whole folder').setInputFiles(SLACK_FOLDER);
  await expect(page.locator('[data-chosen-input]')).toHaveCount(LOOSE_FILES.length + 2);
  await expect(page.locator('[data-chosen-input="workspace"]')).toContainText('folder:');
  // Nothing to save before a conversion.
  await expect(page.getByRole('button', { name: 'Save encrypted archive' })).toBeDisabled();
  await convert.click();
  await page.locator('[data-converted], [data-convert-error]').first().waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-convert-error]').allInnerTexts()).toEqual([]);
  console.log(`converted in the worker in ${await page.locator('[data-converted]').getAttribute('data-millis')} ms`);

  // Per input, what was recognised, as the CLI printed it.
  const reports = page.locator('[data-input-report]');
  await expect(reports).toHaveCount(cliInputs.size);
  for (const item of await reports.all()) {
    const name = basename((await item.getAttribute('data-input-report'))!);
    const cliLine = cliInputs.get(name);
    expect(cliLine, `the CLI printed a line for ${name}`).toBeDefined();
    expect(await item.getAttribute('data-format')).toBe(cliLine!.format);
    expect(Number(await item.getAttribute('data-messages')), name).toBe(cliLine!.messages);
  }
  await expect(page.locator('[data-input-report$="pc-ko.txt"] [data-detection]')).toHaveText('kakaotalk (pc-txt, language: ko)');
  // The reader's notice in the page's words (the CLI's sentence names --me; the page points at its field).
  await expect(page.locator('[data-input-report$="_chat.txt"] [data-warning="me_unknown"]')).toContainText('does not say which sender is you');
  // A reader that cannot tell who "me" is makes the page ask.
  await expect(page.locator('[data-asks-me]')).toBeVisible();
  await expect(page.getByLabel('Your name as it appears in the chats (optional)')).toBeVisible();

  // The same Save step as a live export, encrypted by default.
  await expect(page.getByLabel('How to protect it')).toHaveValue('passphrase');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(PASSPHRASE);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^ferry-kakaotalk_vcard_whatsapp_slack-\d{4}-\d{2}-\d{2}\.age$/);
  const saved = join(work, name);
  await download.saveAs(saved);
  const got = inspect(saved);
  expect(got.encrypted).toBe(true);
  expect({ contacts: got.contacts, conversations: got.conversations, messages: got.messages, attachments: got.attachments }).toEqual({
    contacts: expected.contacts,
    conversations: expected.conversations,
    messages: expected.messages,
    attachments: expected.attachments,
  });
  expect(got.messages).toBeGreaterThan(0);
  expect(new Set(got.sources.map((s) => s.service))).toEqual(new Set(expected.sources.map((s) => s.service)));
  const verify = ferry(['verify', saved], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(verify.status, verify.stderr + verify.stdout).toBe(0);
  await page.close();
});

test('after converting, a chat left out of the choice is not in the saved archive, and the rest is whole', async () => {
  test.setTimeout(120_000);
  // The converted zip is kept in the Worker and the page only sees counts, so a partial choice
  // is written from that zip again (seal-worker.ts): the referee is the CLI on the files kept.
  const [kept, leftOut] = [LOOSE_FILES[1]!, LOOSE_FILES[2]!];
  const keptOut = join(work, 'cli-kept.age');
  const cli = ferry(['convert', kept, '-o', keptOut], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(cli.status, cli.stderr).toBe(0);
  const expected = inspect(keptOut);

  const page = await openExportPage(browser);
  await page.getByLabel('Files or zips').setInputFiles([kept, leftOut]);
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.locator('[data-converted], [data-convert-error]').first().waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-convert-error]').allInnerTexts()).toEqual([]);
  const boxes = page.locator('input[data-conversation]');
  await expect(boxes).toHaveCount(2);
  // The chat of the file left out: its title is the one the CLI did not write.
  const leftOutCli = ferry(['convert', leftOut, '-o', join(work, 'cli-left-out.age')], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(leftOutCli.status, leftOutCli.stderr).toBe(0);
  const leftOutMessages = inspect(join(work, 'cli-left-out.age')).messages;
  let unchecked = false;
  for (const box of await boxes.all()) {
    const label = await box.locator('xpath=..').innerText();
    if (label.includes(`${leftOutMessages.toLocaleString('en')}`) && !unchecked) {
      await box.uncheck();
      unchecked = true;
    }
  }
  expect(unchecked, 'a conversation with the left-out file\'s message count is listed').toBe(true);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Passphrase again').fill(PASSPHRASE);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save encrypted archive' }).click()]);
  const saved = join(work, `chosen-${download.suggestedFilename()}`);
  await download.saveAs(saved);
  const got = inspect(saved);
  expect({ conversations: got.conversations, messages: got.messages }).toEqual({ conversations: expected.conversations, messages: expected.messages });
  const verify = ferry(['verify', saved], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(verify.status, verify.stderr + verify.stdout).toBe(0);
  await page.close();
});

test('a WhatsApp chat whose dates read both ways is asked about, and converts once answered', async () => {
  const chat = join(work, 'WhatsApp Chat with Ana.txt');
  writeFileSync(chat, '03/04/2024, 09:15 - Ana: Are we still on for Saturday?\n05/04/2024, 18:02 - Sam: Yes, see you at 10\n06/04/2024, 10:01 - Ana: On my way\n');
  // The CLI asks the same question, and answers the same once told.
  expect(ferry(['convert', chat, '-o', join(work, 'x.age')], { FERRY_PASSPHRASE: PASSPHRASE }).stderr).toContain('--date-order');
  const cli = ferry(['convert', chat, '--date-order', 'dmy', '-o', join(work, 'ana.age')], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(cli.status, cli.stderr).toBe(0);
  const cliMessages = cliMessagesPerInput(cli.stdout).get(basename(chat))!.messages;

  const page = await openExportPage(browser);
  await expect(page.getByLabel('Order of day and month in the dates')).toHaveCount(0);
  await page.getByLabel('Files or zips').setInputFiles(chat);
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
  const question = page.locator('[data-convert-error="date-order"]');
  await expect(question).toContainText(msg('en', 'convertDateOrderQuestion', basename(chat)));
  await expect(question).toContainText('--date-order');
  await expect(page.getByRole('button', { name: 'Save encrypted archive' })).toBeDisabled();
  await page.getByLabel('Order of day and month in the dates').selectOption('dmy');
  await page.getByRole('button', { name: 'Convert again' }).click();
  await page.locator('[data-converted]').waitFor();
  await expect(page.locator('[data-input-report]')).toHaveAttribute('data-messages', String(cliMessages));
  await page.close();
});

test('a line whose date cannot exist is kept as text, and the page names its line', async () => {
  const chat = join(work, 'broken.txt');
  writeFileSync(chat, '13/03/2024, 09:15 - Ana: hi\n31/02/2024, 09:16 - Ana: this day does not exist\n14/03/2024, 10:00 - Sam: ok\n');
  const page = await openExportPage(browser);
  await page.getByLabel('Files or zips').setInputFiles(chat);
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.locator('[data-converted], [data-convert-error]').first().waitFor();
  expect(await page.locator('[data-convert-error]').allInnerTexts()).toEqual([]);
  await expect(page.locator('[data-input-report]')).toHaveAttribute('data-messages', '2');
  await expect(page.locator('[data-warning="suspicious_lines"]')).toContainText(msg('en', 'convertWarningSuspiciousLines', '1', '2'));
  await page.close();
});

test('a French iOS WhatsApp zip dropped on the page shows its layout, its language and the right senders', async () => {
  // The field corpus's French iOS export (every placeholder after U+200E), zipped as the phone
  // shares it; its expectation file says who wrote what, counted by hand from the file.
  const corpus = join(root, 'test/corpus/whatsapp');
  const expected = JSON.parse(readFileSync(join(corpus, 'ios-fr-2022.txt.expect.json'), 'utf8')) as { messages: number; senders: Record<string, number> };
  const zipBytes = zipSync({ '_chat.txt': new Uint8Array(readFileSync(join(corpus, 'ios-fr-2022.txt'))) });
  const zipName = 'WhatsApp Chat - Louis Bernard.zip';
  writeFileSync(join(work, zipName), zipBytes);
  // The CLI on the same zip, as the referee for the counts.
  const cli = ferry(['convert', join(work, zipName), '--tz', 'Europe/Paris', '-o', join(work, 'fr.age')], { FERRY_PASSPHRASE: PASSPHRASE });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stdout).toContain('whatsapp (ios-zip "[M/DD/YY HH:MM:SS] Name: text", fr)');

  const page = await openExportPage(browser);
  // A real drop: a DataTransfer holding the zip, dropped on the drop zone.
  await page.evaluate(
    ({ name, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'application/zip' }));
      document.querySelector('[data-dropzone]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name: zipName, bytes: [...zipBytes] },
  );
  await expect(page.locator(`[data-chosen-input="${zipName}"]`)).toBeVisible();
  await page.getByLabel(msg('en', 'convertZoneLabel')).fill('Europe/Paris');
  await page.getByRole('button', { name: 'Convert', exact: true }).click();
  await page.locator('[data-converted], [data-convert-error]').first().waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-convert-error]').allInnerTexts()).toEqual([]);
  const report = page.locator('[data-input-report$="_chat.txt"]');
  await expect(report).toHaveAttribute('data-messages', String(expected.messages));
  await expect(report.locator('[data-detection]')).toHaveText('whatsapp (ios-zip "[M/DD/YY HH:MM:SS] Name: text", language: fr)');
  const senders = page.locator('[data-senders] [data-sender]');
  const shownSenders = Object.fromEntries(await Promise.all((await senders.all()).map(async (s) => [await s.getAttribute('data-sender'), Number(await s.getAttribute('data-count'))])));
  const { '(system)': notices, ...people } = expected.senders;
  expect(shownSenders).toEqual(people);
  await expect(page.locator('[data-senders] [data-notices]')).toHaveAttribute('data-notices', String(notices));
  await expect(page.locator('[data-senders] [data-sender="Camille Martin"]')).toHaveText(msg('en', 'convertSenderItem', 'Camille Martin', String(people['Camille Martin'])));
  await page.close();
});

for (const lang of ['en', 'ko'] as const) {
  test(`a file that is no export gets a clear error in ${lang}, and nothing is saved`, async () => {
    const b = lang === 'en' ? browser : await launchWithExtension({ downloadsDir: work, locale: 'ko' });
    try {
      const junk = join(work, '메모.txt');
      writeFileSync(junk, 'shopping: milk, eggs\nremember to call the bank\n' + Math.random().toString(36).repeat(20) + '\n');
      const page = await openExportPage(b);
      let downloads = 0;
      page.on('download', () => downloads++);
      // A good file beside it changes nothing: one bad input stops the whole conversion.
      await page.getByLabel(msg(lang, 'convertPickFiles')).setInputFiles([join(fixtures, 'vcard/fixtures/korean-3.0-and-2.1-mixed.vcf'), junk]);
      await page.getByRole('button', { name: msg(lang, 'convertButton'), exact: true }).click();
      const error = page.locator('[data-convert-error="not-recognised"]');
      await expect(error).toContainText(msg(lang, 'convertNotRecognised', '메모.txt'));
      await expect(page.locator('[data-converted]')).toHaveCount(0);
      await page.getByLabel(msg(lang, 'passphrase'), { exact: true }).fill(PASSPHRASE);
      await page.getByLabel(msg(lang, 'passphraseAgain')).fill(PASSPHRASE);
      await expect(page.getByRole('button', { name: msg(lang, 'exportSaveEncrypted') })).toBeDisabled();
      expect(downloads).toBe(0);
      await page.close();
    } finally {
      if (b !== browser) await b.close();
    }
  });
}
