/**
 * A ByteSource over a file on disk (Node only: extension pages hand the reader a Uint8Array).
 * Lets ArchiveReader read a multi-gigabyte zip through its central directory without loading it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { nodeCrc32 } from './node-deflate.js';
import { threadedInflater } from './node-inflate.js';
import type { ByteSource } from './zip-reader.js';

export interface FileSourceOptions {
  /**
   * Entries of at least this many compressed bytes are inflated by native zlib on a worker thread
   * (node-inflate.ts) while the reader parses; smaller ones by fflate on the reader's thread.
   * Infinity: never. 16 KiB by default: below that a round trip to the worker costs more than it saves.
   */
  threadedInflateFrom?: number;
}

export function openFileSource(path: string, options: FileSourceOptions = {}): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  const from = options.threadedInflateFrom ?? 16 * 1024;
  const inflater = Number.isFinite(from) ? threadedInflater(fd) : undefined;
  return {
    size,
    read(offset, length) {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < buffer.length) {
        const n = readSync(fd, buffer, done, buffer.length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return buffer.subarray(0, done);
    },
    close: () => {
      inflater?.close();
      closeSync(fd);
    },
    ...(nodeCrc32 ? { crc32: nodeCrc32 } : {}),
    ...(inflater ? { inflateRaw: inflater.inflateRaw, inflateRawFrom: from } : {}),
  };
}
