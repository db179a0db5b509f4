/**
 * Group chats through the new server's admin (issue 17, the admin route), for real: a KakaoTalk
 * group export in Korean (e2e/fixtures/kakaotalk-family-ko.txt, `ferry convert`) and a room read
 * from an old Prosody (`ferry xmpp export`), merged into one archive. `ferry export-format xep0227`
 * writes the account's file and its room file; the admin imports the account with the server's own
 * tool and loads the rooms with `ferry xmpp load-rooms`, on Prosody 0.12 (prosodyctl shell and
 * Ferry's loader) and on ejabberd 23.01 (ejabberdctl and mod_mam's SQLite archive). Then a MUC MAM
 * query on the new server returns every message in order under its original sender's nick, with
 * its original time; the owner's bookmark is there; a stranger is refused; a second load adds
 * nothing; and Converse.js lists the room and shows its history.
 */
import { test, expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { startEjabberd, type EjabberdServer } from '../testing/support/ejabberd.js';
import { importIntoProsody } from '../testing/support/xep0227-import.js';
import { connect, disconnect, type RoomArchived } from '../testing/support/seed.js';
import { placeholderAddress } from '../src/connectors/xmpp/ids.js';
import { FERRY, FAMILY_FIXTURE, OLD_MUC, NEW_MUC, TEAM, ME_OLD, KIM_OLD, ALICE_OLD, ME, KIM, MINJUN, STRANGER, FAMILY_ID, TEAM_ID, FAMILY_ROOM, TEAM_ROOM, teamMessages, seedOldTeam } from './fixtures/group-rooms-cast.js';

test.describe.configure({ mode: 'serial' });

const SHOTS = resolve(import.meta.dirname, '..', 'test-results', 'screenshots', 'group-rooms-admin');
const PASSPHRASE = '단톡방 for the admin';

/**
 * The KakaoTalk group as a person reads the fixture: who (as nick), when (Seoul, +09:00), what,
 * and the address the archive serves for them: the owner's, the mapped friend's, and the
 * placeholder of someone without one (never a member, but told apart from namesakes).
 */
const FAMILY: [string, string, string, string][] = [
  ['me', '2023-09-20T18:00:00+09:00', '추석에 다들 언제 와요?', ME.jid],
  ['민준', '2023-09-20T18:01:00+09:00', '저는 27일 저녁에 도착해요.\n기차표 예매했어요 🚄', MINJUN.jid],
  ['서연', '2023-09-20T18:03:00+09:00', '[file: image/jpeg, not in the archive]', placeholderAddress('kakaotalk:서연')],
  ['서연', '2023-09-20T18:03:00+09:00', '우리는 28일 아침! <&> "따옴표" \'ok\'', placeholderAddress('kakaotalk:서연')],
  ['할머니', '2023-09-21T09:15:00+09:00', '다들 조심히 와라', placeholderAddress('kakaotalk:할머니')],
  ['me', '2023-09-21T09:20:00+09:00', '네 할머니 ❤️', ME.jid],
  ['민준', '2023-09-21T09:21:00+09:00', '송편 제가 사 갈게요', MINJUN.jid],
];
/** The nicks the team room's senders get on the new server: the owner's, the friend's name, the address of someone not in the friend list. */
const TEAM_NICK: Record<string, string> = { Me: 'me', 민준: '김민준', Alice: 'alice@old.localhost' };

let prosody: ProsodyServer;
let browser: ExtensionBrowser;
let dir: string;
let userFile: string;
let roomFile: string;
let exportOut: string;
let oldTeam: RoomArchived[];

function ferry(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: PASSPHRASE, ...env }, timeout: 300_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'ferry-rooms-admin-'));
  // The servers' own users (prosody, ejabberd) read the files the admin hands them.
  chmodSync(dir, 0o755);
  prosody = await startProsody({ muc: OLD_MUC, hosts: ['old.localhost'] });
  for (const a of [ME_OLD, KIM_OLD, ALICE_OLD]) await prosody.register(a.jid.split('@')[0]!, 'old.localhost', a.password);
  oldTeam = await seedOldTeam(prosody.websocketUrl);
  expect(oldTeam.map((m) => m.body)).toEqual(teamMessages.map((m) => m.body));

  // What the person does: export the old account, convert the KakaoTalk file, merge the two;
  // then what they hand the new server's admin: the XEP-0227 file and its room file.
  const old = join(dir, 'old.age');
  const kakao = join(dir, 'kakao.age');
  const archive = join(dir, 'all.age');
  const exported = ferry(['xmpp', 'export', '--jid', ME_OLD.jid, '--websocket', prosody.websocketUrl, '-o', old], { FERRY_XMPP_PASSWORD: ME_OLD.password });
  expect(exported.status, exported.stderr).toBe(0);
  const converted = ferry(['convert', FAMILY_FIXTURE, '--tz', 'Asia/Seoul', '-o', kakao]);
  expect(converted.status, converted.stderr).toBe(0);
  const merged = ferry(['merge', old, kakao, '-o', archive]);
  expect(merged.status, merged.stderr).toBe(0);
  userFile = join(dir, 'me@new.localhost.xml');
  roomFile = join(dir, 'me@new.localhost.rooms.xml');
  const written = ferry(['export-format', 'xep0227', archive, '--owner', ME.jid, '--map', `kakaotalk:민준=${MINJUN.jid}`, '--map', `xmpp:${KIM_OLD.jid}=${KIM.jid}`, '-o', userFile], { FERRY_XMPP_PASSWORD: ME.password });
  expect(written.status, written.stderr).toBe(0);
  exportOut = written.stdout;
  chmodSync(userFile, 0o644);
  chmodSync(roomFile, 0o644);
  browser = await launchWithExtension();
});

