/**
 * Ferry's pages in English and in Korean (Chromium started with --lang), checked by axe for
 * serious or critical accessibility problems, photographed for a person to look at, and one
 * whole import flow done with the keyboard alone.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { sealArchive } from '../src/transfer/archive-file.js';
import { SCHEMA_VERSION, countOf, type ArchiveContent, type Message } from '../src/model/types.js';

const root = resolve(import.meta.dirname, '..');
const SHOTS = join(root, 'test-results', 'screenshots');
const PASSPHRASE = '푸른 바다 위의 작은 배 seven lanterns';
type Lang = 'en' | 'ko';
const messagesOf = (lang: Lang) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
/** The message as the page shows it, with its $PLACEHOLDERS$ filled in order. */
const msg = (lang: Lang, key: string, ...subs: string[]) => {
  let i = 0;
  return messagesOf(lang)[key]!.message.replace(/\$[A-Z0-9_]+\$/g, () => subs[i++] ?? '');
};

/** A small two-language archive, like one exported from a Korean friend list. */
function sampleArchive(): ArchiveContent {
  const source = 'xmpp:minji@old.localhost';
  const at = (d: number, h: number) => new Date(Date.UTC(2026, 2, d, h, 15)).toISOString();
  const conversations = [
    { id: 'c-kim', kind: 'direct' as const, title: '김서연', participants: [{ handle: 'xmpp:seoyeon@old.localhost', role: 'member' as const }], source },
    { id: 'c-alex', kind: 'direct' as const, title: 'Alex Morgan', participants: [{ handle: 'xmpp:alex@old.localhost', role: 'member' as const }], source },
  ];
  const m = (id: string, conversationId: string, sender: string, d: number, text: string): Message => ({ id, conversationId, sender, timestamp: at(d, 9), kind: 'text', text });
  const messages = new Map<string, Message[]>([
    ['c-kim', [m('k1', 'c-kim', 'xmpp:seoyeon@old.localhost', 3, '이번 주말에 부산 가는 거 맞지? 기차표는 내가 예매할게.'), m('k2', 'c-kim', source, 3, '응, 토요일 아침 9시 KTX로 하자!')]],
    ['c-alex', [m('a1', 'c-alex', 'xmpp:alex@old.localhost', 4, 'Are the photos from Jeju up yet?'), m('a2', 'c-alex', source, 5, 'Uploading tonight, promise.')]],
  ]);
  const partial = {
    contacts: [
      { id: 'p1', displayName: '김서연', handles: ['xmpp:seoyeon@old.localhost'], groups: ['가족'] },
      { id: 'p2', displayName: 'Alex Morgan', handles: ['xmpp:alex@old.localhost'], groups: ['Work'] },
    ],
    conversations,
    messages,
  };
  return {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry-e2e', version: '0' },
      createdAt: at(6, 0),
      sources: [{ service: 'xmpp', account: source, exportedAt: at(6, 0), method: 'live-web-client', timeZone: { status: 'instants' } }],
      counts: countOf(partial),
    },
    ...partial,
  };
}

