import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WARNING_CODES } from '../../src/connectors/kit/warnings.js';
import { warningKey } from '../../extension/ui/warning-keys.js';

const root = resolve(import.meta.dirname, '../..');
type Messages = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const locale = (lang: string): Messages => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8'));
const en = locale('en');
const ko = locale('ko');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Top-level items of an argument list's text: "a, f(b, c), `x,${y}`" has 3. */
function countArgs(list: string): number {
  if (!list.trim()) return 0;
  let depth = 0;
  let count = 1;
  let quote: string | undefined;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) count++;
  }
  return count;
}

describe("readers' notices in the extension's languages", () => {
  it('every notice code has a sentence in English and Korean with the same placeholders', () => {
    for (const code of WARNING_CODES) {
      const key = warningKey(code);
      expect(en[key]?.message, `${key} in en`).toBeTruthy();
      expect(ko[key]?.message, `${key} in ko`).toBeTruthy();
      expect(Object.keys(ko[key]!.placeholders ?? {}), key).toEqual(Object.keys(en[key]!.placeholders ?? {}));
    }
  });

  it('every notice a reader raises is a known code, with as many values as its sentence has placeholders', () => {
    const calls = sources(join(root, 'src')).flatMap((path) => [...readFileSync(path, 'utf8').matchAll(/\bwarning\('([a-z0-9_]+)', \[([^\]]*)\]/g)].map((m) => ({ path, code: m[1]!, args: m[2]! })));
    expect(calls.length).toBeGreaterThan(20);
    for (const { path, code, args } of calls) {
      expect(WARNING_CODES as readonly string[], `${code} in ${path}`).toContain(code);
      const placeholders = Object.keys(en[warningKey(code as never)]?.placeholders ?? {}).length;
      expect(countArgs(args), `${code} in ${path}: ${args}`).toBe(placeholders);
    }
    const raised = new Set(calls.map((c) => c.code));
    expect(WARNING_CODES.filter((code) => !raised.has(code))).toEqual([]); // no sentence for a notice no reader gives
  });
});
