/**
 * A private, throw-away ejabberd (Debian's 23.01) for end-to-end tests: the second, different XMPP
 * server Ferry imports into (Prosody is the first, see prosody.ts, whose shape this follows).
 *
 * Each call gets its own temp directory (config, ctl config, logs, Mnesia spool), its own free
 * loopback ports, its own Erlang node name and distribution port, so two instances never collide
 * and no `epmd` daemon is left behind (ERL_DIST_PORT, see /work/shared/notes/platform.md).
 *
 * Never leaving a process behind: ejabberd runs under a `sh` watchdog in its own process group,
 * started directly as the `ejabberd` user (setpriv, so no `su` in between and the Erlang VM stays in
 * our group). The watchdog reads a pipe from this Node process; when the pipe closes (stop(), or
 * Node exiting for ANY reason, SIGKILL included) it runs `ejabberdctl stop`, then kills what is
 * left and deletes the temp dir. stop() does the same itself and waits for it.
 *
 * XEP-0227 import: `importPiefxis` is ejabberd's own `ejabberdctl import_piefxis`. ejabberd 23.01
 * IGNORES message archives in XEP-0227 files (ejabberd_piefxis.erl only handles roster, vCard,
 * privacy, private storage, offline messages and presence under <user>; an
 * <archive xmlns='urn:xmpp:pie:0#mam'> is silently skipped, and `import_prosody` skips Prosody's
 * "archive" store too). `importMamArchives` fills that gap: it reads the same XEP-0227 file and
 * loads each user's archive into mod_mam's Mnesia table with `ejabberdctl load` (mnesia text
 * format), keeping the original timestamps (mod_mam_mnesia's message id IS the timestamp in µs).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { JXT } from 'stanza';

const { parse } = JXT;
type XMLElement = JXT.XMLElement;
import { freePort } from './prosody.js';
import { spawnWatchdog } from './watchdog.js';

export interface EjabberdOptions {
  /** Virtual hosts to serve. Default: ['old.localhost', 'new.localhost']. */
  hosts?: string[];
  /** How long to wait for `ejabberdctl started`. Default 60 s. */
  startTimeoutMs?: number;
  /**
   * Where mod_mam keeps message archives. 'mnesia' (default) is ejabberd's built-in store: its
   * archive table is a bag keyed by the account, so loading N messages of one account takes
   * O(N^2) and every page query copies the whole archive (100,000 messages did not load in 40
   * minutes). 'sqlite' is mod_mam_sql on SQLite (Debian package erlang-p1-sqlite3), as servers
   * with large archives run it: indexed paging, and a bulk load in seconds.
   */
  mamStorage?: 'mnesia' | 'sqlite';
  /**
   * A group chat (XEP-0045) service at this address, e.g. "conference.new.localhost" (mod_muc,
   * rooms in Mnesia), with mod_muc_admin and mod_admin_extra for the admin's commands (ferry xmpp
   * load-rooms --ejabberd). Its rooms take ejabberd's own defaults (not archived, not persistent
   * until their owner says so), so whoever creates one must configure it. Default: none.
   */
  muc?: string;
}

