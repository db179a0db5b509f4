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

/**
 * Raw DEFLATE (RFC 1951) `input` inflated in chunks, in order; it stops once more than `limit`
 * bytes came out (the caller refuses the entry then). Throws on damage, and when the stream
 * does not end within `input`.
 */
export function* pakoInflateRaw(input: Uint8Array, limit = Infinity): Generator<Uint8Array> {
  const out: Uint8Array[] = [];
  const inflate = new Inflate({ raw: true, chunkSize: STEP });
  // Each chunk is a fresh buffer (pako allocates a new output once one is full): safe to yield.
  inflate.onData = (chunk) => void out.push(chunk);
  // The default joins every chunk into one result at the end; nothing here wants it.
  inflate.onEnd = () => {};
  let produced = 0;
  for (let at = 0; ; at += STEP) {
    const last = at + STEP >= input.length;
    inflate.push(input.subarray(at, at + STEP), last);
    for (const chunk of out.splice(0)) {
      produced += chunk.length;
      yield chunk;
    }
    if (inflate.ended && inflate.err !== 0) throw new Error(`inflate failed (${inflate.msg || inflate.err})`);
    if (produced > limit || inflate.ended || last) break;
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
