import { describe, expect, it } from 'vitest';
import { ArchiveReader, readArchive, writeArchive } from '../../src/archive/index.js';
import { selectContent } from '../../src/transfer/select.js';
import { summarizeConversations } from '../../src/transfer/select.js';
import { conversationSummaries, pageContentOf, pageFactsOf } from '../../extension/ui/page-content.js';
import { fastZipSource } from '../../extension/workers/zip-source.js';
import { sampleContent } from '../archive/fixtures.js';

describe('what the export page holds of converted content', () => {
  it('is what the page used to count from every message: instants, senders, notices, summaries', () => {
    const content = readArchive(writeArchive(sampleContent()));
    const page = pageContentOf(content);
    expect([...page.facts.keys()]).toEqual([...content.messages.keys()]);
    for (const [id, list] of content.messages) {
      const facts = page.facts.get(id)!;
      expect([...facts.instants]).toEqual(list.map((m) => Date.parse(m.timestamp)));
      const senders = new Map<string, number>();
      let notices = 0;
      for (const m of list) {
        if (m.kind === 'system') notices++;
        else senders.set(m.sender, (senders.get(m.sender) ?? 0) + 1);
      }
      expect([...facts.senders]).toEqual([...senders]);
      expect(facts.notices).toBe(notices);
    }
    expect(conversationSummaries(page)).toEqual(summarizeConversations(content).map(({ id, title, messages }) => ({ id, title, messages })));
    expect(page.archive).toEqual({ content });
  });

  it('comes out of the Worker\'s readback of the zip the same as from the content read whole', () => {
    const zip = writeArchive(sampleContent());
    const { archive: _, ...whole } = pageContentOf(readArchive(zip));
    expect(pageFactsOf(ArchiveReader.open(fastZipSource(zip)))).toEqual(whole);
  });

  it('fails the readback as readArchive does when the zip is damaged', () => {
    const zip = writeArchive(sampleContent());
    const cut = zip.subarray(0, zip.length - 30);
    expect(() => pageFactsOf(ArchiveReader.open(fastZipSource(cut)))).toThrow();
  });

  it('lets the save write a selection from the zip that is the archive the page would have written from the content', () => {
    const zip = writeArchive(sampleContent());
    const content = readArchive(zip);
    const first = content.conversations[0]!.id;
    const selection = { conversations: new Set([first]) };
    const at = new Date('2026-12-08T01:00:00Z');
    // selectContent stamps its fidelity notes with the time: compare with the same stamp.
    const stamp = (c: ReturnType<typeof selectContent>) => ({ ...c, fidelity: (c.fidelity ?? []).map((n) => ({ ...n, at: at.toISOString() })) });
    const fromContent = writeArchive(stamp(selectContent(content, selection)));
    const fromZip = writeArchive(stamp(selectContent(readArchive(fastZipSource(zip)), selection)));
    expect(fromZip).toEqual(fromContent);
  });
});
