import { describe, expect, it } from 'vitest';
import { exportXmppAccount, ExportError, memoryJournal } from '../../src/connectors/xmpp/export.js';
import { importXmppContacts, memoryLedger } from '../../src/connectors/xmpp/import.js';
import { placeholderAddress } from '../../src/connectors/xmpp/ids.js';
import { importHistoryAsNotes, senderLabel } from '../../src/connectors/xmpp/history-notes.js';
import type { ArchivedMessage, ArchivePage, XmppClientPort, AddContactRequest, RosterItem, RoomBookmark, VCardResult } from '../../src/connectors/xmpp/port.js';
import { validateArchive } from '../../src/archive/validate.js';
import { readArchive, writeArchive } from '../../src/archive/container.js';
import { droppedLines } from '../../src/connectors/kit/writing.js';
import { FILE_WRITERS } from '../../src/connectors/registry.js';
import { RetryableError } from '../../src/connectors/xmpp/port.js';
import { movedFromOf, publishMovedStatement } from '../../src/connectors/xmpp/moved.js';

/** A mock of a logged-in XMPP session (the real one is exercised by the e2e suite against Prosody). */
/** A room the mock account has bookmarked: its archive, or the error condition the server refuses it with. */
interface MockRoom {
  bookmark: RoomBookmark;
  archive?: ArchivedMessage[];
  refused?: string;
}

/** One page of `archive` after `after`, as a server pages it (RSM after/max). */
function pageOf(archive: ArchivedMessage[], after: string | undefined, max: number): ArchivePage {
  const start = after ? archive.findIndex((m) => m.archiveId === after) + 1 : 0;
  const messages = archive.slice(start, start + max);
  const last = messages.at(-1)?.archiveId;
  return { messages, ...(last ? { last } : {}), complete: start + messages.length >= archive.length };
}

function mockXmppPort(init: { account: string; roster?: RosterItem[]; archive?: ArchivedMessage[]; pageSize?: number; vcards?: Record<string, VCardResult>; rooms?: MockRoom[] }) {
  const roster = [...(init.roster ?? [])];
  const archive = init.archive ?? [];
  const added: AddContactRequest[] = [];
  const notes: { id: string; body: string }[] = [];
  const rooms = init.rooms;
  const roomOf = (jid: string) => {
    const room = rooms?.find((r) => r.bookmark.jid === jid);
    if (!room) throw new Error(`mock: no room ${jid}`);
    return room;
  };
  const port: XmppClientPort = {
    account: async () => init.account,
    roster: async () => roster.map((r) => ({ ...r })),
    archivePage: async ({ after, max }): Promise<ArchivePage> => pageOf(archive, after, Math.min(max, init.pageSize ?? max)),
    ...(rooms
      ? {
          bookmarks: async () => rooms.map((r) => ({ ...r.bookmark })),
          roomArchiveInfo: async (jid: string) => {
            const room = roomOf(jid);
            return room.refused ? { refused: room.refused } : { total: room.archive?.length ?? 0 };
          },
          roomArchivePage: async (jid: string, { after, max }: { after?: string; max: number }) => pageOf(roomOf(jid).archive ?? [], after, Math.min(max, init.pageSize ?? max)),
        }
      : {}),
    vcard: async (jid) => init.vcards?.[jid] ?? { none: true },
    addContact: async (request) => {
      added.push(request);
      roster.push({ jid: request.jid, name: request.name, groups: request.groups, subscription: 'none' });
    },
    noteToSelf: async (note) => void notes.push(note),
  };
  return { port, added, notes };
}

const me = 'me@old.localhost';
const msg = (n: number, from: string, to: string, body: string): ArchivedMessage => ({
  archiveId: `a${n}`,
  stamp: `2026-11-22T04:${String(n).padStart(2, '0')}:00Z`,
  from,
  to,
  type: 'chat',
  body,
});

