/**
 * An archive crafted by an attacker (e2e/fixtures/hostile-corpus.ts) opened in every page that
 * shows archive content: the import preview, the viewer (every conversation) and the Keys page
 * (a key named like a payload). Nothing in it may run or become markup: no dialog, no element
 * from the payload, the text shown literally, bidi controls isolated, huge texts neither freezing
 * the page nor widening it.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from './support/browser.js';
import { sealArchive } from '../src/transfer/archive-file.js';
import { revealBidiControls } from '../extension/ui/safe-text.js';
import { BIDI_NAME, HOSTILE_FILE_NAME, HUGE_TEXT, LONG_KOREAN, MARKUP_PAYLOADS, PAYLOAD_SELECTORS, hostileArchive } from './fixtures/hostile-corpus.js';
import { toHtml } from '../src/connectors/html/write.js';

test.describe.configure({ mode: 'serial' });

const SHOTS = join(resolve(import.meta.dirname, '..'), 'test-results', 'screenshots', 'hostile');
let browser: ExtensionBrowser;
let workDir: string;
let archivePath: string;
const dialogs: string[] = [];

test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-hostile-'));
  // The file name is hostile too: the pages show it.
  archivePath = join(workDir, HOSTILE_FILE_NAME);
  writeFileSync(archivePath, await sealArchive(hostileArchive(), { passphrase: 'hostile corpus passphrase', workFactor: 10 }));
  browser = await launchWithExtension({ locale: 'en' });
  browser.context.on('page', (page) => watch(page));
});
test.afterAll(async () => {
  await browser?.close();
  rmSync(workDir, { recursive: true, force: true });
});

function watch(page: Page) {
  page.on('dialog', (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.type()} "${dialog.message()}"`);
    void dialog.dismiss();
  });
}

async function newPage(name: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(browser.pageUrl(name));
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

async function unlock(page: Page) {
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByLabel('Passphrase', { exact: true }).fill('hostile corpus passphrase');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}

/** Nothing from the payloads ran or became an element, and bidi controls are isolated. */
async function expectInert(page: Page, where: string, within = 'body') {
  expect(dialogs, `dialogs opened (${where})`).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), `a payload ran (${where})`).toBeUndefined();
  for (const selector of PAYLOAD_SELECTORS) {
    expect(await page.locator(`${within} ${selector}`).count(), `${selector} exists in ${where}`).toBe(0);
  }
  // Every text node holding a bidi control sits in an isolate: <bdi>, dir=auto, or unicode-bidi isolate/plaintext.
  const leaking = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/.test(node.textContent ?? '')) continue;
      const el = node.parentElement!;
      const isolated = el.closest('bdi, [dir="auto"]') !== null || ['isolate', 'plaintext', 'isolate-override'].includes(getComputedStyle(el).unicodeBidi);
      if (!isolated) out.push(`<${el.tagName.toLowerCase()}>: ${JSON.stringify(node.textContent!.slice(0, 60))}`);
    }
    return out;
  });
  expect(leaking, `bidi controls not isolated (${where})`).toEqual([]);
  // Nothing pushes the page sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `horizontal overflow in ${where}`).toBeLessThanOrEqual(0);
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

test('the import preview shows a hostile archive, its file name and source as plain text', async () => {
  const page = await newPage('import');
  await unlock(page);
  await expect(page.locator('[data-count="contacts"]')).toHaveText(String(MARKUP_PAYLOADS.length + 1));
  await expect(page.getByText(`Unlocked ${HOSTILE_FILE_NAME}`)).toBeVisible();
  await expect(page.getByText('xmpp:<b>me</b>@old.localhost', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: `Import ${MARKUP_PAYLOADS.length + 1} friends` })).toBeVisible();
  await expectInert(page, 'import preview');
  await shoot(page, 'import-preview');
  await page.close();
});

test('the viewer shows markup, scripts and javascript: links as literal text that does nothing', async () => {
  const page = await newPage('viewer');
  await unlock(page);
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  await nav.getByRole('button').first().click();
  await expect(page.locator('article.message')).toHaveCount(MARKUP_PAYLOADS.length);
  const texts = await page.locator('article.message .text').allTextContents();
  expect(texts).toEqual(MARKUP_PAYLOADS);
  // Sender names, attachment names and reactions are payloads too, shown as written.
  await expect(page.locator('article.message .meta strong').first()).toHaveText(MARKUP_PAYLOADS[0]!);
  await expect(page.getByText('<b>👍</b>').first()).toBeVisible();
  // Links in the text are not made clickable (entities are not rendered as anchors).
  expect(await page.locator('section a').count()).toBe(0);
  for (const payload of MARKUP_PAYLOADS.slice(0, 3)) await page.getByText(payload, { exact: true }).first().click();
  await expectInert(page, 'viewer, markup conversation');
  await shoot(page, 'viewer-markup');
  await page.close();
});

