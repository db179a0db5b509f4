/**
 * The stage most of the export specs play on: an old account seeded on a real Prosody, Converse.js
 * serving it, and Chromium with the built extension loaded, downloading into a fresh folder.
 * One place to start and stop it, so that every spec tears down the same way (browser first, so
 * no page holds a socket to a server that is going away).
 */
import { test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../fixtures/seed-corpus.js';
import { launchWithExtension, type ExtensionBrowser } from '../../testing/support/browser.js';
import { startConverseServer, type ConverseServer } from '../../testing/support/converse-server.js';
import { startProsody, type ProsodyServer } from '../../testing/support/prosody.js';
import { seedOldAccount } from '../../testing/support/seed.js';

export interface OldAccountStage {
  prosody: ProsodyServer;
  converse: ConverseServer;
  browser: ExtensionBrowser;
  /** Where the browser's downloads land; removed with the stage. */
  outDir: string;
  stop(): Promise<void>;
}

/** Starts the stage for `seed`; `dirPrefix` names the downloads folder so a leftover one says whose it is. */
export async function startOldAccountStage(seed: Corpus, dirPrefix: string): Promise<OldAccountStage> {
  const outDir = mkdtempSync(join(tmpdir(), dirPrefix));
  const prosody = await startProsody();
  await seedOldAccount(prosody, seed);
  const converse = await startConverseServer({ websocketUrl: prosody.websocketUrl });
  const browser = await launchWithExtension({ downloadsDir: outDir });
  return {
    prosody, converse, browser, outDir,
    async stop() {
      await browser.close();
      await converse.stop();
      await prosody.stop();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * For a serial describe: starts the stage in beforeAll (within `setupMs`), hands it to `use` so the
 * spec can keep its parts in its own variables, and stops it in afterAll.
 */
export function useOldAccountStage(seed: Corpus, dirPrefix: string, setupMs: number, use: (stage: OldAccountStage) => void): void {
  let stage: OldAccountStage | undefined;
  test.beforeAll(async () => {
    test.setTimeout(setupMs);
    stage = await startOldAccountStage(seed, dirPrefix);
    use(stage);
  });
  test.afterAll(async () => {
    await stage?.stop();
  });
}
