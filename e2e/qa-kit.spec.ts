/**
 * The QA kit (ferry/testing, docs/qa.md) checked on its own: its matchers fail with messages that
 * say what differed, and its `account` fixture puts exactly the generated account on a real
 * Prosody (roster, vCards, history, a room). The export/import flows through its page objects run
 * in examples/qa-starter and in the specs that use them.
 */
import { writeFileSync } from 'node:fs';
import { test, expect, generateAccount, type ArchiveFile } from '../testing/index.js';
import { archiveOf, roomArchiveOf, rosterOf, ownVCardOf } from '../testing/support/seed.js';
import { sealArchive } from '../src/transfer/archive-file.js';
import { SCHEMA_VERSION, countOf, type ArchiveContent } from '../src/model/types.js';

const PASSPHRASE = 'kit 배터리 passphrase';

function smallArchive(): ArchiveContent {
  const me = 'xmpp:me@old.localhost';
  const conversation = { id: 'c1', kind: 'direct' as const, title: '김민준', participants: [{ handle: me, role: 'owner' as const }], source: me };
  const partial = {
    contacts: [{ id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: ['가족'] }],
    conversations: [conversation],
    messages: new Map([['c1', [{ id: 'm1', conversationId: 'c1', sender: 'xmpp:kim@old.localhost', timestamp: '2026-03-01T09:00:00.000Z', kind: 'text' as const, text: '잘 지내?' }]]]),
  };
  return {
    manifest: { format: 'ferry-archive', schemaVersion: SCHEMA_VERSION, createdBy: { tool: 'ferry-e2e', version: '0' }, createdAt: '2026-03-02T00:00:00.000Z', sources: [{ service: 'xmpp', account: me, exportedAt: '2026-03-02T00:00:00.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }], counts: countOf(partial) },
    ...partial,
    fidelity: [{ stage: 'export', account: me, item: 'message.reactions', count: 2, reason: 'test' }],
  };
}

test('the archive matchers pass on what the archive holds and say what differed when it does not', async ({}, testInfo) => {
  const path = testInfo.outputPath('small.age');
  writeFileSync(path, await sealArchive(smallArchive(), { passphrase: PASSPHRASE, workFactor: 12 }));
  const archive: ArchiveFile = { path, passphrase: PASSPHRASE };
  await expect(archive).toHoldMessages(1);
  await expect(archive).toHoldContact({ name: '김민준', address: 'kim@old.localhost', groups: ['가족'] });
  await expect(archive).toMatchSchema();
  await expect(archive).toHaveFidelityCounts({ 'message.reactions': 2 });
  await expect(archive).toOpenWithAgeCli();

  await expect(expect(archive).toHoldMessages(3)).rejects.toThrow(/holds 1 messages, expected 3 \(2 missing; per conversation: 김민준: 1\)/);
  await expect(expect(archive).toHoldContact({ name: '김민준', groups: ['Work'] })).rejects.toThrow(/closest is "김민준".*differs in groups \["가족"\]/);
  await expect(expect(archive).toHaveFidelityCounts({})).rejects.toThrow(/message\.reactions is 2, expected 0/);
  await expect(expect({ path, passphrase: 'not it' }).toOpenWithAgeCli()).rejects.toThrow(/does not open with the age CLI: age exited with 1/);
});

test.describe('the account fixture', () => {
  test.use({ accountSpec: { contacts: 4, messages: 30, rooms: 1, roomMessages: 6, languages: ['ko'], seed: 5 } });

  test('seeds the generated friends, profiles, history and room on the worker\'s Prosody, the same for the same seed', async ({ account, xmppServer }) => {
    const again = generateAccount({ ...account.spec, prefix: 'other' });
    expect(again.conversations.map((c) => c.messages)).toEqual(account.conversations.map((c) => c.messages));
    expect(again.contacts.map((c) => c.name)).toEqual(account.contacts.map((c) => c.name));

    const roster = await rosterOf(xmppServer.websocketUrl, account.owner.jid, account.owner.password);
    expect(roster.map((r) => [r.jid, r.name, [...r.groups].sort()]).sort()).toEqual(account.contacts.map((c) => [c.jid, c.name, [...c.groups].sort()]).sort());
    const vcard = await ownVCardOf(xmppServer.websocketUrl, account.contacts[0]!.jid, account.contacts[0]!.password);
    expect(vcard?.fullName).toBe(account.contacts[0]!.name);
    const first = account.conversations[0]!;
    const archived = await archiveOf(xmppServer.websocketUrl, account.owner.jid, account.owner.password, first.with);
    expect(archived.map((m) => m.body)).toEqual(first.messages.map((m) => m.body));
    const room = await roomArchiveOf(xmppServer.websocketUrl, account.owner.jid, account.owner.password, account.roomJids[0]!);
    expect(room.map((m) => [m.nick, m.body])).toEqual(account.rooms[0]!.messages.map((m) => [m.nick, m.body]));
    expect(account.messageCount).toBe(30);
  });
});
