import { defineConfig } from '@playwright/test';

// Each spec starts its own Prosody, Converse page and Chromium (with the built extension), so
// specs run one at a time: two cores, and every spec is a whole migration.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  timeout: 240_000,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    // The smoke test opens firefox-esr itself, so it is listed under firefox, where its results are looked for.
    { name: 'chromium', use: { browserName: 'chromium' }, testIgnore: ['firefox-smoke.spec.ts'] },
    // Firefox parity of the QA kit's flows (issue 19): only the specs written for both browsers, and the smoke test.
    { name: 'firefox', use: { browserName: 'firefox' }, testMatch: ['qa-kit-flows.spec.ts', 'firefox-smoke.spec.ts'] },
  ],
});
