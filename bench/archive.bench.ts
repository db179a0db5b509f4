/**
 * The archive container at scale: 1,000,000 realistic messages (Korean and English, replies,
 * reactions, edits, media references) streamed to a zip on disk and read back message by
 * message. Each direction runs in its own process, so its peak RSS is its own.
 * Targets (issue #3): under 5 s each way, peak RSS under 200 MB. The writer uses Node's native
 * zlib (NODE_WRITE_OPTIONS), as the CLI does; extension pages use fflate, several times slower.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { report } from './report.js';

const MESSAGES = 1_000_000;

/**
 * The child is bundled to plain JavaScript first: run through tsx, the TypeScript loader alone
 * adds about 40 MB to every process's RSS, which is not Ferry's memory.
 */
function bundleChild(dir: string): string {
  const out = join(dir, 'archive-child.mjs');
  buildSync({ entryPoints: [join(import.meta.dirname, 'archive-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error' });
  return out;
}

let childScript = '';

function child(args: string[]): Record<string, number> {
  const run = spawnSync(process.execPath, [childScript, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`archive-child ${args[0]} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-bench-archive-'));
  try {
    childScript = bundleChild(dir);
    const file = join(dir, 'archive.zip');
    const w = child(['write', file, String(MESSAGES)]);
    const r = child(['read', file]);
    const g = child(['generate', '-', String(MESSAGES)]);
    const idle = child(['generate', '-', '0']);
    if (r.messages !== w.messages) throw new Error(`read ${r.messages} messages, wrote ${w.messages}`);
    const mb = (kib: number) => Math.round(kib / 1024);
    report({ bench: 'archive-write-1M', metric: 'messages_per_s', value: Math.round(w.messages! / w.seconds!), peer: null, ratio: null });
    report({ bench: 'archive-write-1M', metric: 'seconds', value: Math.round(w.seconds! * 100) / 100, peer: null, ratio: null });
    // The write time includes making the 1M input messages (the bench's stand-in for an exporter).
    report({ bench: 'archive-write-1M', metric: 'seconds_input_generation', value: Math.round(g.seconds! * 100) / 100, peer: null, ratio: null });
    report({ bench: 'archive-write-1M', metric: 'peak_rss_MB', value: mb(w.maxRssKiB!), peer: null, ratio: null });
    report({ bench: 'archive-read-1M', metric: 'messages_per_s', value: Math.round(r.messages! / r.seconds!), peer: null, ratio: null });
    report({ bench: 'archive-read-1M', metric: 'seconds', value: Math.round(r.seconds! * 100) / 100, peer: null, ratio: null });
    report({ bench: 'archive-read-1M', metric: 'peak_rss_MB', value: mb(r.maxRssKiB!), peer: null, ratio: null });
    // What Node itself takes before any archive work, for reading the RSS figures.
    report({ bench: 'archive-baseline', metric: 'peak_rss_MB', value: mb(idle.maxRssKiB!), peer: null, ratio: null });
    report({ bench: 'archive-write-1M', metric: 'bytes_per_message', value: Math.round(statSync(file).size / w.messages!), peer: null, ratio: null });
    // Three times the messages: the time should triple and the peak RSS stay where it was (issue #21).
    rmSync(file);
    const w3 = child(['write', file, String(3 * MESSAGES)]);
    const r3 = child(['read', file]);
    if (r3.messages !== w3.messages) throw new Error(`read ${r3.messages} messages, wrote ${w3.messages}`);
    report({ bench: 'archive-write-3M', metric: 'seconds', value: Math.round(w3.seconds! * 100) / 100, peer: { name: '1M', value: Math.round(w.seconds! * 100) / 100 }, ratio: Math.round((w3.seconds! / w.seconds!) * 100) / 100 });
    report({ bench: 'archive-write-3M', metric: 'peak_rss_MB', value: mb(w3.maxRssKiB!), peer: { name: '1M', value: mb(w.maxRssKiB!) }, ratio: Math.round((w3.maxRssKiB! / w.maxRssKiB!) * 100) / 100 });
    report({ bench: 'archive-read-3M', metric: 'seconds', value: Math.round(r3.seconds! * 100) / 100, peer: { name: '1M', value: Math.round(r.seconds! * 100) / 100 }, ratio: Math.round((r3.seconds! / r.seconds!) * 100) / 100 });
    report({ bench: 'archive-read-3M', metric: 'peak_rss_MB', value: mb(r3.maxRssKiB!), peer: { name: '1M', value: mb(r.maxRssKiB!) }, ratio: Math.round((r3.maxRssKiB! / r.maxRssKiB!) * 100) / 100 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
