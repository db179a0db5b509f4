/** A ScryptKdf that runs in a dedicated Worker (kdf-worker.ts), for pages: the UI keeps responding. */
import type { ScryptKdf } from '../../src/crypto/index.js';
import type { KdfReply, KdfRequest } from '../workers/kdf-worker.js';

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (key: Uint8Array) => void; reject: (error: Error) => void }>();

function kdfWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('../workers/kdf-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<KdfReply>) => {
      const waiting = pending.get(event.data.id);
      pending.delete(event.data.id);
      if ('key' in event.data) waiting?.resolve(event.data.key);
      else waiting?.reject(new Error(event.data.error));
    };
    worker.onerror = (event) => {
      for (const waiting of pending.values()) waiting.reject(new Error(`The key derivation worker failed: ${event.message}`));
      pending.clear();
    };
  }
  return worker;
}

export const workerScrypt: ScryptKdf = (passphrase, salt, logN) =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    kdfWorker().postMessage({ id, passphrase, salt, logN } satisfies KdfRequest);
  });
