/**
 * The kit pointed at a server it did not start, as a QA team points it at its own deployment:
 * only a websocket URL and an admin account. The "team's server" here is a real Prosody started
 * with the kit's own launcher and configured as docs/qa.md tells a team to configure theirs
 * (mod_admin_adhoc, the admin JID in `admins`); the fixtures under test know nothing else about
 * it and create every account through XEP-0133 "Add User", never through prosodyctl.
 */
import { readFileSync } from 'node:fs';
import { test as kit, expect, startXmppServer } from '../testing/index.js';
import { startProsody, type ProsodyServer } from '../testing/support/prosody.js';
import { connect, disconnect } from '../testing/support/seed.js';

const HOSTS = ['team.localhost', 'team-new.localhost'] as const;
const MUC = `conference.${HOSTS[0]}`;
const ADMIN = { jid: `qa-admin@${HOSTS[0]}`, password: 'admin 배터리 horse staple' };

const test = kit.extend<object, { teamServer: ProsodyServer }>({
  teamServer: [
    async ({}, use) => {
      const server = await startProsody({ hosts: [...HOSTS], muc: MUC, admins: [ADMIN.jid] });
      try {
        const [user, host] = ADMIN.jid.split('@') as [string, string];
        await server.register(user, host, ADMIN.password);
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  xmppServerOptions: [
    async ({ teamServer }, use) => {
      await use({ kind: 'existing', websocketUrl: teamServer.websocketUrl, admin: ADMIN, hosts: HOSTS, muc: MUC });
    },
    { scope: 'worker' },
  ],
});

/** Accounts Prosody's mod_admin_adhoc logged as made by the admin ("Created new account U@H by ADMIN"). */
function createdByAdmin(server: ProsodyServer): Set<string> {
  const made = new Set<string>();
  for (const m of readFileSync(server.logPath, 'utf8').matchAll(/Created new account (\S+) by (\S+)/g)) if (m[2] === ADMIN.jid) made.add(m[1]!);
  return made;
}

test.describe('an existing server reached by URL and admin credentials', () => {
  test.use({ accountSpec: { contacts: 4, messages: 24, rooms: 1, roomMessages: 5, languages: ['ko', 'en'], seed: 19 } });

  test('I can seed an account on my own server through its admin and export it whole', async ({ xmppServer, teamServer, account, exportPage }) => {
    expect(xmppServer.kind).toBe('existing');
    const made = createdByAdmin(teamServer);
    for (const a of [account.owner, account.newOwner, ...account.contacts]) expect(made, `${a.jid} was not created by the admin's Add User`).toContain(a.jid);

    const archive = await exportPage.exportAccount({ passphrase: 'existing server 부산 passphrase' });
    // messageCount is the one-to-one messages; the archive also holds the room's.
    await expect(archive).toHoldMessages(account.messageCount + account.rooms.reduce((n, r) => n + r.messages.length, 0));
    await expect(archive).toKeepAccount(account);
    await expect(archive).toHoldContact({ name: account.contacts[0]!.name, address: account.contacts[0]!.jid });
    await expect(archive).toMatchSchema();
  });

  test('the kit says what the server answered when Add User is refused', async ({ teamServer }) => {
    const server = await startXmppServer({ kind: 'existing', websocketUrl: teamServer.websocketUrl, admin: ADMIN, hosts: HOSTS });
    const notAdmin = { jid: `plain-user@${HOSTS[0]}`, password: 'not an admin at all' };
    try {
      await server.register('twice', HOSTS[0], 'first password');
      // The account exists now: the server answers "completed" with an error note, which must not pass as success.
      await expect(server.register('twice', HOSTS[0], 'second password')).rejects.toThrow(/twice@team\.localhost.*Account already exists/);
      await server.register('plain-user', HOSTS[0], notAdmin.password);
      const asUser = await startXmppServer({ kind: 'existing', websocketUrl: teamServer.websocketUrl, admin: notAdmin, hosts: HOSTS });
      try {
        await expect(asUser.register('someone', HOSTS[0], 'a password')).rejects.toThrow(/plain-user@team\.localhost.*forbidden/);
      } finally {
        await asUser.stop();
      }
      // The first password still logs in: the refused second Add User changed nothing.
      await disconnect(await connect(teamServer.websocketUrl, `twice@${HOSTS[0]}`, 'first password', { presence: false }));
    } finally {
      await server.stop();
    }
  });
});
