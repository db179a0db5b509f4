/**
 * Group chats, against real Prosody (mod_muc + mod_muc_mam + mod_bookmarks) and Converse.js:
 * the owner's bookmarked rooms are exported through the extension's export page, each room from
 * its own server archive, and the saved encrypted archive holds every room message byte for byte
 * with its sender's nick, the server's id and time. Rooms the server refuses (members-only) or
 * that keep no archive are named in the archive's fidelity notes, not silently left out.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { corpus, OLD_HOST } from './fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../testing/support/converse-server.js';
import { exportThroughExtension } from '../testing/support/migration-flow.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { bookmarkRooms, roomArchiveOf, seedOldAccount, seedRoom, type RoomArchived } from '../testing/support/seed.js';
import { openArchive } from '../src/transfer/archive-file.js';
import { validateArchive } from '../src/archive/validate.js';
import type { ArchiveContent } from '../src/model/types.js';

const MUC = `conference.${OLD_HOST}`;
const TEAM = `team@${MUC}`;
const SECRET = `secret@${MUC}`;
const QUIET = `quiet@${MUC}`;
const PASSPHRASE = '단톡방 group chats 2026';
const OWN_NICK = 'Me Myself';

const [minjun, seoyeon, alice] = ['minjun', 'seoyeon', 'alice'].map((local) => corpus.contacts.find((c) => c.jid.startsWith(`${local}@`))!) as [
  (typeof corpus.contacts)[number],
  (typeof corpus.contacts)[number],
  (typeof corpus.contacts)[number],
];
const NICKS = [OWN_NICK, '민준', 'Alice W.', 'Seoyeon L'];
const teamMessages = [
  { nick: OWN_NICK, body: '다들 안녕하세요! 새 방입니다 👋' },
  { nick: '민준', body: '반가워요 🙂\n다음 주 회의는\n\n목요일 오후 3시!' },
  { nick: 'Alice W.', body: 'Hello everyone, <b>not bold</b> & "quoted"' },
  { nick: '민준', body: '가족 여행 사진은 나중에 올릴게요 👩‍👩‍👧' },
  { nick: 'Seoyeon L', body: 'Line one\nLine two\n   indented line three' },
  // Prosody answers room archive queries 50 at a time: three pages.
  ...Array.from({ length: 110 }, (_, i) => ({ nick: NICKS[i % NICKS.length]!, body: `방 메시지 ${i} · room line ${i}` })),
  { nick: OWN_NICK, body: 'See you Thursday. 목요일에 봐요.' },
];
/** A room where everyone may see real JIDs (XEP-0045 non-anonymous): its archive names the senders. */
const OPEN = `open@${MUC}`;
const openMessages = [
  { nick: 'minjun-open', body: '실명 방입니다' },
  { nick: 'me-open', body: 'my own message, found by my JID' },
];

let prosody: ProsodyServer;
let converse: ConverseServer;
let browser: ExtensionBrowser;
let outDir: string;
let serverTeam: RoomArchived[];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  outDir = mkdtempSync(join(tmpdir(), 'ferry-rooms-'));
  prosody = await startProsody({ muc: MUC });
  await seedOldAccount(prosody, corpus);
  const url = prosody.websocketUrl;
  const owner = { jid: corpus.owner.jid, password: corpus.owner.password };
  await seedRoom(url, {
    room: TEAM,
    members: [
      { ...owner, nick: OWN_NICK },
      { jid: minjun.jid, password: minjun.password, nick: '민준' },
      { jid: alice.jid, password: alice.password, nick: 'Alice W.' },
      { jid: seoyeon.jid, password: seoyeon.password, nick: 'Seoyeon L' },
    ],
    messages: teamMessages,
  });
  await seedRoom(url, {
    room: OPEN,
    members: [
      { jid: minjun.jid, password: minjun.password, nick: 'minjun-open' },
      { ...owner, nick: 'me-open' },
    ],
    config: { 'muc#roomconfig_whois': 'anyone' },
    messages: openMessages,
  });
  // Members-only and the owner is no member: Prosody's mod_muc_mam answers "forbidden".
  await seedRoom(url, {
    room: SECRET,
    members: [{ jid: minjun.jid, password: minjun.password, nick: '민준' }],
    config: { 'muc#roomconfig_membersonly': true },
    messages: [{ nick: '민준', body: 'members only' }],
  });
  // Archiving turned off by the room's owner: the room does not offer XEP-0313.
  await seedRoom(url, {
    room: QUIET,
    members: [{ jid: alice.jid, password: alice.password, nick: 'Alice' }],
    config: { 'muc#roomconfig_enablearchiving': false },
    messages: [{ nick: 'Alice', body: 'not archived' }],
  });
  await bookmarkRooms(url, owner.jid, owner.password, [
    { jid: TEAM, name: '우리 팀 Team', nick: OWN_NICK },
    { jid: SECRET, name: 'Secret' },
    { jid: QUIET },
    { jid: OPEN, name: 'Open room' }, // no nick: the real JIDs say which messages are the account's
  ]);
  serverTeam = await roomArchiveOf(url, owner.jid, owner.password, TEAM);
  expect(serverTeam.map((m) => [m.nick, m.body])).toEqual(teamMessages.map((m) => [m.nick, m.body]));
  converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  browser = await launchWithExtension({ downloadsDir: outDir });
});

