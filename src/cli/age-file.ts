/**
 * Node only: `ferry encrypt` and `ferry decrypt` of a file on disk, the age payload sealed and
 * opened through node:crypto (node-aead.ts) a block of 16 chunks (1 MiB) at a time, for the CLI.
 *
 * The general streams (src/crypto/stream.ts) take any AsyncIterable and cut it into 64 KiB
 * chunks one at a time; through them `ferry encrypt` of 256 MiB ran at 0.2-0.4x native `age`,
 * its time in per-chunk copies, fresh read buffers and the garbage collection of all of it.
 * Here the file is read with readSync into two reused block buffers, each chunk is sealed (or
 * opened) into a reused output block, and a block goes out in one write. Measured on 256 MiB
 * here (2 cores, shared): synchronous reads and writes of 1 MiB
 * blocks beat promises over libuv's threads (async generators, a promise per read and write,
 * writev of two arrays a chunk) by about 2x, and 1 MiB beat 4 and 16 MiB (the block stays in
 * the CPU's cache between the read, the cipher and the write). The event loop still runs every
 * YIELD_EVERY blocks, so Ctrl-C removes the unfinished output at once.
 *
 * The format is the general code's: the header is written and read by stream.ts
 * (beginEncryption, openBinaryHeader), and on decryption every chunk that is not a verified
 * middle chunk (the last one, and any that fails) is handed to stream.ts's payload reader
 * (decryptPayloadFrom), so truncation, trailing data and damage are found and worded there.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from '../crypto/format.js';
import { beginEncryption, decryptPayloadFrom, openBinaryHeader, type Identity, type PayloadCipher, type Recipient } from '../crypto/index.js';
import { nodeChunkCipher, nodePayloadCipher, type ChunkCipher } from './node-aead.js';

/** Chunks per block: 1 MiB of plaintext (or its sealed size). */
const BLOCK_CHUNKS = 16;
/** Blocks between turns of the event loop (signals, progress): 16 MiB. */
const YIELD_EVERY = 16;
/** The header's bytes openBinaryHeader needs at most (its 1 MiB limit and the payload nonce). */
const HEAD_BYTES = (1 << 20) + 4096;

/** Fills `buffer` from `position` on; fewer bytes only at the end of the file. */
function readFull(fd: number, buffer: Uint8Array, position: number): number {
  let at = 0;
  while (at < buffer.length) {
    const n = readSync(fd, buffer, at, buffer.length - at, position + at);
    if (n === 0) break;
    at += n;
  }
  return at;
}

/** Memory for a block: not zero-filled (every byte handed on is written first). */
const block = (size: number): Uint8Array => {
  const b = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};

