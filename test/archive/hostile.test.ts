/**
 * Every hostile archive of issue 18 (hostile-archives.ts), and generated ones, through the
 * library: verify names the entry (and the line and JSON pointer where there is one), reading
 * whole or the manifest alone either refuses with an ArchiveError or reads, and nothing takes
 * more than a few seconds. The built CLI runs the same cases in test/cli/hostile-cli.test.ts,
 * with its memory measured.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readArchive, writeArchive } from '../../src/archive/container.js';
import { ArchiveError } from '../../src/archive/layout.js';
import { ArchiveReader } from '../../src/archive/stream.js';
import { parseStrictJson, StrictJsonError } from '../../src/archive/strict-json.js';
import { validateArchive, MAX_ERRORS } from '../../src/archive/validate.js';
import { sampleContent } from './fixtures.js';
import { craftZip } from './craft-zip.js';
import { HOSTILE_CASES, validEntries } from './hostile-archives.js';

/** Per operation, on two cores shared with other people's tests: the unbounded versions took minutes. */
const BOUND_MS = 3_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

function timed<T>(work: () => T): { value?: T; error?: unknown; ms: number } {
  const started = performance.now();
  try {
    return { value: work(), ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

const matches = (pattern: string | RegExp, value: string) => (typeof pattern === 'string' ? value === pattern : pattern.test(value));

describe.each(HOSTILE_CASES.map((c) => [c.id, c] as const))('a hostile archive: %s', (_, hostile) => {
  const zip = hostile.build();

  it(`verify calls it invalid and says where (${hostile.what})`, () => {
    const run = timed(() => validateArchive(zip));
    expect(run.error).toBeUndefined();
    expect(run.ms).toBeLessThan(BOUND_MS);
    const result = run.value!;
    expect(result.valid).toBe(false);
    const { entry, message, line, pointer } = hostile.verify;
    const found = result.errors.find((e) => matches(entry, e.entry) && message.test(e.message));
    expect(found, `no error for ${String(entry)} matching ${message}; got ${JSON.stringify(result.errors, null, 1).slice(0, 2000)}`).toBeDefined();
    if (line !== undefined) expect(found!.line).toBe(line);
    if (pointer !== undefined) expect(found!.pointer).toBe(pointer);
  });

  it('reading it whole refuses with an error naming the entry, or reads it, in bounded time', () => {
    const run = timed(() => readArchive(zip));
    expect(run.ms).toBeLessThan(BOUND_MS);
    if (hostile.readerRefuses) {
      expect(run.error).toBeInstanceOf(ArchiveError);
      const error = run.error as ArchiveError;
      if (typeof hostile.verify.entry === 'string' && hostile.verify.entry !== '') expect(error.message).toContain(hostile.verify.entry);
    } else expect(run.error).toBeUndefined();
  });

  it('reading its manifest alone (inspect) never inflates the messages', () => {
    const run = timed(() => ArchiveReader.open(zip, { manifestOnly: true }).manifest);
    expect(run.ms).toBeLessThan(BOUND_MS);
    if (hostile.inspectRefuses) expect(run.error).toBeInstanceOf(ArchiveError);
    else expect(run.error, String(run.error)).toBeUndefined();
  });
});

describe('generated hostile archives', () => {
  const entries = validEntries();
  const base = craftZip(entries);

  /** The property every reader keeps on any input: an answer or an ArchiveError, quickly. */
  function expectBounded(zip: Uint8Array) {
    const works: (() => unknown)[] = [() => validateArchive(zip), () => readArchive(zip), () => ArchiveReader.open(zip, { manifestOnly: true })];
    for (const work of works) {
      const run = timed(work);
      expect(run.ms).toBeLessThan(BOUND_MS);
      if (run.error !== undefined && !(run.error instanceof ArchiveError)) throw run.error;
    }
    const result = validateArchive(zip);
    for (const e of result.errors) expect(typeof e.entry).toBe('string');
  }

  it('any entry replaced by arbitrary bytes or text gives an answer or a clear error, never a crash', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: entries.length - 1 }),
        fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.json().map((t) => new TextEncoder().encode(t)), fc.string().map((t) => new TextEncoder().encode(t))),
        (index, data) => expectBounded(craftZip(entries.map((e, i) => (i === index ? { ...e, data } : e)))),
      ),
      { numRuns: RUNS },
    );
  });

  it('any bytes of a valid archive flipped, or the file cut anywhere, give an answer or a clear error', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat(base.length)), (flips, cut) => {
        const zip = base.slice(0, cut ?? base.length);
        for (const [at, xor] of flips) if (at < zip.length) zip[at]! ^= xor;
        expectBounded(zip);
      }),
      { numRuns: RUNS },
    );
  });

  it('a message line with any key repeated is refused with the pointer to that key', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), json, { minKeys: 1, maxKeys: 6 }), fc.nat(), json, (object, pick, other) => {
        const keys = Object.keys(object);
        const key = keys[pick % keys.length]!;
        const text = JSON.stringify(object);
        expect(parseStrictJson(text, 64)).toEqual(JSON.parse(text));
        const repeated = `{${JSON.stringify(key)}:${JSON.stringify(other)},${text.slice(1)}`;
        const nested = `{"wrapper":[1,${repeated}]}`;
        try {
          parseStrictJson(nested, 64);
          expect.unreachable('a repeated key was accepted');
        } catch (error) {
          expect(error).toBeInstanceOf(StrictJsonError);
          expect((error as StrictJsonError).pointer).toBe(`/wrapper/1/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('nesting is refused exactly when it goes past the limit, whatever mix of arrays and objects', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 130 }), (kinds) => {
        const text = kinds.map((object) => (object ? '{"k":' : '[')).join('') + '0' + [...kinds].reverse().map((object) => (object ? '}' : ']')).join('');
        const run = timed(() => parseStrictJson(text, 64));
        if (kinds.length > 64) expect((run.error as StrictJsonError).kind).toBe('depth');
        else expect(run.error).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});

describe('bounded verify output', () => {
  it('a million broken lines give the first thousand errors and a note that checking stopped, not a million objects', () => {
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `{"conversationId":"nowhere","id":"x${i}"}\n`);
    const messages = new TextEncoder().encode(lines.join(''));
    const zip = craftZip(validEntries().map((e) => (e.name === 'messages/00001.jsonl' ? { ...e, data: messages } : e)));
    const run = timed(() => validateArchive(zip));
    expect(run.ms).toBeLessThan(BOUND_MS);
    const errors = run.value!.errors;
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors.at(-1)!.message).toMatch(/^stopped after 1000 errors: the rest of the archive was not checked/);
  });

  it('the writer stores a chunk that would deflate past what readers accept, so what Ferry writes it can read', () => {
    const content = sampleContent();
    const [id, list] = [...content.messages][0]!;
    // One 40 KB text sent 300 times: deflates far more than 100 times.
    const text = 'ㅋ'.repeat(13_000) + ' ' + 'a'.repeat(1000);
    content.messages.set(id, Array.from({ length: 300 }, (_, i) => ({ ...list[0]!, id: `spam-${i}`, text })));
    content.manifest.counts.messages = [...content.messages.values()].reduce((n, l) => n + l.length, 0);
    const zip = writeArchive(content);
    expect(validateArchive(zip)).toEqual({ valid: true, errors: [] });
    expect(readArchive(zip).messages.get(id)).toHaveLength(300);
  });
});