test.afterAll(async () => {
  await browser?.close();
  await converse?.stop();
  await prosody?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('I can export my bookmarked group chats: every room message with its sender nick and server time, and the rooms Ferry could not read are named', async () => {
  test.setTimeout(180_000);
  const started = Date.now();
  const { archivePath } = await exportThroughExtension(browser, { converseUrl: converse.url, from: corpus.owner, passphrase: PASSPHRASE, outDir });
  test.info().annotations.push({ type: 'export + save', description: `${Date.now() - started} ms` });
  const content = await openArchive(readFileSync(archivePath), () => PASSPHRASE);
  expectGroupChats(content);
});

test('ferry xmpp export (no browser) exports the same group chats, and names the same rooms it could not read', async () => {
  const out = join(outDir, 'cli-rooms.age');
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../bin/ferry.mjs'), 'xmpp', 'export', '--jid', corpus.owner.jid, '--websocket', prosody.websocketUrl, '-o', out], {
    encoding: 'utf8',
    env: { ...process.env, FERRY_XMPP_PASSWORD: corpus.owner.password, FERRY_PASSPHRASE: PASSPHRASE },
    timeout: 120_000,
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toContain('note: conversation.kind.group (2)');
  expectGroupChats(await openArchive(readFileSync(out), () => PASSPHRASE));
});

/** The rooms of the seeded account as every export route must give them. */
function expectGroupChats(content: ArchiveContent) {
  expect(validateArchive(content).errors).toEqual([]);

  const me = corpus.owner.jid;
  const groups = content.conversations.filter((c) => c.kind === 'group');
  expect(groups.map((c) => c.id)).toEqual([`xmpp:${me}#room:${OPEN}`, `xmpp:${me}#room:${TEAM}`]);
  const team = groups.find((c) => c.sourceIds?.room === TEAM)!;
  expect(team.title).toBe('우리 팀 Team');
  expect(team.sourceIds).toEqual({ room: TEAM });
  const occupant = (nick: string) => `xmpp:${TEAM}/${nick.replace(/ /g, '%20')}`;
  const senderOf = (nick: string) => (nick === OWN_NICK ? `xmpp:${me}` : occupant(nick));
  expect(team.participants).toEqual([
    { handle: `xmpp:${me}`, role: 'member' },
    { handle: occupant('민준'), role: 'member' },
    { handle: occupant('Alice W.'), role: 'member' },
    { handle: occupant('Seoyeon L'), role: 'member' },
  ]);
  // Byte for byte, in order, with the server's archive id and time (read from the room's archive directly).
  const exported = content.messages.get(team.id)!;
  expect(exported.map((m) => ({ id: m.id, sender: m.sender, text: m.text, timestamp: m.timestamp }))).toEqual(
    serverTeam.map((m) => ({ id: `xmpp:${TEAM}#mam:${m.id}`, sender: senderOf(m.nick), text: m.body, timestamp: m.timestamp.toISOString() })),
  );
  expect(exported.map((m) => m.text)).toEqual(teamMessages.map((m) => m.body));

  // Real JIDs where the room discloses them: senders are accounts, linked to the friend list.
  const open = groups.find((c) => c.sourceIds?.room === OPEN)!;
  expect(open.title).toBe('Open room');
  expect(open.participants).toEqual([
    { handle: `xmpp:${me}`, role: 'member' },
    { handle: `xmpp:${minjun.jid}`, contactId: `xmpp:${minjun.jid}`, role: 'member' },
  ]);
  expect(content.messages.get(open.id)!.map((m) => [m.sender, m.text])).toEqual([
    [`xmpp:${minjun.jid}`, openMessages[0]!.body],
    [`xmpp:${me}`, openMessages[1]!.body],
  ]);

  // The 1:1 history is exported as before.
  const direct = content.conversations.filter((c) => c.kind === 'direct');
  expect(direct).toHaveLength(corpus.conversations.length);
  const directCount = direct.reduce((n, c) => n + content.messages.get(c.id)!.length, 0);
  expect(directCount).toBe(corpus.conversations.reduce((n, c) => n + c.messages.length, 0));
  expect(content.manifest.counts.messages).toBe(directCount + teamMessages.length + openMessages.length);

  // The two rooms that could not be read are named, with the server's reason.
  const note = content.fidelity?.find((n) => n.item === 'conversation.kind.group');
  expect(note?.count).toBe(2);
  expect(note?.reason).toContain(`${SECRET} (the server refused: forbidden)`);
  expect(note?.reason).toContain(`${QUIET} (the room keeps no archive)`);
  expect(content.fidelity?.find((n) => n.item === 'message.groupchat')).toBeUndefined();
}
