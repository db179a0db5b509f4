/**
 * Generative test of the WhatsApp reader (issue 16, "What must work" 6): random exports drawn
 * across every layout of src/connectors/whatsapp/generate.ts (date and time styles, 12-hour
 * marks, separators, platforms), every language of the phrase tables, random multi-line texts,
 * placeholders and notices; the reader must give back exactly the generated messages. Seeded by
 * FUZZ_SEED like the other property tests (test/setup/fuzz-seed.ts); a failure prints its seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, STYLES, impossibleHeaderLine, renderExport, randomExport, type BodySpec, type ExportSpec, type GeneratedExport } from '../../src/connectors/whatsapp/generate.js';
import { whatsappReader } from '../../src/connectors/whatsapp/read.js';
import type { Message } from '../../src/model/types.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const SENDERS = ['Ann', 'Ben Carter', 'Chloé', '김민지', 'Дмитрий С', 'أحمد', '+44 7700 900123', "O'Neil", 'Dr. Who', 'x'];

/** The handle the archive must give a sender, written here from the README, not from the reader. */
function handleOf(name: string): string {
  const digits = name.replace(/[\s()-]/g, '');
  return /^\+\d{6,15}$/.test(digits) ? `tel:${digits}` : `whatsapp:name:${encodeURIComponent(name)}`;
}

function read(generated: GeneratedExport): Message[] {
  const bytes = new TextEncoder().encode(generated.text);
  const parsed = whatsappReader.parse({ kind: 'file', name: 'chat.txt', bytes }, { timeZone: 'UTC', now: '2026-12-01T00:00:00.000Z', ...(generated.dateOrder ? { dateOrder: generated.dateOrder } : {}) });
  expect(parsed.warnings.filter((w) => w.code === 'suspicious_lines' || w.code === 'truncated')).toEqual([]);
  return [...parsed.conversations[0]!.messages()];
}

/** The generated messages and what the reader gave, in one comparable shape. */
function compare(generated: GeneratedExport, got: Message[]): void {
  const want = generated.messages.map((m) => ({ sender: m.sender === null ? '(notice)' : handleOf(m.sender), time: m.time, kind: m.kind, text: m.text }));
  const have = got.map((m) => ({ sender: m.kind === 'system' ? '(notice)' : m.sender, time: m.timestamp.slice(0, 19), kind: m.kind, text: m.text }));
  expect(have).toEqual(want);
}