test.afterAll(async () => {
  await browser?.close();
  await prosody?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('ferry export-format xep0227 writes the room file next to the account file, counts the rooms as kept and prints each server\'s load commands', () => {
  expect(exportOut).toContain(`wrote ${roomFile} (the rooms)`);
  expect(exportOut).toMatch(/^kept: \d+ contacts, 2 conversations, 11 messages, 2 rooms, 3 members$/m);
  expect(exportOut).not.toContain('not imported into a user archive');
  expect(exportOut).toContain(`group chats: 2 rooms with 11 messages on ${NEW_MUC}`);
  expect(exportOut).toContain(`ferry xmpp load-rooms ${roomFile} --prosody`);
  expect(exportOut).toContain(`ferry xmpp load-rooms ${roomFile} --ejabberd --host new.localhost --sqlite`);
  expect(exportOut).toContain('prosodyctl shell');
  const user = readFileSync(userFile, 'utf8');
  expect(user).toContain(`<conference jid='${FAMILY_ROOM}' name='우리 가족 🏠' autojoin='true'>`);
  expect(user).toContain(`<item id='${TEAM_ROOM}'><conference xmlns='urn:xmpp:bookmarks:1'`);
});

/** The room's archive as `who` reads it: nick, real address (when served), body, time; or the server's refusal. */
async function roomArchive(url: string, who: { jid: string; password: string }, room: string): Promise<{ nick: string; jid?: string; body: string; at: string }[] | string> {
  const client = await connect(url, who.jid, who.password, { presence: false });
  try {
    const out: { nick: string; jid?: string; body: string; at: string }[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page++) {
      const fin = await client.searchHistory(room, { paging: { max: 5, ...(after ? { after } : {}) } });
      for (const r of fin.results ?? []) {
        const m = r.item.message;
        if (!m?.body) continue;
        const real = (m as { muc?: { jid?: string } }).muc?.jid;
        out.push({ nick: (m.from ?? '').split('/').slice(1).join('/'), ...(real ? { jid: real.split('/')[0]! } : {}), body: m.body, at: r.item.delay!.timestamp!.toISOString() });
      }
      after = fin.paging?.last;
      if (fin.complete || !after || (fin.results ?? []).length === 0) return out;
    }
    throw new Error('too many pages');
  } catch (e) {
    return (e as { error?: { condition?: string } }).error?.condition ?? String(e);
  } finally {
    await disconnect(client);
  }
}

const iso = (s: string) => new Date(s).toISOString();
const expectedFamily = (withJids: boolean) => FAMILY.map(([nick, at, body, jid]) => ({ nick, body, at: iso(at), ...(withJids ? { jid } : {}) }));
const expectedTeam = () => oldTeam.map((m) => ({ nick: TEAM_NICK[m.nick]!, body: m.body, at: new Date(Math.floor(m.timestamp.getTime() / 1000) * 1000).toISOString() }));
const withoutJids = (rows: { nick: string; jid?: string; body: string; at: string }[] | string) => (typeof rows === 'string' ? rows : rows.map(({ jid: _jid, ...rest }) => rest));

async function bookmarksOf(url: string, who: { jid: string; password: string }): Promise<string[]> {
  const client = await connect(url, who.jid, who.password, { presence: false });
  try {
    return (await client.getBookmarks()).map((b) => b.jid).sort();
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

async function converseShot(url: string, room: string, title: string, last: string, name: string) {
  const converse: ConverseServer = await startConverseServer({ websocketUrl: url });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${converse.url}?jid=${encodeURIComponent(ME.jid)}&password=${encodeURIComponent(ME.password)}`);
    await expectConverseShowsRoom(page, room, title, last);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, name) });
    await page.close();
  } finally {
    await converse.stop();
  }
}

test('on Prosody, the account from prosody-migrator and the rooms from ferry xmpp load-rooms --prosody: every message in order under its nick at its original time, the bookmark, and Converse.js shows the room', async () => {
  test.setTimeout(240_000);
  const data = join(dir, 'prosody-new');
  mkdirSync(data);
  chmodSync(data, 0o755);
  await importIntoProsody({ dataDir: data, file: userFile });
  const server = await startProsody({ hosts: ['new.localhost'], muc: NEW_MUC, dataPath: data, adminShell: true });
  try {
    for (const a of [KIM, MINJUN, STRANGER]) await server.register(a.jid.split('@')[0]!, 'new.localhost', a.password);
    const args = ['xmpp', 'load-rooms', roomFile, '--prosody', '--prosodyctl', `prosodyctl --config ${server.configPath}`];
    const started = Date.now();
    const load = ferry(args);
    test.info().annotations.push({ type: 'admin route, Prosody load', description: `${Date.now() - started} ms for 2 rooms, 11 messages (process start included)` });
    expect(load.stderr).toBe('');
    expect(load.status).toBe(0);
    expect(load.stdout).toContain(`${FAMILY_ROOM}: created, 2 affiliations, 7 of 7 messages added`);
    expect(load.stdout).toContain(`${TEAM_ROOM}: created, 3 affiliations, 4 of 4 messages added`);

    const url = server.websocketUrl;
    expect(await roomArchive(url, ME, FAMILY_ROOM)).toEqual(expectedFamily(true));
    expect(withoutJids(await roomArchive(url, MINJUN, FAMILY_ROOM))).toEqual(expectedFamily(false));
    expect(withoutJids(await roomArchive(url, KIM, TEAM_ROOM))).toEqual(expectedTeam());
    expect(await roomArchive(url, STRANGER, FAMILY_ROOM)).toBe('forbidden');
    expect(await roomArchive(url, KIM, FAMILY_ROOM)).toBe('forbidden');
    expect(await bookmarksOf(url, ME)).toEqual([FAMILY_ROOM, TEAM_ROOM].sort());

    const again = ferry(args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${FAMILY_ROOM}: updated, 2 affiliations, 0 of 7 messages added`);
    expect(withoutJids(await roomArchive(url, ME, FAMILY_ROOM))).toEqual(expectedFamily(false));

    await converseShot(url, FAMILY_ROOM, '우리 가족 🏠', '송편 제가 사 갈게요', 'converse-prosody.png');
  } finally {
    await server.stop();
  }
});

test('on ejabberd, the account from import_piefxis and the rooms from ferry xmpp load-rooms --ejabberd: every message in order under its nick at its original time, the bookmark, and Converse.js shows the room', async () => {
  test.setTimeout(360_000);
  let server: EjabberdServer | undefined;
  try {
    server = await startEjabberd({ hosts: ['new.localhost'], mamStorage: 'sqlite', muc: NEW_MUC });
    await server.importPiefxis(userFile);
    await server.importMamArchives(userFile);
    for (const a of [KIM, MINJUN, STRANGER]) await server.register(a.jid.split('@')[0]!, 'new.localhost', a.password);
    const args = ['xmpp', 'load-rooms', roomFile, '--ejabberd', '--sqlite', server.sqliteFile!, '--ejabberdctl', server.ctlCommand.join(' ')];
    const started = Date.now();
    const load = ferry(args);
    test.info().annotations.push({ type: 'admin route, ejabberd load', description: `${Date.now() - started} ms for 2 rooms, 11 messages (process start and every ejabberdctl call included)` });
    expect(load.stderr).toBe('');
    expect(load.status).toBe(0);
    expect(load.stdout).toContain(`${FAMILY_ROOM}: created, 2 affiliations, 7 messages`);
    expect(load.stdout).toContain('archive: 11 of 11 messages added');

    const url = server.websocketUrl;
    // ejabberd keeps the time to the microsecond: the fixture's are whole minutes, the old room's are Prosody's whole seconds.
    expect(await roomArchive(url, ME, FAMILY_ROOM)).toEqual(expectedFamily(true));
    expect(withoutJids(await roomArchive(url, MINJUN, FAMILY_ROOM))).toEqual(expectedFamily(false));
    expect(withoutJids(await roomArchive(url, KIM, TEAM_ROOM))).toEqual(expectedTeam());
    expect(await roomArchive(url, STRANGER, FAMILY_ROOM)).toBe('forbidden');
    expect(await bookmarksOf(url, ME)).toEqual([FAMILY_ROOM, TEAM_ROOM].sort());

    const again = ferry(args);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('archive: 0 of 11 messages added (11 were there already)');
    expect(withoutJids(await roomArchive(url, ME, FAMILY_ROOM))).toEqual(expectedFamily(false));

    await converseShot(url, FAMILY_ROOM, '우리 가족 🏠', '송편 제가 사 갈게요', 'converse-ejabberd.png');
  } finally {
    await server?.stop();
  }
});
