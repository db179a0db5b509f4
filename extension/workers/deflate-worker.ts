/**
 * The second core for convert-worker.ts: deflates the archive's zip entries with the same
 * deflater the archive writer uses in browsers (browserDeflater, pako level 3 with sync flushes),
 * one per entry, while the convert worker goes on parsing and serialising. Deflate is about a
 * third of a conversion's time in the browser. Chunks of one entry arrive and are answered in
 * order (one thread, one queue), so the bytes are exactly those of the in-thread deflater.
 */
import { browserDeflater, type Deflater } from '../../src/archive/stream.js';

export interface DeflateChunk {
  /** Which entry's deflater (one per zip entry, made on its first chunk, dropped after its final one). */
  entry: number;
  chunk: Uint8Array;
  final: boolean;
}

export type DeflateReply = { entry: number; data: Uint8Array } | { entry: number; error: string };

const deflaters = new Map<number, Deflater>();

self.onmessage = (event: MessageEvent<DeflateChunk>) => {
  const { entry, chunk, final } = event.data;
  try {
    let deflater = deflaters.get(entry);
    if (!deflater) deflaters.set(entry, (deflater = browserDeflater()));
    const data = deflater(chunk, final) as Uint8Array;
    if (final) deflaters.delete(entry);
    (self as unknown as Worker).postMessage({ entry, data } satisfies DeflateReply, [data.buffer]);
  } catch (error) {
    deflaters.delete(entry);
    (self as unknown as Worker).postMessage({ entry, error: error instanceof Error ? error.message : String(error) } satisfies DeflateReply);
  }
};
