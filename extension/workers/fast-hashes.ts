/**
 * SHA-256 and CRC-32 for the export page's Workers, faster than the core's browser-safe defaults
 * (@noble/hashes, and the JavaScript CRC tables of fflate and zip-reader.ts), which the CLI
 * replaces by node:crypto and zlib.crc32. The same values: the core keeps its own defaults and
 * takes these as options (ConvertOptions.sha256Hex, WriteOptions.crc32, ByteSource.crc32), so
 * src/ stays free of anything browser-only and the ids do not depend on who computed them.
 *
 * hash-wasm: SHA-256 in WebAssembly (the extension's CSP allows 'wasm-unsafe-eval'), loaded once
 * and then synchronous, as the readers call it once per message. crc-32 (SheetJS): slicing-by-16
 * tables in JavaScript. Both need no install script (npm 11 here skips them, platform.md).
 */
import CRC32 from 'crc-32';
import { createSHA256, type IHasher } from 'hash-wasm';

/** CRC-32 (the zip one) of `bytes`, continuing from `previous` (0 to start), as an unsigned number. */
export function fastCrc32(bytes: Uint8Array, previous = 0): number {
  // crc-32 takes and returns signed 32-bit values; the zip code compares unsigned ones.
  return CRC32.buf(bytes, previous | 0) >>> 0;
}

let hasher: Promise<IHasher> | undefined;
const encoder = new TextEncoder();

/**
 * Lower-case hex SHA-256 of a text's UTF-8 bytes, as ConvertOptions.sha256Hex wants it. Async
 * only to load the WebAssembly once; the function it gives is synchronous.
 */
export async function fastSha256Hex(): Promise<(text: string) => string> {
  const h = await (hasher ??= createSHA256());
  // hash-wasm encodes a string with TextEncoder.encode, a new array per call: 7% of converting
  // in Chromium's profile, against a fraction of that to encode into one buffer kept here.
  let scratch = new Uint8Array(4096);
  return (text) => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (scratch.length < 3 * text.length) scratch = new Uint8Array(3 * text.length);
    const { written } = encoder.encodeInto(text, scratch);
    return h.init().update(scratch.subarray(0, written)).digest('hex');
  };
}