export interface EjabberdServer {
  /** ws://127.0.0.1:PORT/xmpp-websocket (the stream's `to` picks the host). */
  websocketUrl: string;
  hosts: string[];
  /** The instance's temp dir: ejabberd.yml, ejabberdctl.cfg, logs/, spool/ (Mnesia). */
  configDir: string;
  /** logs/ejabberd.log, useful when a test fails. */
  logPath: string;
  httpPort: number;
  c2sPort: number;
  /** Erlang node name, unique per instance (ferry-XXXXXXXX@localhost). */
  node: string;
  /** How long startEjabberd took until the node reported "started" (ms). */
  startMs: number;
  /** Creates an account (`ejabberdctl register`). Fails if it exists. */
  register(user: string, host: string, password: string): Promise<void>;
  /**
   * `ejabberdctl import_piefxis FILE` on a copy of `file`: accounts (plain `password` or
   * <scram-credentials>), roster, vCard, privacy, private XML, offline messages. Several hosts and
   * users per file are fine (so is <xi:include href=.../>). Accounts must not exist yet.
   * Message archives in the file are ignored by ejabberd 23.01: see importMamArchives.
   */
  importPiefxis(file: string): Promise<void>;
  /**
   * Loads every <archive xmlns='urn:xmpp:pie:0#mam'> of the XEP-0227 `file` into mod_mam (Mnesia),
   * keeping each message's <delay stamp>. Returns how many messages were loaded per bare JID.
   */
  importMamArchives(file: string): Promise<Record<string, number>>;
  /** Runs any ejabberdctl command against this instance; resolves with stdout. */
  ctl(...args: string[]): Promise<string>;
  /** The command line `ctl` runs (setpriv as the ejabberd user, ejabberdctl with this instance's config), for tools that call ejabberdctl themselves. */
  ctlCommand: string[];
  /** mod_mam's SQLite database, with mamStorage 'sqlite'. */
  sqliteFile?: string;
  /** ejabberdctl stop, then kills what is left; deletes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const INSTALL_HINT = 'install with: apt-get install ejabberd';
const EJABBERDCTL = '/usr/sbin/ejabberdctl';

function ejabberdUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ejabberd:'));
  if (!line) throw new Error(`ejabberd is not installed (no 'ejabberd' system user): ${INSTALL_HINT}`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

const yamlStr = (s: string): string => JSON.stringify(s); // JSON strings are valid YAML scalars

function renderConfig(o: { hosts: string[]; httpPort: number; c2sPort: number; sqliteFile?: string; muc?: string }): string {
  return `# Generated by e2e/support/ejabberd.ts for one test run. Do not edit.
hosts:
${o.hosts.map((h) => `  - ${yamlStr(h)}`).join('\n')}

loglevel: info
hide_sensitive_log_data: false

# No TLS anywhere (loopback test server): no certfiles, no starttls, PLAIN allowed.
listen:
  - port: ${o.c2sPort}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls: false
    starttls_required: false
    max_stanza_size: 1048576
  - port: ${o.httpPort}
    ip: "127.0.0.1"
    module: ejabberd_http
    tls: false
    request_handlers:
      /xmpp-websocket: ejabberd_http_ws

auth_method: internal
auth_password_format: plain
# ejabberd 23.01 offers X-OAUTH2 by default and npm stanza PREFERS it over PLAIN (then fails with
# "Invalid token"); DIGEST-MD5 is obsolete. PLAIN and SCRAM stay.
disable_sasl_mechanisms:
  - "X-OAUTH2"
  - "DIGEST-MD5"
s2s_access: none
default_db: mnesia
${o.sqliteFile ? `sql_type: sqlite\nsql_database: ${yamlStr(o.sqliteFile)}\nnew_sql_schema: true\n` : ''}acl:
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
access_rules:
  local:
    allow: local
  c2s:
    allow: all
  register:
    deny: all
shaper_rules:
  max_user_sessions: 100
  c2s_shaper: none

modules:
  mod_disco: {}
  mod_ping: {}
  mod_roster:
    versioning: false
  mod_vcard:
    db_type: mnesia
    search: false
  mod_carboncopy: {}
  mod_caps: {}
  mod_pubsub:
    plugins:
      - flat
      - pep
  mod_private: {}
  mod_offline:
    access_max_user_messages: max_user_offline_messages
  mod_mam:
    db_type: ${o.sqliteFile ? 'sql' : 'mnesia'}
    default: always
    assume_mam_usage: true
${o.muc ? `  mod_muc:\n    host: ${yamlStr(o.muc)}\n    access_create: local\n    access_persistent: local\n  mod_muc_admin: {}\n  mod_admin_extra: {}\n` : ''}`;
}

/**
 * The watchdog (argv: instance dir, ejabberdctl args prefix...). Runs ejabberd in the foreground as
 * the ejabberd user; a reader waits for EOF on the pipe from Node, then asks ejabberd to stop
 * (ejabberdctl stop, 10 s), SIGKILLs the VM if needed and deletes the instance dir. A
 * non-interactive sh gives background jobs /dev/null as stdin, so the pipe reaches the reader as
 * fd 3; ejabberd must not hold it. The script's exit status is ejabberd's.
 */
const WATCHDOG = `
dir="$1"; shift
exec 3<&0
setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME="$dir/spool" "$@" foreground </dev/null >>"$dir/logs/foreground.out" 2>&1 3<&- &
pid=$!
(
  while read -r _ <&3; do :; done
  if kill -0 "$pid" 2>/dev/null; then
    setpriv --reuid=ejabberd --regid=ejabberd --init-groups env HOME="$dir/spool" timeout 10 "$@" stop >/dev/null 2>&1 3<&-
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  fi
  rm -rf "$dir"
  kill -KILL -- -$$ 2>/dev/null
) &
exec 3<&-
wait "$pid"
`;

export async function startEjabberd(opts: EjabberdOptions = {}): Promise<EjabberdServer> {
  try {
    statSync(EJABBERDCTL);
  } catch {
    throw new Error(`ejabberd is not installed (no ${EJABBERDCTL}): ${INSTALL_HINT}`);
  }
  if (userInfo().uid !== 0) throw new Error('startEjabberd: must run as root (ejabberdctl switches to the ejabberd user)');
  const { uid, gid } = ejabberdUser();
  const hosts = opts.hosts ?? ['old.localhost', 'new.localhost'];
  if (hosts.length === 0) throw new Error('startEjabberd: at least one host is needed');

  const t0 = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'ferry-ejabberd-'));
  const logs = join(root, 'logs');
  const spool = join(root, 'spool');
  const imports = join(root, 'imports');
  for (const d of [logs, spool, imports]) mkdirSync(d);
  const configPath = join(root, 'ejabberd.yml');
  const ctlConfigPath = join(root, 'ejabberdctl.cfg');
  const logPath = join(logs, 'ejabberd.log');
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [httpPort, c2sPort, distPort] = [...ports] as [number, number, number];
  const id = randomBytes(4).toString('hex');
  const node = `ferry-${id}@localhost`;
  const cookie = randomBytes(16).toString('hex');
  const sqliteFile = opts.mamStorage === 'sqlite' ? join(spool, 'ejabberd.sqlite') : undefined;
  if (sqliteFile) createSqliteDatabase(sqliteFile);
  writeFileSync(configPath, renderConfig({ hosts, httpPort, c2sPort, sqliteFile, ...(opts.muc ? { muc: opts.muc } : {}) }));
  writeFileSync(
    ctlConfigPath,
    [
      '# Generated by e2e/support/ejabberd.ts for one test run.',
      `ERLANG_NODE=${node}`,
      // Fixed distribution port: no epmd daemon is started (nor left behind), and ejabberdctl talks
      // to this node on this port only, so instances never see each other.
      `ERL_DIST_PORT=${distPort}`,
      'INET_DIST_INTERFACE=127.0.0.1',
      `ERL_OPTIONS="-setcookie ${cookie}"`,
      'EJABBERD_BYPASS_WARNINGS=true',
      '',
    ].join('\n'),
  );
  // ejabberdctl points ERL_INETRC at CONFIG_DIR/inetrc; without the file every ctl call prints an
  // inet_config error report.
  writeFileSync(join(root, 'inetrc'), '{lookup, [file, native]}.\n');
  chownTree(root, uid, gid);

  const ctlArgs = [EJABBERDCTL, '--config-dir', root, '--config', configPath, '--ctl-config', ctlConfigPath, '--logs', logs, '--spool', spool];

  const watchdog = spawnWatchdog(WATCHDOG, 'ejabberd-watchdog', [root, ...ctlArgs], root);

  const readLog = (): string => {
    const tail = (p: string) => {
      try {
        return readFileSync(p, 'utf8').split('\n').slice(-25).join('\n');
      } catch {
        return '(none)';
      }
    };
    return `ejabberd.log:\n${tail(logPath)}\nforeground output:\n${tail(join(logs, 'foreground.out'))}`;
  };

  /** ejabberdctl as the ejabberd user (as root it would `su`; setpriv keeps things simple). */
  const ctl = (...args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        'setpriv',
        ['--reuid=ejabberd', '--regid=ejabberd', '--init-groups', 'env', `HOME=${spool}`, ...ctlArgs, ...args],
        // A command run with --no-timeout (a bulk load) may take minutes on a busy machine.
        { timeout: args[0] === '--no-timeout' ? 900_000 : 120_000, cwd: root, maxBuffer: 16 << 20 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`ejabberdctl ${args.join(' ')} failed (${err.code ?? err.signal}): ${stdout}${stderr}`.trim()));
          else resolve(stdout);
        },
      );
    });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await watchdog.stop(15_000); // the watchdog runs ejabberdctl stop, then SIGKILLs the group
    rmSync(root, { recursive: true, force: true });
  };

  // Wait until the node answers `status` with "started" (exit 0). `ejabberdctl started` would do
  // the same but sleeps 2 s before its first try; polling status is faster.
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    const exited = watchdog.exited();
    if (exited) {
      const log = readLog();
      await stop();
      throw new Error(`ejabberd exited during startup (code ${exited.code}, signal ${exited.signal}).\n${log}`);
    }
    try {
      const out = await ctl('status');
      if (/started with status: started/.test(out) || /is started/.test(out)) break;
    } catch {
      /* node not up yet (exit 3), or starting (exit 1) */
    }
    if (Date.now() > deadline) {
      const log = readLog();
      await stop();
      throw new Error(`ejabberd did not start in time.\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const startMs = performance.now() - t0;

  const stage = (file: string): string => {
    // The node runs as ejabberd and cannot read root's 0700 temp dirs: give it its own copy.
    const dest = join(imports, `${Date.now()}-${basename(file)}`);
    copyFileSync(file, dest);
    chownSync(dest, uid, gid);
    return dest;
  };

  const register = async (user: string, host: string, password: string): Promise<void> => {
    if (!hosts.includes(host)) throw new Error(`register: ${host} is not one of this ejabberd's hosts (${hosts.join(', ')})`);
    await ctl('register', user, host, password);
  };

  const importPiefxis = async (file: string): Promise<void> => {
    // Exit status 1 and "Error: import_failed" if any part failed; the reason is only in the log.
    const before = logSize(logPath);
    try {
      await ctl('import_piefxis', stage(file));
    } catch (e) {
      await new Promise((r) => setTimeout(r, 300)); // the reason reaches the log a moment later
      throw new Error(`${(e as Error).message}\nejabberd.log since the import:\n${logSince(logPath, before)}`);
    }
  };

  const importMamArchives = async (file: string): Promise<Record<string, number>> => {
    if (sqliteFile) {
      const { sql, counts } = mamArchivesToSql(readFileSync(file, 'utf8'), hosts);
      const script = join(imports, `${Date.now()}-mam.sql`);
      writeFileSync(script, sql);
      chownSync(script, uid, gid);
      // As the ejabberd user, so the database and its journal stay ejabberd's; SQLite's locking
      // keeps the running server's reads consistent with this one transaction.
      await run('setpriv', ['--reuid=ejabberd', '--regid=ejabberd', '--init-groups', 'sqlite3', '-bail', sqliteFile, `.read ${script}`]);
      return counts;
    }
    const { header, records, counts } = mamArchiveRecords(readFileSync(file, 'utf8'), hosts);
    // One `ejabberdctl load` of 100,000 records outlives ejabberdctl's RPC timeout; slices of
    // LOAD_SLICE records finish within it on a quiet machine, and --no-timeout lets a slice
    // finish on a busy one (a 50,000-record slice timed out while other tests ran).
    for (let start = 0; start < records.length; start += LOAD_SLICE) {
      const dump = join(imports, `${Date.now()}-${start}-mam.mnesia.txt`);
      writeFileSync(dump, [header, ...records.slice(start, start + LOAD_SLICE), ''].join('\n'));
      chownSync(dump, uid, gid);
      const out = await ctl('--no-timeout', 'load', dump);
      if (/error|aborted/i.test(out)) throw new Error(`ejabberdctl load: ${out}`);
    }
    return counts;
  };

  return {
    websocketUrl: `ws://127.0.0.1:${httpPort}/xmpp-websocket`,
    hosts,
    configDir: root,
    logPath,
    httpPort,
    c2sPort,
    node,
    register,
    importPiefxis,
    importMamArchives,
    ctl,
    ctlCommand: ['setpriv', '--reuid=ejabberd', '--regid=ejabberd', '--init-groups', 'env', `HOME=${spool}`, ...ctlArgs],
    ...(sqliteFile ? { sqliteFile } : {}),
    stop,
    startMs,
  };
}