describe('XMPP export', () => {
  const roster: RosterItem[] = [
    { jid: 'kim@old.localhost', name: '김민준', groups: ['가족', 'Friends'], subscription: 'both' },
    { jid: 'ann@old.localhost', name: '', groups: [], subscription: 'to' },
    { jid: me, name: 'me', groups: [], subscription: 'both' },
  ];
  const archive = [
    msg(1, me, 'kim@old.localhost', '안녕하세요 👩‍👩‍👧'),
    msg(2, 'kim@old.localhost', me, 'line one\n\nline three'),
    { ...msg(3, 'kim@old.localhost', me, ''), archiveId: 'receipt' },
    msg(4, 'ann@old.localhost', me, 'hi'),
    msg(5, me, 'kim@old.localhost', 'bye'),
  ];

  it('turns the roster into contacts without the account itself, with each one\'s subscription state', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    const content = await exportXmppAccount(port);
    expect(content.contacts).toEqual([
      { id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: ['가족', 'Friends'], subscription: 'both' },
      { id: 'xmpp:ann@old.localhost', displayName: 'ann@old.localhost', handles: ['xmpp:ann@old.localhost'], groups: [], subscription: 'to' },
    ]);
  });

  it('reads every archive page and groups messages into direct conversations in order', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive, pageSize: 2 });
    const pages: number[] = [];
    const content = await exportXmppAccount(port, { pageSize: 2, onProgress: (p) => pages.push(p.pages) });
    expect(Math.max(...pages)).toBe(3);
    expect(content.manifest.counts).toEqual({ contacts: 2, conversations: 2, messages: 4, attachments: 0 });
    const kim = content.conversations.find((c) => c.title === '김민준')!;
    expect(content.messages.get(kim.id)!.map((m) => [m.sender, m.text])).toEqual([
      ['xmpp:me@old.localhost', '안녕하세요 👩‍👩‍👧'],
      ['xmpp:kim@old.localhost', 'line one\n\nline three'],
      ['xmpp:me@old.localhost', 'bye'],
    ]);
  });

  it('says in the archive what it could not export, with counts', async () => {
    const withRoom = [...archive, { ...msg(6, 'room@conference.old.localhost', me, 'group hello'), type: 'groupchat' }];
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive: withRoom }).port, { now: () => new Date('2026-11-22T05:00:00Z') });
    expect(content.fidelity?.map((n) => [n.stage, n.account, n.item, n.count])).toEqual([['export', 'xmpp:me@old.localhost', 'message.groupchat', 1]]);
    expect(content.manifest.counts.messages).toBe(4);
  });

  it('keeps contacts\' profiles: structured name, addresses and the photo as an attachment', async () => {
    const photo = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const vcards: Record<string, VCardResult> = {
      'kim@old.localhost': {
        found: { fullName: '김민준', nickname: '민준이', given: '민준', family: '김', emails: ['kim@example.org', 'kim@example.org'], phones: ['+82-10-1234-5678'], photo: { mediaType: 'image/png', base64: btoa(String.fromCharCode(...photo)) } },
      },
      'ann@old.localhost': { failed: 'remote-server-timeout' },
    };
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive, vcards }).port);
    const kim = content.contacts.find((c) => c.id === 'xmpp:kim@old.localhost')!;
    expect(kim.displayName).toBe('김민준');
    expect(kim.name).toEqual({ family: '김', given: '민준' });
    expect(kim.emails).toEqual([{ value: 'kim@example.org', types: [] }]);
    expect(kim.phones).toEqual([{ value: '+82-10-1234-5678', types: [] }]);
    expect(kim.avatar).toMatchObject({ mediaType: 'image/png', size: 7, path: `attachments/${kim.avatar!.sha256}` });
    expect(content.attachments?.get(kim.avatar!.sha256!)).toEqual(photo);
    expect(content.manifest.counts.attachments).toBe(1);
    const notes = Object.fromEntries(content.fidelity!.map((n) => [n.item, n.count]));
    expect(notes['contact.vcard']).toBe(1);
    expect(notes['contact.nickname']).toBe(1);
  });

  it('keeps my own profile (my vCard) in the archive\'s source, its photo an attachment, and the archive stays valid', async () => {
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 9, 8, 7]);
    const vcards: Record<string, VCardResult> = {
      [me]: { found: { fullName: '나 자신', nickname: 'me', given: '자신', family: '나', emails: ['me@example.org'], phones: ['+82-10-0000-0000'], photo: { mediaType: 'image/jpeg', base64: btoa(String.fromCharCode(...photo)) } } },
    };
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive, vcards }).port);
    const profile = content.manifest.sources[0]!.profile!;
    expect(profile).toMatchObject({ displayName: '나 자신', name: { family: '나', given: '자신' }, emails: [{ value: 'me@example.org', types: [] }], phones: [{ value: '+82-10-0000-0000', types: [] }] });
    expect(content.attachments?.get(profile.avatar!.sha256!)).toEqual(photo);
    expect(content.manifest.counts.attachments).toBe(1);
    expect(content.contacts.map((c) => c.id)).not.toContain(`xmpp:${me}`);
    expect(validateArchive(content)).toEqual({ valid: true, errors: [] });
    const reread = readArchive(writeArchive(content));
    expect(reread.manifest.sources[0]!.profile).toEqual(profile);
    expect(reread.attachments?.get(profile.avatar!.sha256!)).toEqual(photo);
  });

  it('says so in the archive when the server does not answer for my own vCard, and exports the rest', async () => {
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive, vcards: { [me]: { failed: 'remote-server-timeout' } } }).port);
    expect(content.manifest.sources[0]!.profile).toBeUndefined();
    expect(content.fidelity!.find((n) => n.item === 'manifest.sources.profile')?.reason).toMatch(/remote-server-timeout/);
    expect(content.manifest.counts.messages).toBe(4);
  });

  it('an account without a published vCard, or with an empty one, has no profile and no note', async () => {
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive }).port);
    expect(content.manifest.sources[0]!.profile).toBeUndefined();
    const empty = await exportXmppAccount(mockXmppPort({ account: me, roster, archive, vcards: { [me]: { found: { emails: [], phones: [] } } } }).port);
    expect(empty.manifest.sources[0]!.profile).toBeUndefined();
    expect(content.fidelity?.some((n) => n.item.startsWith('manifest.')) ?? false).toBe(false);
  });

  it('a friend whose vCard photo is broken keeps the rest of the profile, and the archive counts the lost photo', async () => {
    const vcards: Record<string, VCardResult> = {
      'kim@old.localhost': { found: { fullName: '김민준', emails: ['kim@example.org'], phones: [], photo: { mediaType: 'image/png', base64: '!!not base64!!' } } },
      'ann@old.localhost': { found: { fullName: 'Ann', emails: [], phones: [], photo: { mediaType: 'IMAGE/JPEG; x=1', base64: btoa('jpeg') } } },
    };
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive, vcards }).port);
    const kim = content.contacts.find((c) => c.id === 'xmpp:kim@old.localhost')!;
    expect(kim.avatar).toBeUndefined();
    expect(kim.emails).toEqual([{ value: 'kim@example.org', types: [] }]);
    expect(content.contacts.find((c) => c.id === 'xmpp:ann@old.localhost')!.avatar?.mediaType).toBe('image/jpeg');
    expect(content.fidelity!.find((n) => n.item === 'contact.avatar')?.count).toBe(1);
    expect(content.manifest.counts.messages).toBe(4);
  });

  it('gives the same ids when the same account is exported twice', async () => {
    const first = await exportXmppAccount(mockXmppPort({ account: me, roster, archive }).port);
    const second = await exportXmppAccount(mockXmppPort({ account: me, roster, archive }).port, { pageSize: 1 });
    const ids = (c: typeof first) => [...c.messages.values()].flat().map((m) => m.id);
    expect(ids(second)).toEqual(ids(first));
    expect(second.conversations.map((c) => c.id)).toEqual(first.conversations.map((c) => c.id));
  });

  it('resumes after the server goes away mid-export, without gaps or duplicates', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    const journal = memoryJournal();
    const realPage = port.archivePage;
    let calls = 0;
    port.archivePage = async (query) => {
      if (++calls >= 3) throw new RetryableError('connection lost'); // and it stays lost through every retry
      return realPage(query);
    };
    await expect(exportXmppAccount(port, { pageSize: 1, journal, retryDelaysMs: [1, 1] })).rejects.toThrow(/after 2 pages and 2 more tries: connection lost.*run the export again/);
    expect(calls).toBe(5);
    const requested: (string | undefined)[] = [];
    port.archivePage = async (query) => (requested.push(query.after), realPage(query));
    const content = await exportXmppAccount(port, { pageSize: 1, journal });
    expect(requested[0]).toBe('a2');
    const full = await exportXmppAccount(mockXmppPort({ account: me, roster, archive }).port);
    expect([...content.messages.values()].flat()).toEqual([...full.messages.values()].flat());
  });

  it('a server that throttles or drops a page for a moment is asked again, and the archive is whole', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    const realPage = port.archivePage;
    let calls = 0;
    port.archivePage = async (query) => {
      calls++;
      if (calls === 2 || calls === 3) throw new RetryableError('resource-constraint');
      return realPage(query);
    };
    const retries: unknown[] = [];
    const content = await exportXmppAccount(port, { pageSize: 1, retryDelaysMs: [1, 1, 1], onProgress: (p) => p.retrying && retries.push(p.retrying) });
    expect(retries).toEqual([
      { attempt: 1, waitSeconds: 1, reason: 'resource-constraint' },
      { attempt: 2, waitSeconds: 1, reason: 'resource-constraint' },
    ]);
    const full = await exportXmppAccount(mockXmppPort({ account: me, roster, archive }).port);
    expect([...content.messages.values()].flat()).toEqual([...full.messages.values()].flat());
  });

  it('cancelling while a failed page waits to be asked again stops at once', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    port.archivePage = async () => {
      throw new RetryableError('remote-server-timeout');
    };
    const controller = new AbortController();
    const started = Date.now();
    const run = exportXmppAccount(port, { signal: controller.signal, retryDelaysMs: [60_000], onProgress: (p) => p.retrying && controller.abort(new Error('cancelled by you')) });
    await expect(run).rejects.toThrow('cancelled by you');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a failure that asking again cannot fix (a closed tab) stops at once, without waiting to retry', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    let calls = 0;
    port.archivePage = async () => {
      calls++;
      throw new Error('Could not establish connection. Receiving end does not exist.');
    };
    await expect(exportXmppAccount(port, { retryDelaysMs: [60_000] })).rejects.toThrow(/after 0 pages: Could not establish/);
    expect(calls).toBe(1);
  });

  it('a later export of the same account fetches only what is new', async () => {
    const growing = [...archive];
    const { port } = mockXmppPort({ account: me, roster, archive: growing });
    const journal = memoryJournal();
    await exportXmppAccount(port, { journal });
    growing.push(msg(6, 'ann@old.localhost', me, 'new one'));
    const fetched: number[] = [];
    const realPage = port.archivePage;
    port.archivePage = async (query) => {
      const page = await realPage(query);
      fetched.push(page.messages.length);
      return page;
    };
    const content = await exportXmppAccount(port, { journal });
    expect(fetched).toEqual([1]);
    expect(content.manifest.counts.messages).toBe(5);
  });

  it('cancels at once while the server is slow, keeps what was journaled, and the next run continues', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    const journal = memoryJournal();
    const realPage = port.archivePage;
    const controller = new AbortController();
    const progress: { archiveRead: number; archiveTotal?: number }[] = [];
    let calls = 0;
    port.archivePage = async (query) => {
      if (++calls < 3) return { ...(await realPage(query)), total: archive.length, items: 1 };
      controller.abort(new DOMException('cancelled', 'AbortError'));
      return new Promise<ArchivePage>(() => {}); // a server that never answers
    };
    const run = exportXmppAccount(port, { pageSize: 1, journal, signal: controller.signal, onProgress: (p) => progress.push(p) });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(await journal.stored()).toBe(2);
    expect(progress.at(-1)).toMatchObject({ archiveRead: 2, archiveTotal: 5 });
    port.archivePage = realPage;
    const resumed: { phase: string; archiveRead: number }[] = [];
    const content = await exportXmppAccount(port, { pageSize: 1, journal, onProgress: (p) => resumed.push(p) });
    expect(content.manifest.counts.messages).toBe(4);
    // The resumed run counts on from what the journal already holds: 2 kept, then 1 per page.
    expect(resumed.filter((p) => p.phase === 'history').map((p) => p.archiveRead)).toEqual([3, 4, 5]);
  });

  it('refuses to produce a short archive when the server stops paging early', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive });
    port.archivePage = async () => ({ messages: [msg(1, me, 'kim@old.localhost', 'x')], complete: false });
    await expect(exportXmppAccount(port)).rejects.toThrow(ExportError);
  });
});

