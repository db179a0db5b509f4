/**
 * The field-shaped corpus (issue 16): every file under test/corpus/<format>/ is converted as
 * `ferry convert` converts it (prepareConversion, then the archive written and validated) and
 * compared with the `X.expect.json` beside it, written by reading the file by hand. README.md
 * says what the expectations mean; SOURCES.md where each file's shape comes from.
 *
 * A folder named `X.zip.d/` is zipped in memory and given as `X.zip`, so exports "with media"
 * are covered without committing binary zips.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateArchive } from '../../src/archive/validate.js';
import { prepareConversion, writeConversion } from '../../src/convert/convert.js';
import { differences, errorDifferences, flatten, summary, type Expectation, type Input, type Options } from './expectations.js';

const CORPUS = import.meta.dirname;
const DEFAULTS: Options = { timeZone: 'UTC', now: '2026-12-01T00:00:00.000Z' };
const EXPECT = '.expect.json';
const ZIP_FOLDER = '.zip.d';

interface Case {
  /** Path under test/corpus/, as the test names it ("whatsapp/ios-fr-2022.txt", "whatsapp/ios-media.zip"). */
  name: string;
  input: () => Input;
  expectPath: string;
}

function filesUnder(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return out;
}

function cases(): { cases: Case[]; orphans: string[] } {
  const found: Case[] = [];
  const orphans: string[] = [];
  for (const format of readdirSync(CORPUS).sort()) {
    const dir = join(CORPUS, format);
    if (!statSync(dir).isDirectory()) continue;
    const entries = readdirSync(dir).sort();
    const expectations = new Set(entries.filter((e) => e.endsWith(EXPECT)));
    for (const entry of entries) {
      if (entry.endsWith(EXPECT) || entry === 'README.md') continue;
      const path = join(dir, entry);
      const isZipFolder = entry.endsWith(ZIP_FOLDER) && statSync(path).isDirectory();
      const fileName = isZipFolder ? entry.slice(0, -'.d'.length) : entry;
      if (!isZipFolder && statSync(path).isDirectory()) continue;
      const expectName = `${fileName}${EXPECT}`;
      expectations.delete(expectName);
      const name = `${format}/${fileName}`;
      found.push({
        name,
        expectPath: join(dir, expectName),
        input: () => (isZipFolder ? { kind: 'file', name, bytes: zipSync(Object.fromEntries(filesUnder(path)), { level: 0 }) } : { kind: 'file', name, bytes: new Uint8Array(readFileSync(path)) }),
      });
    }
    for (const left of expectations) orphans.push(`${format}/${left}`);
  }
  return { cases: found, orphans };
}

function optionsOf(expect: Expectation): Options {
  return { ...DEFAULTS, ...(expect.options ?? {}) };
}

function inputOf(c: Case, expect: Expectation): Input {
  const input = c.input();
  return expect.inputName ? { ...input, name: expect.inputName } : input;
}

async function check(c: Case, expect: Expectation): Promise<string[]> {
  const options = optionsOf(expect);
  if (expect.error) {
    try {
      prepareConversion([inputOf(c, expect)], options);
    } catch (error) {
      return errorDifferences(expect.error, error);
    }
    return [`expected the file to be refused (${JSON.stringify(expect.error)}), but it converted`];
  }
  const out: string[] = [];
  if (options.dateOrder) {
    // The expectation says the file cannot decide: then the reader must ask, not guess.
    const { dateOrder: _, ...without } = options;
    try {
      prepareConversion([inputOf(c, expect)], without);
      out.push('without --date-order the file converted; the expectation says it cannot decide, so the reader must ask (code "date-order")');
    } catch (error) {
      if ((error as { code?: string }).code !== 'date-order') out.push(`without --date-order: expected the reader to ask (code "date-order"), got ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let combined: ReturnType<typeof prepareConversion>;
  try {
    combined = prepareConversion([inputOf(c, expect)], options);
  } catch (error) {
    return [...out, `the file did not convert: ${error instanceof Error ? error.message : String(error)}`];
  }
  out.push(...differences(expect, flatten(combined)));
  const chunks: Uint8Array[] = [];
  try {
    await writeConversion(combined, (chunk) => void chunks.push(chunk));
    const zip = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      zip.set(chunk, at);
      at += chunk.length;
    }
    const errors = validateArchive(zip).errors;
    if (errors.length > 0) out.push(`the archive does not validate: ${JSON.stringify(errors.slice(0, 3))}`);
  } catch (error) {
    out.push(`writing the archive failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return out;
}

describe('the field-shaped corpus (test/corpus, issue 16)', () => {
  const { cases: all, orphans } = existsSync(CORPUS) ? cases() : { cases: [], orphans: [] };

  it('every corpus file has its expectations, and every expectation its file', () => {
    expect(all.length).toBeGreaterThan(0);
    expect(orphans, 'expectations without a corpus file').toEqual([]);
    const missing = all.filter((c) => !existsSync(c.expectPath)).map((c) => c.name);
    expect(missing, 'corpus files without X.expect.json').toEqual([]);
  });

  for (const c of all) {
    if (!existsSync(c.expectPath)) continue;
    const expectation = JSON.parse(readFileSync(c.expectPath, 'utf8')) as Expectation;
    const title = expectation.error ? `I am told what is wrong with ${c.name}: ${summary(expectation)}` : `I can convert ${c.name}: ${summary(expectation)}`;
    it(title, async () => {
      const diffs = await check(c, expectation);
      // The differences go into the message too, so every reporter (JSON, CI logs) shows them all.
      expect(diffs, `${c.name} (${expectation.about}):\n  - ${diffs.join('\n  - ')}\n`).toEqual([]);
    });
  }
});
