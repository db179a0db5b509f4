/**
 * The keeper of the connector layout, after Refined GitHub's build/features.test.ts: every folder
 * under src/connectors/ (kit/ aside) is a connector that is registered, says in its README what
 * it reads and writes, has fixtures when it reads files and a test named after it, and imports no
 * other connector; and nothing in src/ reaches for a browser global. The checks are functions of
 * a folder, so the test also shows them failing on a made-up connector that breaks each rule.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/connectors/contract.js';
import { CONNECTORS } from '../../src/connectors/registry.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CONNECTORS_DIR = join(ROOT, 'src/connectors');
const TESTS_DIR = join(ROOT, 'test/connectors');
/** The ~150 lines of issue 15, with room for the entry's imports and its FileReader. */
const READER_ENTRY_MAX_LINES = 200;
/** Shared parts, not a connector. */
const NOT_CONNECTORS = new Set(['kit']);

function filesUnder(dir: string, ext = /\.tsx?$/): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'generated' ? [] : filesUnder(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** Code without comments and string contents, so a word in a comment or a message is not code. */
function codeOf(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

/** The backticked names after **Reads** and **Writes** in a README's first lines (commands, which have spaces, left out). */
function declared(readme: string): { reads: string[]; writes: string[] } | undefined {
  const line = readme.split('\n').find((l) => l.startsWith('**Reads**'));
  const m = line && /^\*\*Reads\*\* (.*) · \*\*Writes\*\* (.*)$/.exec(line);
  if (!m) return undefined;
  const names = (part: string) => [...part.matchAll(/`([^`\s]+)`/g)].map((n) => n[1]!);
  return { reads: names(m[1]!), writes: names(m[2]!) };
}

/** What is wrong with the connector folder `dir` registered as `connector` (undefined: not registered). */
export function connectorProblems(dir: string, connector: Connector | undefined, testsDir: string): string[] {
  const id = dirname(join(dir, 'x')).split('/').pop()!;
  const problems: string[] = [];
  if (!connector) problems.push(`${id}: not listed in src/connectors/registry.ts`);
  else if (connector.id !== id) problems.push(`${id}: its index.ts says id "${connector.id}"`);
  if (!existsSync(join(dir, 'index.ts'))) problems.push(`${id}: no index.ts declaring the connector`);
  const readmePath = join(dir, 'README.md');
  if (!existsSync(readmePath)) problems.push(`${id}: no README.md`);
  else if (connector) {
    const names = declared(readFileSync(readmePath, 'utf8'));
    if (!names) problems.push(`${id}: README.md has no "**Reads** ... · **Writes** ..." line`);
    else {
      const readers = connector.readers.map((r) => r.name);
      const writers = connector.writers.map((w) => w.id);
      if (names.reads.join() !== readers.join()) problems.push(`${id}: README.md says it reads ${names.reads.join(', ') || 'nothing'}, the connector has ${readers.join(', ') || 'no reader'}`);
      if (names.writes.join() !== writers.join()) problems.push(`${id}: README.md says it writes ${names.writes.join(', ') || 'nothing'}, the connector has ${writers.join(', ') || 'no writer'}`);
    }
  }
  // A reader's entry stays small: when it grows, what it reads is split by record kind into read-<record>.ts.
  const entry = join(dir, 'read.ts');
  if (existsSync(entry)) {
    const lines = readFileSync(entry, 'utf8').split('\n').length;
    if (lines > READER_ENTRY_MAX_LINES) problems.push(`${id}: read.ts has ${lines} lines; split what it reads by record kind into read-<record>.ts files`);
  }
  if (connector?.readers.length) {
    const fixtures = join(dir, 'fixtures');
    if (!existsSync(fixtures) || readdirSync(fixtures).length === 0) problems.push(`${id}: reads files but has no fixtures/`);
  }
  if (!existsSync(testsDir) || !readdirSync(testsDir).some((f) => f === `${id}.test.ts` || (f.startsWith(`${id}-`) && f.endsWith('.test.ts')))) {
    problems.push(`${id}: no test named after it (${relative(ROOT, testsDir)}/${id}.test.ts)`);
  }
  const connectorsDir = dirname(dir);
  for (const file of filesUnder(dir)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bfrom\s+['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]/g)) {
      const target = resolve(dirname(file), m[1] ?? m[2]!);
      const rel = relative(connectorsDir, target).split('/');
      if (rel[0] === '..' || rel.length < 2) continue;
      if (rel[0] !== id && !NOT_CONNECTORS.has(rel[0]!)) problems.push(`${relative(connectorsDir, file)} imports the ${rel[0]} connector (${m[1] ?? m[2]}): connectors never import each other; move what both need to src/connectors/kit/`);
    }
  }
  return problems;
}

const BROWSER_GLOBAL = /(?<![\w.$])(browser|chrome|indexedDB|document|window|localStorage|navigator)\s*[.[]/;

/** Places in `files` that use a browser global (file:line). */
export function browserGlobalUses(files: string[]): string[] {
  return files.flatMap((file) =>
    codeOf(readFileSync(file, 'utf8'))
      .split('\n')
      .flatMap((line, i) => (BROWSER_GLOBAL.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

const folders = readdirSync(CONNECTORS_DIR).filter((name) => !NOT_CONNECTORS.has(name) && statSync(join(CONNECTORS_DIR, name)).isDirectory());

describe('every connector is a unit you can see', () => {
  it('finds the connector folders (the walk itself works)', () => {
    expect(folders.length).toBeGreaterThanOrEqual(12);
    expect(folders).toContain('whatsapp');
  });

  it.each(folders)('%s is registered, documented, has fixtures and a test, and imports no other connector', (id) => {
    expect(connectorProblems(join(CONNECTORS_DIR, id), CONNECTORS.find((c) => c.id === id), TESTS_DIR)).toEqual([]);
  });

  it('the registry lists no connector without a folder, and each once', () => {
    expect(CONNECTORS.map((c) => c.id).filter((id) => !folders.includes(id))).toEqual([]);
    expect(new Set(CONNECTORS.map((c) => c.id)).size).toBe(CONNECTORS.length);
  });

  it('nothing under src/ uses a browser global: the core runs in Node', () => {
    expect(browserGlobalUses(filesUnder(join(ROOT, 'src')))).toEqual([]);
  });
});

describe('the keeper fails where it should', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ferry-architecture-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const tests = join(scratch, 'tests');
  mkdirSync(tests);
  writeFileSync(join(tests, 'pigeon.test.ts'), '');
  const pigeon: Connector = { id: 'pigeon', readers: [{ name: 'pigeon', detect: () => undefined, parse: () => { throw new Error('unused'); } }], writers: [] };

  function folder(files: Record<string, string>): string {
    const dir = join(scratch, `case-${Math.random().toString(36).slice(2)}`, 'connectors', 'pigeon');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }
  const good = { 'index.ts': '', 'read.ts': "import { x } from '../kit/files.js';", 'README.md': '# Pigeon\n\n**Reads** `pigeon` (`ferry convert`) · **Writes** nothing\n', 'fixtures/a.txt': 'x' };

  it('a complete connector folder passes', () => {
    expect(connectorProblems(folder(good), pigeon, tests)).toEqual([]);
  });

  it('a connector folder without a README fails', () => {
    const { 'README.md': _, ...withoutReadme } = good;
    expect(connectorProblems(folder(withoutReadme), pigeon, tests)).toEqual(['pigeon: no README.md']);
  });

  it('a connector that imports another connector fails', () => {
    const problems = connectorProblems(folder({ ...good, 'read.ts': "import { whatsappReader } from '../whatsapp/read.js';" }), pigeon, tests);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/read\.ts imports the whatsapp connector/);
  });

  it('a README that does not say what the connector reads fails, as do a folder not registered, no fixtures and no test', () => {
    expect(connectorProblems(folder({ ...good, 'README.md': '# Pigeon\n\n**Reads** nothing · **Writes** nothing\n' }), pigeon, tests)).toEqual(['pigeon: README.md says it reads nothing, the connector has pigeon']);
    expect(connectorProblems(folder(good), undefined, tests)).toEqual(['pigeon: not listed in src/connectors/registry.ts']);
    const { 'fixtures/a.txt': _, ...noFixtures } = good;
    expect(connectorProblems(folder(noFixtures), pigeon, tests)).toEqual(['pigeon: reads files but has no fixtures/']);
    expect(connectorProblems(folder(good), pigeon, join(scratch, 'no-tests'))).toEqual([expect.stringMatching(/^pigeon: no test named after it/)]);
  });

  it('a reader entry that grows past the limit fails', () => {
    const long = Array.from({ length: READER_ENTRY_MAX_LINES + 1 }, (_, i) => `const x${i} = ${i};`).join('\n');
    expect(connectorProblems(folder({ ...good, 'read.ts': long }), pigeon, tests)).toEqual([expect.stringMatching(/^pigeon: read\.ts has \d+ lines; split/)]);
  });

  it('a browser global in core code is found, and one in a comment or a string is not', () => {
    const file = join(scratch, 'core.ts');
    writeFileSync(file, "// window.open is not used here\nconst s = 'document.title';\nconst t = document.title;\n");
    expect(browserGlobalUses([file])).toEqual([expect.stringMatching(/core\.ts:3: const t = document\.title;/)]);
  });
});
