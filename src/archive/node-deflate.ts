/**
 * The runtime's native zlib as the archive's deflater (Node only): several times faster than
 * fflate on large archives. Each chunk is deflated by its own zlib call ending in a sync flush
 * (no final block, byte-aligned), so the concatenated outputs form one valid raw DEFLATE stream;
 * the last call finishes it. Back-references never reach before their own chunk, which costs a
 * little compression and keeps the output a pure function of the chunking and zlib's version.
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import type { Crc32, DeflaterFactory, WriteOptions } from './stream.js';

/**
 * zlib level 3, not the default 6: on the 1M-message archive bench (same run, load ~5) level 6
 * wrote 20.5 MB in 8.0-10.7 s, level 3 22.2 MB (+8%) in 4.4-6.2 s, level 1 24.0 MB in 5.2 s,
 * and stored blocks (no deflate at all) took 4.5-4.9 s: at 3 deflating on the thread pool is
 * hidden behind the serialising, at 6 it is the bottleneck. Levels 4 and 2 gave larger files
 * than 3 (24.1 MB) for no gain in time. Any level is standard DEFLATE that `unzip` reads.
 */
const LEVEL = 3;

/**
 * zlib's output buffer per step. With the default 16 KiB, a chunk's ~100 KB of output takes one
 * thread-pool round trip and one main-thread callback per 16 KiB; 256 KiB holds it in one.
 * The bytes are the same.
 */
const CHUNK_SIZE = 256 * 1024;

export const nodeDeflater: DeflaterFactory = () => (chunk, final) =>
  new Uint8Array(deflateRawSync(chunk, { level: LEVEL, chunkSize: CHUNK_SIZE, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));

/** zlib.crc32 exists from Node 20.15 / 22.2; older Node falls back to fflate's CRC. */
export const nodeCrc32: Crc32 | undefined = typeof crc32 === 'function' ? (chunk, previous) => crc32(chunk, previous) : undefined;

/** Both native helpers, as WriteOptions. */
export const NODE_WRITE_OPTIONS: WriteOptions = { deflater: nodeDeflater, ...(nodeCrc32 ? { crc32: nodeCrc32 } : {}) };

const deflateRawAsync = promisify(deflateRaw);

/**
 * The same zlib calls on libuv's thread pool, so deflating runs beside the serializing of the
 * next messages (for writeArchiveStream only; same bytes as nodeDeflater).
 */
export const nodeAsyncDeflater: DeflaterFactory = () => async (chunk, final) =>
  new Uint8Array(await deflateRawAsync(chunk, { level: LEVEL, chunkSize: CHUNK_SIZE, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));

/** For writeArchiveStream in Node: native zlib on the thread pool and native CRC. */
export const NODE_STREAM_OPTIONS: WriteOptions = { ...NODE_WRITE_OPTIONS, deflater: nodeAsyncDeflater };
