/**
 * The two ways the convert benchmarks run Ferry's side: bench/whatsapp-convert-child.ts bundled
 * (the library's stages in a process of their own), and the built CLI as a person runs it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync, type BuildOptions } from 'esbuild';

/**
 * The child is bundled as the CLI is (vite.cli.config.ts): age's primitives from node:crypto,
 * never libsodium's WebAssembly, whose loading and self-test the CLI does not pay either.
 */
const CHILD_BUILD: BuildOptions = {
  entryPoints: [join(import.meta.dirname, '../whatsapp-convert-child.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'error',
  alias: { 'libsodium-wrappers-sumo': join(import.meta.dirname, '../../src/cli/node-sodium.ts') },
};

/**
 * `ferry convert FILE -r RECIPIENT -o OUT` exactly as a person runs it: the built CLI
 * (bin/ferry.mjs, which `npm run bench` builds first) as its own process, its CPU time and peak
 * RSS reported by bench/support/resource-report.mjs on exit.
 */
export function runFerryConvertCli(dir: string, input: string, output: string, recipient: string, dateOrder: string): Record<string, number> {
  const resourceFile = join(dir, 'cli-resources.jsonl');
  rmSync(resourceFile, { force: true });
  const args = ['--import', pathToFileURL(join(import.meta.dirname, 'resource-report.mjs')).href, join(import.meta.dirname, '../../bin/ferry.mjs'), 'convert', input, '--date-order', dateOrder, '--tz', 'Asia/Seoul', '-r', recipient, '-o', output];
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, FERRY_BENCH_RESOURCE_FILE: resourceFile } });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`ferry convert failed (${result.status}): ${result.stderr}`);
  const wrote = /wrote .*?([\d,]+) messages/.exec(result.stdout + result.stderr);
  const usage = JSON.parse(readFileSync(resourceFile, 'utf8').trim().split('\n').pop()!) as Record<string, number>;
  return { ...usage, seconds, messages: wrote ? Number(wrote[1]!.replace(/,/g, '')) : NaN };
}


/** Bundles bench/whatsapp-convert-child.ts into `dir`; returns the script's path. */
export function bundleConvertChild(dir: string): string {
  const out = join(dir, 'whatsapp-convert-child.mjs');
  buildSync({ ...CHILD_BUILD, outfile: out });
  return out;
}

/** Writes an X25519 identity with the built CLI's `ferry keygen`; returns its recipient. */
export function cliRecipient(dir: string): string {
  const keygen = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/ferry.mjs'), 'keygen', '-o', join(dir, 'cli-key.txt')], { encoding: 'utf8' });
  const recipient = /age1[0-9a-z]+/.exec(keygen.stdout + keygen.stderr)?.[0];
  if (!recipient) throw new Error(`ferry keygen printed no recipient: ${keygen.stderr}`);
  return recipient;
}
