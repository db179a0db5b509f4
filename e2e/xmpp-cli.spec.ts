/**
 * `ferry xmpp export` and `ferry xmpp import`: the XMPP connector over Ferry's own connection,
 * against a real ejabberd. The old account is made from a XEP-0227 file (roster with names and
 * groups, 1:1 history with Korean multi-line bodies and 2024 timestamps); the CLI exports it into
 * an encrypted archive, and imports the friends into a new account twice (the second run adds
 * nobody). No browser.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Decrypter, armor } from 'age-encryption';
import { readArchive } from '../src/archive/container.js';
import { HybridIdentity } from '../src/crypto/index.js';
import { toXep0227 } from '../src/connectors/xmpp/write-xep0227.js';
import type { ArchiveContent } from '../src/model/types.js';
import { startEjabberd, type EjabberdServer } from './support/ejabberd.js';
import { rosterOf } from './support/seed.js';
import { syntheticXmppAccount } from './support/synthetic-xmpp.js';

const OLD = { jid: 'me@old.localhost', password: 'old-pw-소중해' };
const NEW = { jid: 'me@new.localhost', password: 'new-pw-1' };
const FRIENDS = 12;
// Over three 250-message pages: reading from both ends, each side pages at least twice, so the
// backward reader asks the real server for the page before a given id.
const MESSAGES = 760;

let server: EjabberdServer;
let dir: string;
/** An age key pair made by the real age-keygen: the archives are sealed to it and opened by the real age. */
let identity: string;
let recipient: string;

function account(): ArchiveContent {
  return syntheticXmppAccount({
    owner: OLD.jid,
    contacts: FRIENDS,
    conversations: 3,
    messages: MESSAGES,
    text: (n) => `${n}번째: 오늘 저녁에 시간 있어?\n둘째 줄 <&> "따옴표"`,
    startMs: Date.UTC(2024, 2, 1, 9, 0, 0),
    idPrefix: 'cli-',
  });
}

function ferry(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [resolve(import.meta.dirname, '../bin/ferry.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-xmpp-cli-'));
  chmodSync(dir, 0o755); // ejabberd reads the file as its own user
  const xep = join(dir, 'old.xml');
  writeFileSync(xep, toXep0227(account(), { owner: OLD.jid, password: OLD.password }).files[0]!.bytes);
  server = await startEjabberd({ hosts: ['old.localhost', 'new.localhost'], mamStorage: 'sqlite' });
  await server.importPiefxis(xep);
  await server.importMamArchives(xep);
  await server.register('me', 'new.localhost', NEW.password);
  identity = join(dir, 'key.txt');
  const keygen = spawnSync('age-keygen', ['-o', identity], { encoding: 'utf8' });
  recipient = /age1[0-9a-z]+/.exec(keygen.stderr)![0];
});

/** `ferry xmpp export` of the old account, sealed to the test's age key. */
function exportOld(out: string, password = OLD.password) {
  return ferry(['xmpp', 'export', '--jid', OLD.jid, '--websocket', server.websocketUrl, '-r', recipient, '-o', out], { FERRY_XMPP_PASSWORD: password });
}

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('ferry xmpp export writes the whole account into an encrypted archive that age opens, with every message, its time and its text', async () => {
  const out = join(dir, 'old-account.age');
  const run = exportOld(out);
  expect(run.stderr).not.toMatch(/ferry xmpp:/);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`wrote ${out}: 12 contacts, 3 conversations, ${MESSAGES} messages`);

  const age = spawnSync('age', ['-d', '-i', identity, out], { maxBuffer: 1 << 26 });
  expect(age.status, String(age.stderr)).toBe(0);
  const content = readArchive(new Uint8Array(age.stdout));
  expect(content.contacts.map((c) => c.displayName).sort()).toEqual(account().contacts.map((c) => c.displayName).sort());
  expect(content.contacts.find((c) => c.handles[0] === 'xmpp:friend3@old.localhost')).toMatchObject({ displayName: '친구 3', groups: ['가족', 'Work'] });
  const all = [...content.messages.values()].flat();
  expect(all).toHaveLength(MESSAGES);
  const seventh = all.find((m) => m.text?.startsWith('7번째'));
  expect(seventh).toMatchObject({ timestamp: '2024-03-01T09:00:07.000Z', text: '7번째: 오늘 저녁에 시간 있어?\n둘째 줄 <&> "따옴표"', sender: 'xmpp:friend1@old.localhost' });
  expect(new Set(all.map((m) => m.id)).size).toBe(MESSAGES);
  // Every message once, each conversation in the order it was sent, wherever the two readers met.
  expect(new Set(all.map((m) => Number(/^(\d+)번째/.exec(m.text ?? '')?.[1]))).size).toBe(MESSAGES);
  for (const list of content.messages.values()) expect(list.map((m) => m.timestamp)).toEqual(list.map((m) => m.timestamp).sort());
});

