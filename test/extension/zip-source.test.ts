import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readArchive, writeArchive } from '../../src/archive/index.js';
import { fastZipSource, pakoInflateRaw } from '../../extension/workers/zip-source.js';
import { sampleContent } from '../archive/fixtures.js';

const concat = (chunks: Uint8Array[]) => new Uint8Array(Buffer.concat(chunks));

function sample(n: number): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ id: `m${i}`, text: `message ${i % 97} 👍🏽`, at: i * 7 }));
  return new TextEncoder().encode(lines.join('\n'));
}

describe('the export Worker\'s zip source', () => {
  it('inflates raw DEFLATE to the bytes node zlib gives, small and large, stored and compressed', () => {
    const random = new Uint8Array(200_000).map((_, i) => (i * 2654435761) >>> 24);
    for (const data of [new Uint8Array(), new Uint8Array([65]), sample(10), sample(50_000), random]) {
      for (const level of [0, 3, 9]) {
        const deflated = deflateRawSync(data, { level });
        const inflated = concat([...pakoInflateRaw(new Uint8Array(deflated))]);
        expect(Buffer.compare(inflated, inflateRawSync(deflated))).toBe(0);
        expect(inflated.length).toBe(data.length);
      }
    }
  });

  it('stops soon after the limit an entry declares, whatever the stream holds', () => {
    const deflated = new Uint8Array(deflateRawSync(new Uint8Array(5_000_000)));
    let produced = 0;
    for (const chunk of pakoInflateRaw(deflated, 100_000)) produced += chunk.length;
    expect(produced).toBeGreaterThan(100_000);
    // One output chunk (64 KiB) past the limit at most.
    expect(produced).toBeLessThanOrEqual(100_000 + 65_536);
  });

  it('refuses a damaged or cut stream', () => {
    const deflated = new Uint8Array(deflateRawSync(sample(5_000)));
    expect(() => [...pakoInflateRaw(deflated.subarray(0, deflated.length - 10))]).toThrow(/ends early|inflate failed/);
    const damaged = deflated.slice();
    damaged[0] = 0xff;
    expect(() => [...pakoInflateRaw(damaged)]).toThrow();
  });

  it('reads an archive to the same content as the core\'s own reader, and refuses a damaged one as it does', () => {
    const zip = writeArchive(sampleContent());
    expect(readArchive(fastZipSource(zip))).toEqual(readArchive(zip));
    const damaged = zip.slice();
    // A byte inside the first entry's deflated data: the CRC-32 or the inflate must catch it.
    damaged[60] = damaged[60]! ^ 0x55;
    expect(() => readArchive(fastZipSource(damaged))).toThrow(/damaged|not a Ferry archive/);
    expect(() => readArchive(damaged)).toThrow(/damaged|not a Ferry archive/);
  });
});
