/**
 * Reading a file whose entries are inflated by native zlib on a worker thread (node-inflate.ts)
 * must give what reading the same bytes in memory with fflate gives: the same messages, or an
 * ArchiveError of the same kind for the same entry, for every hostile archive of issue 18 and for
 * damage anywhere in a valid one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { openFileSource } from '../../src/archive/file-source.js';
import { ArchiveError } from '../../src/archive/layout.js';
import { ArchiveReader } from '../../src/archive/stream.js';
import { validateArchive } from '../../src/archive/validate.js';
import type { ByteSource } from '../../src/archive/zip-reader.js';
import { sampleContent } from './fixtures.js';
import { HOSTILE_CASES } from './hostile-archives.js';

const dir = mkdtempSync(join(tmpdir(), 'ferry-threaded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RUNS = Math.min(30, Number(process.env.FUZZ_RUNS ?? 30));

type Outcome = { messages: unknown[] } | { code: string; entry: string | undefined };

function outcome(source: Uint8Array | ByteSource): Outcome {
  try {
    const reader = ArchiveReader.open(source);
    return { messages: [...reader.messages()] };
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    return { code: error.code, entry: error.entry };
  }
}

let files = 0;
function threaded(zip: Uint8Array): Outcome {
  const file = join(dir, `${files++}.zip`);
  writeFileSync(file, zip);
  const source = openFileSource(file, { threadedInflateFrom: 0 });
  try {
    return outcome(source);
  } finally {
    source.close();
  }
}

describe('reading a file with inflating on a worker thread', () => {
  it.each(HOSTILE_CASES.map((c) => [c.id, c] as const))('a hostile archive (%s) is refused or read as in memory', (_, hostile) => {
    const zip = hostile.build();
    expect(threaded(zip)).toEqual(outcome(zip));
  });

  it('any bytes of a valid archive flipped, or the file cut, give the same messages or the same kind of error', () => {
    const base = writeArchive(sampleContent());
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat(base.length)), (flips, cut) => {
        const zip = base.slice(0, cut ?? base.length);
        for (const [at, xor] of flips) if (at < zip.length) zip[at]! ^= xor;
        expect(threaded(zip)).toEqual(outcome(zip));
      }),
      { numRuns: RUNS },
    );
  });

  it('a reader that stops in the middle of one messages file reads the next one whole, and verify agrees', () => {
    const content = sampleContent();
    const [first, list] = [...content.messages][0]!;
    // Enough varied text that the first file takes many steps of the worker.
    content.messages.set(first, Array.from({ length: 20_000 }, (_, i) => ({ ...list[0]!, id: `m${i}`, text: `${i} ${(i * 7919).toString(36)} 오늘 저녁에 시간 있어?` })));
    content.manifest.counts.messages = [...content.messages.values()].reduce((n, l) => n + l.length, 0);
    const zip = writeArchive(content);
    const file = join(dir, 'long.zip');
    writeFileSync(file, zip);
    const source = openFileSource(file, { threadedInflateFrom: 0 });
    try {
      const reader = ArchiveReader.open(source);
      const [entry, ...rest] = reader.messageEntries();
      let n = 0;
      for (const _ of reader.messagesIn(entry!)) if (++n === 5) break;
      const others = rest.flatMap((e) => [...reader.messagesIn(e)].map((m) => m.message));
      expect(others).toEqual([...content.messages.values()].slice(1).flat());
      expect([...reader.messages()]).toEqual([...content.messages.values()].flat());
      expect(validateArchive(source)).toEqual({ valid: true, errors: [] });
    } finally {
      source.close();
    }
  });
});
