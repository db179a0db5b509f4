/**
 * Progress lines of the CLI (src/cli/progress.ts): what the line says, that it is drawn only on a
 * terminal, and, through the built CLI, that `ferry encrypt` shows it in a real pseudo-terminal and
 * writes nothing extra to a piped standard error. Timing is never asserted: the slow input is a
 * FIFO the test feeds in steps, and the pure line is computed from given figures.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine, startProgress } from '../../src/cli/progress.js';
import { runInPty } from '../support/pty.js';

const FERRY = resolve(import.meta.dirname, '../../bin/ferry.mjs');
let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/ferry.mjs'))) throw new Error('Build the CLI first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'ferry-progress-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that records what is written, and says it is or is not a terminal. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream };
}

describe('a progress line', () => {
  it('says how many of how many, how fast and how long is left', () => {
    expect(progressLine('convert', 'messages', 250_000, 1_000_000, 2.5)).toBe('convert: 250,000 of 1,000,000 messages, 100,000/s, about 8 s left');
    expect(progressLine('encrypt', 'bytes', 100e6, 400e6, 0.5)).toBe('encrypt: 100 MB of 400 MB, 200 MB/s, about 2 s left');
    expect(progressLine('xmpp export', 'messages', 12_000, undefined, 4)).toBe('xmpp export: 12,000 messages, 3,000/s');
    expect(progressLine('merge', 'messages', 90_000, 10_000_000, 1)).toBe('merge: 90,000 of 10,000,000 messages, 90,000/s, about 1 min 50 s left');
    expect(progressLine('merge', 'messages', 10, 10, 1)).toBe('merge: 10 of 10 messages, 10/s, finishing');
  });

  it('is drawn in place on a terminal, at most four times a second, and cleared at the end', () => {
    const { written, stream } = fakeStream(true);
    let clock = 1000;
    const progress = startProgress('convert', { unit: 'messages', total: 100, stream, now: () => clock });
    progress.update(0);
    clock += 100;
    progress.update(10); // too soon after the start: not drawn
    clock += 200;
    progress.update(30);
    clock += 50;
    progress.update(40); // too soon after the last one
    clock += 250;
    progress.update(60);
    progress.finish();
    expect(written).toEqual(['\r\x1b[Kconvert: 30 of 100 messages, 100/s, about 1 s left', '\r\x1b[Kconvert: 60 of 100 messages, 100/s, about 1 s left', '\r\x1b[K']);
  });

  it('writes nothing at all when standard error is not a terminal', () => {
    const { written, stream } = fakeStream(false);
    let clock = 0;
    const progress = startProgress('convert', { unit: 'messages', total: 100, stream, now: () => clock });
    for (let i = 0; i <= 100; i++) {
      clock += 300;
      progress.update(i);
    }
    progress.finish();
    expect(written).toEqual([]);
  });
});

describe('ferry encrypt shows its progress', () => {
  it('on a terminal: a line with the bytes done and the rate, cleared before it exits', async () => {
    const key = spawnSync('age-keygen', [], { encoding: 'utf8' });
    const recipient = /public key: (age1\S+)/.exec(key.stderr + key.stdout)![1]!;
    const fifo = at('slow-input');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const running = runInPty([process.execPath, FERRY, 'encrypt', '-r', recipient, '-o', at('slow.age'), fifo], [], { timeoutMs: 60_000 });
    // The input arrives in four parts a second apart, so the line must be drawn in between.
    const feed = createWriteStream(fifo);
    for (let part = 0; part < 4; part++) {
      await new Promise<void>((r) => feed.write(randomBytes(1 << 20), () => r()));
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise<void>((r) => feed.end(() => r()));
    const result = await running;
    expect(result.exitCode, result.transcript).toBe(0);
    expect(result.transcript).toMatch(/\r\x1b\[Kencrypt: \d+\.\d MB, \d+ MB\/s/);
    // The last thing on the terminal is the cleared line, not a stale figure.
    expect(result.transcript.trimEnd().endsWith('\x1b[K')).toBe(true);
    expect(readFileSync(at('slow.age')).length).toBeGreaterThan(4 << 20);
  });

  it('piped: nothing on standard error', () => {
    writeFileSync(at('plain.bin'), randomBytes(16 << 20));
    const key = spawnSync('age-keygen', [], { encoding: 'utf8' });
    const recipient = /public key: (age1\S+)/.exec(key.stderr + key.stdout)![1]!;
    const run = spawnSync(process.execPath, [FERRY, 'encrypt', '-r', recipient, '-o', at('piped.age'), at('plain.bin')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
  });
});
