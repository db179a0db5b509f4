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
  /**
   * CRC-32 of `bytes` continuing from `previous`, when the source has a native one (Node's
   * zlib.crc32 for a file: about 5% of reading a 1M-message archive with the JavaScript one).
   */
  crc32?: (bytes: Uint8Array, previous: number) => number;
  /**
   * Raw DEFLATE of `length` bytes at `offset` inflated elsewhere (Node: native zlib on a worker
   * thread, node-inflate.ts), in order; it may stop once more than `limit` bytes came out, and
   * throws on damage. Only inflating: entryChunks checks the size and CRC-32 of what it yields.
   */
  inflateRaw?: (offset: number, length: number, limit: number) => Generator<Uint8Array>;
  /** Entries compressing to fewer bytes than this are inflated here (a worker's round trip is not worth it). */
  inflateRawFrom?: number;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

export interface ZipEntry {
  name: string;
  /** The name's bytes as stored, for checks a decoded name would hide (NUL, bytes that are not ASCII). */
  rawName: Uint8Array;
  method: number;
  compressedSize: number;
  /** Uncompressed size as the central directory declares it: inflating never produces more. */
  size: number;
  /** CRC-32 as the central directory declares it, checked once the entry has been read whole. */
  crc32: number;
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
    /** The entry the damage is in, when it is in one. */
    readonly entry?: string,
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
      rawName: nameBytes.slice(),
      method: u16(cd, at + 10),
      compressedSize: u32(cd, at + 20),
      size: u32(cd, at + 24),
      crc32: u32(cd, at + 16),
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

/**
 * The first pair of entries whose data would overlap, or undefined. Several directory entries
 * pointing into the same compressed bytes is how a zip bomb multiplies one small payload many
 * times over (David Fifield, "A better zip bomb", 2019); no zip writer does that for real files.
 * Checked from the directory alone: an entry's data takes at least its 30-byte local header, its
 * name and its compressed size, whatever the local extra field holds.
 */
export function overlappingEntries(entries: readonly ZipEntry[]): [ZipEntry, ZipEntry] | undefined {
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1]!;
    const after = byOffset[i]!;
    if (after.localOffset < before.localOffset + 30 + before.rawName.length + before.compressedSize) return [before, after];
  }
  return undefined;
}

/** Where an entry's compressed data starts: after its local header, whose name/extra lengths may differ from the directory's. */
function dataOffset(source: ByteSource, entry: ZipEntry): number {
  const header = source.read(entry.localOffset, 30);
  if (header.length < 30 || u32(header, 0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`the local header of ${entry.name} is damaged`);
  const start = entry.localOffset + 30 + u16(header, 26) + u16(header, 28);
  if (start + entry.compressedSize > source.size) throw new ZipFormatError(`${entry.name} is cut short`, 'damaged', entry.name);
  return start;
}

/**
 * Compressed bytes inflated per step. Small, because one step's output is held at once: deflate
 * expands at most about 1032 times, so a step never holds more than about 33 MB, whatever the
 * entry claims; and text deflates 10-20x, each step being decoded as one string.
 */
const CHUNK = 1 << 15;

class Inflated extends Error {}

/**
 * The uncompressed bytes of an entry, chunk by chunk. Never more than the directory declares:
 * inflating stops at the first byte past `entry.size` (an entry that lies about its size cannot
 * make the reader spend more than it was told), so callers bound the work by checking the
 * declared sizes before reading. The CRC-32 is checked at the end.
 */
export function* entryChunks(source: ByteSource, entry: ZipEntry): Generator<Uint8Array> {
  if (entry.flags & 1) throw new ZipFormatError(`${entry.name} is encrypted with zip encryption`, 'encrypted', entry.name);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipFormatError(`${entry.name} uses unknown compression method ${entry.method}`, 'method', entry.name);
  const start = dataOffset(source, entry);
  const longer = () => new ZipFormatError(`${entry.name} is damaged: it holds more than the ${entry.size} bytes its directory says`, 'damaged', entry.name);
  let produced = 0;
  let crc = 0;
  const crc32 = source.crc32 ?? jsCrc32;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipFormatError(`${entry.name} is damaged: stored with ${entry.compressedSize} bytes, but its directory says ${entry.size}`, 'damaged', entry.name);
    for (let at = 0; at < entry.compressedSize; at += CHUNK) {
      const chunk = source.read(start + at, Math.min(CHUNK, entry.compressedSize - at));
      produced += chunk.length;
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } else if (source.inflateRaw && entry.compressedSize >= (source.inflateRawFrom ?? 0)) {
    const chunks = source.inflateRaw(start, entry.compressedSize, entry.size);
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = chunks.next();
        } catch (cause) {
          throw new ZipFormatError(`${entry.name} is damaged (${cause instanceof Error ? cause.message : String(cause)})`, 'damaged', entry.name);
        }
        if (next.done) break;
        const chunk = next.value;
        if (produced + chunk.length > entry.size) throw longer();
        produced += chunk.length;
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } finally {
      chunks.return(undefined);
    }
  } else {
    const out: Uint8Array[] = [];
    let pending = 0;
    const inflate = new Inflate((data) => {
      // Thrown inside fflate's push: inflating stops here instead of finishing the step.
      if (produced + pending + data.length > entry.size) throw new Inflated();
      pending += data.length;
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
        if (cause instanceof Inflated) throw longer();
        throw new ZipFormatError(`${entry.name} is damaged (${cause instanceof Error ? cause.message : String(cause)})`, 'damaged', entry.name);
      }
      ended = last;
      pending = 0;
      for (const chunk of out.splice(0)) {
        produced += chunk.length;
        crc = crc32(chunk, crc);
        yield chunk;
      }
    }
  }
  if (produced !== entry.size) throw new ZipFormatError(`${entry.name} is damaged: ${produced} bytes instead of the ${entry.size} its directory says`, 'damaged', entry.name);
  if (crc !== entry.crc32) throw new ZipFormatError(`${entry.name} is damaged: its bytes do not match the CRC-32 its directory says`, 'damaged', entry.name);
}

export function entryBytes(source: ByteSource, entry: ZipEntry): Uint8Array {
  const out = new Uint8Array(entry.size);
  let at = 0;
  for (const chunk of entryChunks(source, entry)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// CRC-32 (ISO-HDLC, the zip one), eight bytes a step ("slicing-by-8"): about 1 GB/s in V8, so
// checking every entry costs far less than inflating it. Browser-safe, unlike zlib.crc32.
const CRC_TABLES = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 255]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32 of `bytes`, continuing from `previous` (0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return jsCrc32(bytes, previous);
}

function jsCrc32(bytes: Uint8Array, previous: number): number {
  const t = CRC_TABLES;
  let c = ~previous;
  let i = 0;
  for (const end = bytes.length - 8; i <= end; i += 8) {
    const a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 255)]! ^ t[1536 + ((a >>> 8) & 255)]! ^ t[1280 + ((a >>> 16) & 255)]! ^ t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^ t[512 + bytes[i + 5]!]! ^ t[256 + bytes[i + 6]!]! ^ t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}