let workDir: string;
let archivePath: string;
test.beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-i18n-'));
  archivePath = join(workDir, 'ferry-minji-2026-03-06.age');
  // A low scrypt work factor keeps the unlock quick; the age format records it in the file.
  writeFileSync(archivePath, await sealArchive(sampleArchive(), { passphrase: PASSPHRASE, workFactor: 12 }));
});
test.afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** axe on the whole page: no serious or critical finding, with the offending elements named when one appears. */
async function expectNoSeriousAxeViolations(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

async function shoot(page: Page, lang: Lang, name: string) {
  mkdirSync(join(SHOTS, lang), { recursive: true });
  await page.screenshot({ path: join(SHOTS, lang, `${name}.png`), fullPage: true });
}

async function unlockWithPointer(page: Page, lang: Lang) {
  await page.getByLabel(msg(lang, 'unlockFileLabel')).setInputFiles(archivePath);
  await page.getByLabel(msg(lang, 'passphrase'), { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: msg(lang, 'unlockButton'), exact: true }).click();
}

for (const lang of ['en', 'ko'] as const) {
  test.describe(`in ${lang === 'en' ? 'English' : 'Korean'}`, () => {
    test.describe.configure({ mode: 'serial' });
    let browser: ExtensionBrowser;
    test.beforeAll(async () => {
      browser = await launchWithExtension({ locale: lang });
    });
    test.afterAll(async () => browser?.close());

    const pages: [string, string][] = [
      ['popup', 'extName'],
      ['export', 'exportTitle'],
      ['import', 'importTitle'],
      ['viewer', 'viewerTitle'],
      ['keys', 'keysTitle'],
    ];
    for (const [name, titleKey] of pages) {
      test(`I can read the ${name} page in ${lang}, and it passes axe`, async () => {
        const page = await browser.context.newPage();
        // The popup is photographed at a toolbar popup's size, where clipping would show.
        if (name === 'popup') await page.setViewportSize({ width: 340, height: 420 });
        await page.goto(browser.pageUrl(name));
        const heading = page.getByRole('heading', { level: 1 });
        await expect(heading).toContainText(msg(lang, titleKey));
        expect(await page.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${lang}`));
        if (name !== 'popup') await expect(page).toHaveTitle(msg(lang, 'pageTitle', msg(lang, titleKey)));
        if (name === 'export') await expect(page.getByText(msg(lang, 'pickerNone'))).toBeVisible();
        await shoot(page, lang, name);
        await expectNoSeriousAxeViolations(page, `${name} (${lang})`);
        await page.close();
      });
    }

    test(`I can unlock an archive, preview it and read it in the viewer in ${lang}`, async () => {
      const page = await browser.context.newPage();
      await page.goto(browser.pageUrl('import'));
      await unlockWithPointer(page, lang);
      await expect(page.locator('[data-count="messages"]')).toHaveText('4');
      await expect(page.getByText(msg(lang, 'importUnlocked', 'ferry-minji-2026-03-06.age'))).toBeVisible();
      await shoot(page, lang, 'import-preview');
      await expectNoSeriousAxeViolations(page, `import preview (${lang})`);
      // The step for services Ferry cannot reach live, with its report and the unencrypted warning shown.
      await page.getByRole('button', { name: msg(lang, 'targetPrepareButton', msg(lang, 'targetTelegram')) }).click();
      await expect(page.locator('[data-plaintext-warning]')).toHaveText(msg(lang, 'targetPlaintextWarning'));
      await shoot(page, lang, 'import-target-files');
      await expectNoSeriousAxeViolations(page, `import target files (${lang})`);

      const viewer = await browser.context.newPage();
      await viewer.goto(browser.pageUrl('viewer'));
      await unlockWithPointer(viewer, lang);
      const nav = viewer.getByRole('navigation', { name: msg(lang, 'viewerConversations') });
      await nav.getByRole('button', { name: /김서연/ }).click();
      await expect(viewer.getByText('부산 가는 거')).toBeVisible();
      // Dates follow the UI language: Korean dates read "2026. 3. 3." and English ones "Mar 3, 2026".
      await expect(viewer.locator('time').first()).toContainText(lang === 'ko' ? '2026. 3. 3.' : 'Mar 3, 2026');
      // Search every message: a Korean word with a particle, then an English one, and jump to the match.
      await viewer.getByRole('searchbox', { name: msg(lang, 'viewerSearchLabel') }).fill('부산');
      await expect(viewer.locator('[data-search-count]')).toHaveAttribute('data-search-count', '1');
      await expect(viewer.locator('[data-search-count]')).toHaveText(msg(lang, 'viewerSearchCount', '1'));
      await viewer.getByRole('searchbox', { name: msg(lang, 'viewerSearchLabel') }).fill('photo');
      await viewer.getByRole('list', { name: msg(lang, 'viewerSearchResults') }).getByRole('button').first().click();
      await expect(viewer.locator('article[data-found]')).toContainText('Are the photos from Jeju up yet?');
      await expect(viewer.locator('article[data-found]')).toBeFocused();
      await shoot(viewer, lang, 'viewer-search');
      await expectNoSeriousAxeViolations(viewer, `viewer with search results (${lang})`);
      await viewer.getByRole('searchbox', { name: msg(lang, 'viewerSearchLabel') }).fill('');
      await nav.getByRole('button', { name: /김서연/ }).click();
      await shoot(viewer, lang, 'viewer-open');
      await expectNoSeriousAxeViolations(viewer, `viewer with an archive (${lang})`);
      await page.close();
      await viewer.close();
    });

    test(`I am told in ${lang} when the passphrase is wrong, and nothing is shown`, async () => {
      const page = await browser.context.newPage();
      await page.goto(browser.pageUrl('viewer'));
      await page.getByLabel(msg(lang, 'unlockFileLabel')).setInputFiles(archivePath);
      await page.getByLabel(msg(lang, 'passphrase'), { exact: true }).fill('not the passphrase');
      await page.getByRole('button', { name: msg(lang, 'unlockButton'), exact: true }).click();
      await expect(page.getByRole('alert')).toHaveText(msg(lang, 'unlockErrorWrongPassphrase'));
      await expect(page.getByRole('navigation')).toHaveCount(0);
      await shoot(page, lang, 'viewer-wrong-passphrase');
      await expectNoSeriousAxeViolations(page, `viewer, wrong passphrase (${lang})`);
      await page.close();
    });

    test(`I can create a device key and see it listed in ${lang}`, async () => {
      const page = await browser.context.newPage();
      await page.goto(browser.pageUrl('keys'));
      await page.getByRole('button', { name: msg(lang, 'keysCreateButton') }).click();
      await expect(page.locator('article.device-key')).toHaveCount(1);
      await expect(page.locator('article.device-key h3')).toHaveText(msg(lang, 'keysDefaultLabel'));
      await shoot(page, lang, 'keys-with-key');
      await expectNoSeriousAxeViolations(page, `keys with a key (${lang})`);
      await page.close();
    });

    test(`I can choose every way to save on the export page in ${lang}`, async () => {
      const page = await browser.context.newPage();
      await page.goto(browser.pageUrl('export'));
      const protection = page.getByLabel(msg(lang, 'exportProtectionLabel'));
      await page.getByLabel(msg(lang, 'passphrase'), { exact: true }).fill('password');
      await expect(page.locator('[data-strength]')).toContainText(msg(lang, 'strength0'));
      await shoot(page, lang, 'export-passphrase');
      await protection.selectOption('device-key');
      await expect(page.getByLabel(msg(lang, 'exportRecipientLabel'))).toBeVisible();
      await protection.selectOption('unencrypted');
      await expect(page.getByRole('button', { name: msg(lang, 'exportSaveUnencrypted') })).toBeVisible();
      await shoot(page, lang, 'export-unencrypted');
      await expectNoSeriousAxeViolations(page, `export, unencrypted chosen (${lang})`);
      await page.close();
    });

    test(`I can give export files to the export page with the keyboard, and read what was recognised, in ${lang}`, async () => {
      const page = await browser.context.newPage();
      await page.goto(browser.pageUrl('export'));
      // The file input is a real, labelled input: Space on it opens the file chooser.
      // locator.press focuses and presses in one step (a separate focus() then keyboard.press was
      // seen to lose the key under load, and the chooser never opened).
      const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 20_000 }), page.getByLabel(msg(lang, 'convertPickFiles')).press('Space')]);
      // pc-en.txt gives a reader's notice (a join notice without a time), said in the page's language.
      await chooser.setFiles([
        join(root, 'src/connectors/kakaotalk/fixtures/pc-ko.txt'),
        join(root, 'src/connectors/kakaotalk/fixtures/pc-en.txt'),
        join(root, 'src/connectors/vcard/fixtures/korean-3.0-and-2.1-mixed.vcf'),
      ]);
      await page.getByRole('button', { name: msg(lang, 'convertButton'), exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-converted]')).toHaveText(msg(lang, 'convertDone'));
      await expect(page.locator('[data-input-report]')).toHaveCount(3);
      await expect(page.locator('[data-input-report$="pc-en.txt"] [data-warning="undated_notices"]')).toHaveText(msg(lang, 'convertWarningUndatedNotices', '1'));
      await shoot(page, lang, 'export-files-converted');
      await expectNoSeriousAxeViolations(page, `export, files converted (${lang})`);
      // A file that is no export: the translated error, in an alert.
      await page.getByRole('button', { name: msg(lang, 'convertClear') }).click();
      await page.getByLabel(msg(lang, 'convertPickFiles')).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('milk, eggs, call the bank\n') });
      await page.getByRole('button', { name: msg(lang, 'convertButton'), exact: true }).click();
      await expect(page.getByRole('alert')).toContainText(msg(lang, 'convertNotRecognised', 'notes.txt'));
      await shoot(page, lang, 'export-files-error');
      await expectNoSeriousAxeViolations(page, `export, a file that is no export (${lang})`);
      await page.close();
    });
  });
}

test.describe('with the keyboard alone', () => {
  let browser: ExtensionBrowser;
  test.beforeAll(async () => {
    browser = await launchWithExtension({ locale: 'en' });
  });
  test.afterAll(async () => browser?.close());

  /** Presses Tab until the focused element matches, as a keyboard user would; fails if it never gets there. */
  async function tabTo(page: Page, selector: string, max = 40) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector} in ${max} presses`);
  }

  async function tabToText(page: Page, text: string, max = 40) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === text) return;
    }
    throw new Error(`Tab never reached "${text}" in ${max} presses`);
  }

  test('I can unlock an archive, see what it holds and read it in the viewer using only the keyboard', async () => {
    const page = await browser.context.newPage();
    await page.goto(browser.pageUrl('import'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await tabTo(page, '#archive-file');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(archivePath);
    await tabTo(page, '#unlock-passphrase');
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-count="contacts"]')).toHaveText('2');
    await expect(page.locator('[data-count="messages"]')).toHaveText('4');

    const [viewer] = await Promise.all([
      browser.context.waitForEvent('page'),
      (async () => {
        await tabToText(page, 'Read history in the viewer');
        await page.keyboard.press('Enter');
      })(),
    ]);
    await viewer.getByRole('heading', { level: 1 }).waitFor();
    await tabTo(viewer, '#unlock-passphrase');
    await viewer.keyboard.type(PASSPHRASE);
    await viewer.keyboard.press('Enter');
    const nav = viewer.getByRole('navigation', { name: 'Conversations' });
    await nav.getByRole('button').first().waitFor();
    await tabTo(viewer, 'nav button[data-conversation="Alex Morgan"]');
    await viewer.keyboard.press('Enter');
    await expect(viewer.getByText('Are the photos from Jeju up yet?')).toBeVisible();
    await expect(nav.getByRole('button', { name: /Alex Morgan/ })).toHaveAttribute('aria-current', 'true');
    // The focus ring is drawn where the keyboard is, so a keyboard user can see it.
    const outline = await viewer.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.close();
    await viewer.close();
  });
});
