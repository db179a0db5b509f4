import { describe, expect, it } from 'vitest';
import { readArchive, writeArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { countOf, type ArchiveContent, type Message } from '../../src/model/types.js';
import { mergeArchives } from '../../src/transfer/merge.js';
import { DIRECT, GROUP, sampleContent } from '../archive/fixtures.js';

const NOW = () => new Date('2026-11-22T12:00:00Z');

/** The sample archive cut down to some of its messages, as an export taken at another time would be. */
function exportWith(keep: (m: Message, i: number) => boolean, exportedAt: string): ArchiveContent {
  const content = sampleContent();
  for (const [id, list] of content.messages) content.messages.set(id, list.filter(keep));
  content.manifest.sources = content.manifest.sources.map((s) => ({ ...s, exportedAt }));
  content.manifest.counts = countOf(content);
  return content;
}

const ids = (content: ArchiveContent) => [...content.messages.values()].flat().map((m) => m.id);

describe('merging archives', () => {
  it('an old and a new export of the same account merge into their union without duplicates', () => {
    const old = exportWith((_, i) => i < 3, '2024-05-01T00:00:00.000Z');
    const recent = exportWith((_, i) => i >= 1, '2024-06-01T00:00:00.000Z');
    const merged = mergeArchives([old, recent], { now: NOW });
    const all = sampleContent();
    expect(ids(merged).sort()).toEqual(ids(all).sort());
    expect(merged.manifest.counts).toEqual(countOf(all));
    expect(merged.manifest.sources.map((s) => s.exportedAt)).toEqual(['2024-05-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z']);
    expect(validateArchive(merged)).toEqual({ valid: true, errors: [] });
  });

  it('messages of each conversation come out in time order, whatever the order of the inputs', () => {
    const a = exportWith((_, i) => i % 2 === 0, '2024-05-01T00:00:00.000Z');
    const b = exportWith((_, i) => i % 2 === 1, '2024-06-01T00:00:00.000Z');
    const ab = mergeArchives([a, b], { now: NOW });
    const ba = mergeArchives([b, a], { now: NOW });
    expect(ab.messages.get(DIRECT)!.map((m) => m.id)).toEqual(sampleContent().messages.get(DIRECT)!.map((m) => m.id));
    expect(ba.messages.get(GROUP)!.map((m) => m.id)).toEqual(ab.messages.get(GROUP)!.map((m) => m.id));
  });

  it('merging an archive with itself changes nothing but the sources list and the creation time', () => {
    const content = sampleContent();
    const merged = mergeArchives([content, sampleContent()], { now: NOW });
    expect(merged.messages).toEqual(content.messages);
    expect(merged.contacts).toEqual(content.contacts);
    expect(merged.manifest.sources).toEqual(content.manifest.sources);
    expect(writeArchive(mergeArchives([merged, content], { now: NOW }))).toEqual(writeArchive(merged));
  });

  it('the newer export wins for a renamed contact and an edited message, and lists are united', () => {
    const old = sampleContent();
    const recent = sampleContent();
    recent.contacts[0]!.displayName = '민지';
    recent.contacts[0]!.groups = ['Family'];
    const edited = recent.messages.get(GROUP)![1]!;
    edited.text = 'hi all!';
    edited.reactions = [{ emoji: '❤️', sender: 'xmpp:me@old.localhost' }];
    const merged = mergeArchives([old, recent], { now: NOW });
    expect(merged.contacts[0]!.displayName).toBe('민지');
    expect(merged.contacts[0]!.groups).toEqual(['Friends', '회사', 'Family']);
    const message = merged.messages.get(GROUP)![1]!;
    expect(message.text).toBe('hi all!');
    expect(message.reactions!.map((r) => r.emoji)).toEqual(['👍🏽', '❤️']);
  });

  it('archives of two accounts keep both sources, and the result reads back and validates', () => {
    const other = sampleContent();
    const them = 'xmpp:you@other.localhost';
    other.manifest.sources = [{ ...other.manifest.sources[0]!, account: them }];
    other.contacts = [];
    other.conversations = [{ id: 'other-direct', kind: 'direct', title: 'x', participants: [{ handle: them, role: 'owner' }], source: them }];
    other.messages = new Map([['other-direct', [{ id: 'other-1', conversationId: 'other-direct', sender: them, timestamp: '2024-01-01T00:00:00Z', kind: 'text', text: 'hello' }]]]);
    other.fidelity = [];
    delete other.attachments;
    other.manifest.counts = countOf(other);
    const merged = mergeArchives([sampleContent(), other], { now: NOW });
    expect(merged.manifest.sources.map((s) => s.account)).toEqual(['xmpp:me@old.localhost', them]);
    expect(validateArchive(writeArchive(merged))).toEqual({ valid: true, errors: [] });
    expect(readArchive(writeArchive(merged)).manifest.counts.messages).toBe(countOf(sampleContent()).messages + 1);
  });
});
