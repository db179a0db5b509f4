/**
 * `npm run package`: store-ready zips of the built extension, manifest.json at the zip's root:
 * dist/ferry-chrome-<version>.zip (Chrome Web Store) and dist/ferry-firefox-<version>.zip (AMO).
 * Source maps are left out of both; file times are fixed so the same build gives the same zip.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { zipSync, type Zippable } from 'fflate';

const FIXED_TIME = new Date('2026-01-01T00:00:00Z');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Zips one unpacked extension folder; returns the entry names written. */
export function packageExtension(dir: string, outFile: string): string[] {
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`${dir} holds no manifest.json: run \`npm run build\` first.`);
  const entries: Zippable = {};
  const names = filesUnder(dir)
    .filter((path) => !path.endsWith('.map'))
    .map((path) => relative(dir, path).split(sep).join('/'))
    .sort();
  for (const name of names) entries[name] = [readFileSync(join(dir, name)), { mtime: FIXED_TIME, level: 9 }];
  writeFileSync(outFile, zipSync(entries));
  return names;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(import.meta.dirname, '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  for (const browser of ['chrome', 'firefox']) {
    const out = join(root, 'dist', `ferry-${browser}-${version}.zip`);
    const names = packageExtension(join(root, 'dist', browser), out);
    console.log(`${relative(root, out)}: ${names.length} files, ${statSync(out).size.toLocaleString('en')} bytes`);
  }
}