const SQLITE_SCHEMA = '/usr/share/ejabberd/sql/lite.new.sql';
const SQLITE_HINT = 'install with: apt-get install erlang-p1-sqlite3 sqlite3';

/** An empty database in ejabberd's own multi-host SQLite schema (the one new_sql_schema reads). */
function createSqliteDatabase(file: string): void {
  try {
    statSync('/usr/lib/erlang/lib').isDirectory();
    if (!readdirSync('/usr/lib/erlang/lib').some((d) => d.startsWith('p1_sqlite3-'))) throw new Error('no p1_sqlite3');
    statSync(SQLITE_SCHEMA);
  } catch {
    throw new Error(`ejabberd's SQLite support is not installed (no p1_sqlite3 or ${SQLITE_SCHEMA}): ${SQLITE_HINT}`);
  }
  const result = spawnSync('sqlite3', ['-bail', file, `.read ${SQLITE_SCHEMA}`], { encoding: 'utf8' });
  if (result.error) throw new Error(`sqlite3 could not run (${result.error.message}): ${SQLITE_HINT}`);
  if (result.status !== 0) throw new Error(`sqlite3 could not create ${file} from ${SQLITE_SCHEMA}: ${result.stderr}`);
}

const run = (command: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile(command, args, { timeout: 900_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout))),
  );

function logSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}
function logSince(p: string, offset: number): string {
  try {
    return readFileSync(p).subarray(offset).toString('utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// XEP-0227 message archives -> mod_mam_mnesia records, in mnesia's text format (`ejabberdctl load`).

const NS_PIE = 'urn:xmpp:pie:0';
const NS_PIE_MAM = 'urn:xmpp:pie:0#mam';

/** An Erlang binary literal as a list of bytes: pure ASCII, so the file's encoding cannot matter. */
const erlBin = (s: string): string => `<<${[...Buffer.from(s, 'utf8')].join(',')}>>`;

function erlXml(el: XMLElement): string {
  const attrs = Object.entries(el.attributes)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `{${erlBin(k)},${erlBin(v)}}`);
  const children = el.children.map((c) => (typeof c === 'string' ? `{xmlcdata,${erlBin(c)}}` : erlXml(c)));
  return `{xmlel,${erlBin(el.name)},[${attrs.join(',')}],[${children.join(',')}]}`;
}

/** {User, Server, Resource}, lower-cased like jid:tolower for the ASCII JIDs of tests. */
function ljid(jid: string): [string, string, string] {
  const slash = jid.indexOf('/');
  const [bareJid, resource] = slash < 0 ? [jid, ''] : [jid.slice(0, slash), jid.slice(slash + 1)];
  const at = bareJid.indexOf('@');
  const [user, server] = at < 0 ? ['', bareJid] : [bareJid.slice(0, at), bareJid.slice(at + 1)];
  return [user.toLowerCase(), server.toLowerCase(), resource];
}
const erlLjid = (j: [string, string, string]): string => `{${j.map(erlBin).join(',')}}`;

/**
 * Converts every <host jid><user name><archive xmlns='urn:xmpp:pie:0#mam'><result>... into
 * #archive_msg{us, id, timestamp, peer, bare_peer, packet, nick, type} records. mod_mam_mnesia
 * uses the time in microseconds as the message id (RSM paging compares ids as integers), so
 * id = stamp in µs, plus the message's position within the same second-stamp to keep ids unique
 * and ordered.
 */
const LOAD_SLICE = 2_000;

export function mamArchivesToMnesiaText(xml: string, knownHosts?: string[]): { text: string; counts: Record<string, number> } {
  const { header, records, counts } = mamArchiveRecords(xml, knownHosts);
  return { text: [header, ...records, ''].join('\n'), counts };
}

interface ArchivedEntry {
  luser: string;
  server: string;
  owner: string;
  /** mod_mam's message id and time: the stamp in µs, made unique per account. */
  usec: bigint;
  peer: [string, string, string];
  type: 'chat' | 'groupchat';
  message: XMLElement;
}

/** Every message of every <archive xmlns='urn:xmpp:pie:0#mam'> in a XEP-0227 file, in file order. */
function* archivedEntries(xml: string, knownHosts?: string[]): Generator<ArchivedEntry> {
  const root = parse(xml);
  if (root.name !== 'server-data' || root.getNamespace() !== NS_PIE) throw new Error(`not a XEP-0227 file: root is <${root.name} xmlns='${root.getNamespace()}'>`);
  const usedIds = new Set<string>();
  for (const host of root.getChildren('host', NS_PIE)) {
    const server = (host.getAttribute('jid') ?? '').toLowerCase();
    if (knownHosts && !knownHosts.includes(server)) throw new Error(`XEP-0227 host ${server} is not served by this ejabberd (${knownHosts.join(', ')})`);
    for (const user of host.getChildren('user', NS_PIE)) {
      const luser = (user.getAttribute('name') ?? '').toLowerCase();
      const owner = `${luser}@${server}`;
      for (const archive of user.getChildren('archive', NS_PIE_MAM)) {
        for (const result of archive.getChildren('result', 'urn:xmpp:mam:2')) {
          const fwd = result.getChild('forwarded', 'urn:xmpp:forward:0');
          const stamp = fwd?.getChild('delay', 'urn:xmpp:delay')?.getAttribute('stamp');
          const msg = fwd?.getChild('message', 'jabber:client');
          if (!fwd || !stamp || !msg) throw new Error(`archive of ${owner}: <result id='${result.getAttribute('id')}'> lacks forwarded/delay@stamp/message`);
          const ms = Date.parse(stamp);
          if (Number.isNaN(ms)) throw new Error(`archive of ${owner}: bad stamp ${stamp}`);
          let usec = BigInt(ms) * 1000n;
          while (usedIds.has(`${owner} ${usec}`)) usec += 1n;
          usedIds.add(`${owner} ${usec}`);
          const from = ljid(msg.getAttribute('from') ?? '');
          const to = ljid(msg.getAttribute('to') ?? '');
          const incoming = `${to[0]}@${to[1]}` === owner;
          yield { luser, server, owner, usec, peer: incoming ? from : to, type: msg.getAttribute('type') === 'groupchat' ? 'groupchat' : 'chat', message: msg };
        }
      }
    }
  }
}

/** The archive_msg records of every <archive xmlns='urn:xmpp:pie:0#mam'> in a XEP-0227 file, for `ejabberdctl load`. */
function mamArchiveRecords(xml: string, knownHosts?: string[]): { header: string; records: string[]; counts: Record<string, number> } {
  const records: string[] = [];
  const counts: Record<string, number> = {};
  for (const { luser, server, owner, usec, peer, type, message } of archivedEntries(xml, knownHosts)) {
    const ts = `{${usec / 1_000_000_000_000n},${(usec / 1_000_000n) % 1_000_000n},${usec % 1_000_000n}}`;
    records.push(
      `{archive_msg,{${erlBin(luser)},${erlBin(server)}},${erlBin(String(usec))},${ts},${erlLjid(peer)},${erlLjid([peer[0], peer[1], ''])},${erlXml(message)},<<>>,${type}}.`,
    );
    counts[owner] = (counts[owner] ?? 0) + 1;
  }
  const header = `{tables,[{archive_msg,[{attributes,[us,id,timestamp,peer,bare_peer,packet,nick,type]}]}]}.`;
  return { header, records, counts };
}

const sqlText = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const jidText = ([user, server, resource]: [string, string, string]): string => `${user ? `${user}@` : ''}${server}${resource ? `/${resource}` : ''}`;

/**
 * The same archives as one SQL transaction for mod_mam_sql's `archive` table (new schema): the
 * columns mod_mam_sql writes itself (timestamp in µs, which is also the RSM id; the stanza as XML;
 * the body as txt for full-text search).
 */
export function mamArchivesToSql(xml: string, knownHosts?: string[]): { sql: string; counts: Record<string, number> } {
  const rows: string[] = [];
  const counts: Record<string, number> = {};
  for (const { luser, server, owner, usec, peer, type, message } of archivedEntries(xml, knownHosts)) {
    const body = message.getChild('body')?.getText() ?? '';
    rows.push(
      `INSERT INTO archive (username, server_host, timestamp, peer, bare_peer, xml, txt, kind, nick) VALUES (${[luser, server].map(sqlText).join(', ')}, ${usec}, ${sqlText(jidText(peer))}, ${sqlText(jidText([peer[0], peer[1], '']))}, ${sqlText(message.toString())}, ${sqlText(body)}, '${type}', '');`,
    );
    counts[owner] = (counts[owner] ?? 0) + 1;
  }
  return { sql: ['BEGIN;', ...rows, 'COMMIT;', ''].join('\n'), counts };
}
