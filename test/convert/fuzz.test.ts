/**
 * Every registered export format, fed random and mutated inputs: parse must throw a ConvertError
 * (with the file named) or return a result that makes an archive the validators accept, in
 * bounded time. Never a TypeError, never a hang. Formats registered later are fuzzed too: the
 * list comes from FILE_READERS and the seeds from every connector's fixtures/ folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateArchive } from '../../src/archive/validate.js';
import { combine, writeConversion } from '../../src/convert/convert.js';
import { FILE_READERS } from '../../src/connectors/registry.js';
import { ConvertError, type ConvertOptions, type FileReader, type InputFile } from '../../src/connectors/contract.js';

const CONNECTORS = resolve(import.meta.dirname, '../../src/connectors');
const CORPUS = resolve(import.meta.dirname, '../corpus');
/**
 * Corpus folders whose files seed the mutations too. Not yet whatsapp/, kakaotalk/, line/ and
 * damaged/: their readers still fail some of those files unmutated (duplicate ids of a chat
 * pasted twice, issue 18), which the corpus test already reports; add them when they pass.
 */
const CORPUS_SEEDS = ['telegram', 'vcard'];
const OPTIONS: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00.000Z', dateOrder: 'dmy', me: 'Minji' };
/** Per input; generous because two cores are shared by several people running tests. */
const TIME_BOUND_MS = 3_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Every fixture file of every connector, and every field-shaped corpus file (test/corpus), as a file input. */
function fixtureInputs(): InputFile[] {
  const inputs: InputFile[] = [];
  const add = (root: string, dir: string) => {
    for (const path of walk(dir)) {
      if (path.endsWith('.expect.json') || path.endsWith('.mjs') || path.endsWith('.md') || path.endsWith('.ts')) continue;
      const bytes = new Uint8Array(readFileSync(path));
      if (bytes.length > 2_000_000) continue;
      inputs.push({ kind: 'file', name: relative(root, path), bytes });
    }
  };
  for (const connector of readdirSync(CONNECTORS)) {
    const dir = join(CONNECTORS, connector, 'fixtures');
    if (existsSync(dir)) add(CONNECTORS, dir);
  }
  for (const format of CORPUS_SEEDS) if (existsSync(join(CORPUS, format))) add(CORPUS, join(CORPUS, format));
  return inputs;
}

const SEEDS = fixtureInputs();
const encoder = new TextEncoder();

