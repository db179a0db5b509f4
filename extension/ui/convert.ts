/**
 * The export page's conversion of dropped files, run in convert-worker.ts. Kept out of
 * convert-files.tsx so the in-browser benchmark (bench/extension/convert-in-browser.ts) starts
 * the very same worker the same way, without the page's UI.
 */
import type { InputReport } from '../../src/convert/convert.js';
import type { ConvertFailure, ConvertPhase, ConvertRequest, Converted } from '../workers/convert-worker.js';
import { askWorker, WorkerFailure } from '../workers/worker-protocol.js';
import type { PageContent } from './page-content.js';

export interface ConvertedContent {
  /** What the page shows and saves: the facts, with the checked zip as the archive. */
  content: PageContent;
  reports: InputReport[];
  zipBytes: number;
  millis: number;
}

/** One worker per conversion, ended afterwards: it holds every input file's bytes while it works. */
export async function convertInWorker(request: Omit<ConvertRequest, 'id'>, onPhase: (phase: ConvertPhase) => void): Promise<{ converted: ConvertedContent } | { failure: ConvertFailure } | { error: string }> {
  const worker = new Worker(new URL('../workers/convert-worker.ts', import.meta.url), { type: 'module' });
  try {
    const { facts, zip, reports, zipBytes, millis } = await askWorker<ConvertRequest, Converted, ConvertPhase, ConvertFailure>(worker, request, 'The conversion worker', onPhase);
    return { converted: { content: { ...facts, archive: { zip } }, reports, zipBytes, millis } };
  } catch (error) {
    if (error instanceof WorkerFailure && error.detail) return { failure: error.detail as ConvertFailure };
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    worker.terminate();
  }
}
