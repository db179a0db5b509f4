/**
 * Contact mapping, for real: a Prosody with an old and a new provider, Converse.js logged in to
 * the new account, Ferry's import page. Friends who moved too get their new address (one found
 * by asking the new server for a published profile, one typed), a KakaoTalk friend without any
 * XMPP address gets a typed one, another goes in under her name on a placeholder address that
 * nobody is asked at, and the new account's roster on the server holds exactly that, once,
 * however often the import runs.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from './support/browser.js';
import { startConverseServer, type ConverseServer } from './support/converse-server.js';
import { openConverse, openFromPopup } from './support/migration-flow.js';
import { startProsody, type ProsodyServer } from './support/prosody.js';
import { connect, disconnect, rosterOf } from './support/seed.js';
import { sealArchive } from '../src/transfer/archive-file.js';
import { SCHEMA_VERSION, countOf, type ArchiveContent, type Contact } from '../src/model/types.js';
import { placeholderAddress } from '../src/connectors/xmpp/ids.js';

test.describe.configure({ mode: 'serial' });

const PASSPHRASE = 'mapping 지도 passphrase';
const ME_NEW = { jid: 'me@new.localhost', password: 'new-pass' };
/** Where 박서준, who has no address and gets none typed, goes in: his name on a placeholder. */
const SEOJUN_PLACEHOLDER = placeholderAddress('kakaotalk:박서준');
const SHOTS = resolve(import.meta.dirname, '..', 'test-results', 'screenshots', 'contact-mapping');

