/** The export page's save, run in seal-worker.ts so the page keeps responding while a large archive is written and encrypted. */
import type { ArchiveContent } from '../../src/model/types.js';
import type { Selection } from '../../src/transfer/select.js';
import type { SealProtection, SealRequest, SealWork } from '../workers/seal-worker.js';
import { askWorker } from '../workers/worker-protocol.js';

/**
 * Converted content and the zip convert-worker.ts read it back from. Held by the content object
 * (weakly), so no page has to carry the bytes along, and they go when the content does.
 */
const checkedZips = new WeakMap<ArchiveContent, Uint8Array>();

/** Notes that `content` is exactly what `zip` holds (it was read back from it and checked). */
export function rememberZip(content: ArchiveContent, zip: Uint8Array): void {
  checkedZips.set(content, zip);
}

/** Whether `selection` keeps all of `content` (selectContent then gives the content itself back). */
function keepsEverything(content: ArchiveContent, selection: Selection): boolean {
  if (selection.from !== undefined || selection.until !== undefined) return false;
  const chosen = selection.conversations;
  return !chosen || content.conversations.every((c) => chosen.has(c.id));
}

/**
 * One worker per save, ended afterwards: it holds a copy of the whole content while it works,
 * and that memory should go as soon as the file is made. Converted content saved whole is not
 * written again: its checked zip is the archive, and the worker only encrypts a copy of it (the
 * page keeps its own for a second save); a million messages would otherwise be cloned to the
 * worker, serialised and deflated a second time.
 */
export function sealInWorker(content: ArchiveContent, selection: Selection, protection: SealProtection): Promise<Uint8Array> {
  const zip = checkedZips.get(content);
  const request: SealWork = zip && keepsEverything(content, selection) ? { zip, protection } : { content, selection, protection };
  const worker = new Worker(new URL('../workers/seal-worker.ts', import.meta.url), { type: 'module' });
  return askWorker<SealRequest, Uint8Array>(worker, request, 'The worker writing the archive').finally(() => worker.terminate());
}