test('the viewer isolates right-to-left overrides so a name cannot flip the text around it', async () => {
  const page = await newPage('viewer');
  await unlock(page);
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  await nav.locator(`button[data-conversation="${BIDI_NAME}"]`).click();
  // Inside a name the override is shown, not obeyed: it would make "evil…gpj.exe" read "evilexe.jpg".
  await expect(page.locator('.viewer h2')).toHaveText('evil[U+202E]gpj.exe');
  await expect(page.locator('article.message .meta bdi').first()).toHaveText('evil[U+202E]gpj.exe');
  await expect(page.locator('.viewer h2')).toHaveAttribute('dir', 'auto');
  await expect(page.locator('article.message')).toHaveCount(2);
  await expect(nav.locator('bdi', { hasText: 'evil[U+202E]gpj.exe' })).toHaveCount(1);
  // A file name's override is shown, not obeyed: an .exe does not pass for a .png.
  await expect(page.locator('article.message .attachment bdi')).toHaveText('invoice_[U+202E]gnp.exe');
  // A sender with no contact is shown by the name in its handle, decoded, with its zero-width space visible.
  await expect(page.locator('article.message .meta bdi').nth(1)).toHaveText('Dmitry[U+200B]S');
  await expectInert(page, 'viewer, bidi conversation');
  await shoot(page, 'viewer-bidi');
  await page.close();
});

test('the HTML export of the hostile archive shows names and file names isolated, with their hidden characters visible, and runs nothing', async () => {
  const html = toHtml(hostileArchive(), { timeZone: 'UTC' });
  const file = join(workDir, 'export.html');
  writeFileSync(file, html.files[0]!.bytes);
  const page = await browser.context.newPage();
  await page.goto(`file://${file}`);
  const bidi = page.locator('section', { has: page.locator('h2', { hasText: 'evil[U+202E]gpj.exe' }) });
  await expect(bidi.locator('h2 bdi')).toHaveText('evil[U+202E]gpj.exe');
  await expect(bidi.locator('.missing bdi')).toHaveText('invoice_[U+202E]gnp.exe');
  await expect(bidi.locator('article .who').nth(1)).toHaveText('Dmitry[U+200B]S');
  await expect(page.locator('nav a', { hasText: 'evil[U+202E]gpj.exe' })).toHaveCount(1);
  // The page's own style and search script are in its head and at the end of its body; nothing may come from the archive's content.
  await expectInert(page, 'HTML export', 'main');
  await shoot(page, 'html-export');
  await page.close();
});

test('the viewer opens a one-megabyte message without freezing, shows its start, and the rest a part at a time', async () => {
  const page = await newPage('viewer');
  await unlock(page);
  const nav = page.getByRole('navigation', { name: 'Conversations' });
  const started = Date.now();
  await nav.getByRole('button').nth(2).click();
  await expect(page.locator('article.message')).toHaveCount(2);
  const firstText = page.locator('article.message .text').first();
  expect((await firstText.textContent())!.length).toBeLessThan(10_000);
  expect(Date.now() - started, 'ms to show the conversation').toBeLessThan(5_000);
  const titleBox = await nav.getByRole('button').nth(2).boundingBox();
  expect(titleBox!.height, 'px height of a 3,000-character title in the list').toBeLessThan(120);
  await expectInert(page, 'viewer, huge conversation (start shown)');
  await shoot(page, 'viewer-huge');

  // "Show more" reveals 50,000 characters a click; each click answers promptly, and the whole text is reachable.
  const texts = page.locator('article.message .text');
  let clicks = 0;
  for (let more = page.locator('article.message').first().getByRole('button', { name: /^Show more/ }); await more.count(); clicks++) {
    const clicked = Date.now();
    await more.click();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r))));
    expect(Date.now() - clicked, `ms for "Show more" click ${clicks + 1}`).toBeLessThan(3_000);
  }
  expect(clicks).toBe(20);
  expect(await texts.first().evaluate((el, n) => el.textContent === 'A'.repeat(n), HUGE_TEXT.length)).toBe(true);
  await page.locator('article.message').nth(1).getByRole('button', { name: /^Show more/ }).click();
  expect(await texts.nth(1).evaluate((el) => el.textContent)).toBe(LONG_KOREAN);
  // Still answering: another conversation opens promptly.
  const switched = Date.now();
  await nav.getByRole('button').first().click();
  await expect(page.locator('article.message')).toHaveCount(MARKUP_PAYLOADS.length);
  expect(Date.now() - switched, 'ms to switch away').toBeLessThan(3_000);
  await expectInert(page, 'viewer after expanding the huge messages');
  await page.close();
});

test('the Keys page shows a key named like a payload as plain text', async () => {
  const page = await newPage('keys');
  const label = `${MARKUP_PAYLOADS[0]} ${BIDI_NAME}`;
  await page.getByLabel('Name', { exact: true }).fill(label);
  await page.getByRole('button', { name: 'Create device key' }).click();
  await expect(page.locator('article.device-key h3')).toHaveText(revealBidiControls(label));
  await expectInert(page, 'keys');
  await shoot(page, 'keys');
  await page.close();
});
