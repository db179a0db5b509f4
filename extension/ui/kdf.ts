/** A ScryptKdf that runs in a dedicated Worker (kdf-worker.ts), for pages: the UI keeps responding. */
import type { ScryptKdf } from '../../src/crypto/index.js';
import type { KdfRequest } from '../workers/kdf-worker.js';
import { askWorker } from '../workers/worker-protocol.js';

/** One worker for the page's life: each unlock asks it again, and it holds nothing between asks. */
let worker: Worker | undefined;

function kdfWorker(): Worker {
  worker ??= new Worker(new URL('../workers/kdf-worker.ts', import.meta.url), { type: 'module' });
  return worker;
}

export const workerScrypt: ScryptKdf = (passphrase, salt, logN) => askWorker<KdfRequest, Uint8Array>(kdfWorker(), { passphrase, salt, logN }, 'The key derivation worker');
