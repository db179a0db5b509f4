/**
 * A DeflaterFactory whose work runs in deflate-worker.ts, for convert-worker.ts: the archive
 * writer (writeArchiveStream) takes asynchronous deflaters and keeps their outputs in order, so
 * JSON serialisation here and deflate there overlap on the machine's two cores.
 */
import type { DeflaterFactory } from '../../src/archive/stream.js';
import type { DeflateChunk, DeflateReply } from './deflate-worker.js';

export interface ParallelDeflate {
  factory: DeflaterFactory;
  /** Ends the deflate worker (after the archive is written, or when the conversion failed). */
  close(): void;
}

export function parallelDeflate(): ParallelDeflate {
  const worker = new Worker(new URL('./deflate-worker.ts', import.meta.url), { type: 'module' });
  // One thread answers in the order it was asked: the oldest waiting call gets the next reply.
  const waiting: { resolve(data: Uint8Array): void; reject(error: Error): void }[] = [];
  let broken: Error | undefined;
  worker.onmessage = (event: MessageEvent<DeflateReply>) => {
    const reply = event.data;
    const next = waiting.shift();
    if (!next) return;
    if ('error' in reply) next.reject(new Error(`deflate failed: ${reply.error}`));
    else next.resolve(reply.data);
  };
  worker.onerror = (event) => {
    broken = new Error(`The deflate worker failed: ${event.message || 'no reason given'}`);
    for (const w of waiting.splice(0)) w.reject(broken);
  };
  let entries = 0;
  const factory: DeflaterFactory = () => {
    const entry = entries++;
    return (chunk, final) =>
      new Promise<Uint8Array>((resolve, reject) => {
        if (broken) return reject(broken);
        waiting.push({ resolve, reject });
        // postMessage copies the chunk: the writer reuses its buffer once this call has resolved.
        worker.postMessage({ entry, chunk, final } satisfies DeflateChunk);
      });
  };
  return { factory, close: () => worker.terminate() };
}
