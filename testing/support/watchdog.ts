/**
 * The process watching shared by the real servers the tests start (Prosody, ejabberd): each
 * server runs under a small `sh` watchdog in its own process group that stops the server when
 * its stdin pipe closes, so a test run that dies (Ctrl-C, a crash, a forgotten stop()) never
 * leaves a server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Watchdog {
  /** How the watchdog ended, once it has (during start-up this means the server died). */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Closes the pipe (the watchdog stops its server), waits up to `graceMs`, then kills what is left of the group. */
  stop(graceMs: number): Promise<void>;
}

/** Every running watchdog, so the exit hook can close their pipes. */
const liveWatchdogs = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous. Closing the pipe is (the kernel would close it a moment
  // later anyway); each watchdog then stops its server by itself.
  process.on('exit', () => {
    for (const child of liveWatchdogs) child.stdin?.destroy();
  });
}

/** Starts `sh -c script name ...args` as a watchdog; `name` is $0 for the script (what `ps` shows). */
export function spawnWatchdog(script: string, name: string, args: string[], cwd?: string): Watchdog {
  installExitHook();
  const child: ChildProcess = spawn('sh', ['-c', script, name, ...args], {
    // Own process group: Ctrl-C in a terminal reaches Node only, and Node decides (via the pipe);
    // stop() can also kill the whole group as a last resort.
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    cwd,
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`${name}: could not spawn sh`);
  liveWatchdogs.add(child);
  // Don't keep the event loop alive just for the server: a script that forgets stop() still ends
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

  return {
    exited: () => exited,
    async stop(graceMs) {
      child.ref(); // keep Node alive until the server is really gone
      child.stdin?.end(); // the watchdog sees EOF and stops its server
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exitPromise, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      try {
        process.kill(-pgid, 'SIGKILL'); // whatever is left of the group (the reader, a stuck server)
      } catch {
        /* group already empty */
      }
      liveWatchdogs.delete(child);
    },
  };
}
