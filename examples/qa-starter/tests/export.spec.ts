import { test, expect } from 'ferry/testing';

test.use({ accountSpec: { contacts: 6, messages: 60, languages: ['ko', 'en'], seed: 7 } });

test('I can export an account and the archive keeps every friend and message', async ({ account, exportPage }) => {
  const archive = await exportPage.exportAccount({ passphrase: 'qa starter 배터리 passphrase' });
  await expect(archive).toHoldMessages(account.messageCount);
  await expect(archive).toHoldContact({ name: account.contacts[0]!.name, address: account.contacts[0]!.jid });
  await expect(archive).toKeepAccount(account);
  await expect(archive).toMatchSchema();
  await expect(archive).toOpenWithAgeCli();
});