/**
 * A mock server archive paged both ways (RSM after and before), whose items may lack a body
 * (receipts: counted and given ids by the server, left out of `messages` by the port).
 */
function twoWayArchive(items: { archiveId: string; message?: ArchivedMessage }[]) {
  const page = (slice: typeof items, complete: boolean): ArchivePage => ({
    messages: slice.flatMap((i) => (i.message ? [i.message] : [])),
    ...(slice.length ? { first: slice[0]!.archiveId, last: slice.at(-1)!.archiveId } : {}),
    complete,
    items: slice.length,
    total: items.length,
  });
  const indexOf = (id: string) => {
    const at = items.findIndex((i) => i.archiveId === id);
    if (at < 0) throw new Error(`mock: no item ${id}`);
    return at;
  };
  return {
    after: ({ after, max }: { after?: string; max: number }) => {
      const start = after ? indexOf(after) + 1 : 0;
      return page(items.slice(start, start + max), start + max >= items.length);
    },
    before: ({ before, max }: { before?: string; max: number }) => {
      const end = before ? indexOf(before) : items.length;
      const start = Math.max(0, end - max);
      return page(items.slice(start, end), start === 0);
    },
  };
}

describe('XMPP export reading the archive from both ends at once', () => {
  const peers = ['kim@old.localhost', 'ann@old.localhost', 'lee@old.localhost'];
  const roster: RosterItem[] = peers.map((jid) => ({ jid, name: jid.split('@')[0]!, groups: [], subscription: 'both' }));
  /** n archive items; every fifth, when `receipts`, has no body. */
  const itemsOf = (n: number, receipts = false) =>
    Array.from({ length: n }, (_, i) => ({
      archiveId: `id${i}`,
      ...(receipts && i % 5 === 4 ? {} : { message: { ...msg(i % 60, i % 2 ? me : peers[i % 3]!, i % 2 ? peers[i % 3]! : me, `message ${i}`), archiveId: `id${i}`, stamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() } }),
    }));
  const twoWayPort = (items: ReturnType<typeof itemsOf>, log?: string[]) => {
    const server = twoWayArchive(items);
    const { port } = mockXmppPort({ account: me, roster });
    port.archivePage = async (query) => (log?.push(`after ${query.after ?? '-'}`), server.after(query));
    port.archivePageBefore = async (query) => (log?.push(`before ${query.before ?? '-'}`), server.before(query));
    return port;
  };
  const texts = (content: Awaited<ReturnType<typeof exportXmppAccount>>) => [...content.messages.values()].flat().map((m) => m.text);
  const expected = (items: ReturnType<typeof itemsOf>) => {
    const byPeer = new Map<string, string[]>();
    for (const { message } of items) {
      if (!message) continue;
      const peer = message.from === me ? message.to : message.from;
      byPeer.set(peer, [...(byPeer.get(peer) ?? []), message.body]);
    }
    return [...byPeer].sort(([a], [b]) => a.localeCompare(b)).flatMap(([, list]) => list);
  };

  it('every message once and in order, wherever the two readers meet (sizes 0 to 503, pages of 1 to 50, with receipts)', async () => {
    for (const n of [0, 1, 2, 5, 7, 50, 51, 250, 503]) {
      for (const pageSize of [1, 3, 50]) {
        for (const receipts of [false, true]) {
          const items = itemsOf(n, receipts);
          const content = await exportXmppAccount(twoWayPort(items), { pageSize });
          expect(texts(content), `n=${n} page=${pageSize} receipts=${receipts}`).toEqual(expected(items));
        }
      }
    }
  });

  it('reads forward from the start and back from the end together, meeting halfway', async () => {
    const log: string[] = [];
    const items = itemsOf(40);
    await exportXmppAccount(twoWayPort(items, log), { pageSize: 10 });
    // Each reader's first page is asked before either answer is used: they run side by side.
    expect(log.slice(0, 2).sort()).toEqual(['after -', 'before -']);
    expect(log.filter((l) => l.startsWith('after')).length).toBeLessThanOrEqual(3);
    expect(log.filter((l) => l.startsWith('before')).length).toBeLessThanOrEqual(3);
  });

  it('a later export with the same journal starts after the archive\'s old end and adds only what is new', async () => {
    const items = itemsOf(30);
    const journal = memoryJournal();
    const log: string[] = [];
    const port = twoWayPort(items, log);
    await exportXmppAccount(port, { journal, pageSize: 10 });
    items.push(...itemsOf(33).slice(30));
    log.length = 0;
    const content = await exportXmppAccount(port, { journal, pageSize: 10 });
    expect(log).toContain('after id29');
    expect(log).not.toContain('after -');
    expect(texts(content)).toEqual(expected(items));
  });

  it('a forward reader that fails for good stops the export with the reason; the backward one does not run on alone', async () => {
    const items = itemsOf(100);
    const port = twoWayPort(items);
    let forwardAsks = 0;
    port.archivePage = async () => {
      forwardAsks++;
      throw new Error('the tab was closed');
    };
    let backwardAsks = 0;
    const backward = port.archivePageBefore!;
    port.archivePageBefore = async (query) => (backwardAsks++, backward(query));
    await expect(exportXmppAccount(port, { pageSize: 5 })).rejects.toThrow(/Reading the message archive failed after \d+ pages: the tab was closed/);
    expect(forwardAsks).toBe(1);
    expect(backwardAsks).toBeLessThanOrEqual(2);
  });

  it('a backward reader that fails for good is not needed: the forward one reads the whole archive', async () => {
    const items = itemsOf(100);
    const port = twoWayPort(items);
    port.archivePageBefore = async () => {
      throw new Error('paging back is broken here');
    };
    expect(texts(await exportXmppAccount(port, { pageSize: 5 }))).toEqual(expected(items));
  });

  it('a page that fails after the readers have met does not fail the export, and is not asked again', async () => {
    const items = itemsOf(30);
    const server = twoWayArchive(items);
    const port = twoWayPort(items);
    let backwardAsks = 0;
    // The forward reader is slow; the backward one reads the archive to the start, then its next page fails.
    port.archivePage = async (query) => (await new Promise((r) => setTimeout(r, 30)), server.after(query));
    port.archivePageBefore = async (query) => {
      if (++backwardAsks === 3) throw new RetryableError('the server went away for a moment');
      return server.before(query);
    };
    const started = Date.now();
    const content = await exportXmppAccount(port, { pageSize: 10, retryDelaysMs: [5_000, 5_000] });
    expect(texts(content)).toEqual(expected(items));
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('every message once and in order when one side is much slower than the other', async () => {
    for (const slow of ['forward', 'backward'] as const) {
      const items = itemsOf(203, true);
      const server = twoWayArchive(items);
      const port = twoWayPort(items);
      const delay = () => new Promise((r) => setTimeout(r, 3));
      port.archivePage = async (query) => (slow === 'forward' && (await delay()), server.after(query));
      port.archivePageBefore = async (query) => (slow === 'backward' && (await delay()), server.before(query));
      expect(texts(await exportXmppAccount(port, { pageSize: 10 })), slow).toEqual(expected(items));
    }
  });

  it('a journal kept from a failed run is continued forward, with what came since, never short', async () => {
    const items = itemsOf(103);
    const server = twoWayArchive(items);
    const port = twoWayPort(items);
    const journal = memoryJournal();
    let asks = 0;
    port.archivePage = async (query) => {
      if (++asks === 3) throw new Error('the tab was closed');
      return server.after(query);
    };
    await expect(exportXmppAccount(port, { journal, pageSize: 10 })).rejects.toThrow(/the tab was closed/);
    items.push(...itemsOf(110).slice(103));
    port.archivePage = async (query) => server.after(query);
    expect(texts(await exportXmppAccount(port, { journal, pageSize: 10 }))).toEqual(expected(items));
  });

  it('a later export of an account whose server ignores <before/> adds what is new', async () => {
    const items = itemsOf(100);
    const server = twoWayArchive(items);
    const port = twoWayPort(items);
    port.archivePageBefore = async ({ max }) => server.after({ max });
    const journal = memoryJournal();
    await exportXmppAccount(port, { journal, pageSize: 10 });
    items.push(...itemsOf(130).slice(100));
    expect(texts(await exportXmppAccount(port, { journal, pageSize: 10 }))).toEqual(expected(items));
  });

  it('a server that ignores <before/> (answers with the first page) still gives the whole archive, read forward', async () => {
    for (const n of [7, 250, 503]) {
      const items = itemsOf(n);
      const server = twoWayArchive(items);
      const port = twoWayPort(items);
      port.archivePageBefore = async ({ max }) => server.after({ max });
      const content = await exportXmppAccount(port, { pageSize: 50 });
      expect(texts(content), `n=${n}`).toEqual(expected(items));
    }
  });

  it('a server that says, paging back, that the archive starts too early still gives the whole archive, with or without a count', async () => {
    for (const counted of [true, false]) {
      const items = itemsOf(503);
      const server = twoWayArchive(items);
      const port = twoWayPort(items);
      // The last page is right; asked for the page before it, the server claims there is nothing earlier.
      port.archivePageBefore = async ({ before, max }) => {
        const page = before ? { messages: [], complete: true, items: 0, total: items.length } : server.before({ max });
        if (!counted) delete page.total;
        return page;
      };
      if (!counted) port.archivePage = async (query) => ({ ...server.after(query), total: undefined });
      expect(texts(await exportXmppAccount(port, { pageSize: 50 })), `counted=${counted}`).toEqual(expected(items));
    }
  });

  it('a server that stops paging back before the start still gives the whole archive, read forward', async () => {
    const items = itemsOf(100);
    const port = twoWayPort(items);
    port.archivePageBefore = async () => ({ messages: [], complete: false });
    expect(texts(await exportXmppAccount(port, { pageSize: 5 }))).toEqual(expected(items));
  });
});

describe('XMPP group chats', () => {
  const ROOM = 'team@conference.old.localhost';
  const roster: RosterItem[] = [{ jid: 'kim@old.localhost', name: '김민준', groups: [], subscription: 'both' }];
  /** A message as a room's archive holds it: from the room, with the sender's nick (and real JID when the room discloses it). */
  const said = (n: number, nick: string, body: string, senderJid?: string): ArchivedMessage => ({
    archiveId: `r${n}`,
    stamp: `2026-11-23T09:${String(n).padStart(2, '0')}:00Z`,
    from: ROOM,
    to: '',
    type: 'groupchat',
    body,
    nick,
    ...(senderJid ? { senderJid } : {}),
    originId: `o${n}`,
  });
  const roomArchive = [
    said(1, '민준', '다들 안녕하세요 👋'),
    said(2, 'my nick', 'hello, all\nsecond line\n\nfourth'),
    { ...said(3, '민준', ''), archiveId: 'r3-marker' },
    said(4, 'Ann B', '  spaces kept  ', 'ann@old.localhost'),
    said(5, 'kim', 'real jid', 'kim@old.localhost/phone'),
  ];
  const team: MockRoom = { bookmark: { jid: ROOM, name: '우리 팀 Team', nick: 'my nick' }, archive: roomArchive };

  it('I can export a bookmarked room as a group conversation with every message, its sender and its time', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive: [msg(1, me, 'kim@old.localhost', 'hi')], rooms: [team], pageSize: 2 });
    const content = await exportXmppAccount(port, { pageSize: 2, now: () => new Date('2026-11-23T10:00:00Z') });
    expect(validateArchive(content).errors).toEqual([]);
    const group = content.conversations.find((c) => c.kind === 'group')!;
    expect(group).toEqual({
      id: `xmpp:${me}#room:${ROOM}`,
      kind: 'group',
      title: '우리 팀 Team',
      participants: [
        { handle: `xmpp:${me}`, role: 'member' },
        { handle: `xmpp:${ROOM}/민준`, role: 'member' },
        { handle: 'xmpp:ann@old.localhost', role: 'member' },
        { handle: 'xmpp:kim@old.localhost', contactId: 'xmpp:kim@old.localhost', role: 'member' },
      ],
      source: `xmpp:${me}`,
      sourceIds: { room: ROOM },
    });
    expect(content.messages.get(group.id)!.map((m) => [m.id, m.sender, m.timestamp, m.text, m.sourceIds])).toEqual([
      [`xmpp:${ROOM}#mam:r1`, `xmpp:${ROOM}/민준`, '2026-11-23T09:01:00.000Z', '다들 안녕하세요 👋', { mam: 'r1', origin: 'o1' }],
      [`xmpp:${ROOM}#mam:r2`, `xmpp:${me}`, '2026-11-23T09:02:00.000Z', 'hello, all\nsecond line\n\nfourth', { mam: 'r2', origin: 'o2' }],
      [`xmpp:${ROOM}#mam:r4`, 'xmpp:ann@old.localhost', '2026-11-23T09:04:00.000Z', '  spaces kept  ', { mam: 'r4', origin: 'o4' }],
      [`xmpp:${ROOM}#mam:r5`, 'xmpp:kim@old.localhost', '2026-11-23T09:05:00.000Z', 'real jid', { mam: 'r5', origin: 'o5' }],
    ]);
    expect(content.manifest.counts).toMatchObject({ conversations: 2, messages: 5 });
    expect(content.fidelity).toBeUndefined();
  });

  it('a nickname with spaces or URI delimiters becomes a handle the schema accepts, and a room without a bookmark name is titled by its address', async () => {
    const odd = { bookmark: { jid: ROOM }, archive: [said(1, 'a b%c?d#e', 'x'), said(2, 'my nick', 'not mine: the bookmark has no nick')] };
    const content = await exportXmppAccount(mockXmppPort({ account: me, rooms: [odd] }).port);
    expect(validateArchive(content).errors).toEqual([]);
    const group = content.conversations[0]!;
    expect(group.title).toBe(ROOM);
    expect(content.messages.get(group.id)!.map((m) => m.sender)).toEqual([`xmpp:${ROOM}/a%20b%25c%3Fd%23e`, `xmpp:${ROOM}/my%20nick`]);
  });

  it('a room the server refuses, or one without an archive, is named in the archive with a count, and the other rooms are still exported', async () => {
    const rooms: MockRoom[] = [
      team,
      { bookmark: { jid: 'secret@conference.old.localhost', name: 'Secret' }, refused: 'forbidden' },
      { bookmark: { jid: 'plain@conference.old.localhost' }, refused: 'no-archive' },
    ];
    const content = await exportXmppAccount(mockXmppPort({ account: me, rooms }).port);
    expect(content.conversations.map((c) => c.id)).toEqual([`xmpp:${me}#room:${ROOM}`]);
    const note = content.fidelity!.find((n) => n.item === 'conversation.kind.group')!;
    expect(note.count).toBe(2);
    expect(note.reason).toContain('plain@conference.old.localhost (the room keeps no archive)');
    expect(note.reason).toContain('secret@conference.old.localhost (the server refused: forbidden)');
  });

  it('group chat copies in my own archive are not counted twice once their room is exported; copies of other rooms are counted with the room named', async () => {
    const copies = [
      msg(1, me, 'kim@old.localhost', 'hi'),
      { ...msg(2, ROOM, me, 'copy of a room message'), type: 'groupchat' },
      { ...msg(3, 'other@conference.old.localhost', me, 'not bookmarked'), type: 'groupchat' },
      { ...msg(4, 'other@conference.old.localhost', me, 'not bookmarked either'), type: 'groupchat' },
    ];
    const content = await exportXmppAccount(mockXmppPort({ account: me, archive: copies, rooms: [team] }).port);
    const note = content.fidelity!.find((n) => n.item === 'message.groupchat')!;
    expect(note.count).toBe(2);
    expect(note.reason).toContain('from 1 room(s)');
    expect(note.reason).toContain('other@conference.old.localhost');
    expect(note.reason).not.toContain(ROOM);
    expect(content.manifest.counts.messages).toBe(1 + 4);
  });

  it('an export interrupted inside a room\'s archive resumes there, without gaps or duplicates', async () => {
    const { port } = mockXmppPort({ account: me, roster, archive: [msg(1, me, 'kim@old.localhost', 'hi')], rooms: [team] });
    const journals = new Map<string, ReturnType<typeof memoryJournal>>();
    const roomJournal = (room: string) => journals.get(room) ?? (journals.set(room, memoryJournal()), journals.get(room)!);
    const journal = memoryJournal();
    const realRoomPage = port.roomArchivePage!;
    let calls = 0;
    port.roomArchivePage = async (room, query) => {
      if (++calls === 3) throw new Error('Could not establish connection. Receiving end does not exist.');
      return realRoomPage(room, query);
    };
    await expect(exportXmppAccount(port, { pageSize: 1, journal, roomJournal })).rejects.toThrow(
      new RegExp(`Reading the archive of room ${ROOM.replace(/\./g, '\\.')} failed after 2 pages: Could not establish.*run the export again`),
    );
    const asked: (string | undefined)[] = [];
    port.roomArchivePage = async (room, query) => (asked.push(query.after), realRoomPage(room, query));
    const content = await exportXmppAccount(port, { pageSize: 1, journal, roomJournal });
    expect(asked[0]).toBe('r2');
    const full = await exportXmppAccount(mockXmppPort({ account: me, roster, archive: [msg(1, me, 'kim@old.localhost', 'hi')], rooms: [team] }).port);
    expect([...content.messages.values()].flat()).toEqual([...full.messages.values()].flat());
  });

  it('a room whose archive stops paging before it is complete is an error, not a shorter archive', async () => {
    const { port } = mockXmppPort({ account: me, rooms: [team] });
    port.roomArchivePage = async () => ({ messages: [roomArchive[0]!], complete: false });
    await expect(exportXmppAccount(port)).rejects.toThrow(/stopped paging the archive of room team@conference\.old\.localhost/);
  });

  it('every target takes an export with a room, and XEP-0227 writes the room with its messages into its room file', async () => {
    const content = await exportXmppAccount(mockXmppPort({ account: me, roster, archive: [msg(1, me, 'kim@old.localhost', 'hi')], rooms: [team] }).port);
    const params = { timeZone: 'Asia/Seoul', owner: 'me@new.localhost', at: '2026-11-23T10:00:00.000Z' };
    const outs = Object.fromEntries(FILE_WRITERS.map((w) => [w.id, w.write(content, params)]));
    expect(outs.xep0227!.kept).toMatchObject({ conversations: 2, messages: 5, rooms: 1 });
    expect(outs.xep0227!.files.map((f) => f.name)).toEqual(['me@new.localhost.xml', 'me@new.localhost.rooms.xml']);
    expect(new TextDecoder().decode(outs.xep0227!.files[1]!.bytes)).toContain('hello, all');
    expect(droppedLines(outs.xep0227!.fidelity).map((d) => d.item)).not.toContain('messages');
    const html = new TextDecoder().decode(outs.html!.files.find((f) => f.name.endsWith('.html') && new TextDecoder().decode(f.bytes).includes('우리 팀 Team'))?.bytes);
    expect(html).toContain('hello, all');
  });

  it('a bookmark whose address is not a room\'s stops the export with a clear error', async () => {
    const { port } = mockXmppPort({ account: me, rooms: [{ bookmark: { jid: 'conference.old.localhost' } }] });
    await expect(exportXmppAccount(port)).rejects.toThrow(/not a room's \(“conference\.old\.localhost”\)/);
  });

  it('a room message with an unreadable time is an error naming the room', async () => {
    const { port } = mockXmppPort({ account: me, rooms: [{ bookmark: { jid: ROOM }, archive: [{ ...said(1, 'x', 'y'), stamp: 'yesterday' }] }] });
    await expect(exportXmppAccount(port)).rejects.toThrow(/room team@conference\.old\.localhost gave message r1 an unreadable time/);
  });
});

