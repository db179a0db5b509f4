/**
 * A zip writer that does what an attacker's would: the same name twice, names with `../`,
 * declared sizes and CRCs that lie, entries sharing their compressed bytes, and deflate streams
 * of gigabytes built from one compressed block (so a 2 GiB bomb costs milliseconds to make).
 * PKWARE APPNOTE 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (end record).
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  name: string | Uint8Array;
  /** Uncompressed bytes; deflated unless `method` is 0 or `deflated` is given. */
  data?: Uint8Array;
  /** Already-deflated bytes (with `size` and `crc` of what they inflate to). */
  deflated?: { bytes: Uint8Array; size: number; crc: number };
  method?: 0 | 8;
  /** Lies the central directory tells. */
  declaredSize?: number;
  declaredCrc?: number;
  /** Point this entry's directory record at an earlier entry's local header (overlapping entries). */
  sameBytesAs?: number;
}

const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

export function craftZip(entries: readonly CraftEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  const records: { name: Uint8Array; method: number; crc: number; compressed: number; size: number; offset: number }[] = [];
  for (const entry of entries) {
    const name = typeof entry.name === 'string' ? new TextEncoder().encode(entry.name) : entry.name;
    const method = entry.deflated ? 8 : (entry.method ?? 8);
    let bytes: Uint8Array;
    let size: number;
    let crc: number;
    if (entry.deflated) ({ bytes, size, crc } = entry.deflated);
    else {
      const data = entry.data ?? new Uint8Array();
      bytes = method === 8 ? new Uint8Array(deflateRawSync(data)) : data;
      size = data.length;
      crc = crc32(data);
    }
    const record = { name, method, crc: entry.declaredCrc ?? crc, compressed: bytes.length, size: entry.declaredSize ?? size, offset };
    if (entry.sameBytesAs !== undefined) {
      const target = records[entry.sameBytesAs]!;
      records.push({ ...record, offset: target.offset, compressed: target.compressed, size: entry.declaredSize ?? target.size, crc: target.crc, method: target.method });
      offsets.push(target.offset);
      continue;
    }
    const utf8 = /[^\x20-\x7e]/.test(new TextDecoder().decode(name)) ? 0x800 : 0;
    const local = new Uint8Array([
      ...u32(0x04034b50), ...u16(20), ...u16(utf8), ...u16(method), ...u16(0), ...u16(0x21),
      ...u32(record.crc), ...u32(record.compressed), ...u32(record.size), ...u16(name.length), ...u16(0),
    ]);
    parts.push(local, name, bytes);
    records.push(record);
    offsets.push(offset);
    offset += local.length + name.length + bytes.length;
  }
  for (const r of records) {
    const utf8 = /[^\x20-\x7e]/.test(new TextDecoder().decode(r.name)) ? 0x800 : 0;
    central.push(
      new Uint8Array([
        ...u32(0x02014b50), ...u16(0x031e), ...u16(20), ...u16(utf8), ...u16(r.method), ...u16(0), ...u16(0x21),
        ...u32(r.crc), ...u32(r.compressed), ...u32(r.size), ...u16(r.name.length), ...u16(0), ...u16(0),
        ...u16(0), ...u16(0), ...u32(0o100644 << 16), ...u32(r.offset),
      ]),
      r.name,
    );
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const end = new Uint8Array([...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(records.length), ...u16(records.length), ...u32(cdSize), ...u32(offset), ...u16(0)]);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * `unit` repeated `times` times, deflated: the unit is deflated once (ending in a sync flush, so
 * copies follow each other as a valid stream) and the copies are joined, then a final empty
 * block. The CRC is the real one, so the entry is a valid zip entry that unzip would inflate.
 */
export function repeatedDeflate(unit: Uint8Array, times: number, last: Uint8Array = new Uint8Array()): { bytes: Uint8Array; size: number; crc: number } {
  const block = new Uint8Array(deflateRawSync(unit, { finishFlush: constants.Z_SYNC_FLUSH }));
  const tail = new Uint8Array(deflateRawSync(last, { finishFlush: constants.Z_FINISH }));
  const bytes = new Uint8Array(block.length * times + tail.length);
  let crc = 0;
  for (let i = 0; i < times; i++) {
    bytes.set(block, i * block.length);
    crc = crc32(unit, crc);
  }
  bytes.set(tail, block.length * times);
  return { bytes, size: unit.length * times + last.length, crc: crc32(last, crc) };
}