/** Parse, then build and validate the archive; returns a failure description or undefined. */
async function check(format: FileReader, file: InputFile): Promise<string | undefined> {
  const started = performance.now();
  try {
    format.detect(file);
  } catch (error) {
    return `detect threw ${String(error)}`;
  }
  try {
    const parsed = format.parse(file, OPTIONS);
    const combined = combine([{ claim: { file, reader: format, detection: parsed.detection }, parsed }], OPTIONS.now);
    const chunks: Uint8Array[] = [];
    await writeConversion(combined, (c) => void chunks.push(c));
    const zip = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      zip.set(c, at);
      at += c.length;
    }
    const result = validateArchive(zip);
    if (!result.valid) return `archive invalid: ${JSON.stringify(result.errors.slice(0, 3))}`;
  } catch (error) {
    if (!(error instanceof ConvertError)) return `threw ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 4).join('\n')}` : String(error)}`;
    if (!error.message.startsWith(file.name)) return `ConvertError does not name the file: ${error.message}`;
    // The runner wraps a reader's unexpected exception as "... This is a bug in Ferry": a reader that blames itself failed (issue 18).
    if (/bug in Ferry/.test(error.message)) return `the reader blamed itself: ${error.message}`;
  }
  const ms = performance.now() - started;
  if (ms > TIME_BOUND_MS) return `took ${Math.round(ms)} ms`;
  return undefined;
}

const randomLines = fc.array(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.constantFrom('12/01/2024, 10:00 - A: hi', '[1/2/24, 3:04:05 PM] B: yo', '2021년 12월 29일 오후 8:36, 민지 : 안녕', '--------------- 2021년 3월 25일 목요일 ---------------', '{"messages": [', '"text": "x"}', 'BEGIN:VCARD', 'END:VCARD', '\u200e<attached: a.jpg>', 'Date,User,Message', '2024/1/23(火)', '10:00\tA\tB'),
  ),
  { maxLength: 30 },
);

/** Mutations of a seed: flip bytes, cut, duplicate or drop lines, insert odd characters. */
function mutate(bytes: Uint8Array, ops: { kind: number; at: number; value: number }[]): Uint8Array {
  let out = bytes;
  for (const op of ops) {
    const at = out.length === 0 ? 0 : op.at % out.length;
    switch (op.kind % 6) {
      case 0: {
        out = out.slice();
        if (out.length) out[at] = op.value & 0xff;
        break;
      }
      case 1:
        out = out.slice(0, at);
        break;
      case 2: {
        const text = new TextDecoder().decode(out).split('\n');
        const i = op.at % Math.max(1, text.length);
        text.splice(i, 0, text[i] ?? '');
        out = encoder.encode(text.join('\n'));
        break;
      }
      case 3: {
        const text = new TextDecoder().decode(out).split('\n');
        text.splice(op.at % Math.max(1, text.length), 1);
        out = encoder.encode(text.join('\n'));
        break;
      }
      case 4: {
        const odd = encoder.encode(['\u200e', '\u202f', '\r', '\ufeff', '"', '}', ':', '\t', '\u0000', '오후'][op.value % 10]!);
        const next = new Uint8Array(out.length + odd.length);
        next.set(out.subarray(0, at));
        next.set(odd, at);
        next.set(out.subarray(at), at + odd.length);
        out = next;
        break;
      }
      default:
        out = out.subarray(at).slice();
    }
  }
  return out;
}

const ops = fc.array(fc.record({ kind: fc.nat(), at: fc.nat(), value: fc.nat() }), { minLength: 1, maxLength: 4 });

describe('fuzzing every registered export format', () => {
  it('there are formats to fuzz and fixtures to mutate', () => {
    expect(FILE_READERS.length).toBeGreaterThan(0);
    expect(SEEDS.length).toBeGreaterThan(0);
  });

  it('the harness itself catches a reader that crashes, returns an invalid archive or names no file', async () => {
    const file: InputFile = { kind: 'file', name: 'x.txt', bytes: new Uint8Array([1]) };
    const base = { name: 'broken', detect: () => undefined };
    expect(await check({ ...base, parse: () => { throw new TypeError('boom'); } }, file)).toMatch(/TypeError: boom/);
    expect(await check({ ...base, parse: () => { throw new ConvertError('other.txt', 1, 'bad'); } }, file)).toMatch(/does not name the file/);
    const parsed = FILE_READERS.find((f) => f.name === 'whatsapp')!.parse({ kind: 'file', name: 'chat.txt', bytes: encoder.encode('13/01/2024, 10:00 - A: x\n') }, OPTIONS);
    const selfBlaming = { ...base, parse: () => ({ ...parsed, conversations: [{ ...parsed.conversations[0]!, counts: undefined, *messages() { throw new TypeError('boom'); } }] }) };
    expect(await check(selfBlaming, file)).toMatch(/the reader blamed itself: x\.txt: the reader failed unexpectedly \(boom\)\. This is a bug in Ferry/);
    parsed.source.account = 'not a uri';
    expect(await check({ ...base, parse: () => parsed }, file)).toMatch(/archive invalid/);
  });

  for (const format of FILE_READERS) {
    describe(format.name, () => {
      it(`${format.name}: random bytes give a ConvertError or a valid archive, quickly`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('chat.txt', 'result.json', 'export.csv', 'contacts.vcf', '_chat.txt'), async (bytes, name) => {
            const failure = await check(format, { kind: 'file', name, bytes });
            expect(failure).toBeUndefined();
          }),
          { numRuns: RUNS },
        );
      }, 120_000);

      it(`${format.name}: random lines give a ConvertError or a valid archive, quickly`, async () => {
        await fc.assert(
          fc.asyncProperty(randomLines, fc.constantFrom('chat.txt', 'result.json', 'KakaoTalkChats.txt', 'messages.csv'), async (lines, name) => {
            const failure = await check(format, { kind: 'file', name, bytes: encoder.encode(lines.join('\n')) });
            expect(failure).toBeUndefined();
          }),
          { numRuns: RUNS },
        );
      }, 120_000);

      it(`${format.name}: mutated fixtures of every connector give a ConvertError or a valid archive, quickly`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...SEEDS), ops, async (seed, mutations) => {
            const failure = await check(format, { ...seed, bytes: mutate(seed.bytes, mutations) });
            expect(failure, `${seed.name} mutated by ${JSON.stringify(mutations)}`).toBeUndefined();
          }),
          { numRuns: RUNS * 2 },
        );
      }, 240_000);

      it(`${format.name}: every unmutated fixture gives a ConvertError or a valid archive`, async () => {
        for (const seed of SEEDS) expect(await check(format, seed), seed.name).toBeUndefined();
      }, 240_000);
    });
  }
});
