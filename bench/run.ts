/**
 * Runs every benchmark in bench/ (files named *.bench.ts) and lets each print its figures, one
 * JSON line per figure: {"bench","metric","value","peer","ratio"}. `npm run bench -- NAME` runs
 * only the benchmarks whose file name contains NAME.
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const filter = process.argv[2] ?? '';
const dir = import.meta.dirname;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort()) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<void> };
  await mod.run();
}
