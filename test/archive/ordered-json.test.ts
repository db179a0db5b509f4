/**
 * orderedJson is the writer's inner loop for every message line; whatever shortcut it takes, its
 * text must be exactly JSON.stringify(orderKeys(value, rule)), the definition of an archive line.
 * Checked on seeded random messages: keys in random order, keys the schema does not know (among
 * them "__proto__" and "toString"), undefined values, nested attachments, reactions and edits.
 */
import { describe, expect, it } from 'vitest';
import { KEY_ORDER, orderKeys, orderedJson, type KeyRule } from '../../src/archive/layout.js';

/** mulberry32: the same messages on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_KEYS = ['__proto__', 'toString', 'zeta', 'aa', '0', '10', 'constructor', 'hasOwnProperty'];
const TEXTS = ['hi', '오늘 저녁에 🙂', 'quote " and \\ back', 'line\nbreak\ttab', '\u2028sep\u2029', 'lone \ud800 surrogate', ''];

function shuffled<T>(items: T[], next: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** An object with `entries` in shuffled (or kept) order, odd keys set as own data properties. */
function build(entries: [string, unknown][], next: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const order = next() < 0.5 ? entries : shuffled(entries, next);
  for (const [key, value] of order) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

function maybeOdd(entries: [string, unknown][], next: () => number): [string, unknown][] {
  if (next() < 0.15) entries.push([ODD_KEYS[Math.floor(next() * ODD_KEYS.length)]!, next() < 0.5 ? 'extra' : { nested: [1, 'x'] }]);
  if (next() < 0.1) entries.push(['maybe', undefined]);
  return entries;
}

function message(next: () => number, n: number): Record<string, unknown> {
  const text = TEXTS[Math.floor(next() * TEXTS.length)]!;
  const entries: [string, unknown][] = [
    ['id', `xmpp:me@old.localhost#mam:${n}`],
    ['conversationId', 'xmpp:me@old.localhost#direct:friend@old.localhost'],
    ['sender', n % 3 ? 'xmpp:friend@old.localhost' : 'xmpp:me@old.localhost'],
    ['timestamp', new Date(Date.UTC(2024, 0, 1) + n * 61_000).toISOString()],
    ['kind', 'text'],
    ['text', text],
  ];
  if (next() < 0.3) entries.push(['sourceIds', build([['mam', `m${n}`], ['origin', `o${n}`], ...(next() < 0.2 ? ([['__proto__', 'p']] as [string, unknown][]) : [])], next)]);
  if (next() < 0.2) entries.push(['replyTo', `xmpp:me@old.localhost#mam:${n - 1}`]);
  if (next() < 0.1) entries.push(['wallClock', undefined]);
  if (next() < 0.2) entries.push(['reactions', [build(maybeOdd([['emoji', '❤️'], ['sender', 'xmpp:me@old.localhost'], ['timestamp', '2024-01-01T00:00:05.000Z']], next), next)]]);
  if (next() < 0.1) entries.push(['edits', [build([['timestamp', '2024-01-01T00:00:00.000Z'], ['text', 'typo']], next), build([['text', 'two']], next)]]);
  if (next() < 0.15) {
    const notIncluded = build(maybeOdd([['reason', 'not-downloaded'], ['detail', undefined]], next), next);
    entries.push(['attachments', [build(maybeOdd([['fileName', `IMG_${n}.jpg`], ['mediaType', 'image/jpeg'], ['size', 1000 + n], ['notIncluded', notIncluded]], next), next)]]);
  }
  if (next() < 0.05) entries.push(['mentions', ['xmpp:a@b', 'xmpp:c@d']]);
  if (next() < 0.05) entries.push(['location', build([['latitude', 37.5], ['longitude', 127.0], ['name', '강남역']], next)]);
  return build(maybeOdd(entries, next), next);
}

const expected = (value: unknown, rule: KeyRule) => JSON.stringify(orderKeys(value, rule));

describe('orderedJson', () => {
  it('writes exactly JSON.stringify(orderKeys(message)) for random messages in any key order', () => {
    const next = random(21);
    let reordered = 0;
    for (let n = 0; n < 5000; n++) {
      const m = message(next, n);
      const text = orderedJson(m, KEY_ORDER.message);
      expect(text).toBe(expected(m, KEY_ORDER.message));
      if (text !== JSON.stringify(m)) reordered++;
    }
    // Both paths ran: messages already in order and messages that had to be reordered.
    expect(reordered).toBeGreaterThan(1000);
    expect(reordered).toBeLessThan(4900);
  });

  it('gives the same text when the same shapes come back in another order (the shape cache)', () => {
    const a = { id: 'a', conversationId: 'c', sender: 's', timestamp: 't', kind: 'text', text: 'x', replyTo: 'r' };
    const b = { replyTo: 'r', id: 'a', conversationId: 'c', sender: 's', timestamp: 't', kind: 'text', text: 'x' };
    for (const m of [a, b, a, b, { ...a, toString: 'odd' }, a]) expect(orderedJson(m, KEY_ORDER.message)).toBe(expected(m, KEY_ORDER.message));
  });

  it('keeps values JSON.stringify treats specially as orderKeys does', () => {
    const m = { id: 'a', conversationId: 'c', sender: 's', timestamp: 't', kind: 'text', text: 'x', mentions: [undefined, 'h'], attachments: [undefined], sourceIds: { b: '2', a: '1' } };
    expect(orderedJson(m, KEY_ORDER.message)).toBe(expected(m, KEY_ORDER.message));
    const withDate = { at: new Date(0), stage: 'export', account: 'a', item: 'i', count: 1, reason: 'r' };
    expect(orderedJson(withDate, KEY_ORDER.fidelity)).toBe(expected(withDate, KEY_ORDER.fidelity));
  });
});
