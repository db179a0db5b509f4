import { describe, expect, it } from 'vitest';
import { validateArchive } from '../../src/archive/validate.js';
import { selectContent, SelectionError, summarizeConversations } from '../../src/transfer/select.js';
import { DIRECT, EMPTY, GROUP, PHOTO_SHA256, sampleContent } from '../archive/fixtures.js';

describe('choosing what to save', () => {
  it('summarizes each conversation with its message count and first and last instant', () => {
    const summary = summarizeConversations(sampleContent());
    expect(summary.map((s) => [s.id, s.messages, s.first, s.last])).toEqual([
      [DIRECT, 6, '2024-04-30T09:00:00.000Z', '2024-04-30T09:05:00.000Z'],
      [GROUP, 3, '2024-05-01T18:00:00+09:00', '2024-05-01T09:05:00Z'],
      [EMPTY, 0, undefined, undefined],
    ]);
  });

  it('keeps everything, as the same object, when nothing is left out', () => {
    const content = sampleContent();
    expect(selectContent(content, {})).toBe(content);
    expect(selectContent(content, { conversations: new Set([DIRECT, GROUP, EMPTY]), from: '2020-01-01T00:00:00Z' })).toBe(content);
  });

  it('leaves out a conversation, drops the attachment only it used, recounts and says so', () => {
    const selected = selectContent(sampleContent(), { conversations: new Set([DIRECT, EMPTY]) });
    expect(selected.manifest.counts).toEqual({ contacts: 2, conversations: 2, messages: 6, attachments: 0 });
    expect(selected.attachments?.has(PHOTO_SHA256)).toBe(false);
    expect(selected.contacts).toHaveLength(2);
    expect(selected.fidelity?.at(-1)).toMatchObject({ stage: 'export', item: 'conversation', count: 1, reason: expect.stringContaining('3 messages') });
    expect(validateArchive(selected).errors).toEqual([]);
  });

  it('keeps a date range by instant, whatever offset a timestamp is written with', () => {
    // 2024-05-01T18:00:00+09:00 is 09:00Z: inside [09:00Z, 09:05Z); 09:05Z itself is the exclusive end.
    const selected = selectContent(sampleContent(), { from: '2024-05-01T09:00:00Z', until: '2024-05-01T09:05:00Z' });
    expect(selected.messages.get(GROUP)!.map((m) => m.text)).toEqual(['모두 안녕! 🎉', 'hi all']);
    expect(selected.messages.get(DIRECT)).toEqual([]);
    expect(selected.manifest.counts.messages).toBe(2);
    expect(selected.conversations).toHaveLength(3);
    expect(selected.fidelity?.at(-1)).toMatchObject({ item: 'message', count: 7 });
    expect(validateArchive(selected).errors).toEqual([]);
  });

  it('refuses a choice that keeps nothing or cannot be read, with what to do', () => {
    const content = sampleContent();
    expect(() => selectContent(content, { conversations: new Set() })).toThrow(SelectionError);
    expect(() => selectContent(content, { conversations: new Set() })).toThrow(/Choose at least one/);
    expect(() => selectContent(content, { from: '2024-06-01', until: '2024-05-01' })).toThrow(/start date is not before the end date/);
    expect(() => selectContent(content, { from: 'yesterday' })).toThrow(/"yesterday" is not a date/);
  });

  it('leaves the content it was given untouched', () => {
    const content = sampleContent();
    const before = JSON.stringify([...content.messages]);
    selectContent(content, { conversations: new Set([GROUP]), from: '2024-05-01T09:00:01Z' });
    expect(JSON.stringify([...content.messages])).toBe(before);
    expect(content.manifest.counts.messages).toBe(9);
  });
});