async function* only(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The native cipher, or undefined when this Node's OpenSSL has none (the caller then uses the general streams). */
export function nativeCiphers(): { chunk: ChunkCipher; payload: PayloadCipher } | undefined {
  const payload = nodePayloadCipher();
  const chunk = nodeChunkCipher();
  return payload && chunk ? { chunk, payload } : undefined;
}

/**
 * The sealed payload of the file open at `fd`, block by block. A yielded block is a view of a
 * reused buffer, valid until the next one is asked for. The last chunk of a full block is sealed
 * only once the next read tells whether the file goes on (an empty read: it was the last).
 */
function* sealedBlocks(fd: number, seal: ReturnType<ChunkCipher['sealer']>, onRead?: (bytes: number) => void): Generator<Uint8Array, void, undefined> {
  const blockSize = BLOCK_CHUNKS * CHUNK_SIZE;
  const plain = [block(blockSize), block(blockSize)];
  const sealed = block(BLOCK_CHUNKS * SEALED_CHUNK_SIZE);
  let position = 0;
  let counter = 0;
  let current = 0;
  let length = readFull(fd, plain[0]!, 0);
  onRead?.(length);
  for (;;) {
    const source = plain[current]!;
    let out = 0;
    if (length < blockSize) {
      // The file's last block: its final chunk (an empty one for an empty file) is flagged.
      const chunks = Math.max(1, Math.ceil(length / CHUNK_SIZE));
      for (let j = 0; j < chunks; j++) {
        out += seal.into(counter++, j === chunks - 1, source.subarray(j * CHUNK_SIZE, Math.min(length, (j + 1) * CHUNK_SIZE)), sealed, out);
      }
      yield sealed.subarray(0, out);
      return;
    }
    for (let j = 0; j < BLOCK_CHUNKS - 1; j++) out += seal.into(counter++, false, source.subarray(j * CHUNK_SIZE, (j + 1) * CHUNK_SIZE), sealed, out);
    position += length;
    const next = current ^ 1;
    length = readFull(fd, plain[next]!, position);
    onRead?.(length);
    out += seal.into(counter++, length === 0, source.subarray(blockSize - CHUNK_SIZE), sealed, out);
    yield sealed.subarray(0, out);
    if (length === 0) return;
    current = next;
  }
}

/** What decryption hands to the general reader once the verified middle chunks are done. */
interface Handover {
  /** The chunk number the general reader starts at. */
  counter: number;
  /** The bytes from that chunk to the end of the file, when they are in hand (the last chunk). */
  tail?: Uint8Array;
  /** Otherwise, the file offset of that chunk (a chunk that failed): the reader reads on from there. */
  offset?: number;
}

/**
 * The verified plaintext of the payload starting at `payloadStart` of the file open at `fd`,
 * block by block (views of a reused buffer, valid until the next is asked for), every chunk
 * opened as a middle chunk; returns where the general reader takes over: the file's last
 * chunk, or the first chunk that did not open.
 */
function* openedBlocks(fd: number, payloadStart: number, open: ReturnType<ChunkCipher['opener']>, onRead?: (bytes: number) => void): Generator<Uint8Array, Handover, undefined> {
  const blockSize = BLOCK_CHUNKS * SEALED_CHUNK_SIZE;
  const sealed = [block(blockSize), block(blockSize)];
  const plain = block(BLOCK_CHUNKS * CHUNK_SIZE);
  let position = payloadStart;
  let counter = 0;
  let current = 0;
  let length = readFull(fd, sealed[0]!, position);
  onRead?.(length);
  for (;;) {
    const source = sealed[current]!;
    let out = 0;
    // Middle chunks: those with more of the file after them in this block.
    let at = 0;
    for (; at + SEALED_CHUNK_SIZE < length; at += SEALED_CHUNK_SIZE) {
      if (!open.into(counter, source.subarray(at, at + SEALED_CHUNK_SIZE), plain, out)) {
        if (out > 0) yield plain.subarray(0, out);
        return { counter, offset: position + at };
      }
      counter++;
      out += CHUNK_SIZE;
    }
    // What is left of the block (at most one sealed chunk, or nothing of an empty payload):
    // a middle chunk only if the block is full and the file goes on.
    const rest = source.subarray(at, length);
    if (length < blockSize) {
      if (out > 0) yield plain.subarray(0, out);
      return { counter, tail: rest.slice() };
    }
    const restOffset = position + at;
    position += length;
    const next = current ^ 1;
    length = readFull(fd, sealed[next]!, position);
    onRead?.(length);
    if (length === 0) {
      if (out > 0) yield plain.subarray(0, out);
      return { counter, tail: rest.slice() };
    }
    if (!open.into(counter, rest, plain, out)) {
      if (out > 0) yield plain.subarray(0, out);
      return { counter, offset: restOffset };
    }
    counter++;
    out += CHUNK_SIZE;
    yield plain.subarray(0, out);
    current = next;
  }
}

/** A sink for the direct paths: OutputFile.writeNow (the bytes are written before it returns). */
export interface BlockSink {
  writeNow(bytes: Uint8Array): void;
}

/**
 * Encrypts the file at `path` to `recipients` straight into `sink`: the header, then the
 * payload a block at a time. What `ferry encrypt -o OUT FILE` runs.
 */
export async function encryptFileTo(path: string, recipients: readonly Recipient[], native: { chunk: ChunkCipher }, sink: BlockSink, onRead?: (bytes: number) => void): Promise<void> {
  const { head, payloadKey } = await beginEncryption(recipients);
  const seal = native.chunk.sealer(payloadKey);
  payloadKey.fill(0);
  const fd = openSync(path, 'r');
  try {
    sink.writeNow(head);
    let blocks = 0;
    for (const sealed of sealedBlocks(fd, seal, onRead)) {
      sink.writeNow(sealed);
      if (++blocks % YIELD_EVERY === 0) await turn();
    }
  } finally {
    seal.wipe();
    closeSync(fd);
  }
}

/**
 * Encrypts the file at `path` to `recipients`: yields the binary age file, the header first.
 * Every yielded array is fresh (the writer may hold it).
 */
export async function encryptFile(path: string, recipients: readonly Recipient[], native: { chunk: ChunkCipher }, onRead?: (bytes: number) => void): Promise<AsyncGenerator<Uint8Array>> {
  const { head, payloadKey } = await beginEncryption(recipients);
  const seal = native.chunk.sealer(payloadKey);
  payloadKey.fill(0);
  const fd = openSync(path, 'r');
  return (async function* () {
    try {
      yield head;
      for (const sealed of sealedBlocks(fd, seal, onRead)) yield sealed.slice();
    } finally {
      seal.wipe();
      closeSync(fd);
    }
  })();
}

/** The payload key and where the payload starts, from the file's first bytes (openBinaryHeader's checks and errors). */
async function openHeader(fd: number, identities: readonly Identity[]): Promise<{ payloadKey: Uint8Array; payloadStart: number }> {
  const start = block(HEAD_BYTES);
  const held = readFull(fd, start, 0);
  return openBinaryHeader(start.subarray(0, held), held < HEAD_BYTES, identities);
}

/** The general reader's plaintext from `handover` on: the last chunk, or the rest of the file from a chunk that failed. */
function handedOver(path: string, native: { payload: PayloadCipher }, payloadKey: Uint8Array, handover: Handover): AsyncGenerator<Uint8Array> {
  const source = handover.tail !== undefined ? only(handover.tail) : createReadStream(path, { start: handover.offset!, highWaterMark: 1 << 20 });
  return decryptPayloadFrom(native.payload, payloadKey, source, handover.counter);
}

/**
 * Decrypts the binary age file at `path` with `identities` straight into `sink`, every chunk
 * verified before it is written; throws stream.ts's AgeError as soon as anything fails, so (as
 * with decryptStream) what the sink holds is provisional until this returns. What `ferry
 * decrypt -o OUT FILE` runs, into a temporary file that is renamed only when this succeeds.
 */
export async function decryptFileTo(path: string, identities: readonly Identity[], native: { chunk: ChunkCipher; payload: PayloadCipher }, sink: BlockSink, onRead?: (bytes: number) => void): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    const { payloadKey, payloadStart } = await openHeader(fd, identities);
    const open = native.chunk.opener(payloadKey);
    try {
      const blocks = openedBlocks(fd, payloadStart, open, onRead);
      let count = 0;
      for (;;) {
        const next = blocks.next();
        if (next.done) {
          for await (const plaintext of handedOver(path, native, payloadKey, next.value)) sink.writeNow(plaintext);
          return;
        }
        sink.writeNow(next.value);
        if (++count % YIELD_EVERY === 0) await turn();
      }
    } finally {
      open.wipe();
      payloadKey.fill(0);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Decrypts the binary age file at `path` with `identities`: yields the plaintext block by block
 * (fresh arrays), each chunk verified, and throws stream.ts's AgeError as soon as anything fails
 * (so, as with decryptStream, the output is provisional until the generator ends without throwing).
 */
export async function decryptFile(path: string, identities: readonly Identity[], native: { chunk: ChunkCipher; payload: PayloadCipher }, onRead?: (bytes: number) => void): Promise<AsyncGenerator<Uint8Array>> {
  const fd = openSync(path, 'r');
  return (async function* () {
    try {
      const { payloadKey, payloadStart } = await openHeader(fd, identities);
      const open = native.chunk.opener(payloadKey);
      try {
        const blocks = openedBlocks(fd, payloadStart, open, onRead);
        for (;;) {
          const next = blocks.next();
          if (next.done) return yield* handedOver(path, native, payloadKey, next.value);
          yield next.value.slice();
        }
      } finally {
        open.wipe();
        payloadKey.fill(0);
      }
    } finally {
      closeSync(fd);
    }
  })();
}

