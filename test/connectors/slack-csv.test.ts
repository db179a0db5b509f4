import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toSlackCsv } from '../../src/connectors/slack/write-csv.js';
import { DIRECT, GROUP } from '../archive/fixtures.js';
import { KAKAO_CHAT, SCRIPT_TEXT, richContent, usernamesOf } from './writers-fixture.js';

describe('Slack CSV import file', () => {
  it('I can read the CSV back with papaparse: four quoted columns, oldest first, every text message with its channel and sender', () => {
    const content = richContent();
    const result = toSlackCsv(content);
    const usernames = usernamesOf(result);
    const csv = new TextDecoder().decode(result.files[0]!.bytes);
    // Every field quoted, as Slack's example shows; no header row.
    expect(csv.startsWith('"17144')).toBe(true);
    const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const rows = parsed.data;
    expect(rows.every((r) => r.length === 4)).toBe(true);
    const times = rows.map((r) => Number(r[0]));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Slack takes lower-case a-z, 0-9, "-" and "_" only: Hangul is spelled out (Revised Romanization, letter by letter).
    const channelOf: Record<string, string> = { [DIRECT]: 'dm-gimminji', [GROUP]: 'chingudeul', [KAKAO_CHAT]: 'jeomsim-moim-lunch' };
    const expected = [...content.messages.entries()]
      .flatMap(([id, list]) => list.map((m) => ({ id, m })))
      .filter(({ m }) => m.text || m.location)
      .sort((a, b) => Date.parse(a.m.timestamp) - Date.parse(b.m.timestamp))
      .map(({ id, m }) => [String(Date.parse(m.timestamp) / 1000), channelOf[id], usernames.get(m.sender), m.text || `https://maps.google.com/?q=${m.location!.latitude},${m.location!.longitude}`]);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => r[3])).toContain(SCRIPT_TEXT);
    expect(rows.map((r) => r[3])).toContain('first line\nsecond line\r\nthird line after CRLF\n\n\tindented, trailing spaces   ');
    expect(usernames.get('xmpp:kim@old.localhost')).toBe('gimminji');
  });

  it('the fidelity report counts exactly what the CSV import cannot carry', () => {
    const result = toSlackCsv(richContent(), { account: 'slack:team.slack.com' });
    expect(Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]))).toEqual({
      'conversation.direct': 1,
      'message.reactions': 5,
      'message.edits': 1,
      'message.replyTo': 3,
      'message.attachments': 3,
      'message.empty': 1,
      'message.kind.location': 1,
    });
    expect(result.fidelity.every((n) => n.stage === 'import' && n.account === 'slack:team.slack.com')).toBe(true);
    expect(result.kept).toEqual({ channels: 3, messages: 13, users: 5 });
  });

  it('any text and any conversation title survive the CSV quoting, read back by papaparse (property)', async () => {
    const fc = (await import('fast-check')).default;
    const anyText = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.constantFrom('"quoted", with comma', 'a\r\nb\nc\rd', '""', '\\"', ',,,'));
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 20 }), (texts, title) => {
        const content = richContent();
        const conv = { ...content.conversations[1]!, title };
        content.conversations = [conv];
        content.messages = new Map([[conv.id, texts.map((text, i) => ({ id: `s${i}`, conversationId: conv.id, sender: 'xmpp:kim@old.localhost', timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), kind: 'text' as const, text }))]]);
        const csv = new TextDecoder().decode(toSlackCsv(content).files[0]!.bytes);
        const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
        expect(parsed.errors).toEqual([]);
        expect(parsed.data.map((r) => r[3])).toEqual(texts);
        expect(new Set(parsed.data.map((r) => r[1])).size).toBe(1);
        expect(parsed.data[0]![1]).toMatch(/^[a-z0-9_-]{1,80}$/);
      }),
      { numRuns: 300 },
    );
  });
});
