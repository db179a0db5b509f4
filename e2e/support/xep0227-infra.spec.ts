/**
 * Temporary proof for the XEP-0227 import infrastructure (e2e/support/xep0227-import.ts and
 * e2e/support/ejabberd.ts): a hand-written XEP-0227 file goes into Prosody (prosody-migrator) and
 * into ejabberd (import_piefxis + MAM load), and a real client then reads back the roster, the
 * vCard and the message archive with the original 2024 timestamps and exact Korean multi-line bodies.
 * No browser needed.
 */
import { test, expect } from '@playwright/test';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProsody } from '../../testing/support/prosody.js';
import { startEjabberd } from '../../testing/support/ejabberd.js';
import { importIntoProsody, splitXep0227 } from '../../testing/support/xep0227-import.js';
import { archiveOf, connect, disconnect, rosterOf, type ArchivedMessage, type RosterEntry } from '../../testing/support/seed.js';

const HOST = 'new.localhost';
const ALICE = { jid: `alice@${HOST}`, password: 'alice-pw-1' };
const BOB = { jid: `bob@${HOST}`, password: 'bob-pw-2' };

const MESSAGES = [
  { from: 'alice', stamp: '2024-03-01T09:15:00Z', body: '안녕하세요, 민준 씨!\n오늘 회의는 오후 3시입니다.' },
  { from: 'bob', stamp: '2024-03-01T09:16:30Z', body: '네, 알겠습니다.\n곧 봬요 🙂\n— 민준' },
  { from: 'alice', stamp: '2024-06-15T21:05:07Z', body: '세 번째 줄까지:\n둘째 줄 <&> "따옴표"\n셋째 줄' },
] as const;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One user's archive: the same 3 messages, seen from `owner`'s side. */
function archive(owner: 'alice' | 'bob'): string {
  const full = { alice: `${ALICE.jid}/laptop`, bob: `${BOB.jid}/phone` };
  const results = MESSAGES.map((m, i) => {
    const to = m.from === 'alice' ? BOB.jid : ALICE.jid;
    return (
      `<result xmlns='urn:xmpp:mam:2' id='${owner}-2024-${i + 1}'><forwarded xmlns='urn:xmpp:forward:0'>` +
      `<delay xmlns='urn:xmpp:delay' stamp='${m.stamp}'/>` +
      `<message xmlns='jabber:client' from='${full[m.from]}' to='${to}' type='chat' id='orig-${i + 1}'><body>${esc(m.body)}</body></message>` +
      `</forwarded></result>`
    );
  });
  return `<archive xmlns='urn:xmpp:pie:0#mam'>\n      ${results.join('\n      ')}\n    </archive>`;
}

/** Two users in one file: the form ejabberd reads as-is and xep0227-import.ts splits for Prosody. */
const PIE = `<?xml version='1.0' encoding='UTF-8'?>
<server-data xmlns='urn:xmpp:pie:0'>
  <host jid='${HOST}'>
    <user name='alice' password='${ALICE.password}'>
      <query xmlns='jabber:iq:roster'>
        <item jid='${BOB.jid}' name='김민준' subscription='both'><group>친구</group><group>Work</group></item>
        <item jid='jieun@old.localhost' name='Ji-eun Lee' subscription='none'><group>Family</group></item>
      </query>
      <vCard xmlns='vcard-temp'><FN>Alice Park</FN><NICKNAME>앨리스</NICKNAME></vCard>
    ${archive('alice')}
    </user>
    <user name='bob' password='${BOB.password}'>
      <query xmlns='jabber:iq:roster'>
        <item jid='${ALICE.jid}' name='Alice' subscription='both'><group>Friends</group></item>
      </query>
    ${archive('bob')}
    </user>
  </host>
</server-data>
`;

const byJid = (r: RosterEntry[]) => [...r].sort((a, b) => a.jid.localeCompare(b.jid));

/** The 3 messages, oldest first, with their original stamps, bodies and senders. */
function expectArchive(got: ArchivedMessage[]): void {
  expect(got.map((m) => ({ body: m.body, at: m.timestamp.toISOString(), from: m.from.split('/')[0] }))).toEqual(
    MESSAGES.map((m) => ({ body: m.body, at: new Date(m.stamp).toISOString(), from: m.from === 'alice' ? ALICE.jid : BOB.jid })),
  );
}