test('ferry xmpp export takes age flags as every archive-writing command does: several post-quantum recipients by -R, armor by -a, a passphrase by default; mixed keys given by -r stop it before it logs in', async () => {
  const pq = [await HybridIdentity.generate(), await HybridIdentity.generate()];
  const recipientsFile = join(dir, 'pq-recipients.txt');
  writeFileSync(recipientsFile, `# two people\n${await pq[0]!.recipient()}\n${await pq[1]!.recipient()}\n`);
  const armored = join(dir, 'pq.age');
  const run = ferry(['xmpp', 'export', '--jid', OLD.jid, '--websocket', server.websocketUrl, '-R', recipientsFile, '-a', '-o', armored], { FERRY_XMPP_PASSWORD: OLD.password });
  expect(run.status, run.stderr).toBe(0);
  const text = readFileSync(armored, 'latin1');
  expect(text).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
  for (const identity of pq) {
    const d = new Decrypter();
    d.addIdentity(String(identity));
    expect(readArchive(await d.decrypt(armor.decode(text), 'uint8array')).manifest.counts.messages).toBe(MESSAGES);
  }

  const byPassphrase = join(dir, 'passphrase.age');
  const plain = ferry(['xmpp', 'export', '--jid', OLD.jid, '--websocket', server.websocketUrl, '-o', byPassphrase], { FERRY_XMPP_PASSWORD: OLD.password, FERRY_PASSPHRASE: 'xmpp 비밀' });
  expect(plain.status, plain.stderr).toBe(0);
  expect(readFileSync(byPassphrase, 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n[^\n]+\n--- /);
  const d = new Decrypter();
  d.addPassphrase('xmpp 비밀');
  expect(readArchive(await d.decrypt(new Uint8Array(readFileSync(byPassphrase)), 'uint8array')).manifest.counts.contacts).toBe(FRIENDS);

  // A wrong password too: the keys are refused first, so the server is never asked.
  const mixed = ferry(['xmpp', 'export', '--jid', OLD.jid, '--websocket', server.websocketUrl, '-r', String(await pq[0]!.recipient()), '-r', recipient, '-o', join(dir, 'mixed.age')], { FERRY_XMPP_PASSWORD: 'not the password' });
  expect(mixed.status).toBe(2);
  expect(mixed.stderr).toMatch(/cannot be mixed in one file/);
  expect(existsSync(join(dir, 'mixed.age'))).toBe(false);
});

test('ferry xmpp import adds every friend with name and group and asks each once; a second run adds nobody', async () => {
  const out = join(dir, 'for-import.age');
  expect(exportOld(out).status).toBe(0);

  const first = ferry(['xmpp', 'import', out, '-i', identity, '--jid', NEW.jid, '--websocket', server.websocketUrl], { FERRY_XMPP_PASSWORD: NEW.password });
  expect(first.stderr).toBe('');
  expect(first.stdout).toContain('imported into me@new.localhost: 12 friends added, 0 already there, 0 not imported');
  const roster = await rosterOf(server.websocketUrl, NEW.jid, NEW.password);
  expect(roster).toHaveLength(FRIENDS);
  expect(roster.find((r) => r.jid === 'friend4@old.localhost')).toMatchObject({ name: 'Friend 4', groups: ['Friends'], ask: true });
  expect(roster.find((r) => r.jid === 'friend3@old.localhost')?.groups.sort()).toEqual(['Work', '가족']);

  const second = ferry(['xmpp', 'import', out, '-i', identity, '--jid', NEW.jid, '--websocket', server.websocketUrl], { FERRY_XMPP_PASSWORD: NEW.password });
  expect(second.stdout).toContain('0 friends added, 12 already there');
  expect(await rosterOf(server.websocketUrl, NEW.jid, NEW.password)).toHaveLength(FRIENDS);
});

test('a wrong password, a missing --jid and an archive the key does not open each stop with what to do, and nothing is written or added', async () => {
  const out = join(dir, 'never-written.age');
  const wrong = exportOld(out, 'not the password');
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toContain('The server refused the password for me@old.localhost. Check FERRY_XMPP_PASSWORD.');
  expect(existsSync(out)).toBe(false);
  // Nothing was fetched, so no journal is left for a resume either.
  expect(existsSync(`${out}.journal`)).toBe(false);

  const noJid = ferry(['xmpp', 'export', '-r', recipient, '-o', out], { FERRY_XMPP_PASSWORD: OLD.password });
  expect(noJid.status).toBe(2);
  expect(noJid.stderr).toContain('Name the account: --jid name@server.');

  const archive = join(dir, 'sealed.age');
  expect(exportOld(archive).status).toBe(0);
  const otherKey = join(dir, 'other-key.txt');
  spawnSync('age-keygen', ['-o', otherKey]);
  await server.register('other', 'new.localhost', 'other-pw');
  const wrongKey = ferry(['xmpp', 'import', archive, '-i', otherKey, '--jid', 'other@new.localhost', '--websocket', server.websocketUrl], { FERRY_XMPP_PASSWORD: 'other-pw' });
  expect(wrongKey.status).not.toBe(0);
  expect(wrongKey.stderr).toMatch(/identit|key/i);
  expect(await rosterOf(server.websocketUrl, 'other@new.localhost', 'other-pw')).toEqual([]);
});
