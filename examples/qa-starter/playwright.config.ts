import { defineConfig } from '@playwright/test';

// Each worker starts its own Prosody; each test its own browser with Ferry loaded. One worker
// keeps a small machine responsive; raise it on a bigger one.
export default defineConfig({
  testDir: 'tests',
  workers: 1,
  timeout: 180_000,
  // The HTML report is what people look at: steps, screenshots, traces. `npx playwright show-report` opens it.
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // A screenshot of every step of the flow, attached to the report (a ferry/testing option).
    stepScreenshots: true,
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium' } },
    { name: 'firefox', use: { browserName: 'firefox' } },
  ],
});