// Text a person writes: words that look like bits of dates, times and placeholders, marks and
// isolates inside, several scripts; never a whole header at a line's start.
const word = fc.oneof(
  fc.constantFrom('ok', 'see you', 'at 12:30', '3/4 of it', '2023 was long', 'a.m. or p.m.?', 'x - y', 'note: this', '(maybe)', '<3', 'https://example.com', '안녕하세요', 'こんにちは', '你好', 'مرحبا', 'Привет', 'ça va ?', '😂', '👍🏽', 'mark\u200einside', '@\u2068Ann\u2069', 'Ünïcödé'),
  fc.string({ unit: fc.constantFrom(...Array.from('abcdefghijklmnop qrstuvwxyzéß한😀')), minLength: 1, maxLength: 12 }),
);
const line = fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' ').trim() || 'ok');
const body: fc.Arbitrary<BodySpec> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('text' as const), lines: fc.array(fc.oneof({ weight: 8, arbitrary: line }, { weight: 1, arbitrary: fc.constant('') }), { minLength: 1, maxLength: 4 }).map((l) => (l[0] === '' ? ['ok', ...l.slice(1)] : l)).map((l) => (l.at(-1) === '' ? [...l.slice(0, -1), 'end'] : l)), edited: fc.boolean(), leadingMark: fc.boolean() }) },
  fc.record({ kind: fc.constant('media-omitted' as const), caption: fc.option(line, { nil: undefined }) }).map((b) => (b.caption === undefined ? { kind: b.kind } : b)),
  fc.record({ kind: fc.constant('omitted' as const), what: fc.constantFrom('image', 'video', 'audio', 'sticker', 'gif', 'document', 'contact'), title: fc.constantFrom('Menu.pdf', 'Report 2024.pdf • 3 pages') }),
  fc.record({ kind: fc.constant('attached' as const), file: fc.constantFrom('00000035-PHOTO-2022-03-27-21-41-55.jpg', '00000044-STICKER-2022-03-27-21-49-19.webp', 'IMG-20220318-WA0001.jpg', 'STK-20220318-WA0003.webp', 'PTT-20230323-WA0000.opus'), caption: fc.option(line, { nil: undefined }) }).map((b) => (b.caption === undefined ? { kind: b.kind, file: b.file } : b)),
  fc.record({ kind: fc.constant('deleted' as const), mine: fc.boolean() }),
  fc.record({ kind: fc.constant('missed-call' as const), video: fc.boolean() }),
  fc.record({ kind: fc.constant('location' as const), latitude: fc.integer({ min: -90_000_000, max: 90_000_000 }).map((n) => n / 1e6), longitude: fc.integer({ min: -180_000_000, max: 180_000_000 }).map((n) => n / 1e6) }),
  fc.record({ kind: fc.constant('poll' as const), question: line, options: fc.array(fc.record({ text: line, votes: fc.nat({ max: 30 }) }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('notice' as const), words: fc.constantFrom('Ann created group "Trip"', 'Ben left', 'Ann added Chloé') }),
);

const spec: fc.Arbitrary<ExportSpec> = fc
  .record({
    style: fc.constantFrom(...STYLES),
    language: fc.constantFrom(...LANGUAGES),
    start: fc.integer({ min: Date.UTC(2012, 0, 1), max: Date.UTC(2025, 0, 1) }),
    messages: fc.array(fc.record({ gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 86_400_000 * 40 })), sender: fc.nat({ max: SENDERS.length - 1 }), body }), { minLength: 1, maxLength: 25 }),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    bom: fc.boolean(),
  })
  .map(({ style, language, start, messages, eol, bom }) => {
    const unit = style.seconds ? 1000 : 60_000;
    let at = Math.max(start, style.year === 'R' ? Date.UTC(2019, 5, 1) : start);
    return {
      style,
      language,
      senders: SENDERS,
      group: 'Trip 2024',
      eol,
      bom,
      messages: messages.map((m) => {
        at += m.gap;
        at -= at % unit;
        // iOS writes WhatsApp's notices under the group's name; only a known wording makes them notices.
        const b: BodySpec = m.body.kind === 'notice' && style.platform === 'ios' ? { kind: 'notice', words: 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.' } : m.body;
        return { at, sender: m.sender, body: b };
      }),
    };
  });

describe('WhatsApp reader on generated exports (generate.ts)', () => {
  it('every style of the catalogue has a distinct id, and the catalogue covers both platforms and every 12-hour mark', () => {
    expect(new Set(STYLES.map((s) => s.id)).size).toBe(STYLES.length);
    expect(new Set(STYLES.map((s) => s.platform))).toEqual(new Set(['android', 'ios']));
    expect(new Set(STYLES.map((s) => s.clock))).toEqual(new Set(['24', 'AM', 'am', 'a.m.', 'a. m.', 'ja', 'zh', 'ko', 'ar']));
  });

  it('I get back exactly the messages of a random export in any layout and language: count, sender, time, kind, text', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const generated = renderExport(s);
        compare(generated, read(generated));
      }),
      { numRuns: RUNS * 3 },
    );
  }, 120_000);

  it('every style reads in every language of the tables, with each kind of body once', () => {
    const kinds: BodySpec[] = [
      { kind: 'text', lines: ['first line', 'second: line'] },
      { kind: 'media-omitted', caption: 'a caption' },
      { kind: 'omitted', what: 'document', title: 'Menu.pdf' },
      { kind: 'omitted', what: 'sticker' },
      { kind: 'attached', file: 'IMG-20220318-WA0001.jpg' },
      { kind: 'deleted', mine: true },
      { kind: 'deleted', mine: false },
      { kind: 'missed-call', video: true },
      { kind: 'missed-call', video: false },
      { kind: 'location', latitude: 51.5021456, longitude: -0.127397 },
      { kind: 'poll', question: 'When?', options: [{ text: 'Friday', votes: 2 }, { text: 'Saturday', votes: 1 }] },
      { kind: 'text', lines: ['edited'], edited: true },
    ];
    for (const style of STYLES) {
      for (const language of LANGUAGES) {
        // Days after the 12th, so the file decides its own day/month order.
        const start = style.year === 'R' ? Date.UTC(2022, 2, 18, 14, 56, 1) : Date.UTC(2016, 2, 18, 23, 56, 1);
        const generated = renderExport({ style, language, senders: SENDERS, group: 'Trip', eol: '\n', bom: false, messages: kinds.map((b, i) => ({ at: start + i * 7_260_000 - ((start + i * 7_260_000) % (style.seconds ? 1000 : 60_000)), sender: i % SENDERS.length, body: b })) });
        try {
          compare({ ...generated, dateOrder: undefined }, read({ ...generated, dateOrder: undefined }));
        } catch (error) {
          throw new Error(`${style.id} / ${language}: ${error instanceof Error ? error.message : String(error)}\n${generated.text}`);
        }
      }
    }
  });

  it('a header-shaped line with an impossible hour stays text of the message above, and its line number is reported', () => {
    fc.assert(
      fc.property(spec, fc.nat(), (s, where) => {
        const texts = s.messages.map((m, i) => ({ m, i })).filter(({ m }) => m.body.kind === 'text' && !m.body.edited);
        fc.pre(texts.length > 0);
        const { m, i } = texts[where % texts.length]!;
        const bad = impossibleHeaderLine(s.style, s.language, m.at, 'Ann', 'not a message');
        const body = m.body as Extract<BodySpec, { kind: 'text' }>;
        const changed = { ...s, messages: s.messages.map((x, j) => (j === i ? { ...x, body: { ...body, lines: [...body.lines, bad] } } : x)) };
        const generated = renderExport(changed);
        const lineNo = generated.text.replace(/^\ufeff/, '').split(/\r?\n/).indexOf(bad) + 1;
        expect(lineNo).toBeGreaterThan(0);
        const bytes = new TextEncoder().encode(generated.text);
        const parsed = whatsappReader.parse({ kind: 'file', name: 'chat.txt', bytes }, { timeZone: 'UTC', now: '2026-12-01T00:00:00.000Z', ...(generated.dateOrder ? { dateOrder: generated.dateOrder } : {}) });
        const notice = parsed.warnings.find((w) => w.code === 'suspicious_lines');
        expect(notice?.args).toEqual(['1', String(lineNo)]);
        compare(generated, [...parsed.conversations[0]!.messages()]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('randomExport gives the same export for the same seed, and the reader reads it', () => {
    const a = randomExport(7, 200);
    expect(randomExport(7, 200).text).toBe(a.text);
    expect(a.messages).toHaveLength(200);
    compare(a, read(a));
  });
});
