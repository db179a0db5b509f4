/**
 * Group chats through the user's own account (issue 17, the user route), for real: a KakaoTalk
 * group export in Korean (e2e/fixtures/kakaotalk-family-ko.txt, converted by `ferry convert`) and
 * a room read from an old Prosody server (`ferry xmpp export`), merged into one archive. Through
 * the import page and the Converse.js tab on Prosody, and through `ferry xmpp import --history
 * rooms` on ejabberd, each group becomes a members-only room of the new account with its history
 * quoted, the mapped friends invited and nobody else; a MUC MAM query on the new server returns
 * the quoted originals in order, a stranger is refused, and Converse.js lists the room and shows
 * its history. Running again adds nothing.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { openConverse, openFromPopup } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { startEjabberd, type EjabberdServer } from '../testing/support/ejabberd.js';
import { connect, disconnect, roomArchiveOf, rosterOf, type RoomArchived } from '../testing/support/seed.js';
import { placeholderAddress } from '../src/connectors/xmpp/ids.js';
import { FERRY, FAMILY_FIXTURE, OLD_MUC, NEW_MUC, TEAM, ME_OLD, KIM_OLD, ALICE_OLD, ME, KIM, MINJUN, STRANGER, FAMILY_ID, TEAM_ID, FAMILY_ROOM, TEAM_ROOM, teamMessages, seedOldTeam } from './fixtures/group-rooms-cast.js';

test.describe.configure({ mode: 'serial' });

const SHOTS = resolve(import.meta.dirname, '..', 'test-results', 'screenshots', 'group-rooms');
const PASSPHRASE = '단톡방 rooms of my own';

/** The KakaoTalk group as a person reads the fixture: who, when (Seoul), what. The user is 회원님. */
const FAMILY: [string, string, string][] = [
  ['me', '2023-09-20 18:00:00 +09:00', '추석에 다들 언제 와요?'],
  ['민준', '2023-09-20 18:01:00 +09:00', '저는 27일 저녁에 도착해요.\n기차표 예매했어요 🚄'],
  ['서연', '2023-09-20 18:03:00 +09:00', '[file: image/jpeg, not in the archive]'],
  ['서연', '2023-09-20 18:03:00 +09:00', '우리는 28일 아침! <&> "따옴표" \'ok\''],
  ['할머니', '2023-09-21 09:15:00 +09:00', '다들 조심히 와라'],
  ['me', '2023-09-21 09:20:00 +09:00', '네 할머니 ❤️'],
  ['민준', '2023-09-21 09:21:00 +09:00', '송편 제가 사 갈게요'],
];

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let dir: string;
let archivePath: string;
/** The old room as its server archived it: the times the quoted originals must carry. */
let oldTeam: RoomArchived[];

