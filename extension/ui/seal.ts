/** The export page's save, run in seal-worker.ts so the page keeps responding while a large archive is written and encrypted. */
import type { Selection } from '../../src/transfer/select.js';
import type { SealProtection, SealRequest, SealWork } from '../workers/seal-worker.js';
import { askWorker } from '../workers/worker-protocol.js';
import type { PageContent } from './page-content.js';

/** Whether `selection` keeps all of `content` (selectContent then gives the content itself back). */
function keepsEverything(content: PageContent, selection: Selection): boolean {
  if (selection.from !== undefined || selection.until !== undefined) return false;
  const chosen = selection.conversations;
  return !chosen || content.conversations.every((c) => chosen.has(c.id));
}

/**
 * One worker per save, ended afterwards: it holds a copy of what it writes while it works, and
 * that memory should go as soon as the file is made. Converted content is a zip already written
 * and checked (page-content.ts): saved whole it is the archive, and the worker only encrypts a
 * copy of it (the page keeps its own for a second save); saved in part, the worker reads it again
 * and writes the selection, as it writes a live export's content.
 */
export function sealInWorker(content: PageContent, selection: Selection, protection: SealProtection): Promise<Uint8Array> {
  const { archive } = content;
  const request: SealWork =
    'zip' in archive ? (keepsEverything(content, selection) ? { zip: archive.zip, protection } : { zip: archive.zip, selection, protection }) : { content: archive.content, selection, protection };
  const worker = new Worker(new URL('../workers/seal-worker.ts', import.meta.url), { type: 'module' });
  return askWorker<SealRequest, Uint8Array>(worker, request, 'The worker writing the archive').finally(() => worker.terminate());
}
