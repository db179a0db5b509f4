import { test, expect } from 'ferry/testing';

test.use({ accountSpec: { contacts: 5, messages: 10, seed: 3 } });

test('I can import friends twice and nothing is added twice', async ({ account, exportPage, importPage }) => {
  const archive = await exportPage.exportAccount({ passphrase: 'import twice passphrase' });
  const first = await importPage.importFriends(archive);
  expect(first).toMatchObject({ added: account.contacts.length, alreadyPresent: 0 });
  const again = await importPage.importFriends(archive);
  expect(again).toMatchObject({ added: 0, alreadyPresent: account.contacts.length });
});
