/**
 * Firefox through WebDriver BiDi, directly: Playwright cannot drive Debian's firefox-esr
 * (platform.md), but Firefox speaks BiDi itself (w3c.github.io/webdriver-bidi), including
 * `webExtension.install` of an unpacked folder. Just enough of the protocol for a smoke test.
 *
 * The WebSocket client is undici's (Node 20 has no global WebSocket without a flag); undici comes
 * with web-ext, already a devDependency.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface Firefox {
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression in a browsing context as if the user had just clicked (userActivation). */
  evaluate<T = unknown>(context: string, expression: string): Promise<T>;
  close(): Promise<void>;
  log: string[];
}

/**
 * Starts headless Firefox with a fresh profile. `prefs` go into its user.js, e.g. to fix an
 * extension's moz-extension:// UUID (`extensions.webextensions.uuids`).
 */
export async function launchFirefox(prefs: Record<string, string | number | boolean> = {}, args: string[] = []): Promise<Firefox> {
  const profile = mkdtempSync(join(tmpdir(), 'ferry-firefox-'));
  const all = {
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.normandy.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.update.enabled': false,
    'browser.region.network.url': '',
    ...prefs,
  };
  writeFileSync(join(profile, 'user.js'), Object.entries(all).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n') + '\n');
  const child: ChildProcess = spawn(FIREFOX_PATH, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox (${FIREFOX_PATH}) did not open WebDriver BiDi within 30 s:\n${log.join('')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log.join(''));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => (clearTimeout(timer), reject(new Error(`Cannot start ${FIREFOX_PATH}: ${e.message}. Install it with apt-get install -y firefox-esr.`))));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`Firefox exited (${code}) before opening WebDriver BiDi:\n${log.join('')}`))));
  });
  const socket = new WebSocket(`${url}/session`);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`Cannot connect to Firefox's WebDriver BiDi at ${url}/session.`)), { once: true });
  });
  let id = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; method: string }>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; type: string; result?: unknown; error?: string; message?: string };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'error') waiter?.reject(new Error(`${waiter.method}: ${message.error}: ${message.message}`));
    else waiter?.resolve(message.result);
  });
  const send = <T,>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const n = ++id;
      pending.set(n, { resolve: resolve as (v: unknown) => void, reject, method });
      socket.send(JSON.stringify({ id: n, method, params }));
    });
  await send('session.new', { capabilities: {} });
  return {
    send,
    log,
    evaluate: async <T,>(context: string, expression: string) => {
      const result = await send<{ type: string; result?: { type: string; value?: unknown }; exceptionDetails?: { text: string } }>('script.evaluate', {
        expression,
        target: { context },
        awaitPromise: true,
        userActivation: true,
        resultOwnership: 'none',
      });
      if (result.type === 'exception') throw new Error(`In Firefox: ${result.exceptionDetails?.text ?? 'exception'}`);
      // Only plain strings come back here: expressions return JSON.stringify(...) for anything else.
      return result.result?.value as T;
    },
    close: async () => {
      try {
        await Promise.race([send('browser.close'), new Promise((r) => setTimeout(r, 5_000))]);
      } catch {
        // Firefox may drop the connection while closing.
      }
      socket.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 500));
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