describe('XMPP contact import', () => {
  const contacts = [
    { id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: ['가족'] },
    { id: 'tel:+821012345678', displayName: 'Phone only', handles: ['tel:+821012345678'], groups: [] },
  ];

  it('adds contacts with names and groups, and one without an XMPP address under its name on a placeholder address, asking nobody there', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost' });
    const report = await importXmppContacts(port, contacts, memoryLedger());
    const placeholder = placeholderAddress('tel:+821012345678');
    expect(placeholder).toMatch(/^ferry-[0-9a-f]{20}@placeholder\.ferry\.invalid$/);
    // Additions run in parallel: the order is not fixed.
    expect([...added].sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { jid: placeholder, name: 'Phone only', groups: [], subscribe: false },
      { jid: 'kim@old.localhost', name: '김민준', groups: ['가족'] },
    ]);
    expect(report).toMatchObject({ target: 'me@new.localhost', added: 2, alreadyPresent: 0, mapped: 0, placeholders: 1, notImported: [] });
    expect(report.items.map((i) => i.outcome === 'added' && i.via)).toEqual(['own', 'placeholder']);
  });

  it('leaves out a contact without an XMPP address when told not to use placeholders, and says why', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost' });
    const report = await importXmppContacts(port, contacts, memoryLedger(), { placeholders: false });
    expect(added).toEqual([{ jid: 'kim@old.localhost', name: '김민준', groups: ['가족'] }]);
    expect(report.notImported).toEqual([{ contactId: 'tel:+821012345678', displayName: 'Phone only', reason: 'no-xmpp-address' }]);
  });

  it('adds nothing twice when the import runs again', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost' });
    const ledger = memoryLedger();
    await importXmppContacts(port, contacts, ledger);
    const again = await importXmppContacts(port, contacts, ledger);
    expect(added).toHaveLength(2);
    expect(again).toMatchObject({ added: 0, alreadyPresent: 2, placeholders: 1 });
  });
});

