/**
 * A private, throw-away Prosody for end-to-end tests.
 *
 * Each call gets its own temp directory (config, data, log), its own free loopback ports and its own
 * process. Settings follow /work/shared/notes/platform.md (measured on these machines): loopback
 * only, no TLS/s2s, plain auth allowed, websocket at /xmpp-websocket, MAM archiving everything forever.
 *
 * Never leaving a process behind: Prosody runs under a tiny `sh` watchdog in its own process group.
 * The watchdog reads its stdin, a pipe from this Node process; when the pipe closes (stop(), or Node
 * exiting for ANY reason, SIGKILL included, since the kernel closes the pipe) it terminates Prosody.
 * On top of that, a synchronous `exit` hook SIGKILLs every group still running.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ProsodyOptions {
  /** VirtualHosts to serve. Default: ['old.localhost', 'new.localhost']. */
  hosts?: string[];
  /** HTTP port (websocket, BOSH). Default: a free port picked at start. */
  port?: number;
  /**
   * Use this existing data directory (e.g. one produced by prosody-migrator from a XEP-0227 file)
   * instead of a fresh one. It is NOT deleted by stop(). Default: a fresh dir inside the temp dir.
   */
  dataPath?: string;
  /** How long to wait for the HTTP endpoint to answer. Default 15 s. */
  startTimeoutMs?: number;
  /**
   * A group chat (XEP-0045) service at this address, e.g. "conference.old.localhost", whose rooms
   * keep an archive (mod_muc_mam, XEP-0313) forever by default, are persistent and usable at once;
   * bookmarks are then synced between XEP-0402 and XEP-0048 (mod_bookmarks). Several (one for
   * the old provider, one for the new) when given a list. Default: none.
   */
  muc?: string | readonly string[];
  /** mod_admin_shell and mod_admin_socket, so `prosodyctl --config CONFIG shell` reaches the running server. Default: off. */
  adminShell?: boolean;
  /**
   * Server admins (bare JIDs), who may run XEP-0133 commands such as "Add User" (mod_admin_adhoc),
   * as on a team's own deployment. Default: none, and the commands are not loaded.
   */
  admins?: readonly string[];
}

