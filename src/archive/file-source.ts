/**
 * A ByteSource over a file on disk (Node only: extension pages hand the reader a Uint8Array).
 * Lets ArchiveReader read a multi-gigabyte zip through its central directory without loading it.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { nodeCrc32 } from './node-deflate.js';
import type { ByteSource } from './zip-reader.js';

export function openFileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
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
    close: () => closeSync(fd),
    ...(nodeCrc32 ? { crc32: nodeCrc32 } : {}),
  };
}