describe('XMPP history as notes to self', () => {
  it('copies every message into the account\'s own chat with sender and original time, once', async () => {
    const source = mockXmppPort({
      account: me,
      roster: [{ jid: 'kim@old.localhost', name: '김민준', groups: [], subscription: 'both' }],
      archive: [msg(1, me, 'kim@old.localhost', '안녕\n하세요'), msg(2, 'kim@old.localhost', me, 'hi')],
    });
    const content = await exportXmppAccount(source.port);
    const target = mockXmppPort({ account: 'me@new.localhost' });
    const ledger = memoryLedger();
    const report = await importHistoryAsNotes(target.port, content, ledger);
    expect(report).toEqual({ target: 'me@new.localhost', sent: 2, alreadyPresent: 0, conversations: 1 });
    expect(target.notes.map((n) => n.body)).toEqual([
      '── 김민준: 2 messages, 2026-11-22 – 2026-11-22 (moved by Ferry from xmpp:me@old.localhost) ──',
      'Me · 2026-11-22 04:01:00 UTC\n안녕\n하세요',
      '김민준 · 2026-11-22 04:02:00 UTC\nhi',
    ]);
    const again = await importHistoryAsNotes(target.port, content, ledger);
    expect(again).toMatchObject({ sent: 0, alreadyPresent: 2 });
    expect(target.notes).toHaveLength(3);
  });
});

