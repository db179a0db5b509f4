/**
 * A bench-only variant of the extension, built into dist/bench-extension/ by bench/age.bench.ts
 * before it runs, so no benchmark code ships in dist/chrome. It keeps the real manifest's content
 * security policy and permissions (what decides whether WebAssembly runs and how fast), and
 * replaces the pages, service worker and content scripts by a bench page and a bench service
 * worker that import src/crypto.
 */
import { defineConfig, type Plugin } from 'vite';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = import.meta.dirname;
const repo = resolve(root, '../..');
export const BENCH_EXTENSION_DIR = resolve(repo, 'dist/bench-extension');

function benchManifest(): Plugin {
  return {
    name: 'ferry-bench-manifest',
    apply: 'build',
    closeBundle() {
      const manifest = JSON.parse(readFileSync(resolve(repo, 'manifest.json'), 'utf8'));
      manifest.name = 'Ferry (benchmark build)';
      // No _locales here: Chromium refuses to load an extension whose default_locale has none
      // (no service worker ever starts), so the strings that pointed there are spelled out.
      delete manifest.default_locale;
      manifest.description = 'Ferry benchmark build';
      manifest.background = { service_worker: 'service-worker.js', type: 'module' };
      delete manifest.action;
      delete manifest.content_scripts;
      mkdirSync(BENCH_EXTENSION_DIR, { recursive: true });
      writeFileSync(resolve(BENCH_EXTENSION_DIR, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    },
  };
}

export default defineConfig({
  root,
  base: '',
  publicDir: false,
  logLevel: 'warn',
  plugins: [benchManifest()],
  build: {
    outDir: BENCH_EXTENSION_DIR,
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    rolldownOptions: {
      input: {
        bench: resolve(root, 'bench.html'),
        convert: resolve(root, 'convert.html'),
        'service-worker': resolve(root, 'service-worker.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'service-worker' ? 'service-worker.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