async function expectImportedAccounts(websocketUrl: string): Promise<void> {
  // Roster with names and groups.
  expect(byJid(await rosterOf(websocketUrl, ALICE.jid, ALICE.password)).map(({ jid, name, groups, subscription }) => ({ jid, name, groups: [...groups].sort(), subscription }))).toEqual([
    { jid: BOB.jid, name: '김민준', groups: ['Work', '친구'], subscription: 'both' },
    { jid: 'jieun@old.localhost', name: 'Ji-eun Lee', groups: ['Family'], subscription: 'none' },
  ]);
  expect((await rosterOf(websocketUrl, BOB.jid, BOB.password)).map((r) => [r.jid, r.name, r.groups])).toEqual([[ALICE.jid, 'Alice', ['Friends']]]);

  // The 3 archived messages, oldest first, original stamps and bodies, on both sides.
  expectArchive(await archiveOf(websocketUrl, ALICE.jid, ALICE.password, BOB.jid));
  expectArchive(await archiveOf(websocketUrl, BOB.jid, BOB.password, ALICE.jid));

  // The vCard.
  const client = await connect(websocketUrl, ALICE.jid, ALICE.password, { presence: false });
  try {
    const vcard = await client.getVCard(ALICE.jid);
    expect(vcard.fullName).toBe('Alice Park');
    expect(JSON.stringify(vcard)).toContain('앨리스');
  } finally {
    await disconnect(client);
  }
}

let work: string;
let pieFile: string;
test.beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ferry-xep0227-spec-'));
  pieFile = join(work, 'new.localhost.xml');
  writeFileSync(pieFile, PIE);
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

test('a XEP-0227 file with two users is split into the one-user files prosody-migrator reads', () => {
  const users = splitXep0227(PIE);
  expect(users.map((u) => `${u.user}@${u.host}`)).toEqual([ALICE.jid, BOB.jid]);
  expect(users[0]!.xml).toMatch(/^<\?xml[^>]*>\n<server-data xmlns='urn:xmpp:pie:0'><host jid='new\.localhost'><user name="alice"/);
  expect(users[0]!.xml).toContain('오늘 회의는');
  expect(users[1]!.xml).not.toContain('김민준');
});

test('Prosody serves the roster, vCard and archived messages of a XEP-0227 file imported with prosody-migrator, with the original timestamps', async () => {
  // The migrator runs as `prosody`, which must be able to enter the dataDir's parents
  // (mkdtemp makes 0700 dirs).
  chmodSync(work, 0o755);
  const dataDir = join(work, 'prosody-data');
  const report = await importIntoProsody({ dataDir, host: HOST, file: pieFile });
  expect(report.users).toEqual({ [HOST]: ['alice', 'bob'] });
  console.log(`prosody-migrator import: ${report.ms.total.toFixed(0)} ms (migrator process ${report.ms.migrator.toFixed(0)} ms)`);

  const t0 = performance.now();
  const prosody = await startProsody({ hosts: [HOST], dataPath: dataDir });
  console.log(`Prosody start: ${(performance.now() - t0).toFixed(0)} ms`);
  try {
    await expectImportedAccounts(prosody.websocketUrl);
  } finally {
    await prosody.stop();
  }
});

// Both stores the support code loads archives into: Mnesia (the default) and SQLite (mod_mam_sql,
// which the #6 benchmark uses for its 100,000 messages).
for (const mamStorage of ['mnesia', 'sqlite'] as const) {
  test(`ejabberd (MAM in ${mamStorage}) serves the roster, vCard and archived messages of the same XEP-0227 file after import_piefxis and the MAM load, with the original timestamps`, async () => {
    const ejabberd = await startEjabberd({ hosts: [HOST], mamStorage });
    console.log(`ejabberd start: ${ejabberd.startMs.toFixed(0)} ms`);
    try {
      let t0 = performance.now();
      await ejabberd.importPiefxis(pieFile);
      console.log(`ejabberd import_piefxis: ${(performance.now() - t0).toFixed(0)} ms`);

      // ejabberd 23.01 skips <archive xmlns='urn:xmpp:pie:0#mam'>: nothing archived yet.
      expect(await archiveOf(ejabberd.websocketUrl, ALICE.jid, ALICE.password, BOB.jid)).toEqual([]);

      t0 = performance.now();
      expect(await ejabberd.importMamArchives(pieFile)).toEqual({ [ALICE.jid]: 3, [BOB.jid]: 3 });
      console.log(`ejabberd MAM load (${mamStorage}): ${(performance.now() - t0).toFixed(0)} ms`);

      await expectImportedAccounts(ejabberd.websocketUrl);
    } finally {
      await ejabberd.stop();
    }
  });
}