describe('who a note to self says sent a message', () => {
  it('a group chat occupant by nick, a bare address as is', () => {
    expect(senderLabel('xmpp:team@conference.old.localhost/Alice%20W.')).toBe('Alice W.');
    expect(senderLabel('xmpp:team@conference.old.localhost/%ED%95%98%EC%9D%80')).toBe('하은');
    expect(senderLabel('xmpp:kim@old.localhost')).toBe('kim@old.localhost');
    expect(senderLabel('xmpp:team@conference.old.localhost/100%')).toBe('100%'); // not percent-encoded by an older writer
  });
});

describe('XEP-0283: telling friends about the move', () => {
  const contacts = [
    { id: 'xmpp:kim@old.localhost', displayName: '김민준', handles: ['xmpp:kim@old.localhost'], groups: ['가족'] },
    { id: 'xmpp:ann@old.localhost', displayName: 'Ann', handles: ['xmpp:ann@old.localhost'], groups: [] },
  ];

  it('each friend added gets one request naming the old address, and the report says so', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost', roster: [{ jid: 'ann@old.localhost', name: 'Ann', groups: [], subscription: 'both' }] });
    const report = await importXmppContacts(port, contacts, memoryLedger(), { movedFrom: 'xmpp:Me@Old.localhost' });
    expect(added).toEqual([{ jid: 'kim@old.localhost', name: '김민준', groups: ['가족'], movedFrom: 'me@old.localhost' }]);
    expect(report).toMatchObject({ added: 1, alreadyPresent: 1, movedFrom: 'me@old.localhost' });
  });

  it('without the option no request carries a moved notice', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost' });
    const report = await importXmppContacts(port, contacts, memoryLedger());
    expect(added.every((a) => !('movedFrom' in a))).toBe(true);
    expect(report).not.toHaveProperty('movedFrom');
  });

  it('a second run with the notice on sends nothing again', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost' });
    const ledger = memoryLedger();
    await importXmppContacts(port, contacts, ledger, { movedFrom: 'me@old.localhost' });
    const again = await importXmppContacts(port, contacts, ledger, { movedFrom: 'me@old.localhost' });
    expect(added).toHaveLength(2);
    expect(again).toMatchObject({ added: 0, alreadyPresent: 2, movedFrom: 'me@old.localhost' });
  });

  it('refuses an old address that is not a bare JID, or is the target itself, before adding anyone', async () => {
    const { port, added } = mockXmppPort({ account: 'me@new.localhost' });
    await expect(importXmppContacts(port, contacts, memoryLedger(), { movedFrom: 'me at old' })).rejects.toThrow(/bare JID .*Nothing was imported/);
    await expect(importXmppContacts(port, contacts, memoryLedger(), { movedFrom: 'me@new.localhost' })).rejects.toThrow(/moved from itself/);
    expect(added).toEqual([]);
  });

  it('the old address is the archive\'s one XMPP account, and none when it holds several or none', () => {
    const source = (service: string, account: string) => ({ service, account, exportedAt: '2026-01-01T00:00:00Z', method: 'live-web-client' as const, timeZone: { status: 'instants' as const } });
    expect(movedFromOf({ sources: [source('xmpp', 'xmpp:me@old.localhost'), source('xmpp', 'xmpp:me@old.localhost')] })).toBe('me@old.localhost');
    expect(movedFromOf({ sources: [source('xmpp', 'xmpp:me@old.localhost'), source('xmpp', 'xmpp:me@other.localhost')] })).toBeNull();
    expect(movedFromOf({ sources: [source('kakaotalk', 'kakaotalk:me')] })).toBeNull();
  });

  it('the old account publishes a statement naming the new address, checked as a bare JID', async () => {
    const published: string[] = [];
    const { port } = mockXmppPort({ account: 'me@old.localhost' });
    const withPublish = { ...port, publishMoved: async (jid: string) => void published.push(jid) };
    expect(await publishMovedStatement(withPublish, ' xmpp:Me@New.localhost ')).toEqual({ account: 'me@old.localhost', newJid: 'me@new.localhost' });
    await expect(publishMovedStatement(withPublish, 'me@new.localhost/phone')).rejects.toThrow(/not an XMPP address/);
    await expect(publishMovedStatement(withPublish, 'me@old.localhost')).rejects.toThrow(/is this account/);
    await expect(publishMovedStatement(port, 'me@new.localhost')).rejects.toThrow(/cannot publish/);
    expect(published).toEqual(['me@new.localhost']);
  });
});
