import { describe, expect, it } from 'vitest';
import { WriterInputError, type WriterParams } from '../../src/connectors/contract.js';
import { droppedLines, reportLines } from '../../src/connectors/kit/writing.js';
import { toWhatsAppChats } from '../../src/connectors/telegram/write.js';
import { FILE_WRITERS, writerFor } from '../../src/connectors/registry.js';
import type { ArchiveContent } from '../../src/model/types.js';
import { richContent } from './writers-fixture.js';

const writeTarget = (id: string, content: ArchiveContent, params: WriterParams) => writerFor(id)!.write(content, params);
const TARGET_IDS = FILE_WRITERS.map((w) => w.id);

const params = { timeZone: 'Europe/Berlin', owner: 'me@new.localhost', at: '2026-01-01T00:00:00.000Z' };

describe('the writers registry the CLI and the extension share', () => {
  it('lists every target, in the order the page shows them', () => {
    expect(TARGET_IDS).toEqual(['telegram', 'telegram-json', 'vcard', 'google-csv', 'mattermost', 'slack-csv', 'html', 'vcon', 'xep0227']);
  });

  it.each(TARGET_IDS)('I can write %s from one archive and see what it kept and dropped', (id) => {
    const out = writeTarget(id, richContent(), params);
    expect(out.target).toBe(id);
    expect(out.files.length).toBeGreaterThan(0);
    // A single-file target writes one file at OUT; XEP-0227 adds its room file beside it when there are rooms.
    if (out.single) expect(out.files).toHaveLength(id === 'xep0227' && out.kept.rooms ? 2 : 1);
    for (const f of out.files) expect(f.bytes.length).toBeGreaterThan(0);
    expect(Object.values(out.kept).some((n) => n > 0)).toBe(true);
    for (const d of out.fidelity) expect(d.count).toBeGreaterThan(0);
    for (const d of out.fidelity) expect(d.stage).toBe('import');
    expect(reportLines(out)[0]).toMatch(/^kept: \d+ \w+/);
    expect(reportLines(out)).toHaveLength(1 + out.fidelity.length);
  });

  it('writes the same bytes and counts as calling the writer directly', () => {
    const direct = toWhatsAppChats(richContent(), { timeZone: 'Europe/Berlin', at: params.at });
    const out = writeTarget('telegram', richContent(), params);
    expect(out.files.map((f) => f.name)).toEqual(direct.files.map((f) => f.name));
    expect(out.files.map((f) => Buffer.from(f.bytes).toString('hex'))).toEqual(direct.files.map((f) => Buffer.from(f.bytes).toString('hex')));
    expect(out.kept).toEqual(direct.kept);
    expect(droppedLines(out.fidelity)).toEqual(droppedLines(direct.fidelity));
  });

  it('names what is missing or wrong with a code the page can translate', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof WriterInputError ? e.code : `other: ${String(e)}`;
      }
      return 'no error';
    };
    expect(code(() => writeTarget('xep0227', richContent(), {}))).toBe('owner-missing');
    expect(code(() => writeTarget('xep0227', richContent(), { owner: 'not an address' }))).toBe('owner-invalid');
    expect(code(() => writeTarget('html', richContent(), { timeZone: 'Mars/Olympus' }))).toBe('zone-invalid');
    expect(code(() => writeTarget('mattermost', richContent(), { team: 'Bad Team' }))).toBe('team-invalid');
  });

  it('says which targets need a time zone or an owner', () => {
    expect(FILE_WRITERS.filter((t) => t.needs.timeZone).map((t) => t.id).sort()).toEqual(['html', 'telegram', 'telegram-json']);
    expect(FILE_WRITERS.filter((t) => t.needs.owner).map((t) => t.id)).toEqual(['xep0227']);
  });
});
