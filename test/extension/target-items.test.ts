/**
 * Every item code a target's writer can report has a label on the import page, in both languages:
 * the codes are read from the writers' sources (the literal first argument of their tally calls,
 * and vCard's dropped list), so a writer that adds one without a label fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ITEM_KEYS, KIND_KEY, KIND_PREFIX, itemLabel } from '../../extension/ui/target-items.js';
import { TARGET_IDS, writeTarget } from '../../src/targets/targets.js';
import { richContent } from '../connectors/writers-fixture.js';

const root = new URL('../../', import.meta.url).pathname;
const WRITERS = [
  'src/connectors/whatsapp/write.ts',
  'src/connectors/mattermost/write.ts',
  'src/connectors/html/write.ts',
  'src/connectors/contacts-csv/write.ts',
  'src/connectors/slack/write-csv.ts',
  'src/connectors/vcard/vcard.ts',
  'src/connectors/xmpp/xep0227.ts',
];
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
  });

  it.each(WRITERS)('has a label for every item code %s reports', (file) => {
    for (const code of codesIn(readFileSync(root + file, 'utf8'))) expect(itemLabel(code), code).not.toBeNull();
  });

  it('has a label for everything the targets drop from a rich archive', () => {
    for (const id of TARGET_IDS) {
      for (const d of writeTarget(id, richContent(), { timeZone: 'UTC', owner: 'me@new.localhost' }).dropped) expect(itemLabel(d.item), `${id}: ${d.item}`).not.toBeNull();
    }
  });

  it.each(['en', 'ko'])('has every label message in %s', (lang) => {
    const messages = load(lang);
    for (const key of [...Object.values(ITEM_KEYS), KIND_KEY]) expect(messages[key]?.message, `${lang}: ${key}`).toBeTruthy();
    expect(itemLabel(`${KIND_PREFIX}sticker`)).toEqual({ key: KIND_KEY, arg: 'sticker' });
  });
});
