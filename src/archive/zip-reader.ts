/**
 * Just enough of a zip reader for Ferry archives, with random access through the central
 * directory (PKWARE APPNOTE 4.3.12-4.3.16) so that one entry can be inflated as a stream while
 * the rest of the file stays on disk.
 *
 * Why not fflate's Unzip stream: it walks local headers front to back, and entries written by a
 * streaming writer carry their sizes only in a data descriptor after the data, which a
 * front-to-back reader can only find by guessing. The central directory is the zip's own index.
 *
 * Browser-safe: a ByteSource over a Uint8Array or (in Node) over a file descriptor.
 */
import { Inflate } from 'fflate';

/** Random access to the bytes of a zip, synchronously (a Uint8Array, or a file read with readSync). */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `offset` (fewer only past the end). May return a view; callers copy what they keep. */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  localOffset: number;
  flags: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
  /** "method": a compression method other than stored/deflate; "zip64"; "encrypted"; otherwise damage. */
  constructor(
    message: string,
    readonly kind: 'damaged' | 'method' | 'zip64' | 'encrypted' = 'damaged',
  ) {
    super(message);
  }
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const utf8 = new TextDecoder('utf-8');
/** Pre-UTF-8 zips name entries in CP437; Ferry's names are ASCII, so only the UTF-8 flag matters for others' zips. */
const latin1 = new TextDecoder('latin1');

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** The entries listed in the central directory, in directory order. */
export function listEntries(source: ByteSource): ZipEntry[] {
  // The end record is 22 bytes plus a comment of up to 65535 bytes.
  const tailLength = Math.min(source.size, 22 + 0xffff);
  const tail = source.read(source.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory record');
  const count = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipFormatError('Zip64 archives are not supported', 'zip64');
  if (cdOffset + cdSize > source.size) throw new ZipFormatError('the central directory lies past the end of the file');
  const cd = source.read(cdOffset, cdSize).slice();
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > cd.length || u32(cd, at) !== CENTRAL_SIGNATURE) throw new ZipFormatError('the central directory is damaged');
    const flags = u16(cd, at + 8);
    const nameLength = u16(cd, at + 28);
    const skip = nameLength + u16(cd, at + 30) + u16(cd, at + 32);
    const nameBytes = cd.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: (flags & 0x800 ? utf8 : latin1).decode(nameBytes),
      method: u16(cd, at + 10),
      compressedSize: u32(cd, at + 20),
      size: u32(cd, at + 24),
      localOffset: u32(cd, at + 42),
      flags,
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) {
      throw new ZipFormatError('Zip64 archives are not supported', 'zip64');
    }
    entries.push(entry);
    at += 46 + skip;
  }
  return entries;
}

/** Where an entry's compressed data starts: after its local header, whose name/extra lengths may differ from the directory's. */
function dataOffset(source: ByteSource, entry: ZipEntry): number {
  const header = source.read(entry.localOffset, 30);
  if (header.length < 30 || u32(header, 0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`the local header of ${entry.name} is damaged`);
  const start = entry.localOffset + 30 + u16(header, 26) + u16(header, 28);
  if (start + entry.compressedSize > source.size) throw new ZipFormatError(`${entry.name} is cut short`);
  return start;
}

/** Compressed bytes inflated per step: small, because text deflates 10-20x and each step is decoded as one string. */
const CHUNK = 1 << 16;

/**
 * The uncompressed bytes of an entry, chunk by chunk: memory stays bounded by the chunk size and
 * the compression ratio, whatever the entry's size.
 */
export function* entryChunks(source: ByteSource, entry: ZipEntry): Generator<Uint8Array> {
  if (entry.flags & 1) throw new ZipFormatError(`${entry.name} is encrypted with zip encryption`, 'encrypted');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`unknown compression method ${entry.method}`, 'method');
  const start = dataOffset(source, entry);
  let produced = 0;
  if (entry.method === 0) {
    for (let at = 0; at < entry.compressedSize; at += CHUNK) {
      const chunk = source.read(start + at, Math.min(CHUNK, entry.compressedSize - at));
      produced += chunk.length;
      yield chunk;
    }
  } else {
    const out: Uint8Array[] = [];
    const inflate = new Inflate((data) => {
      out.push(data);
    });
    let ended = false;
    for (let at = 0; at < entry.compressedSize || !ended; at += CHUNK) {
      const length = Math.max(0, Math.min(CHUNK, entry.compressedSize - at));
      const last = at + length >= entry.compressedSize;
      try {
        // Copy: Inflate may keep a reference to its input while a file source reuses its buffer.
        inflate.push(source.read(start + at, length).slice(), last);
      } catch (cause) {
        throw new ZipFormatError(`${entry.name} is damaged (${cause instanceof Error ? cause.message : String(cause)})`);
      }
      ended = last;
      for (const chunk of out.splice(0)) {
        produced += chunk.length;
        yield chunk;
      }
    }
  }
  if (produced !== entry.size) throw new ZipFormatError(`${entry.name} is damaged: ${produced} bytes instead of ${entry.size}`);
}

export function entryBytes(source: ByteSource, entry: ZipEntry): Uint8Array {
  const out = new Uint8Array(entry.size);
  let at = 0;
  for (const chunk of entryChunks(source, entry)) {
    if (at + chunk.length > out.length) throw new ZipFormatError(`${entry.name} is longer than its directory says`);
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
