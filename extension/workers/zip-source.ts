/**
 * A ByteSource (src/archive/zip-reader.ts) over zip bytes in a Worker, with the faster inflate and
 * CRC-32 the core lets a source bring (as the CLI's file source brings zlib): pako's Inflate
 * (zlib's inflate in JavaScript) instead of fflate's, and crc-32 (fast-hashes.ts) instead of the
 * core's tables. Only the speed changes: zip-reader.ts still checks every entry's size and CRC-32
 * against its directory and stops at its declared size.
 *
 * Why not the browser's DecompressionStream('deflate-raw'): the reader is synchronous (a
 * generator), and a stream answers only through promises.
 */
import { Inflate } from 'pako';
import { bytesSource, type ByteSource } from '../../src/archive/zip-reader.js';
import { fastCrc32 } from './fast-hashes.js';

/** Compressed bytes handed to pako per step, and its output chunk size. */
const STEP = 1 << 16;

class Enough extends Error {}

/**
 * Raw DEFLATE (RFC 1951) `input` inflated in chunks, in order; it stops at the first chunk past
 * `limit` bytes (the caller refuses the entry then), within a step: 64 KiB of input may inflate
 * a thousand times over, and an entry that lies about its size must not make the Worker hold
 * that. Throws on damage, and when the stream does not end within `input`.
 */
export function* pakoInflateRaw(input: Uint8Array, limit = Infinity): Generator<Uint8Array> {
  const out: Uint8Array[] = [];
  let produced = 0;
  const inflate = new Inflate({ raw: true, chunkSize: STEP });
  // Each chunk is a fresh buffer (pako allocates a new output once one is full): safe to yield.
  inflate.onData = (chunk) => {
    out.push(chunk);
    produced += chunk.length;
    // Thrown inside pako's push: inflating stops here instead of finishing the step.
    if (produced > limit) throw new Enough();
  };
  // The default joins every chunk into one result at the end; nothing here wants it.
  inflate.onEnd = () => {};
  for (let at = 0; ; at += STEP) {
    const last = at + STEP >= input.length;
    let enough = false;
    try {
      inflate.push(input.subarray(at, at + STEP), last);
    } catch (error) {
      if (!(error instanceof Enough)) throw error;
      enough = true;
    }
    yield* out.splice(0);
    if (enough) return;
    if (inflate.ended && inflate.err !== 0) throw new Error(`inflate failed (${inflate.msg || inflate.err})`);
    if (inflate.ended || last) break;
  }
  if (!inflate.ended) throw new Error('the compressed data ends early');
}

/** `zip` as a ByteSource that inflates with pako and checks CRC-32 with crc-32. */
export function fastZipSource(zip: Uint8Array): ByteSource {
  return {
    ...bytesSource(zip),
    crc32: fastCrc32,
    inflateRaw: (offset, length, limit) => pakoInflateRaw(zip.subarray(offset, offset + length), limit),
  };
}
