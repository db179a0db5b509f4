/**
 * Node only: `ferry encrypt` and `ferry decrypt` of a file on disk, the age payload sealed and
 * opened through node:crypto (node-aead.ts) in big positioned reads, for the CLI.
 *
 * The general streams (src/crypto/stream.ts) take any AsyncIterable and cut it into 64 KiB
 * chunks one at a time; through them `ferry encrypt` of 256 MiB ran at 0.2-0.4x native `age`,
 * its time in per-chunk copies (ByteReader, Buffer.concat of ciphertext and tag), fresh 1 MiB
 * read buffers and the garbage collection of all of it. Here a file is read 64 chunks at a time
 * into three reused buffers, the next read running on libuv's thread while this thread seals
 * the block before, and each chunk goes through OpenSSL once, its ciphertext and tag yielded as
 * they come (the writer gathers them into writev batches).
 *
 * The format is the general code's: the header is written and read by stream.ts
 * (beginEncryption, openBinaryHeader), and on decryption every chunk that is not a verified
 * middle chunk (the last one, and any that fails) is handed to stream.ts's payload reader
 * (decryptPayloadFrom), so truncation, trailing data and damage are found and worded there.
 */
import { createReadStream, close as closeCallback, open as openCallback, read as readCallback } from 'node:fs';
import { promisify } from 'node:util';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from '../crypto/format.js';
import { beginEncryption, decryptPayloadFrom, openBinaryHeader, type Identity, type PayloadCipher, type Recipient } from '../crypto/index.js';
import { nodeChunkCipher, nodePayloadCipher, type ChunkCipher } from './node-aead.js';

/** Chunks per read: 4 MiB of plaintext (or its sealed size), few syscalls, still cache-friendly. */
const BLOCK_CHUNKS = 64;
/** The header's bytes openBinaryHeader needs at most (its 1 MiB limit and the payload nonce). */
const HEAD_BYTES = (1 << 20) + 4096;

const openFd = promisify(openCallback);
const closeFd = promisify(closeCallback);

