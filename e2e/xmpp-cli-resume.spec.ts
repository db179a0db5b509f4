/**
 * `ferry xmpp export` resumes: against a real ejabberd holding 30,000 messages, the built CLI is
 * killed at random moments (SIGKILL, which no handler sees, or SIGTERM and SIGINT, which it
 * handles) and started again with the same command until it finishes. Each run continues from
 * the journal next to the output (encrypted to the archive's recipient, reopened with -i), and
 * the archive it finally writes holds every message exactly once. The seed of the kill times is
 * printed; FERRY_KILL_SEED=<seed> replays a run.
 */
import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readArchive } from '../src/archive/container.js';
import { toXep0227 } from '../src/connectors/xmpp/write-xep0227.js';
import { startEjabberd, type EjabberdServer } from './support/ejabberd.js';
import { syntheticXmppAccount } from './support/synthetic-xmpp.js';

const OLD = { jid: 'me@old.localhost', password: 'old-pw-재개' };
// Several seconds of reading at the CLI's speed (about 5,000 a second here), so kills land while
// pages are being fetched, not only before or after.
const MESSAGES = 30_000;
const MAX_RUNS = 14;

let server: EjabberdServer;
let dir: string;
let identity: string;
let recipient: string;

/** A small seeded generator (mulberry32): the kill times are random, and can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ferry-xmpp-resume-'));
  chmodSync(dir, 0o755); // ejabberd reads the file as its own user
  const account = syntheticXmppAccount({
    owner: OLD.jid,
    contacts: 20,
    conversations: 6,
    messages: MESSAGES,
    text: (n) => `#${n}# 끊겨도 이어서: message ${n}`,
    startMs: Date.UTC(2023, 0, 1, 0, 0, 0),
    idPrefix: 'resume-',
  });
  const xep = join(dir, 'old.xml');
  writeFileSync(xep, toXep0227(account, { owner: OLD.jid, password: OLD.password }).files[0]!.bytes);
  server = await startEjabberd({ hosts: ['old.localhost'], mamStorage: 'sqlite' });
  await server.importPiefxis(xep);
  await server.importMamArchives(xep);
  identity = join(dir, 'key.txt');
  const keygen = spawnSync('age-keygen', ['-o', identity], { encoding: 'utf8' });
  recipient = /age1[0-9a-z]+/.exec(keygen.stderr)![0];
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/**
 * One `ferry xmpp export`, killed with `kill.signal` unless it ends first: `afterMs` after it
 * starts, or, with `whileReading`, that long after its journal first holds a page (the start-up
 * and login take a varying second or two on a busy machine, so a fixed delay would mostly miss
 * the reading).
 */
function exportOnce(out: string, kill: { afterMs: number; signal: NodeJS.Signals; whileReading: boolean } | undefined): Promise<Run> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, '../bin/ferry.mjs'), 'xmpp', 'export', '--jid', OLD.jid, '--websocket', server.websocketUrl, '-r', recipient, '-i', identity, '-o', out], {
      env: { ...process.env, FERRY_XMPP_PASSWORD: OLD.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const journal = `${out}.journal`;
    const startSize = existsSync(journal) ? statSync(journal).size : 0;
    if (kill && !kill.whileReading) timer = setTimeout(() => child.kill(kill.signal), kill.afterMs);
    if (kill?.whileReading) {
      poll = setInterval(() => {
        // A page is a few kilobytes; the header alone a few hundred bytes.
        if (!existsSync(journal) || statSync(journal).size < Math.max(startSize, 400) + 2_000) return;
        clearInterval(poll);
        timer = setTimeout(() => child.kill(kill.signal), kill.afterMs);
      }, 10);
    }
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

test('ferry xmpp export killed at random moments resumes from its journal each time, and the archive it ends with holds every message exactly once', async () => {
  test.setTimeout(600_000);
  const seed = Number(process.env.FERRY_KILL_SEED || Date.now() % 1_000_000);
  console.log(`kill seed: ${seed} (FERRY_KILL_SEED=${seed} replays it)`);
  const next = random(seed);
  const out = join(dir, 'account.age');
  const journal = `${out}.journal`;
  const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGINT'];
  let resumedRuns = 0;
  let killedWithPages = 0;
  let finished: Run | undefined;
  const log: string[] = [];
  for (let attempt = 0; attempt < MAX_RUNS && !finished; attempt++) {
    // The last runs are left alone, so the test always ends.
    // Mostly while pages are read (anywhere in the next 1.5 s), sometimes before the first one.
    const whileReading = next() < 0.8;
    const kill = attempt < MAX_RUNS - 2 ? { afterMs: Math.floor(next() * (whileReading ? 1_500 : 2_500)), signal: signals[Math.floor(next() * signals.length)]!, whileReading } : undefined;
    const run = await exportOnce(out, kill);
    const journalBytes = existsSync(journal) ? statSync(journal).size : 0;
    log.push(`run ${attempt + 1}: ${kill ? `${kill.signal} ${kill.afterMs} ms after ${kill.whileReading ? 'the first page' : 'the start'}` : 'not killed'} -> ${run.signal ?? `exit ${run.code}`}, journal ${journalBytes} bytes${/continuing the export/.test(run.stderr) ? ', resumed' : ''}`);
    if (/continuing the export that was cut off/.test(run.stderr)) resumedRuns++;
    if (run.code === 0) {
      finished = run;
      break;
    }
    // Killed: nothing but the journal may be left, and never a half-written archive.
    expect(existsSync(out), `run ${attempt + 1} left ${out}`).toBe(false);
    if (run.signal === null) {
      // SIGTERM and SIGINT are handled: the process says why it stops and exits 143 or 130.
      expect([130, 143], `${log.at(-1)}\n${run.stderr}`).toContain(run.code);
      expect(run.stderr).toMatch(/stopped by SIG(TERM|INT)/);
    }
    if (journalBytes > 2_000) killedWithPages++;
  }
  console.log(log.join('\n'));
  expect(finished, `never finished:\n${log.join('\n')}`).toBeDefined();
  expect(finished!.stdout).toContain(`${MESSAGES.toLocaleString('en-US')} messages`);
  // The kills must have hit while pages were being read, or this would test nothing.
  expect(killedWithPages, log.join('\n')).toBeGreaterThan(0);
  expect(resumedRuns, log.join('\n')).toBeGreaterThan(0);
  expect(existsSync(journal), 'the journal is removed once the archive is written').toBe(false);

  const age = spawnSync('age', ['-d', '-i', identity, out], { maxBuffer: 1 << 28 });
  expect(age.status, String(age.stderr)).toBe(0);
  const content = readArchive(new Uint8Array(age.stdout));
  const all = [...content.messages.values()].flat();
  const numbers = all.map((m) => Number(/^#(\d+)#/.exec(m.text)?.[1]));
  expect(all).toHaveLength(MESSAGES);
  expect(new Set(numbers).size).toBe(MESSAGES);
  expect(new Set(all.map((m) => m.id)).size).toBe(MESSAGES);
  expect(Math.min(...numbers)).toBe(0);
  expect(Math.max(...numbers)).toBe(MESSAGES - 1);
  for (const list of content.messages.values()) expect(list.map((m) => m.timestamp)).toEqual(list.map((m) => m.timestamp).sort());
});
