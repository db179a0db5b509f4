/**
 * Every command of the built CLI that reads an archive (verify, inspect, merge, export-format)
 * on every hostile archive of test/archive/hostile-archives.ts: each ends within seconds, with
 * its memory measured by /usr/bin/time (the Debian "time" package), and with a clear answer:
 * verify says invalid, merge and export-format refuse and write nothing, inspect prints the
 * manifest or refuses. No stack trace, no "bug in Ferry".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_CASES } from '../archive/hostile-archives.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
const TIME = '/usr/bin/time';
/** Seconds and resident memory any command may take on any of these files (2 shared cores). */
const MAX_SECONDS = 10;
const MAX_RSS_MB = 400;

let dir: string;
beforeAll(() => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  if (!existsSync(TIME)) throw new Error(`${TIME} is needed to measure memory: apt-get install time`);
  dir = mkdtempSync(join(tmpdir(), 'ferry-hostile-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI under /usr/bin/time: its exit code, output, seconds and peak resident memory. */
export function measured(args: string[]): { status: number | null; stdout: string; stderr: string; seconds: number; rssMb: number } {
  const run = spawnSync(TIME, ['-f', '\n%e %M', process.execPath, FERRY, ...args], { encoding: 'utf8', env: { ...process.env, FERRY_PASSPHRASE: 'unused' }, timeout: 60_000 });
  const last = run.stderr.trimEnd().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.slice(0, run.stderr.lastIndexOf('\n', run.stderr.trimEnd().length - last.length)), seconds: seconds!, rssMb: kb! / 1024 };
}

describe.each(HOSTILE_CASES.map((c) => [c.id, c] as const))('every command on the hostile archive %s', (id, hostile) => {
  let file: string;
  beforeAll(() => {
    file = join(dir, `${id}.zip`);
    writeFileSync(file, hostile.build());
  });

  const bounded = (run: ReturnType<typeof measured>) => {
    expect(run.seconds, 'seconds').toBeLessThan(MAX_SECONDS);
    expect(run.rssMb, 'MB resident').toBeLessThan(MAX_RSS_MB);
    expect(run.stderr).not.toMatch(/\n\s+at |bug in Ferry|Invalid string length|Maximum call stack/);
  };

  it('verify calls it invalid, naming the entry', () => {
    const run = measured(['verify', file]);
    bounded(run);
    expect(run.status).toBe(1);
    const entry = hostile.verify.entry;
    if (typeof entry === 'string' && /^[\x20-\x7e]+$/.test(entry)) expect(run.stderr).toContain(entry);
  });

  it('inspect prints the manifest, or refuses if the manifest itself is hostile', () => {
    const run = measured(['inspect', '--json', file]);
    bounded(run);
    expect(run.status).toBe(hostile.inspectRefuses ? 1 : 0);
  });

  it('merge refuses it and writes nothing', () => {
    const out = join(dir, `${id}-merged.zip`);
    const run = measured(['merge', file, '-o', out, '--unencrypted']);
    bounded(run);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is not a valid Ferry archive|is not a Ferry archive|damaged|inflates|twice/);
    expect(existsSync(out)).toBe(false);
  });

  it('export-format html refuses it and writes nothing', () => {
    const out = join(dir, `${id}-html`);
    const run = measured(['export-format', 'html', file, '-o', out, '--tz', 'UTC']);
    bounded(run);
    expect(run.status).toBe(1);
    expect(existsSync(out) && readdirSync(out).length > 0).toBe(false);
  });
});
