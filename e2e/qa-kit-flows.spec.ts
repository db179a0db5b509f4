/**
 * The kit's XMPP flows through its page objects, in both browsers it supports (issue 19, item 5):
 * this file runs in the chromium project (Playwright pages) and in the firefox project (firefox-esr
 * over WebDriver BiDi), see playwright.config.ts. Export is checked on the archive itself (every message, every friend, the
 * schema, the real age CLI) and in the viewer; import on the new server's roster, read back from the server.
 */
import { test, expect } from '../testing/index.js';
import { rosterOf } from '../testing/support/seed.js';
import { wordsOf } from '../src/search/index.js';

const PASSPHRASE = 'kit flows 배터리 passphrase';

test.use({ accountSpec: { contacts: 5, messages: 40, languages: ['ko', 'en'], seed: 19 } });

test('I can export an account, the archive keeps every friend and message and opens with age, and the viewer shows each conversation as sent', async ({ account, exportPage, viewer }) => {
  const archive = await exportPage.exportAccount({ passphrase: PASSPHRASE });
  await expect(archive).toHoldMessages(account.messageCount);
  await expect(archive).toHoldContact({ name: account.contacts[0]!.name, address: account.contacts[0]!.jid, groups: account.contacts[0]!.groups });
  await expect(archive).toKeepAccount(account);
  await expect(archive).toMatchSchema();
  await expect(archive).toOpenWithAgeCli();

  await viewer.open(archive);
  const nameOf = (jid: string) => account.contacts.find((c) => c.jid === jid)!.name;
  expect([...(await viewer.conversations())].sort()).toEqual(account.conversations.map((c) => nameOf(c.with)).sort());
  for (const conversation of account.conversations) expect(await viewer.read(nameOf(conversation.with))).toEqual(conversation.messages.map((m) => m.body));
  // The viewer finds messages with a word beginning with the query (src/search): counted here from the seeded texts.
  const word = wordsOf(account.conversations[0]!.messages[0]!.body)[0]!;
  const found = await viewer.search(word);
  expect(found.count).toBe(account.conversations.flatMap((c) => c.messages).filter((m) => wordsOf(m.body).some((w) => w.startsWith(word))).length);
  expect(found.count).toBeGreaterThan(0);
});

test("I can import friends into a new account, twice, and the server's roster has each of them once", async ({ account, exportPage, importPage, xmppServer }) => {
  const archive = await exportPage.exportAccount({ passphrase: PASSPHRASE });
  const first = await importPage.importFriends(archive);
  expect(first).toMatchObject({ added: account.contacts.length, alreadyPresent: 0, shown: { contacts: account.contacts.length, messages: account.messageCount } });
  const roster = await rosterOf(xmppServer.websocketUrl, account.newOwner.jid, account.newOwner.password);
  expect(roster.map((r) => [r.jid, r.name, [...r.groups].sort()]).sort()).toEqual(account.contacts.map((c) => [c.jid, c.name, [...c.groups].sort()]).sort());
  const again = await importPage.importFriends(archive);
  expect(again).toMatchObject({ added: 0, alreadyPresent: account.contacts.length });
  expect(await rosterOf(xmppServer.websocketUrl, account.newOwner.jid, account.newOwner.password)).toHaveLength(account.contacts.length);
});

test('I can ask the new server about my friends and give one of them a new address, and the roster has that address', async ({ account, exportPage, importPage, xmppServer }) => {
  const archive = await exportPage.exportAccount({ passphrase: PASSPHRASE });
  const [moved, ...others] = account.contacts;
  const newAddress = `${moved!.jid.split('@')[0]}-moved@${xmppServer.hosts[1]}`;
  const report = await importPage.importFriends(archive, { askServer: true, map: { [moved!.name]: newAddress } });
  expect(report).toMatchObject({ added: account.contacts.length, alreadyPresent: 0 });
  const roster = await rosterOf(xmppServer.websocketUrl, account.newOwner.jid, account.newOwner.password);
  expect(roster.map((r) => r.jid).sort()).toEqual([newAddress, ...others.map((c) => c.jid)].sort());
  expect(roster.find((r) => r.jid === newAddress)?.name).toBe(moved!.name);
  await expect(importPage.importFriends(archive, { map: { 'nobody by this name': 'x@new.localhost' } })).rejects.toThrow(/no friend named "nobody by this name"/);
});
