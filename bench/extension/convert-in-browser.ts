/**
 * The browser half of bench/extension-convert.bench.ts: the export page's conversion of a dropped
 * export file to an archive encrypted to an X25519 recipient, through the page's own two steps
 * and their real Workers: convertInWorker (extension/ui/convert.ts, convert-worker.ts: read,
 * convert, check the archive, the zip and what the page shows of it back to the page) and
 * sealInWorker (extension/ui/seal.ts, seal-worker.ts: the checked zip to the worker, age). Only the UI is left out. The sealed file
 * leaves as a download, as on the export page; Node opens and counts it, untimed.
 */
import type { ConvertPhase } from '../../extension/workers/convert-worker.js';
import { convertInWorker } from '../../extension/ui/convert.js';
import { sealInWorker } from '../../extension/ui/seal.js';
import type { PageFacts } from '../../extension/ui/page-content.js';

/** Milliseconds from the start to each step's end, as the page sees them (each includes its postMessage). */
export interface ConvertTimings {
  /** until the worker says it has read the File and started converting */
  readMs: number;
  /** until it says it has the zip and is checking it (readArchive) */
  convertMs: number;
  /** until the checked zip and the page's facts have arrived on the page */
  convertedMs: number;
  /** until the sealed file is back on the page (zip cloned to seal-worker, age) */
  sealedMs: number;
  /** what the convert worker measured itself, from its request to its reply */
  workerMillis: number;
  messages: number;
  sealedBytes: number;
}

function countMessages(content: PageFacts): number {
  let n = 0;
  for (const facts of content.facts.values()) n += facts.instants.length;
  return n;
}

export async function convertAndSeal(options: { timeZone: string; dateOrder?: 'dmy' | 'mdy' | 'ymd'; recipient: string }): Promise<ConvertTimings> {
  const file = (document.getElementById('input') as HTMLInputElement).files?.[0];
  if (!file) throw new Error('no input file set');
  const marks: Partial<Record<ConvertPhase, number>> = {};
  const started = performance.now();
  const reply = await convertInWorker(
    { inputs: [{ kind: 'file', name: file.name, file }], options: { timeZone: options.timeZone, ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}), now: new Date().toISOString() } },
    (phase) => (marks[phase] = performance.now() - started),
  );
  const convertedMs = performance.now() - started;
  if (!('converted' in reply)) throw new Error(`conversion failed: ${JSON.stringify(reply)}`);
  const { content, millis } = reply.converted;
  const sealed = await sealInWorker(content, {}, { recipients: [options.recipient] });
  const sealedMs = performance.now() - started;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([sealed as BlobPart], { type: 'application/octet-stream' }));
  link.download = 'converted.age';
  link.click();
  return {
    readMs: marks.converting ?? NaN,
    convertMs: marks.checking ?? NaN,
    convertedMs,
    sealedMs,
    workerMillis: millis,
    messages: countMessages(content),
    sealedBytes: sealed.length,
  };
}

declare global {
  var ferryConvertBench: { convertAndSeal: typeof convertAndSeal } | undefined;
}
globalThis.ferryConvertBench = { convertAndSeal };
