/** The export page's save, run in seal-worker.ts so the page keeps responding while a large archive is written and encrypted. */
import type { ArchiveContent } from '../../src/model/types.js';
import type { Selection } from '../../src/transfer/select.js';
import type { SealProtection, SealRequest } from '../workers/seal-worker.js';
import { askWorker } from '../workers/worker-protocol.js';

/**
 * One worker per save, ended afterwards: it holds a copy of the whole content while it works,
 * and that memory should go as soon as the file is made.
 */
export function sealInWorker(content: ArchiveContent, selection: Selection, protection: SealProtection): Promise<Uint8Array> {
  const worker = new Worker(new URL('../workers/seal-worker.ts', import.meta.url), { type: 'module' });
  return askWorker<SealRequest, Uint8Array>(worker, { content, selection, protection }, 'The worker writing the archive').finally(() => worker.terminate());
}
