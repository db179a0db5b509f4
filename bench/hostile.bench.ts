/**
 * Time and peak memory of every archive-reading command (verify, inspect, merge, export-format
 * html) on every hostile archive of issue 18 (test/archive/hostile-archives.ts), plus inspect and
 * verify of a valid archive of a million messages. Runs a built CLI as a person would, under
 * /usr/bin/time, each run cut at FERRY_BENCH_TIMEOUT seconds (default 30; a cut run is reported
 * as taking at least that long). FERRY_CLI picks the CLI (default: this checkout's dist), so the
 * same figures can be taken of an older build: `FERRY_CLI=/path/to/old/ferry.mjs npm run bench -- hostile`;
 * FERRY_BENCH_CASES=id,... measures only those cases (million-messages is the valid one).
 * One JSON line per figure; a table on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeArchiveStream } from '../src/archive/stream.js';
import { NODE_STREAM_OPTIONS } from '../src/archive/node-deflate.js';
import { HOSTILE_CASES } from '../test/archive/hostile-archives.js';
import { syntheticXmppAccount } from '../e2e/support/synthetic-xmpp.js';
import { report } from './report.js';

const CLI = process.env.FERRY_CLI ?? resolve(import.meta.dirname, '../dist/cli/ferry.mjs');
const TIMEOUT = Number(process.env.FERRY_BENCH_TIMEOUT ?? 30);
const COMMANDS: Record<string, (file: string, out: string) => string[]> = {
  verify: (file) => ['verify', file],
  inspect: (file) => ['inspect', '--json', file],
  merge: (file, out) => ['merge', file, '-o', `${out}.zip`, '--unencrypted'],
  'export-format html': (file, out) => ['export-format', 'html', file, '-o', `${out}-html`, '--tz', 'UTC'],
};

function measure(args: string[]): { seconds: number; rssMb: number; status: string } {
  const run = spawnSync('/usr/bin/time', ['-f', '\n%e %M', 'timeout', '--foreground', '-s', 'KILL', String(TIMEOUT), process.execPath, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FERRY_PASSPHRASE: 'bench' },
    maxBuffer: 1 << 26,
  });
  const last = run.stderr.trimEnd().split('\n').pop() ?? '';
  const [seconds, kb] = last.split(' ').map(Number);
  const killed = run.status === 137 || /Command terminated by signal 9/.test(run.stderr);
  const message = run.stderr.replace(/\n[\d.]+ \d+\s*$/, '').replace(/Command (exited with non-zero status|terminated by signal) \d+\n?/, '').trim().split('\n')[0]?.slice(0, 90) ?? '';
  return { seconds: seconds!, rssMb: Math.round(kb! / 1024), status: killed ? `killed at ${TIMEOUT} s` : `exit ${run.status}${message ? `: ${message}` : ''}` };
}

async function millionMessages(path: string): Promise<void> {
  const content = syntheticXmppAccount({ owner: 'me@old.localhost', contacts: 50, conversations: 10, messages: 1_000_000, text: (n) => `message ${n}: 오늘 저녁에 시간 있어?`, startMs: Date.UTC(2024, 0, 1), idPrefix: 'big-' });
  // The synthetic account's manifest predates the sources' timeZone; an archive to measure must be valid.
  for (const source of content.manifest.sources) source.timeZone ??= { status: 'instants' };
  const chunks: Uint8Array[] = [];
  await writeArchiveStream(
    { manifest: content.manifest, contacts: content.contacts, conversations: content.conversations, fidelity: [] },
    (c) => content.messages.get(c.id) ?? [],
    (chunk) => void chunks.push(chunk),
    [],
    NODE_STREAM_OPTIONS,
  );
  writeFileSync(path, Buffer.concat(chunks));
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-hostile-'));
  try {
    const files: [string, string][] = [];
    // FERRY_BENCH_CASES=id,id picks cases (e.g. to measure one again); every case by default.
    const only = process.env.FERRY_BENCH_CASES?.split(',');
    for (const c of HOSTILE_CASES.filter((c) => !only || only.includes(c.id))) {
      const file = join(dir, `${c.id}.zip`);
      writeFileSync(file, c.build());
      files.push([c.id, file]);
    }
    if (!only || only.includes('million-messages')) {
      const big = join(dir, 'million-messages.zip');
      await millionMessages(big);
      files.push(['million-messages (valid)', big]);
    }
    const rows: string[] = [];
    for (const [id, file] of files) {
      for (const [command, args] of Object.entries(COMMANDS)) {
        if (id.startsWith('million') && (command === 'merge' || command.startsWith('export'))) continue;
        const m = measure(args(file, join(dir, `${id}-out`)));
        report({ bench: 'hostile', metric: `${id} / ${command} seconds`, value: m.seconds, peer: null, ratio: null });
        report({ bench: 'hostile', metric: `${id} / ${command} peak MB`, value: m.rssMb, peer: null, ratio: null });
        rows.push(`${id.padEnd(28)} ${command.padEnd(19)} ${m.seconds.toFixed(2).padStart(7)} s ${String(m.rssMb).padStart(6)} MB  ${m.status}`);
        process.stderr.write(rows.at(-1) + '\n');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
