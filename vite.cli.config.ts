/** Builds the Node CLI (src/cli/main.ts) into dist/cli/ferry.mjs; dependencies stay in node_modules. */
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  // The CLI takes age's primitives from node:crypto, not libsodium's WebAssembly, whose loading
  // cost every run about 150 ms (src/cli/node-sodium.ts says why and how they are checked).
  resolve: { alias: { 'libsodium-wrappers-sumo': resolve(import.meta.dirname, 'src/cli/node-sodium.ts') } },
  build: {
    ssr: resolve(import.meta.dirname, 'src/cli/main.ts'),
    outDir: resolve(import.meta.dirname, 'dist/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: { output: { entryFileNames: 'ferry.mjs' } },
  },
});