/** The archive: three XMPP friends on the old server and two KakaoTalk friends with no XMPP address. */
function archive(): ArchiveContent {
  const contacts: Contact[] = [
    { id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: ['가족'] },
    { id: 'xmpp:ann@old.localhost', displayName: 'Ann Lee', handles: ['xmpp:ann@old.localhost'], groups: ['Work'] },
    { id: 'xmpp:lee@old.localhost', displayName: '이수진', handles: ['xmpp:lee@old.localhost'], groups: [] },
    { id: 'kakaotalk:민지', displayName: '민지', handles: ['kakaotalk:민지'], groups: ['회사'] },
    { id: 'kakaotalk:박서준', displayName: '박서준', handles: ['kakaotalk:박서준'], groups: [] },
  ];
  const source = 'xmpp:me@old.localhost';
  const conversation = { id: `${source}#direct:kim@old.localhost`, kind: 'direct' as const, title: '김민준', participants: [{ handle: source, role: 'owner' as const }], source };
  const messages = new Map([[conversation.id, [{ id: 'm1', conversationId: conversation.id, sender: 'xmpp:kim@old.localhost', timestamp: '2026-03-01T09:00:00.000Z', kind: 'text' as const, text: '잘 지내?', reactions: [{ emoji: '👍', sender: source }] }]]]);
  const partial = { contacts, conversations: [conversation], messages };
  return {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry-e2e', version: '0' },
      createdAt: '2026-03-02T00:00:00.000Z',
      sources: [{ service: 'xmpp', account: source, exportedAt: '2026-03-02T00:00:00.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }],
      counts: countOf(partial),
    },
    ...partial,
  };
}

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let workDir: string;
let archivePath: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  workDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-mapping-'));
  archivePath = join(workDir, 'ferry-mapping.age');
  writeFileSync(archivePath, await sealArchive(archive(), { passphrase: PASSPHRASE, workFactor: 12 }));
  prosody = await startProsody();
  await prosody.register('me', 'new.localhost', ME_NEW.password);
  // Kim moved and published a profile on the new server; Ann has an account there but no profile,
  // which a server answers exactly like no account at all, so Ferry must not guess her address.
  await prosody.register('kim', 'new.localhost', 'kim-pass');
  await prosody.register('ann', 'new.localhost', 'ann-pass');
  const kim = await connect(prosody.websocketUrl, 'kim@new.localhost', 'kim-pass', { presence: false });
  await kim.publishVCard({ fullName: '김민준 (new)' });
  await disconnect(kim);
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension();
  await openConverse(browser, converse.url, ME_NEW);
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** axe on the whole page: no serious or critical finding (the same bar as e2e/i18n-a11y.spec.ts). */
async function expectNoSeriousAxeViolations(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

async function openImport(): Promise<Page> {
  const page = await openFromPopup(browser, 'Import into a messenger');
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('[data-count="contacts"]').waitFor({ timeout: 30_000 });
  await page.getByRole('radio').first().waitFor({ timeout: 30_000 });
  return page;
}

const addressOf = (page: Page, name: string) => page.getByRole('textbox', { name: `New address for ${name}`, exact: true });

/** The mapping a person makes: ask the server, then type Lee's and Minji's new addresses. */
async function mapFriends(page: Page) {
  await page.getByRole('button', { name: 'Ask the new server which friends are there' }).click();
  await expect(page.locator('[data-lookup-done]')).toContainText('Asked about 3 addresses: 1 found');
  await addressOf(page, '이수진').fill('sujin@new.localhost');
  await addressOf(page, '민지').fill('minji@new.localhost');
}

async function importFriends(page: Page) {
  await page.getByRole('button', { name: /^Import \d+ friends$/ }).click();
  const report = page.locator('[data-import-report]');
  await report.waitFor({ timeout: 30_000 });
  return {
    added: Number(await report.locator('[data-added]').innerText()),
    present: Number(await report.locator('[data-present]').innerText()),
    skipped: Number(await report.locator('[data-skipped]').innerText()),
  };
}

test('I can map friends to new addresses, import, and the new account holds them under those addresses', async () => {
  const page = await openImport();
  // Before any question to the server, each row says only what the archive says.
  await expect(addressOf(page, '김민준')).toHaveValue('kim@old.localhost');
  await expect(addressOf(page, '민지')).toHaveValue('');
  await expect(page.locator('[data-preview="contacts"] [data-preview-count]')).toHaveText('3');
  await expect(page.locator('[data-preview="contacts-placeholder"] [data-preview-count]')).toHaveText('2');
  // Without placeholders they would be left out, and the preview says why.
  const placeholders = page.getByRole('checkbox', { name: /Add people who have no address under their names/ });
  await placeholders.uncheck();
  await expect(page.locator('[data-preview="contacts-skipped"] [data-reason="no-xmpp-address"]')).toContainText('2');
  await placeholders.check();
  await expect(page.locator('[data-preview="reactions"]')).toHaveAttribute('data-fidelity', 'none');

  await mapFriends(page);
  // Kim's published profile on the new server filled his row, and says whose it is; Ann's did not.
  await expect(addressOf(page, '김민준')).toHaveValue('kim@new.localhost');
  await expect(page.locator('[data-mapping-row="xmpp:kim@old.localhost"]')).toHaveAttribute('data-basis', 'server-profile');
  await expect(page.locator('[data-mapping-row="xmpp:kim@old.localhost"] [data-mapping-note]')).toContainText('김민준 (new)');
  await expect(addressOf(page, 'Ann Lee')).toHaveValue('ann@old.localhost');

  // A typo is caught where it was typed and blocks the import until fixed.
  await addressOf(page, '박서준').fill('seojun at new.localhost');
  await expect(addressOf(page, '박서준')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('[data-mapping-blocked]')).toContainText('1 to fix');
  await expect(page.getByRole('button', { name: /^Import \d+ friends$/ })).toBeDisabled();
  await expectNoSeriousAxeViolations(page, 'the mapping table with a typo');
  await addressOf(page, '박서준').fill('');
  await expect(page.locator('[data-preview="contacts"] [data-preview-count]')).toHaveText('4');
  await expect(page.locator('[data-preview="contacts-placeholder"] [data-preview-count]')).toHaveText('1');
  await page.screenshot({ path: join(SHOTS, 'mapped.png'), fullPage: true });

  expect(await importFriends(page)).toEqual({ added: 5, present: 0, skipped: 0 });
  await expect(page.locator('[data-report-group="added"] [data-via="placeholder"]')).toContainText('박서준');
  await expect(page.locator('[data-import-report] [data-mapped-count]')).toHaveAttribute('data-mapped-count', '3');
  await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page, 'the import report');

  const roster = await rosterOf(prosody.websocketUrl, ME_NEW.jid, ME_NEW.password);
  expect(roster.map((r) => [r.jid, r.name, r.groups]).sort()).toEqual(
    [
      ['kim@new.localhost', '김민준', ['가족']],
      ['ann@old.localhost', 'Ann Lee', ['Work']],
      ['sujin@new.localhost', '이수진', []],
      ['minji@new.localhost', '민지', ['회사']],
      [SEOJUN_PLACEHOLDER, '박서준', []],
    ].sort(),
  );
  // Every friend with a real address was asked; nobody was asked at the placeholder.
  expect(roster.filter((r) => r.jid !== SEOJUN_PLACEHOLDER).every((r) => r.ask || r.subscription === 'to' || r.subscription === 'both')).toBe(true);
  expect(roster.find((r) => r.jid === SEOJUN_PLACEHOLDER)?.ask).toBe(false);
  await page.close();
});

test('importing again with the same mapping adds nothing twice, and a changed address is added once', async () => {
  const page = await openImport();
  await mapFriends(page);
  expect(await importFriends(page)).toEqual({ added: 0, present: 5, skipped: 0 });
  expect(await rosterOf(prosody.websocketUrl, ME_NEW.jid, ME_NEW.password)).toHaveLength(5);

  // Lee's address was wrong: the edit is honoured once (Ferry never removes the earlier entry).
  await addressOf(page, '이수진').fill('lee@new.localhost');
  expect(await importFriends(page)).toEqual({ added: 1, present: 4, skipped: 0 });
  expect(await importFriends(page)).toEqual({ added: 0, present: 5, skipped: 0 });
  const roster = await rosterOf(prosody.websocketUrl, ME_NEW.jid, ME_NEW.password);
  expect(roster.map((r) => r.jid).sort()).toEqual(['ann@old.localhost', 'kim@new.localhost', 'lee@new.localhost', 'minji@new.localhost', 'sujin@new.localhost', SEOJUN_PLACEHOLDER].sort());
  await page.close();
});