function ferry(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE, ...env }, timeout: 180_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const utc = (d: Date) => d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
/** What the rooms route promises each message becomes: the sender and original time, then the text. */
const quoted = (rows: [string, string, string][]) => rows.map(([who, when, text]) => `${who} · ${when}\n${text}`);
const teamQuoted = () =>
  quoted(
    oldTeam.map((m) => {
      const who = m.nick === 'Me' ? 'me' : m.nick === '민준' ? '김민준' : 'alice@old.localhost';
      return [who, utc(m.timestamp), m.body];
    }),
  );

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'ferry-group-rooms-'));
  chmodSync(dir, 0o755);
  prosody = await startProsody({ muc: [OLD_MUC, NEW_MUC] });
  for (const a of [ME_OLD, KIM_OLD, ALICE_OLD, ME, KIM, MINJUN, STRANGER]) await prosody.register(a.jid.split('@')[0]!, a.jid.split('@')[1]!, a.password);
  oldTeam = await seedOldTeam(prosody.websocketUrl);
  expect(oldTeam.map((m) => m.body)).toEqual(teamMessages.map((m) => m.body));

  // What a person does: export the old account, convert the KakaoTalk file, merge the two.
  const old = join(dir, 'old.age');
  const kakao = join(dir, 'kakao.age');
  archivePath = join(dir, 'all.age');
  const exported = ferry(['xmpp', 'export', '--jid', ME_OLD.jid, '--websocket', prosody.websocketUrl, '-o', old], { FERRY_XMPP_PASSWORD: ME_OLD.password });
  expect(exported.status, exported.stderr).toBe(0);
  const converted = ferry(['convert', FAMILY_FIXTURE, '--tz', 'Asia/Seoul', '-o', kakao]);
  expect(converted.status, converted.stderr).toBe(0);
  const merged = ferry(['merge', old, kakao, '-o', archivePath]);
  expect(merged.status, merged.stderr).toBe(0);
  expect(merged.stdout).toContain('2 conversations, 11 messages');
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension();
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function expectNoSeriousAxeViolations(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

/** The room's archive as `who` reads it, bodies only; or the server's refusal. */
async function roomBodies(url: string, who: { jid: string; password: string }, room: string): Promise<string[] | string> {
  return roomArchiveOf(url, who.jid, who.password, room).then(
    (items) => items.map((m) => m.body),
    (e: { error?: { condition?: string } }) => e.error?.condition ?? String(e),
  );
}

async function roomFeatures(url: string, room: string): Promise<string[]> {
  const client = await connect(url, ME.jid, ME.password, { presence: false });
  try {
    return (await client.getDiscoInfo(room)).features ?? [];
  } finally {
    await disconnect(client);
  }
}

/** Converse.js lists the room (its bookmark, autojoined) and shows its history once opened. */
async function expectConverseShowsRoom(page: Page, room: string, title: string, lastText: string) {
  const link = page.locator(`a.open-room[data-room-jid="${room}"]`);
  await link.waitFor({ timeout: 60_000 });
  await expect(link).toContainText(title);
  await link.click();
  await expect(page.locator(`converse-muc[jid="${room}"]`).getByText(lastText).first()).toBeVisible({ timeout: 30_000 });
}

test('from the import page, each group becomes a members-only room of mine with its history quoted in order; only mapped friends are invited, and Converse.js shows it', async () => {
  test.setTimeout(180_000);
  const tab = await openConverse(browser, converse.url, ME);
  const page = await openFromPopup(browser, 'Import into a messenger');
  await page.getByLabel('Archive file (.age)').setInputFiles(archivePath);
  await page.getByLabel('Passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('radio').first().waitFor({ timeout: 60_000 });
  // The KakaoTalk file lists nobody, yet everyone who wrote is in the table, under their name.
  const address = (name: string) => page.getByRole('textbox', { name: `New address for ${name}`, exact: true });
  // The table comes once scrypt has unlocked the archive, which on a loaded machine may take
  // longer than the messenger list: wait for the unlock, not for the assertion's few seconds.
  await address('할머니').waitFor({ timeout: 60_000 });
  await expect(address('할머니')).toHaveValue('');
  await expect(page.locator('[data-preview="contacts-placeholder"] [data-preview-count]')).toHaveText('3');
  await address('민준').fill(MINJUN.jid);
  await address('김민준').fill(KIM.jid);

  const started = Date.now();
  await page.getByRole('button', { name: 'Create 2 group chats with their history' }).click();
  const report = page.locator('[data-rooms-report]');
  await report.locator('[data-rooms-sent]').waitFor({ timeout: 120_000 });
  test.info().annotations.push({ type: 'rooms route, extension (Prosody)', description: `${Date.now() - started} ms for 2 rooms, 11 messages` });
  await expect(report.locator('[data-rooms-count]')).toHaveText('2');
  await expect(report.locator('[data-rooms-sent]')).toHaveText('11');
  await expect(report.locator('[data-rooms-invited]')).toHaveText('2');
  await expect(report.locator(`[data-room="${FAMILY_ROOM}"] [data-room-unmapped]`)).toContainText('서연, 할머니');
  await expect(report.locator(`[data-room="${TEAM_ROOM}"] [data-room-unmapped]`)).toContainText('alice@old.localhost');
  await expect(report.locator('[data-dropped="message.timestamp"]')).toHaveAttribute('data-dropped-count', '11');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'import-page-report.png'), fullPage: true });
  await expectNoSeriousAxeViolations(page, 'the rooms report');

  // The new server's archive of each room: the quoted originals, in order, for me and for the invited member.
  const url = prosody.websocketUrl;
  expect(await roomBodies(url, ME, FAMILY_ROOM)).toEqual(quoted(FAMILY));
  expect(await roomBodies(url, MINJUN, FAMILY_ROOM)).toEqual(quoted(FAMILY));
  expect(await roomBodies(url, KIM, TEAM_ROOM)).toEqual(teamQuoted());
  // Members-only and not listed: someone not invited is refused, and 김민준 is no member of the family room.
  expect(await roomBodies(url, STRANGER, FAMILY_ROOM)).toBe('forbidden');
  expect(await roomBodies(url, KIM, FAMILY_ROOM)).toBe('forbidden');
  expect(await roomFeatures(url, FAMILY_ROOM)).toEqual(expect.arrayContaining(['muc_membersonly', 'muc_hidden', 'muc_persistent', 'urn:xmpp:mam:2']));

  await expectConverseShowsRoom(tab, FAMILY_ROOM, '우리 가족 🏠', '송편 제가 사 갈게요');
  await tab.screenshot({ path: join(SHOTS, 'converse-prosody.png') });

  // Again: nothing is written twice.
  await page.getByRole('button', { name: 'Create 2 group chats with their history' }).click();
  await expect(report.locator('[data-rooms-present]')).toHaveText('11', { timeout: 60_000 });
  await expect(report.locator('[data-rooms-sent]')).toHaveText('0');
  await expect(report.locator('[data-rooms-invited]')).toHaveText('0');
  expect(await roomBodies(url, ME, FAMILY_ROOM)).toEqual(quoted(FAMILY));

  // The friends import puts the people without an address on the roster under their names, asking nobody.
  await page.getByRole('button', { name: /^Import \d+ friends$/ }).click();
  await page.locator('[data-import-report]').waitFor({ timeout: 30_000 });
  await expect(page.locator('[data-import-report] [data-mapped-count]')).toHaveAttribute('data-mapped-count', '2');
  await expect(page.locator('[data-import-report] [data-placeholder-count]')).toHaveAttribute('data-placeholder-count', '2');
  const roster = await rosterOf(url, ME.jid, ME.password);
  expect(roster.map((r) => r.jid).sort()).toEqual([KIM.jid, MINJUN.jid, placeholderAddress('kakaotalk:서연'), placeholderAddress('kakaotalk:할머니')].sort());
  expect(roster.find((r) => r.name === '할머니')).toMatchObject({ jid: placeholderAddress('kakaotalk:할머니'), ask: false });
  expect(roster.find((r) => r.jid === MINJUN.jid)).toMatchObject({ name: '민준', ask: true });
  expect(roster.filter((r) => !r.name || /^ferry-[0-9a-f]+$/.test(r.name))).toEqual([]);
  await page.close();
  await tab.close();
});

