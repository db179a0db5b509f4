/**
 * XEP-0283 "Moved", for real: Prosody with an old and a new provider, Converse.js, Ferry's pages.
 * The old account publishes a moved statement from the export page and another account reads it
 * from the old account's PEP node; the import into the new account, with the notice on, sends a
 * friend one subscription request carrying <moved><old-jid>; with it off, a plain request.
 * The friends read the stanzas as they arrive, over their own raw XMPP connections.
 */
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'stanza';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { connect, disconnect } from '../testing/support/seed.js';
import { sealArchive } from '../src/transfer/archive-file.js';
import { SCHEMA_VERSION, countOf, type ArchiveContent, type Contact } from '../src/model/types.js';

test.describe.configure({ mode: 'serial' });

const PASSPHRASE = 'moved 이사 passphrase';
const ME_OLD = { jid: 'me@old.localhost', password: 'old-pass' };
const ME_NEW = { jid: 'me@new.localhost', password: 'new-pass' };

function archive(): ArchiveContent {
  const contacts: Contact[] = [
    { id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: ['가족'] },
    { id: 'xmpp:ann@old.localhost', displayName: 'Ann Lee', handles: ['xmpp:ann@old.localhost'], groups: [] },
  ];
  const source = `xmpp:${ME_OLD.jid}`;
  const partial = { contacts, conversations: [], messages: new Map() };
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

/** A friend online over a raw connection, keeping every stanza the server sends as XML text. */
async function listen(prosody: ProsodyServer, jid: string, password: string): Promise<{ client: Agent; raw: string[] }> {
  const client = await connect(prosody.websocketUrl, jid, password);
  const raw: string[] = [];
  client.on('raw:incoming', (xml) => raw.push(xml));
  return { client, raw };
}

/** Subscription requests from `from` among the raw stanzas (Prosody writes attributes with either quote). */
const subscribesFrom = (raw: string[], from: string) =>
  raw.filter((x) => /^<presence\b/.test(x) && new RegExp(`type=['"]subscribe['"]`).test(x) && new RegExp(`from=['"]${from.replace('.', '\\.')}(/[^'"]*)?['"]`).test(x));
const MOVED_FROM_OLD = /<moved xmlns=['"]urn:xmpp:moved:1['"]><old-jid>me@old\.localhost<\/old-jid><\/moved>/;

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let workDir: string;
let archivePath: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  workDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-moved-'));
  archivePath = join(workDir, 'ferry-moved.age');
  writeFileSync(archivePath, await sealArchive(archive(), { passphrase: PASSPHRASE, workFactor: 12 }));
  prosody = await startProsody();
  await prosody.register('me', 'old.localhost', ME_OLD.password);
  await prosody.register('me', 'new.localhost', ME_NEW.password);
  await prosody.register('kim', 'old.localhost', 'kim-pass');
  await prosody.register('ann', 'old.localhost', 'ann-pass');
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension();
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

test('after exporting, I can publish on the old account that I moved, and anyone can read it there', async () => {
  const oldTab = await openConverse(browser, converse.url, ME_OLD);
  const page = await openFromPopup(browser, 'Export from a messenger');
  await page.getByRole('radio').first().waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Export friends and history' }).click();
  await page.locator('[data-progress="done"]').waitFor({ timeout: 30_000 });

  await page.getByRole('checkbox', { name: /Publish a moved notice on me@old\.localhost/ }).check();
  const address = page.getByRole('textbox', { name: 'New address' });
  const publish = page.getByRole('button', { name: 'Publish moved notice' });
  await address.fill('me at new.localhost');
  await expect(page.locator('[data-moved-problem="not-an-address"]')).toBeVisible();
  await expect(publish).toBeDisabled();
  await address.fill('me@old.localhost');
  await expect(page.locator('[data-moved-problem="same-account"]')).toBeVisible();
  await address.fill('me@new.localhost');
  await publish.click();
  await expect(page.locator('[data-moved-published]')).toHaveAttribute('data-moved-published', 'me@new.localhost', { timeout: 30_000 });

  // Someone who is not even a contact reads the statement from the old account's PEP node.
  const reader = await connect(prosody.websocketUrl, 'ann@old.localhost', 'ann-pass', { presence: false });
  const raw: string[] = [];
  reader.on('raw:incoming', (xml) => raw.push(xml));
  await reader.getItems(ME_OLD.jid, 'urn:xmpp:moved:1').catch(() => undefined);
  await disconnect(reader);
  const items = raw.find((x) => x.includes("node='urn:xmpp:moved:1'") || x.includes('node="urn:xmpp:moved:1"'));
  expect(items, raw.join('\n')).toMatch(/<item\b[^>]*\bid=['"]current['"][^>]*><moved xmlns=['"]urn:xmpp:moved:1['"]><new-jid>me@new\.localhost<\/new-jid><\/moved><\/item>/);
  await page.close();
  await oldTab.close();
});

async function openImport(): Promise<Page> {
  const page = await openFromPopup(browser, 'Import into a messenger');
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('[data-count="contacts"]').waitFor({ timeout: 30_000 });
  await page.getByRole('radio').first().waitFor({ timeout: 30_000 });
  return page;
}

test('importing with "tell friends I moved" sends each new friend one request naming my old address; without it, none does', async () => {
  const kim = await listen(prosody, 'kim@old.localhost', 'kim-pass');
  const ann = await listen(prosody, 'ann@old.localhost', 'ann-pass');
  // What the new account's Converse tab itself sends: the server drops a second request to a
  // contact that has one pending (RFC 6121 §3.1.3), so the friend's side alone cannot show a duplicate.
  const sent: string[] = [];
  const watch = (p: Page) => p.on('websocket', (ws) => ws.on('framesent', (frame) => typeof frame.payload === 'string' && sent.push(frame.payload)));
  browser.context.on('page', watch);
  const requestsTo = (jid: string) => sent.filter((x) => /^<presence\b/.test(x) && /type=['"]subscribe['"]/.test(x) && new RegExp(`to=['"]${jid.replace('.', '\\.')}['"]`).test(x));
  try {
    const newTab = await openConverse(browser, converse.url, ME_NEW);
    const page = await openImport();
    const box = page.getByRole('checkbox', { name: 'Tell friends I moved from me@old.localhost (XEP-0283)' });
    await expect(box).not.toBeChecked();

    // First run, box off, Ann left out: Kim gets a plain request.
    await page.getByRole('textbox', { name: 'New address for Ann Lee', exact: true }).fill('');
    await page.getByRole('button', { name: 'Import 1 friends' }).click();
    await expect(page.locator('[data-import-report] [data-added]')).toHaveText('1', { timeout: 30_000 });
    await expect(page.locator('[data-moved-sent]')).toHaveCount(0);
    await expect.poll(() => subscribesFrom(kim.raw, ME_NEW.jid).length, { timeout: 10_000 }).toBe(1);
    expect(subscribesFrom(kim.raw, ME_NEW.jid)[0]).not.toContain('urn:xmpp:moved:1');

    // Second run, box on, Ann back: only Ann gets a request, and it says where I moved from.
    await box.check();
    await page.getByRole('textbox', { name: 'New address for Ann Lee', exact: true }).fill('ann@old.localhost');
    await page.getByRole('button', { name: 'Import 2 friends' }).click();
    await expect(page.locator('[data-import-report] [data-added]')).toHaveText('1', { timeout: 30_000 });
    await expect(page.locator('[data-import-report] [data-present]')).toHaveText('1');
    await expect(page.locator('[data-moved-sent]')).toContainText('said you moved from me@old.localhost');
    await expect.poll(() => subscribesFrom(ann.raw, ME_NEW.jid).length, { timeout: 10_000 }).toBe(1);
    expect(subscribesFrom(ann.raw, ME_NEW.jid)[0]).toMatch(MOVED_FROM_OLD);

    // Nothing went twice: give stray stanzas a moment, then count again.
    await page.waitForTimeout(1000);
    expect(subscribesFrom(kim.raw, ME_NEW.jid)).toHaveLength(1);
    expect(subscribesFrom(ann.raw, ME_NEW.jid)).toHaveLength(1);
    expect(requestsTo('kim@old.localhost')).toHaveLength(1);
    expect(requestsTo('ann@old.localhost')).toHaveLength(1);
    expect(requestsTo('ann@old.localhost')[0]).toMatch(MOVED_FROM_OLD);
    await page.close();
    await newTab.close();
  } finally {
    browser.context.off('page', watch);
    await disconnect(kim.client);
    await disconnect(ann.client);
  }
});
