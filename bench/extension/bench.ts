/**
 * The bench build's page: the age benchmark on the page itself (where the unlock page decrypts an
 * archive), and in a dedicated Worker it starts (where the export page's seal worker encrypts
 * one), both reached through CDP (page.evaluate).
 */
import { askWorker } from '../../extension/workers/worker-protocol.js';
import type { AgeTimings } from './age-in-browser.js';
import type { BenchWorkerRequest } from './dedicated-worker.js';
import './age-in-browser.js';

const worker = new Worker(new URL('./dedicated-worker.ts', import.meta.url), { type: 'module' });
const ask = <T>(call: BenchWorkerRequest['call'], size?: number): Promise<T> =>
  askWorker<BenchWorkerRequest, T>(worker, { call, ...(size !== undefined ? { size } : {}) }, 'The bench worker');

declare global {
  var ferryBenchWorker: { prepareAge(size: number): Promise<void>; ageRound(): Promise<AgeTimings>; releaseAge(): Promise<void> } | undefined;
}
globalThis.ferryBenchWorker = {
  prepareAge: async (size) => void (await ask<null>('prepareAge', size)),
  ageRound: () => ask<AgeTimings>('ageRound'),
  releaseAge: async () => void (await ask<null>('releaseAge')),
};
