/**
 * Runs every benchmark in bench/ (files named *.bench.ts) and lets each print its figures, one
 * JSON line per figure: {"bench","metric","value","peer","ratio"}. `npm run bench -- NAME` runs
 * only the benchmarks whose file name contains NAME.
 *
 * It builds first (`npm run build`, about 12 s): several benchmarks run the built CLI
 * (bin/ferry.mjs) or load the built extension (dist/chrome), which a fresh clone lacks, and a
 * dist/ left from older sources would time old code. FERRY_BENCH_NO_BUILD=1 skips it.
 */
import { execSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const dir = import.meta.dirname;
if (process.env.FERRY_BENCH_NO_BUILD !== '1') execSync('npm run build', { cwd: join(dir, '..'), stdio: ['ignore', 'ignore', 'inherit'] });
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort()) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<void> };
  await mod.run();
}
