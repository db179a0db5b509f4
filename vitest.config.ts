import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fuzz-seed.ts'],
    // Real scrypt at age's work factor and the age CLI through a terminal take seconds on 2 cores.
    testTimeout: 60_000,
  },
});
