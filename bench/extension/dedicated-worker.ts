/**
 * The bench build's dedicated Worker, started by the bench page as the export page starts its
 * seal worker (extension/ui/seal.ts): where the extension encrypts an archive it saves. Answers
 * through the extension's own worker protocol.
 */
import { serveRequests, type WorkerCall } from '../../extension/workers/worker-protocol.js';
import { ageRound, prepareAge, releaseAge, type AgeTimings } from './age-in-browser.js';

export interface BenchWorkerRequest extends WorkerCall {
  call: 'prepareAge' | 'ageRound' | 'releaseAge';
  size?: number;
}

serveRequests<BenchWorkerRequest, AgeTimings | null>(async ({ call, size }) => {
  if (call === 'prepareAge') await prepareAge(size ?? 0);
  else if (call === 'releaseAge') releaseAge();
  else return { value: await ageRound() };
  return { value: null };
});
