/**
 * Compiles schemas/*.schema.json into src/archive/generated/validators.js with Ajv's standalone
 * mode. Why at build time: Ajv compiles with `new Function`, which a Manifest V3 extension's
 * content security policy forbids, so the extension could not validate anything otherwise; and
 * a compiled module starts instantly in the CLI too.
 *
 * `npm run build` runs this first. The output is committed, so `npm run typecheck` works on a
 * fresh clone before any build; test/archive/validators.test.ts fails when it is stale.
 * `tsx scripts/build-validators.ts --check` exits 1 instead of writing when it is stale.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateValidatorSource, generateValidatorTypes } from './validators-source.js';

const dir = resolve(import.meta.dirname, '../src/archive/generated');
const outputs: [string, string][] = [
  [resolve(dir, 'validators.js'), generateValidatorSource()],
  [resolve(dir, 'validators.d.ts'), generateValidatorTypes()],
];
for (const [out, text] of outputs) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // first build
  }
  if (current === text) continue;
  if (process.argv.includes('--check')) {
    process.stderr.write(`${out} is stale: run npm run build:validators\n`);
    process.exitCode = 1;
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileSync(out, text);
    process.stdout.write(`wrote ${out}\n`);
  }
}
