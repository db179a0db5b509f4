/** Builds the Node CLI (src/cli/main.ts) into dist/cli/ferry.mjs; dependencies stay in node_modules. */
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  resolve: {
    alias: [
      // The CLI takes age's primitives from node:crypto, not libsodium's WebAssembly, whose loading
      // cost every run about 150 ms (src/cli/node-sodium.ts says why and how they are checked).
      { find: /^libsodium-wrappers-sumo$/, replacement: resolve(import.meta.dirname, 'src/cli/node-sodium.ts') },
      // ML-KEM is loaded on first use, not by every run (src/cli/lazy-post-quantum.ts).
      { find: /^@noble\/post-quantum\/hybrid\.js$/, replacement: resolve(import.meta.dirname, 'src/cli/lazy-post-quantum.ts') },
    ],
  },
  build: {
    ssr: resolve(import.meta.dirname, 'src/cli/main.ts'),
    outDir: resolve(import.meta.dirname, 'dist/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      output: {
        entryFileNames: 'ferry.mjs',
        // `ferry encrypt` and `ferry decrypt` load one chunk for all of age, not a dozen: Node
        // resolves, reads and links every ES module on its own, 1-3 ms each.
        codeSplitting: {
          groups: [{ name: 'usage-error', test: /src[\\/]cli[\\/]usage-error\.ts/, priority: 2 }, { name: 'age', priority: 1, test: /src[\\/](crypto[\\/]|cli[\\/](age-file|node-aead|node-sodium|io-files|output|progress|passphrase|lazy-post-quantum)\.ts)/ }],
        },
      },
    },
  },
});
