/**
 * Builds the unpacked MV3 extension into dist/chrome/.
 *
 * Two kinds of output with different rules:
 * - pages and the service worker are ES modules, so they may share chunks;
 * - content scripts are injected as classic scripts, which cannot `import`, so each one is
 *   built again on its own as a single self-contained IIFE file after the main build.
 */
import { defineConfig, build, type Plugin } from 'vite';
import { readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildFirefox } from './scripts/build-firefox.js';

const root = resolve(import.meta.dirname, 'extension');
const outDir = resolve(import.meta.dirname, 'dist/chrome');
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };

const contentScripts = {
  'converse-main': resolve(root, 'content/converse-main.ts'),
  'converse-bridge': resolve(root, 'content/converse-bridge.ts'),
};

function extensionPackaging(): Plugin {
  return {
    name: 'ferry-extension-packaging',
    apply: 'build',
    async closeBundle() {
      for (const [name, entry] of Object.entries(contentScripts)) {
        await build({
          configFile: false,
          logLevel: 'warn',
          build: {
            outDir: resolve(outDir, 'content'),
            emptyOutDir: false,
            minify: false,
            lib: { entry, formats: ['iife'], name: name.replace(/-/g, '_'), fileName: () => `${name}.js` },
          },
        });
      }
      // The manifest's version follows package.json so the two cannot drift apart.
      const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, 'manifest.json'), 'utf8'));
      manifest.version = pkg.version;
      mkdirSync(outDir, { recursive: true });
      writeFileSync(resolve(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
      // UI strings (en, ko) for browser.i18n and the manifest's __MSG_..__ fields.
      cpSync(resolve(import.meta.dirname, '_locales'), resolve(outDir, '_locales'), { recursive: true });
      // The Firefox copy (dist/firefox/) differs only in its manifest: scripts/build-firefox.ts.
      buildFirefox(outDir, resolve(import.meta.dirname, 'dist/firefox'));
    },
  };
}

export default defineConfig({
  root,
  base: '',
  publicDir: resolve(root, 'public'),
  plugins: [extensionPackaging()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        popup: resolve(root, 'pages/popup.html'),
        export: resolve(root, 'pages/export.html'),
        import: resolve(root, 'pages/import.html'),
        viewer: resolve(root, 'pages/viewer.html'),
        keys: resolve(root, 'pages/keys.html'),
        'service-worker': resolve(root, 'background/service-worker.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'service-worker' ? 'background/service-worker.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