test('ferry xmpp import --history rooms does the same on ejabberd, mapping by name and from a CSV file, and a second run adds nothing', async () => {
  test.setTimeout(240_000);
  let ejabberd: EjabberdServer | undefined;
  let ejConverse: ConverseServer | undefined;
  try {
    ejabberd = await startEjabberd({ hosts: ['new.localhost'], mamStorage: 'sqlite', muc: NEW_MUC });
    for (const a of [ME, KIM, MINJUN, STRANGER]) await ejabberd.register(a.jid.split('@')[0]!, 'new.localhost', a.password);
    const mapFile = join(dir, 'friends.csv');
    writeFileSync(mapFile, 'name,new address\n김민준,kim@new.localhost\n');
    const args = ['xmpp', 'import', archivePath, '--jid', ME.jid, '--websocket', ejabberd.websocketUrl, '--map', `민준=${MINJUN.jid}`, '--map-file', mapFile, '--history', 'rooms'];
    const started = Date.now();
    const first = ferry(args, { FERRY_XMPP_PASSWORD: ME.password });
    test.info().annotations.push({ type: 'rooms route, CLI (ejabberd)', description: `${Date.now() - started} ms for friends, 2 rooms, 11 messages (process start included)` });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('of those in the account: 2 under a mapped address, 2 under placeholder addresses with their names');
    expect(first.stdout).toContain(`group chats on ${NEW_MUC}: 2 rooms, 11 messages written, 0 already there, 2 friends invited`);
    expect(first.stdout).toContain(`  우리 가족 🏠: ${FAMILY_ROOM} (created)\n    invited: ${MINJUN.jid}\n    named in the messages only, not invited (no address): 서연, 할머니`);
    expect(first.stdout).toMatch(/dropped or changed: message\.timestamp: 11 \(/);

    const url = ejabberd.websocketUrl;
    expect(await roomBodies(url, MINJUN, FAMILY_ROOM)).toEqual(quoted(FAMILY));
    expect(await roomBodies(url, KIM, TEAM_ROOM)).toEqual(teamQuoted());
    expect(await roomBodies(url, STRANGER, FAMILY_ROOM)).toBe('forbidden');
    expect(await roomFeatures(url, FAMILY_ROOM)).toEqual(expect.arrayContaining(['muc_membersonly', 'muc_hidden', 'muc_persistent', 'urn:xmpp:mam:2']));

    const second = ferry(args, { FERRY_XMPP_PASSWORD: ME.password });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('2 rooms, 0 messages written, 11 already there, 0 friends invited');
    expect(await roomBodies(url, ME, FAMILY_ROOM)).toEqual(quoted(FAMILY));
    // Friends under the mapped addresses, the rest under their names on placeholders; nobody under an old address.
    expect((await rosterOf(url, ME.jid, ME.password)).map((r) => [r.jid, r.name, r.ask]).sort()).toEqual(
      [
        [KIM.jid, '김민준', true],
        [MINJUN.jid, '민준', true],
        [placeholderAddress('kakaotalk:서연'), '서연', false],
        [placeholderAddress('kakaotalk:할머니'), '할머니', false],
      ].sort(),
    );

    ejConverse = await startConverseServer({ websocketUrl: url });
    const page = await browser.context.newPage();
    await page.goto(`${ejConverse.url}?jid=${encodeURIComponent(ME.jid)}&password=${encodeURIComponent(ME.password)}`);
    await expectConverseShowsRoom(page, TEAM_ROOM, '우리 팀 Team', 'See you Thursday. 목요일에 봐요.');
    await page.screenshot({ path: join(SHOTS, 'converse-ejabberd.png') });
    await page.close();
  } finally {
    await ejConverse?.stop();
    await ejabberd?.stop();
  }
});

test('a mapping that names nobody in the archive stops the command before it logs in', async () => {
  const run = ferry(['xmpp', 'import', archivePath, '--jid', ME.jid, '--websocket', prosody.websocketUrl, '--map', '민주=x@new.localhost', '--history', 'rooms'], { FERRY_XMPP_PASSWORD: 'not even asked' });
  expect(run.status).toBe(2);
  // The password is wrong on purpose: had it logged in, the server would have refused it.
  expect(run.stderr).toContain('--map 민주=x@new.localhost: nobody in the archive is called "민주"');
});
