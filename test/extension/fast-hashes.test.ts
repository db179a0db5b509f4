import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 as coreCrc32 } from '../../src/archive/zip-reader.js';
import { nobleSha256Hex } from '../../src/connectors/kit/content-ids.js';
import { fastCrc32, fastSha256Hex } from '../../extension/workers/fast-hashes.js';

const texts = ['', 'abc', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '["tel:+491701234567","ok 👍🏽 #0"]', 'é'.repeat(3000), 'x'.repeat(70_000), '\ud83d lone surrogate'];

describe('the export Worker\'s fast hashes', () => {
  it('give the content ids the core and the CLI give (SHA-256 vectors, UTF-8, long texts)', async () => {
    const fast = await fastSha256Hex();
    expect(fast('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(fast('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const text of texts) {
      expect(fast(text)).toBe(nobleSha256Hex(text));
      expect(fast(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('give the zip CRC-32 the core and zlib give, whole and continued chunk by chunk', () => {
    expect(fastCrc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const bytes = new Uint8Array(100_003);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    expect(fastCrc32(bytes)).toBe(coreCrc32(bytes));
    expect(fastCrc32(bytes)).toBe(zlibCrc32(bytes));
    let running = 0;
    for (let at = 0; at < bytes.length; at += 7919) running = fastCrc32(bytes.subarray(at, at + 7919), running);
    expect(running).toBe(coreCrc32(bytes));
    expect(fastCrc32(new Uint8Array())).toBe(0);
  });
});
