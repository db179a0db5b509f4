/**
 * The extension's strings (_locales/en and _locales/ko, read by browser.i18n) are complete in both
 * languages, and every key the pages ask for exists.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
const root = new URL('../../', import.meta.url).pathname;
const load = (lang: string) => JSON.parse(readFileSync(join(root, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, Entry>;
const en = load('en');
const ko = load('ko');

/** Messages that read the same in every language (a name, a separator around a placeholder). */
const SAME_IN_BOTH = new Set(['extName', 'pageTitle', 'pageHeading', 'importNotImportedItem']);

function used(message: string): string[] {
  return [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the extension speaks English and Korean', () => {
  it('has the same message keys in English and Korean', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(['en', 'ko'])('has no empty message and only valid key names in %s', (lang) => {
    for (const [key, entry] of Object.entries(load(lang))) {
      expect(key, `${lang}: key name`).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(entry.message.trim(), `_locales/${lang}/messages.json: "${key}" is empty`).not.toBe('');
    }
  });

  it('uses the same placeholders, bound to the same arguments, in both languages', () => {
    for (const key of Object.keys(en)) {
      const e = en[key]!;
      const k = ko[key]!;
      expect(used(k.message), `"${key}": Korean placeholders`).toEqual(used(e.message));
      const defined = (x: Entry) => Object.fromEntries(Object.entries(x.placeholders ?? {}).map(([n, p]) => [n.toLowerCase(), p.content]));
      expect(defined(k), `"${key}": Korean placeholder definitions`).toEqual(defined(e));
      // Every placeholder used is defined, every one defined is used, and no stray "$" survives.
      expect(Object.keys(defined(e)).sort(), `"${key}": defined vs used`).toEqual([...new Set(used(e.message))].sort());
      for (const entry of [e, k]) expect(entry.message.replace(/\$[A-Za-z0-9_@]+\$/g, '').replace(/\$\$/g, ''), `"${key}": a lone $`).not.toContain('$');
    }
  });

  it('has every Korean message actually written in Korean', () => {
    for (const key of Object.keys(en)) {
      if (SAME_IN_BOTH.has(key)) continue;
      expect(ko[key]!.message, `"${key}" is not translated`).toMatch(/[\uAC00-\uD7A3]/);
    }
  });

  it('defines every key the pages, the UI and the manifest ask for', () => {
    const asked = new Set<string>();
    for (const file of sourceFiles(join(root, 'extension'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|tParts)\(\s*'([A-Za-z0-9_@]+)'/g)) asked.add(m[1]!);
      for (const m of text.matchAll(/\b(?:t|tParts)\(\s*\w+ === '[^']*' \? '([A-Za-z0-9_@]+)' : '([A-Za-z0-9_@]+)'/g)) asked.add(m[1]!).add(m[2]!);
    }
    for (const score of [0, 1, 2, 3, 4]) asked.add(`strength${score}`); // strength.tsx: t(`strength${score}`)
    // viewer.tsx: every message kind but text, and every reason an attachment is missing (src/model/types.ts).
    for (const kind of ['media', 'system', 'call', 'poll', 'location', 'sticker', 'contact', 'deleted']) asked.add(`viewerKind_${kind}`);
    for (const reason of ['not-downloaded', 'too-large', 'expired', 'excluded', 'unavailable']) asked.add(`viewerReason_${reason.replace('-', '_')}`);
    for (const m of readFileSync(join(root, 'manifest.json'), 'utf8').matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)) asked.add(m[1]!);
    expect(asked.size).toBeGreaterThan(50);
    const missing = [...asked].filter((key) => !(key in en));
    expect(missing, 'keys used in extension/ but missing from _locales/en/messages.json').toEqual([]);
  });

  it('knows every message kind and missing-attachment reason the model has', () => {
    const model = readFileSync(join(root, 'src/model/types.ts'), 'utf8');
    const union = (name: string) => [...model.slice(model.indexOf(`export type ${name} =`)).split(';')[0]!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
    for (const kind of union('MessageKind').filter((k) => k !== 'text')) expect(en, kind).toHaveProperty(`viewerKind_${kind}`);
    for (const reason of union('NotIncludedReason')) expect(en, reason).toHaveProperty(`viewerReason_${reason.replace('-', '_')}`);
    expect(union('MessageKind').length).toBeGreaterThan(5);
  });

  it('names the extension through _locales with English as the default', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
    expect(manifest.default_locale).toBe('en');
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
  });
});