export interface ProsodyServer {
  /** ws://127.0.0.1:PORT/xmpp-websocket — serves every VirtualHost (the stream's `to` picks one). */
  websocketUrl: string;
  /** http://127.0.0.1:PORT/http-bind */
  boshUrl: string;
  /** Prosody's data_path (per-host subdirectories `old%2elocalhost/...`). */
  dataDir: string;
  /** The generated prosody.cfg.lua (also valid for prosodyctl). */
  configPath: string;
  /** Prosody's log file (info level); useful when a test fails. */
  logPath: string;
  hosts: string[];
  /** The (first) group chat service's address, when started with `muc`. */
  muc?: string;
  httpPort: number;
  c2sPort: number;
  /** Creates an account with prosodyctl (overwrites the password if it exists). */
  register(user: string, host: string, password: string): Promise<void>;
  /** Kills Prosody and deletes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const INSTALL_HINT = 'install with apt-get install prosody lua-unbound';

/** Every running instance's watchdog pipe, so the exit hook can trigger shutdown. */
const liveWatchdogs = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous. Closing the pipe is (the kernel would close it a moment
  // later anyway); the watchdog then stops Prosody and removes the temp dir by itself.
  process.on('exit', () => {
    for (const child of liveWatchdogs) child.stdin?.destroy();
  });
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** Asks the kernel for a free loopback port. Tiny race window until Prosody binds it; fine for tests. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

const lua = (s: string): string => JSON.stringify(s); // JSON string escapes are valid Lua string escapes for our inputs

function renderConfig(o: { dataPath: string; certsPath: string; logPath: string; httpPort: number; c2sPort: number; hosts: string[]; mucs: readonly string[]; adminShell?: boolean; admins: readonly string[] }): string {
  return `-- Generated by e2e/support/prosody.ts for one test run. Do not edit.
run_as_root = true -- we are root in CI; without this Prosody hangs instead of exiting
data_path = ${lua(o.dataPath)}
certificates = ${lua(o.certsPath)} -- empty, but existing: avoids a startup error line
storage = "internal"
authentication = "internal_hashed"
log = { { levels = { min = "info" }, to = "file", filename = ${lua(o.logPath)} } }

interfaces = { "127.0.0.1" }
c2s_interfaces = { "127.0.0.1" }
c2s_ports = { ${o.c2sPort} }
s2s_ports = { }
http_interfaces = { "127.0.0.1" }
http_ports = { ${o.httpPort} }
https_ports = { }
https_interfaces = { }
http_default_host = ${lua(o.hosts[0] ?? 'localhost')}
http_paths = { websocket = "/xmpp-websocket", bosh = "/http-bind" }

c2s_require_encryption = false
allow_unencrypted_plain_auth = true
consider_websocket_secure = true
consider_bosh_secure = true
-- (CORS is on by default for websocket/BOSH in 0.12; cross_domain_* are deprecated no-ops there.)
allow_registration = false
${o.admins.length ? `admins = { ${o.admins.map(lua).join('; ')} }\n` : ''}
modules_enabled = {
  "roster"; "saslauth"; "disco"; "carbons"; "pep"; "private"; "blocklist";
  "vcard4"; "vcard_legacy"; "mam"; "offline"; "ping"; "smacks";
  "http"; "websocket"; "bosh";${o.mucs.length ? ' "bookmarks";' : ''}${o.adminShell ? ' "admin_shell"; "admin_socket";' : ''}${o.admins.length ? ' "admin_adhoc";' : ''}
}
modules_disabled = { "s2s"; "tls" }

-- Message archive: keep every 1:1 message, never expire (the export reads it back).
default_archive_policy = true
archive_expires_after = "never"

${o.hosts.map((h) => `VirtualHost ${lua(h)}`).join('\n')}
${o.mucs.map(mucComponent).join('\n')}`;
}

/**
 * Option names as Prosody 0.12.3 reads them (/usr/lib/prosody/modules/mod_muc_mam.lua and
 * muc/mod_muc.lua). Rooms archive by default but each room's owner may turn that off (no
 * muc_log_all_rooms), so a room without an archive can be made too.
 */
function mucComponent(host: string): string {
  return `Component ${lua(host)} "muc"
  modules_enabled = { "muc_mam" }
  muc_log_by_default = true
  muc_log_expires_after = "never"
  muc_room_default_persistent = true -- the archive outlives its last occupant leaving
  muc_room_locking = false -- a room is usable as soon as its creator joins
`;
}

/**
 * The watchdog (argv: config path, dir to delete on shutdown). Prosody runs in the background; a
 * reader waits for EOF on the pipe from Node (stop(), or Node exiting in any way, SIGKILL included),
 * then stops Prosody (TERM, KILL after 5 s) and deletes the temp dir. A non-interactive sh gives
 * background jobs /dev/null as stdin, so the pipe reaches the reader as fd 3; Prosody must not hold
 * it, or EOF would never come. The script's own exit status is Prosody's.
 */
const WATCHDOG = `
exec 3<&0
prosody -F --config "$1" </dev/null >/dev/null 2>&1 3<&- &
pid=$!
(
  while read -r _ <&3; do :; done
  kill -TERM "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "$pid" 2>/dev/null
  rm -rf "$2"
) &
exec 3<&-
wait "$pid"
`;

export async function startProsody(opts: ProsodyOptions = {}): Promise<ProsodyServer> {
  const prosodyBin = findOnPath('prosody');
  const prosodyctlBin = findOnPath('prosodyctl');
  if (!prosodyBin || !prosodyctlBin) {
    throw new Error(`Prosody is not installed (no prosody/prosodyctl on PATH): ${INSTALL_HINT}`);
  }
  const hosts = opts.hosts ?? ['old.localhost', 'new.localhost'];
  if (hosts.length === 0) throw new Error('startProsody: at least one VirtualHost is needed');

  const root = mkdtempSync(join(tmpdir(), 'ferry-prosody-'));
  const dataPath = opts.dataPath ?? join(root, 'data');
  mkdirSync(dataPath, { recursive: true });
  const configPath = join(root, 'prosody.cfg.lua');
  const logPath = join(root, 'prosody.log');
  const certsPath = join(root, 'certs');
  mkdirSync(certsPath);
  const httpPort = opts.port ?? (await freePort());
  let c2sPort = await freePort();
  while (c2sPort === httpPort) c2sPort = await freePort();
  const mucs = opts.muc === undefined ? [] : typeof opts.muc === 'string' ? [opts.muc] : [...opts.muc];
  writeFileSync(configPath, renderConfig({ dataPath, certsPath, logPath, httpPort, c2sPort, hosts, mucs, adminShell: opts.adminShell === true, admins: opts.admins ?? [] }));

  installExitHook();
  const child: ChildProcess = spawn('sh', ['-c', WATCHDOG, 'prosody-watchdog', configPath, root], {
    // Own process group: Ctrl-C in a terminal reaches Node only, and Node decides (via the pipe);
    // stop() can also kill the whole group as a last resort.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('startProsody: could not spawn sh');
  liveWatchdogs.add(child);
  // Don't keep the event loop alive just for Prosody: a script that forgets stop() still ends
  // (and the exit hook / watchdog clean up). stop() re-refs while it waits.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );

  const readLog = (): string => {
    try {
      return readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '(no log written)';
    }
  };

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    child.ref(); // keep Node alive until Prosody is really gone
    child.stdin?.end(); // watchdog sees EOF: SIGTERM to Prosody, then removes the temp dir
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exitPromise, new Promise<void>((r) => (timer = setTimeout(r, 7000)))]);
    clearTimeout(timer);
    try {
      process.kill(-pgid, 'SIGKILL'); // whatever is left of the group (the reader, a stuck Prosody)
    } catch {
      /* group already empty */
    }
    liveWatchdogs.delete(child);
    rmSync(root, { recursive: true, force: true }); // opts.dataPath lives elsewhere and is kept
  };

  const websocketUrl = `ws://127.0.0.1:${httpPort}/xmpp-websocket`;
  const probeUrl = `http://127.0.0.1:${httpPort}/xmpp-websocket`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 15_000);
  for (;;) {
    if (exited) {
      const log = readLog();
      await stop();
      throw new Error(`Prosody exited during startup (code ${exited.code}, signal ${exited.signal}). Log tail:\n${log}`);
    }
    try {
      const res = await fetch(probeUrl, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break; // mod_websocket answers plain GETs with an "It works!" page
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      const log = readLog();
      await stop();
      throw new Error(`Prosody did not answer on ${probeUrl} in time. Log tail:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const register = (user: string, host: string, password: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!hosts.includes(host)) {
        reject(new Error(`register: ${host} is not one of this Prosody's hosts (${hosts.join(', ')})`));
        return;
      }
      execFile(prosodyctlBin, ['--config', configPath, 'register', user, host, password], { timeout: 15_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`prosodyctl register ${user}@${host} failed: ${err.message}\n${stdout}${stderr}`));
        else resolve();
      });
    });

  return {
    websocketUrl,
    boshUrl: `http://127.0.0.1:${httpPort}/http-bind`,
    dataDir: dataPath,
    configPath,
    logPath,
    hosts,
    ...(mucs[0] ? { muc: mucs[0] } : {}),
    httpPort,
    c2sPort,
    register,
    stop,
  };
}
