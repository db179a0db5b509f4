#!/usr/bin/env node
// The CLI is compiled by `npm run build` (vite.cli.config.ts) so it starts without a TS loader.
try {
  await import('../dist/cli/ferry.mjs');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/ferry.mjs')) {
    console.error('ferry: the CLI is not built yet. Run `npm run build` in the Ferry folder first.');
    process.exit(1);
  }
  throw error;
}
