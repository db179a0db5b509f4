/**
 * Every item code a target's writer can report has a label on the import page, in both languages:
 * the codes are read from the writers' sources (the literal first argument of their tally calls),
 * every src/connectors/<service>/write*.ts, so a writer that adds one without a label fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ITEM_KEYS, KIND_KEY, KIND_PREFIX, itemLabel } from '../../extension/ui/target-items.js';
import { droppedLines } from '../../src/connectors/kit/writing.js';
import { FILE_WRITERS } from '../../src/connectors/registry.js';
import { richContent } from '../connectors/writers-fixture.js';

const root = new URL('../../', import.meta.url).pathname;
const WRITERS = readdirSync(`${root}src/connectors`, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(`${root}src/connectors/${d.name}`).filter((f) => /^write.*\.ts$/.test(f)).map((f) => `src/connectors/${d.name}/${f}`));
const load = (lang: string) => JSON.parse(readFileSync(`${root}_locales/${lang}/messages.json`, 'utf8')) as Record<string, { message: string }>;

function codesIn(source: string): string[] {
  const calls = [...source.matchAll(/\b(?:add|drop|note)\(\s*(['`])([a-zA-Z.]+(?:\$\{[^}]+\})?)\1/g)].map((m) => m[2]!);
  const items = [...source.matchAll(/\bitem: '([a-zA-Z.]+)'/g)].map((m) => m[1]!);
  return [...calls, ...items].map((c) => c.replace(/\$\{[^}]+\}$/, 'anyKind'));
}

describe('the import page names what each target drops', () => {
  it('finds the item codes in the writers (the scan itself works)', () => {
    const codes = WRITERS.flatMap((f) => codesIn(readFileSync(root + f, 'utf8')));
    expect(codes).toContain('message.reactions');
    expect(codes).toContain('contact.favourite');
    expect(codes).toContain('characters');
    expect(codes.length).toBeGreaterThan(40);
    // The XEP-0227 target writes the account's file and, in write-rooms.ts, its room file.
    expect(WRITERS.filter((f) => !f.endsWith('/xmpp/write-rooms.ts')).length, 'one writer file per target, besides the XEP-0227 room file').toBe(FILE_WRITERS.length);
  });

  it.each(WRITERS)('has a label for every item code %s reports', (file) => {
    for (const code of codesIn(readFileSync(root + file, 'utf8'))) expect(itemLabel(code), code).not.toBeNull();
  });

  it('has a label for everything the targets drop from a rich archive', () => {
    for (const writer of FILE_WRITERS) {
      for (const d of droppedLines(writer.write(richContent(), { timeZone: 'UTC', owner: 'me@new.localhost' }).fidelity)) expect(itemLabel(d.item), `${writer.id}: ${d.item}`).not.toBeNull();
    }
  });

  it.each(['en', 'ko'])('has every label message in %s', (lang) => {
    const messages = load(lang);
    for (const key of [...Object.values(ITEM_KEYS), KIND_KEY]) expect(messages[key]?.message, `${lang}: ${key}`).toBeTruthy();
    expect(itemLabel(`${KIND_PREFIX}sticker`)).toEqual({ key: KIND_KEY, arg: 'sticker' });
  });
});
