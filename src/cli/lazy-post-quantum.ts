/**
 * Node only: `@noble/post-quantum/hybrid.js` for the CLI build (vite.cli.config.ts puts this
 * module in its place), loaded on the first post-quantum operation instead of at start-up.
 * Loading it (it brings ML-KEM, SHA-3 and three elliptic curves, whose tables are computed at
 * import) cost every `ferry encrypt`/`decrypt` 40-80 ms of a run that needs only X25519.
 *
 * mlkem768x25519.ts calls MLKEM768X25519 synchronously (after its own async self-test has run
 * through this same object), so the library is loaded synchronously too: require() of an ES
 * module, which every Node that @noble/post-quantum supports has (its engines: >= 20.19).
 * Extension pages and workers keep the static import: nothing changes there.
 */
import { createRequire } from 'node:module';
import type { MLKEM768X25519 as Kem } from '@noble/post-quantum/hybrid.js';

type Hybrid = typeof import('@noble/post-quantum/hybrid.js');

/** The real package, by a specifier the build's alias does not match (this module is that alias). */
const PACKAGE = '@noble/post-quantum/hybrid.js';
let library: Hybrid | undefined;

function load(): Hybrid {
  if (!library) {
    try {
      library = createRequire(import.meta.url)(PACKAGE) as Hybrid;
    } catch (error) {
      throw new Error(`Post-quantum keys need Node 20.19 or later (this is ${process.version}), which can load their library: ${(error as Error).message}`, { cause: error });
    }
  }
  return library;
}

/** Every member of the real object, looked up (and the library loaded) when first used. */
export const MLKEM768X25519 = new Proxy({} as typeof Kem, {
  get(_, key) {
    const kem = load().MLKEM768X25519;
    const value: unknown = Reflect.get(kem, key);
    return typeof value === 'function' ? value.bind(kem) : value;
  },
});