function readAt(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => readCallback(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
}

/** Fills `buffer` from `position` on; fewer bytes only at the end of the file. */
async function readFull(fd: number, buffer: Uint8Array, position: number): Promise<number> {
  let at = 0;
  while (at < buffer.length) {
    const n = await readAt(fd, buffer, at, buffer.length - at, position + at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/**
 * The file from `start` on in blocks of `blockSize` bytes, each read while the one before is in
 * use; the first short (possibly empty) block is the last. A yielded block stays valid until the
 * block two after it is asked for (three buffers turn), so its consumer may hold it while it
 * looks at the next one, which is how it learns whether the file goes on.
 */
async function* blocksOf(fd: number, start: number, blockSize: number, onRead?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  const buffers = [new Uint8Array(blockSize), new Uint8Array(blockSize), new Uint8Array(blockSize)];
  let position = start;
  let index = 0;
  let pending: Promise<number> | undefined = readFull(fd, buffers[0]!, position);
  try {
    for (;;) {
      const buffer = buffers[index % 3]!;
      const length: number = await pending!;
      pending = undefined;
      onRead?.(length);
      position += length;
      index++;
      if (length === blockSize) pending = readFull(fd, buffers[index % 3]!, position);
      yield buffer.subarray(0, length);
      if (length < blockSize) return;
    }
  } finally {
    // The descriptor is closed by the caller only once no read is still filling a buffer.
    await pending?.catch(() => undefined);
  }
}

/**
 * Each block with whether the file goes on after it (a full block followed by a non-empty one).
 * The empty block after a full one is not given: the full one's last chunk was the last.
 */
async function* withMore(blocks: AsyncIterable<Uint8Array>): AsyncGenerator<{ block: Uint8Array; more: boolean; index: number }> {
  let previous: Uint8Array | undefined;
  let index = 0;
  for await (const block of blocks) {
    if (previous !== undefined) {
      yield { block: previous, more: block.length > 0, index: index++ };
      if (block.length === 0) return;
    }
    previous = block;
  }
  // The file's only block, or the short block that ended it.
  if (previous !== undefined && (index === 0 || previous.length > 0)) yield { block: previous, more: false, index };
}

async function* only(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function withFile<T>(path: string, work: (fd: number) => AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const fd = await openFd(path, 'r');
  return (async function* () {
    try {
      yield* work(fd);
    } finally {
      await closeFd(fd);
    }
  })();
}

/** The native cipher, or undefined when this Node's OpenSSL has none (the caller then uses the general streams). */
export function nativeCiphers(): { chunk: ChunkCipher; payload: PayloadCipher } | undefined {
  const payload = nodePayloadCipher();
  const chunk = nodeChunkCipher();
  return payload && chunk ? { chunk, payload } : undefined;
}

/**
 * Encrypts the file at `path` to `recipients`: yields the binary age file, the header first.
 * Every yielded array is fresh (the writer may hold it).
 */
export async function encryptFile(path: string, recipients: readonly Recipient[], native: { chunk: ChunkCipher }, onRead?: (bytes: number) => void): Promise<AsyncGenerator<Uint8Array>> {
  const { head, payloadKey } = await beginEncryption(recipients);
  const blockSize = BLOCK_CHUNKS * CHUNK_SIZE;
  const seal = native.chunk.sealer(payloadKey);
  payloadKey.fill(0);
  return withFile(path, async function* (fd) {
    try {
      yield head;
      let counter = 0;
      for await (const { block, more } of withMore(blocksOf(fd, 0, blockSize, onRead))) {
        // An empty file is one empty final chunk; otherwise a block's chunks, the very last flagged.
        const chunks = Math.max(1, Math.ceil(block.length / CHUNK_SIZE));
        for (let j = 0; j < chunks; j++) {
          const last = !more && j === chunks - 1;
          const [ciphertext, tag] = seal(counter++, last, block.subarray(j * CHUNK_SIZE, Math.min(block.length, (j + 1) * CHUNK_SIZE)));
          yield ciphertext;
          yield tag;
        }
      }
    } finally {
      seal.wipe();
    }
  });
}

/**
 * Decrypts the binary age file at `path` with `identities`: yields the plaintext chunk by chunk,
 * each verified, and throws stream.ts's AgeError as soon as anything fails (so, as with
 * decryptStream, the output is provisional until the generator ends without throwing).
 */
export async function decryptFile(path: string, identities: readonly Identity[], native: { chunk: ChunkCipher; payload: PayloadCipher }, onRead?: (bytes: number) => void): Promise<AsyncGenerator<Uint8Array>> {
  const blockSize = BLOCK_CHUNKS * SEALED_CHUNK_SIZE;
  return withFile(path, async function* (fd) {
    const start = new Uint8Array(HEAD_BYTES);
    const held = await readFull(fd, start, 0);
    const { payloadKey, payloadStart } = await openBinaryHeader(start.subarray(0, held), held < HEAD_BYTES, identities);
    const open = native.chunk.opener(payloadKey);
    try {
      let counter = 0;
      // The general reader from chunk `counter` on, `source` starting at that chunk.
      const general = (source: AsyncIterable<Uint8Array>) => decryptPayloadFrom(native.payload, payloadKey, source, counter);
      for await (const { block, more, index } of withMore(blocksOf(fd, payloadStart, blockSize, onRead))) {
        // An empty payload: the general reader says what is missing.
        if (block.length === 0) return yield* general(only(new Uint8Array(0)));
        const blockStart = payloadStart + index * blockSize;
        for (let at = 0; at < block.length; at += SEALED_CHUNK_SIZE) {
          const end = at + SEALED_CHUNK_SIZE;
          // The last chunk: its checks (flag, length, trailing bytes) are the general reader's.
          if (end > block.length || (end === block.length && !more)) return yield* general(only(block.slice(at)));
          // A full chunk with more of the file after it can only be a middle chunk.
          const plaintext = open(counter, block.subarray(at, end));
          // It failed: the general reader, from this chunk to the end of the file, says how.
          if (!plaintext) return yield* general(createReadStream(path, { start: blockStart + at, highWaterMark: 1 << 20 }));
          counter++;
          yield plaintext;
        }
      }
    } finally {
      open.wipe();
      payloadKey.fill(0);
    }
  });
}
