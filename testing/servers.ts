/**
 * The `xmppServer` fixture's server: a private Prosody or ejabberd on free loopback ports, or a
 * team's own deployment reached by URL with admin credentials. Either way Converse.js is served
 * locally, pointed at the server's websocket, as the messenger page Ferry works in.
 */
import { connect, disconnect } from './support/seed.js';
import { startConverseServer, type ConverseServer } from './support/converse-server.js';
import { startProsody } from './support/prosody.js';
import { startEjabberd } from './support/ejabberd.js';

export interface XmppServerOptions {
  /** 'prosody' (default) or 'ejabberd': started for this worker. 'existing': the server below. */
  kind?: 'prosody' | 'ejabberd' | 'existing';
  /** For 'existing': the server's websocket, e.g. wss://xmpp.example.org/xmpp-websocket. */
  websocketUrl?: string;
  /**
   * For 'existing': an admin account; accounts are created with XEP-0133 "Add User" (ad-hoc
   * commands), which the admin must be allowed to run (Prosody: mod_admin_adhoc and `admins`;
   * ejabberd: the admin ACL).
   */
  admin?: { jid: string; password: string };
  /** The old and the new provider's domains. Default ['old.localhost', 'new.localhost']. */
  hosts?: readonly [string, string];
  /** A group chat service to seed rooms on. Default 'conference.<old host>' for a started server; none for 'existing' unless given. */
  muc?: string;
}

export interface XmppServer {
  kind: 'prosody' | 'ejabberd' | 'existing';
  websocketUrl: string;
  /** Converse.js for this server (add ?jid=&password= to log in). */
  converseUrl: string;
  /** [old provider, new provider]. */
  hosts: readonly [string, string];
  muc?: string;
  /** Creates an account. When it exists, the server decides: Prosody (prosodyctl) overwrites its password; ejabberd and an existing server's Add User refuse, and this throws. */
  register(user: string, host: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

/** Reads FERRY_XMPP_* from the environment, so CI can point a whole suite at another server without editing specs. */
export function xmppOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): XmppServerOptions {
  if (!env.FERRY_XMPP_WEBSOCKET_URL) return env.FERRY_XMPP_SERVER === 'ejabberd' ? { kind: 'ejabberd' } : { kind: 'prosody' };
  const hosts = env.FERRY_XMPP_HOSTS?.split(',').map((h) => h.trim());
  if (!env.FERRY_XMPP_ADMIN_JID || !env.FERRY_XMPP_ADMIN_PASSWORD) throw new Error('FERRY_XMPP_WEBSOCKET_URL is set, so FERRY_XMPP_ADMIN_JID and FERRY_XMPP_ADMIN_PASSWORD must be too (the kit creates its test accounts with them)');
  if (hosts && hosts.length !== 2) throw new Error(`FERRY_XMPP_HOSTS must be two domains, old and new, separated by a comma; got ${JSON.stringify(env.FERRY_XMPP_HOSTS)}`);
  return {
    kind: 'existing',
    websocketUrl: env.FERRY_XMPP_WEBSOCKET_URL,
    admin: { jid: env.FERRY_XMPP_ADMIN_JID, password: env.FERRY_XMPP_ADMIN_PASSWORD },
    ...(hosts ? { hosts: hosts as [string, string] } : {}),
    ...(env.FERRY_XMPP_MUC ? { muc: env.FERRY_XMPP_MUC } : {}),
  };
}

const ADD_USER = 'http://jabber.org/protocol/admin#add-user';

type CommandReply = { command?: { sid?: string; status?: string; notes?: { type?: string; value?: string }[] } };

/** A refused IQ comes back from stanza as the error stanza itself, not an Error: say its condition and text. */
function refusal(e: unknown): string {
  const error = (e as { error?: { condition?: string; text?: string } } | undefined)?.error;
  if (!error) return e instanceof Error ? e.message : String(e);
  return `${error.condition ?? 'error'}${error.text ? `: ${error.text}` : ''}`;
}

/**
 * XEP-0133 §4.1: the admin runs "Add User" on the user's domain; the server answers with a form,
 * the admin submits it. A server that refuses the account (it exists, the admin may not create
 * it there) still answers the submit with a result, status "completed", and says so only in an
 * error note (XEP-0050 §6.3.1; Prosody's mod_admin_adhoc does this), so the notes decide.
 */
async function addUserAsAdmin(websocketUrl: string, admin: { jid: string; password: string }, user: string, host: string, password: string): Promise<void> {
  const account = `${user}@${host}`;
  const fail = (why: string) => new Error(`${admin.jid} could not add ${account} with XEP-0133 Add User on ${host}: ${why}. The admin needs the right to run the server's admin commands there (docs/qa.md, "Pointing the kit at your own server")`);
  const client = await connect(websocketUrl, admin.jid, admin.password, { presence: false });
  try {
    const send = async (command: object): Promise<CommandReply> => {
      try {
        return (await client.sendIQ({ type: 'set', to: host, command } as never)) as CommandReply;
      } catch (e) {
        throw fail(refusal(e));
      }
    };
    const first = await send({ node: ADD_USER, action: 'execute' });
    const sid = first.command?.sid;
    if (!sid) throw fail('the server started no command session');
    const done = await send({
      node: ADD_USER,
      sid,
      action: 'complete',
      form: {
        type: 'submit',
        fields: [
          { name: 'FORM_TYPE', type: 'hidden', value: 'http://jabber.org/protocol/admin' },
          { name: 'accountjid', type: 'jid-single', value: account },
          { name: 'password', type: 'text-private', value: password },
          { name: 'password-verify', type: 'text-private', value: password },
        ],
      },
    });
    const errors = (done.command?.notes ?? []).filter((n) => n.type === 'error').map((n) => n.value ?? '');
    if (errors.length) throw fail(`the server said ${JSON.stringify(errors.join('; '))}`);
    if (done.command?.status !== 'completed') throw fail(`the command ended as ${JSON.stringify(done.command?.status ?? 'nothing')}, not completed`);
  } finally {
    await disconnect(client);
  }
}

export async function startXmppServer(options: XmppServerOptions = {}): Promise<XmppServer> {
  const kind = options.kind ?? 'prosody';
  const hosts = options.hosts ?? (['old.localhost', 'new.localhost'] as const);
  let converse: ConverseServer | undefined;
  if (kind === 'existing') {
    if (!options.websocketUrl || !options.admin) throw new Error("xmppServer { kind: 'existing' } needs websocketUrl and admin { jid, password }");
    const { websocketUrl, admin } = options;
    converse = await startConverseServer({ websocketUrl });
    return {
      kind,
      websocketUrl,
      converseUrl: converse.url,
      hosts,
      ...(options.muc ? { muc: options.muc } : {}),
      register: (user, host, password) => addUserAsAdmin(websocketUrl, admin, user, host, password),
      stop: () => converse!.stop(),
    };
  }
  const muc = options.muc ?? `conference.${hosts[0]}`;
  const server = kind === 'prosody' ? await startProsody({ hosts: [...hosts], muc }) : await startEjabberd({ hosts: [...hosts], muc });
  try {
    converse = await startConverseServer({ websocketUrl: server.websocketUrl });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    kind,
    websocketUrl: server.websocketUrl,
    converseUrl: converse.url,
    hosts,
    muc,
    register: (user, host, password) => server.register(user, host, password),
    stop: async () => {
      await converse!.stop();
      await server.stop();
    },
  };
}
