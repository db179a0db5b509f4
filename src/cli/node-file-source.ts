/**
 * A file on disk as an InputFile the readers can stream (Node only): its first bytes for
 * detection, the rest read by position when a reader asks. A 64 MB WhatsApp export is then
 * never held whole: the reader's passes read it a window at a time.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ConvertError, type InputFileSource, type InputFile } from '../connectors/contract.js';

/** What detection sees of a streamed file: far more than any reader's detect() looks at (16 KiB). */
export const HEAD_BYTES = 1 << 20;

/** Reads by position; each read opens the file anew, so nothing is left open whatever happens to the conversion. */
export function fileSource(path: string, size: number): InputFileSource {
  return {
    size,
    readAt(into, position) {
      const fd = openSync(path, 'r');
      try {
        const now = fstatSync(fd).size;
        if (now !== size) throw new ConvertError(path, undefined, `the file changed while Ferry was reading it (it was ${size.toLocaleString('en-US')} bytes, it is now ${now.toLocaleString('en-US')}). Wait until whatever writes it has finished, then convert it again.`);
        const want = Math.min(into.length, size - position);
        let done = 0;
        while (done < want) {
          const n = readSync(fd, into, done, want - done, position + done);
          if (n === 0) break;
          done += n;
        }
        return done;
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The file at `path` (of `size` bytes): whole when small, else its head and a source for the rest. */
export function streamedInput(path: string, size: number): InputFile {
  const source = fileSource(path, size);
  const head = new Uint8Array(Math.min(size, HEAD_BYTES));
  const read = source.readAt(head, 0);
  const bytes = head.subarray(0, read);
  return size <= HEAD_BYTES ? { kind: 'file', name: path, bytes } : { kind: 'file', name: path, bytes, source };
}
