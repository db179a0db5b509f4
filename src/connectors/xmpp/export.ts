/**
 * Export an XMPP account: the roster becomes contacts, the server archive (XEP-0313, every page)
 * becomes direct conversations and their messages.
 */
import { countOf, SCHEMA_VERSION, type ArchiveContent, type Contact, type Conversation, type FidelityNote, type Message, type OwnProfile } from '../../model/types.js';
import { base64 } from '@scure/base';
import { attachmentEntryName } from '../../archive/layout.js';
import { sha256Hex } from '../../model/ids.js';
import { FERRY_VERSION } from '../../version.js';
import { mediaTypeFrom } from '../kit/media-types.js';
import { bareJid, contactIdOf, directConversationIdOf, handleOf, messageIdOf, occupantHandleOf, roomConversationIdOf } from './ids.js';
import { isRetryable, type ArchivedMessage, type ArchivePage, type RoomBookmark, type RosterItem, type VCardData, type XmppClientPort } from './port.js';
import type { Participant } from '../../model/types.js';

export interface ExportProgress {
  phase: 'roster' | 'history' | 'done';
  contacts: number;
  /** Messages fetched by this run (a resumed run counts from where it resumed). */
  messages: number;
  pages: number;
  /**
   * For a time-left estimate: archive items read so far, counting those kept from an earlier run
   * and those without a body, and the archive's size when the server says (XEP-0059 count).
   * An estimate only: a server may count differently (Ferry does not rely on it for completeness).
   */
  archiveRead: number;
  archiveTotal?: number;
  /** Set while a failed page waits to be asked again: the attempt coming next and the wait before it. */
  retrying?: { attempt: number; waitSeconds: number; reason: string };
}

/**
 * Where an export keeps what it has fetched, page by page. With a lasting journal (IndexedDB in
 * the extension), an export that dies (tab closed, worker stopped, server gone) resumes after the
 * last committed page, and a later export of the same account fetches only what is new.
 */
export interface ExportJournal {
  /** The cursor after the last committed page, or undefined to start at the beginning. */
  cursor(): Promise<string | undefined>;
  /** Stores a page's messages and moves the cursor, all or nothing. Storing a message twice keeps one. */
  commitPage(messages: ArchivedMessage[], last: string | undefined): Promise<void>;
  /** Every stored message, in archive order. */
  messages(): Promise<ArchivedMessage[]>;
  /** How many messages are stored (for progress only). */
  stored(): Promise<number>;
  /**
   * Optional: a second cursor for reading the archive back from its end at the same time as
   * forward from `cursor()` (see readFromBothEnds). Pages committed here are the archive's newest,
   * each still oldest first; `messages()` places them after the forward ones.
   */
  tail?: {
    /** The cursor before the oldest page committed here, or undefined to start at the archive's end. */
    cursor(): Promise<string | undefined>;
    commitPage(messages: ArchivedMessage[], first: string | undefined): Promise<void>;
    /**
     * The two readers have met: the pages read back become part of the journal after the forward
     * ones, the backward cursor is forgotten, and the forward cursor moves to `end` (the archive's
     * last item when reading began, when known), so a later export reads only what came after.
     */
    join(end: string | undefined): Promise<void>;
  };
}

export function memoryJournal(): ExportJournal {
  let after: string | undefined;
  let before: string | undefined;
  const stored = new Map<string, ArchivedMessage>();
  /** Pages read back from the end, newest first. */
  const tailPages: ArchivedMessage[][] = [];
  let tailCount = 0;
  /** The pages read back, oldest first, after `into`'s messages; a message stored twice is kept once. */
  const withTail = (into: Map<string, ArchivedMessage>) => {
    for (let p = tailPages.length - 1; p >= 0; p--) for (const m of tailPages[p]!) if (!into.has(m.archiveId)) into.set(m.archiveId, m);
    return into;
  };
  return {
    cursor: async () => after,
    commitPage: async (messages, last) => {
      for (const m of messages) stored.set(m.archiveId, m);
      if (last) after = last;
    },
    messages: async () => [...(tailPages.length ? withTail(new Map(stored)) : stored).values()],
    stored: async () => stored.size + tailCount,
    tail: {
      cursor: async () => before,
      commitPage: async (messages, first) => {
        tailPages.push(messages);
        tailCount += messages.length;
        if (first) before = first;
      },
      join: async (end) => {
        withTail(stored);
        tailPages.length = 0;
        tailCount = 0;
        before = undefined;
        if (end) after = end;
      },
    },
  };
}

export interface ExportOptions {
  /** Defaults to a fresh in-memory journal: the whole archive is fetched. */
  journal?: ExportJournal;
  /** Messages asked per archive page. Servers cap this (Prosody: 50, ejabberd: 250 by default). */
  pageSize?: number;
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
  /** Injected clock, so tests get a fixed exportedAt. */
  now?: () => Date;
  /**
   * Waits before asking a failed page again. A server that throttles (ejabberd's shapers,
   * Prosody's mod_limits), times out or errs for a moment often answers the same query a little
   * later; only when every retry fails does the export stop (resumably). Only failures the port
   * marks retryable are asked again: a closed tab or an unknown Converse.js fails at once.
   */
  retryDelaysMs?: readonly number[];
  /**
   * The journal for one room's archive (XEP-0313 §4), so a room's pages resume like the account's.
   * Defaults to a fresh in-memory journal per room.
   */
  roomJournal?: (room: string) => ExportJournal;
}

const RETRY_DELAYS_MS = [2_000, 8_000, 20_000];

/** Resolves after `ms`, or rejects at once when the person cancels. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return untilAborted(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/**
 * The page, or the abort: a person who cancels while the server is slow gets control back at once.
 * The page's answer, if it comes later, is dropped before it is journaled, so the next run asks again.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A safety net: an archive that never says "complete" must not loop forever. */
const MAX_PAGES = 1_000_000;

export async function exportXmppAccount(port: XmppClientPort, options: ExportOptions = {}): Promise<ArchiveContent> {
  const { pageSize = 250, onProgress, signal, now = () => new Date(), journal = memoryJournal(), retryDelaysMs = RETRY_DELAYS_MS } = options;
  const account = bareJid(await port.account());
  const progress: ExportProgress = { phase: 'roster', contacts: 0, messages: 0, pages: 0, archiveRead: 0 };

  const roster = (await port.roster()).filter((item) => bareJid(item.jid) !== account && item.subscription !== 'remove');
  const attachments = new Map<string, Uint8Array>();
  const profiles: ProfilesRead = { failed: 0, nicknamesDropped: 0, photosUnreadable: 0 };
  // Profiles are asked while the history is read, not before it: asked first, 2,000 vCards
  // delayed the CLI's first archive page by ~3 s (start to 10,000 messages read: 5.6 s before,
  // 2.5 s after). Caught here so a history failure leaves no unhandled rejection.
  const vcardsRead = mapConcurrently(roster, PROFILE_CONCURRENCY, (item) => port.vcard(bareJid(item.jid)));
  // The account's own vCard, asked like a friend's: what friends saw about the owner, so the new
  // account can publish the same profile (XEP-0227 writes it into the account).
  const ownRead = port.vcard(account);
  vcardsRead.catch(() => undefined);
  ownRead.catch(() => undefined);
  progress.contacts = roster.length;
  onProgress?.({ ...progress });

  progress.phase = 'history';
  progress.archiveRead = await journal.stored();
  // Only for the estimate: a server that cannot count must not stop the export.
  const size = await port.archiveSize?.().catch(() => undefined);
  if (size !== undefined) progress.archiveTotal = size;
  const reading: ArchiveReading = { pageSize, signal, retryDelaysMs, onProgress, progress };
  const accountArchive = { reading: 'the message archive', paging: 'its message archive' };
  // From both ends only on a fresh read: a resumed or later export continues forward from its
  // cursor, so what the backward reader would need to know (where the end was, what it read) is
  // never taken from an earlier run.
  if (port.archivePageBefore && journal.tail && (await journal.cursor()) === undefined && (await journal.tail.cursor()) === undefined) {
    const before = port.archivePageBefore.bind(port);
    await readFromBothEnds(reading, accountArchive, journal, journal.tail, (query) => port.archivePage(query), (query) => before(query));
  } else {
    await readWholeArchive(reading, accountArchive, journal, (query) => port.archivePage(query));
  }

  // Group chats: the bookmarked rooms, each read from the room's own archive.
  const rooms = await readRooms(port, account, reading, options.roomJournal ?? (() => memoryJournal()));

  const vcards = await vcardsRead;
  const contacts: Contact[] = roster.map((item, index) => {
    const jid = bareJid(item.jid);
    const result = vcards[index]!;
    if ('failed' in result) profiles.failed++;
    const vcard = 'found' in result ? result.found : undefined;
    const contact: Contact = {
      id: contactIdOf(jid),
      displayName: item.name.trim() || vcard?.fullName?.trim() || vcard?.nickname?.trim() || jid,
      handles: [handleOf(jid)],
      groups: [...item.groups],
      // Kept for the record (who saw whose presence); an import still asks each friend anew.
      ...(item.subscription !== 'remove' ? { subscription: item.subscription } : {}),
    };
    if (vcard) {
      if (!addProfile(contact, vcard, attachments)) profiles.photosUnreadable++;
      if (vcard.nickname?.trim() && vcard.nickname.trim() !== contact.displayName) profiles.nicknamesDropped++;
    }
    return contact;
  });
  const own = await ownRead;
  let profile: OwnProfile | undefined;
  if ('found' in own) {
    const displayName = own.found.fullName?.trim() || own.found.nickname?.trim();
    const read: OwnProfile = displayName ? { displayName } : {};
    if (!addProfile(read, own.found, attachments)) profiles.ownPhotoUnreadable = true;
    // An empty vCard (ejabberd answers one for an account that published none) is no profile.
    if (Object.keys(read).length) profile = read;
  } else if ('failed' in own) profiles.ownFailed = own.failed;


  const byPeer = new Map<string, Message[]>();
  // Group chat copies in the account's own archive (servers that keep them): those of rooms read
  // above are in the room's conversation already; the others are counted, never silently dropped.
  const groupChatCopies = new Map<string, number>();
  for (const archived of await journal.messages()) {
    const message = toMessage(account, archived);
    if (!message) {
      const room = bareJid(archived.from) === account ? bareJid(archived.to) : bareJid(archived.from);
      if (archived.type === 'groupchat' && !rooms.exported.has(room)) groupChatCopies.set(room, (groupChatCopies.get(room) ?? 0) + 1);
      continue;
    }
    const peer = peerOf(account, archived);
    let list = byPeer.get(peer);
    if (!list) byPeer.set(peer, (list = []));
    list.push(message);
  }

  const contactByJid = new Map(contacts.map((c) => [c.id, c]));
  const conversations: Conversation[] = [];
  const messages = new Map<string, Message[]>();
  for (const [peer, list] of [...byPeer].sort(([a], [b]) => a.localeCompare(b))) {
    const id = directConversationIdOf(account, peer);
    const contact = contactByJid.get(contactIdOf(peer));
    conversations.push({
      id,
      kind: 'direct',
      title: contact?.displayName ?? peer,
      participants: [
        { handle: handleOf(account), role: 'owner' },
        { handle: handleOf(peer), ...(contact ? { contactId: contact.id } : {}), role: 'member' },
      ],
      source: handleOf(account),
    });
    messages.set(id, list.map((m) => ({ ...m, conversationId: id })));
  }
  for (const room of rooms.conversations) {
    conversations.push(linkContacts(room.conversation, contactByJid));
    messages.set(room.conversation.id, room.messages);
  }

  const exportedAt = now().toISOString();
  const content: ArchiveContent = {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry', version: FERRY_VERSION },
      createdAt: exportedAt,
      sources: [{ service: 'xmpp', account: handleOf(account), exportedAt, method: 'live-web-client', timeZone: { status: 'instants' }, ...(profile ? { profile } : {}) }],
      counts: { contacts: 0, conversations: 0, messages: 0, attachments: 0 },
    },
    contacts,
    conversations,
    messages,
    ...(attachments.size ? { attachments } : {}),
  };
  const fidelity = exportFidelity(handleOf(account), exportedAt, { copies: groupChatCopies, unread: rooms.unread, listed: rooms.listed }, profiles);
  if (fidelity.length) content.fidelity = fidelity;
  content.manifest.counts = countOf(content);
  onProgress?.({ ...progress, phase: 'done' });
  return content;
}

interface ArchiveReading {
  pageSize: number;
  signal: AbortSignal | undefined;
  retryDelaysMs: readonly number[];
  onProgress: ((progress: ExportProgress) => void) | undefined;
  progress: ExportProgress;
}

/**
 * One call to the server, asked again after the configured pauses when the port marks the failure
 * retryable; `failed` words the final error (attempts made so far, the last reason).
 */
async function withRetries<T>(r: ArchiveReading, call: () => Promise<T>, failed: (attempts: number, reason: string) => string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await untilAborted(call(), r.signal);
    } catch (error) {
      if (r.signal?.aborted) throw r.signal.reason;
      const reason = error instanceof Error ? error.message : String(error);
      const wait = isRetryable(error) ? r.retryDelaysMs[attempt] : undefined;
      if (wait === undefined) throw new ExportError(failed(attempt, reason));
      r.onProgress?.({ ...r.progress, retrying: { attempt: attempt + 1, waitSeconds: Math.ceil(wait / 1000), reason } });
      await pause(wait, r.signal);
    }
  }
}

/** How an archive's reading fails, worded once for both ways of reading it. */
type ArchiveLabel = { reading: string; paging: string };
const readFailed = (label: ArchiveLabel, pages: number, attempts: number, reason: string) =>
  `Reading ${label.reading} failed after ${pages} pages${attempts ? ` and ${attempts} more tries` : ''}: ${reason}. ` +
  'What was fetched is kept; run the export again to continue from there.';
const stoppedPaging = (label: ArchiveLabel) =>
  new ExportError(`The server stopped paging ${label.paging} before saying it was complete. What was fetched is kept; run the export again to continue.`);
const tooManyPages = (label: ArchiveLabel) =>
  new ExportError(`${label.reading[0]!.toUpperCase()}${label.reading.slice(1)} did not end after a million pages; stopped to avoid looping.`);

/**
 * Every page of one archive (the account's, or a room's) into its journal, from the journal's
 * cursor on, until the server says the archive is complete. Each page is committed with its cursor.
 */
async function readWholeArchive(
  r: ArchiveReading,
  label: ArchiveLabel,
  journal: ExportJournal,
  fetchPage: (query: { after?: string; max: number }) => Promise<ArchivePage>,
): Promise<void> {
  const { progress, onProgress } = r;
  let after = await journal.cursor();
  let pages = 0;
  for (;;) {
    r.signal?.throwIfAborted();
    const page = await withRetries(
      r,
      () => fetchPage({ after, max: r.pageSize }),
      (attempts, reason) => readFailed(label, pages, attempts, reason),
    );
    pages++;
    progress.pages++;
    await journal.commitPage(page.messages, page.last);
    progress.messages += page.messages.length;
    progress.archiveRead += page.items ?? page.messages.length;
    if (page.total !== undefined && label.reading === 'the message archive') progress.archiveTotal = page.total;
    onProgress?.({ ...progress });
    if (page.complete) return;
    // A page that is not the last must say where the next one starts; without that cursor we
    // would either loop or silently stop short, and a short archive is worse than an error.
    if (!page.last || page.last === after) {
      throw stoppedPaging(label);
    }
    if (pages >= MAX_PAGES) throw tooManyPages(label);
    after = page.last;
  }
}

/**
 * The whole archive read forward from its start and backward from its end at once, until the two
 * meet. Why: one reader waits for each page before asking the next, so the server idles while
 * the client parses and the client idles while the server queries; two readers keep both busy
 * (bench/xmpp-migration: 100,000 messages from ejabberd in 13.0 s instead of 18.9 s with bare
 * stanza clients). They have met when a page holds an item the other side already read: the
 * forward pages are then a gap-free prefix and the backward pages a gap-free suffix that
 * overlap. A page read twice around the meeting point is stored once. Afterwards the journal
 * joins the two (tail.join), so a later export fetches only what came after.
 *
 * The backward reader is trusted only as far as it can be checked, since a short archive is
 * worse than a slow one: its first page must not be the archive's first page unless the server
 * says it is the whole archive (a server that ignores RSM <before/> answers with the first page),
 * and a page it says is the start must begin where the forward reader began. Otherwise it stops
 * and the forward reader reads to the end alone; the same when the readers met having read
 * fewer items than the server counted.
 */
async function readFromBothEnds(
  r: ArchiveReading,
  label: ArchiveLabel,
  journal: ExportJournal,
  tail: NonNullable<ExportJournal['tail']>,
  fetchAfter: (query: { after?: string; max: number }) => Promise<ArchivePage>,
  fetchBefore: (query: { before?: string; max: number }) => Promise<ArchivePage>,
): Promise<void> {
  const { progress, onProgress } = r;
  const seen = { forward: new Set<string>(), backward: new Set<string>() };
  /** Items each reader got, and the archive's size when the server says, for the check at the end. */
  const items = { forward: 0, backward: 0 };
  let total: number | undefined;
  /** How the reading ended: the readers met, or the forward reader reached the end by itself. */
  let met = false;
  let forwardComplete = false;
  /** The backward reader failed a check and stopped; the forward reader then reads to the end. */
  let backwardRetired = false;
  let failed = false;
  /** The archive's last item, from the backward reader's first page. */
  let end: string | undefined;
  let pages = 0;
  let forwardStarted: (first: string | undefined) => void = () => {};
  /** The archive's first item (the forward reader's first page), or undefined when it failed. */
  const archiveFirst = new Promise<string | undefined>((resolve) => (forwardStarted = resolve));
  const done = (direction: 'forward' | 'backward') => failed || met || forwardComplete || (direction === 'backward' && backwardRetired);
  // Ends both readers' waits (a page in flight, a pause before asking again) once the reading is
  // decided, and carries the person's cancel; r.signal alone tells which of the two it was.
  const finished = new AbortController();
  const onCancel = () => finished.abort(r.signal!.reason);
  if (r.signal?.aborted) onCancel();
  else r.signal?.addEventListener('abort', onCancel, { once: true });
  const readers: ArchiveReading = { ...r, signal: finished.signal };

  const read = async (direction: 'forward' | 'backward') => {
    const mine = seen[direction];
    const theirs = seen[direction === 'forward' ? 'backward' : 'forward'];
    let cursor: string | undefined;
    let own = 0;
    while (!done(direction)) {
      r.signal?.throwIfAborted();
      const at = cursor;
      const page = await withRetries(
        readers,
        () => (direction === 'forward' ? fetchAfter({ after: at, max: r.pageSize }) : fetchBefore({ before: at, max: r.pageSize })),
        (attempts, reason) => readFailed(label, pages, attempts, reason),
      );
      if (done(direction) && direction === 'backward') return; // no longer needed: the forward reader has it all
      pages++;
      own++;
      progress.pages++;
      if (direction === 'forward' && own === 1) forwardStarted(page.first);
      if (direction === 'backward' && (own === 1 ? !page.complete : page.complete)) {
        const first = await archiveFirst;
        const ignoresBefore = own === 1 && page.first !== undefined && page.first === first;
        const wrongStart = own > 1 && page.first !== first;
        if (ignoresBefore || wrongStart) {
          backwardRetired = true;
          return;
        }
      }
      const ids = page.messages.map((m) => m.archiveId);
      if (page.first) ids.push(page.first);
      if (page.last) ids.push(page.last);
      const fresh = page.messages.filter((m) => !theirs.has(m.archiveId)).length;
      for (const id of ids) mine.add(id);
      items[direction] += page.items ?? page.messages.length;
      total ??= page.total;
      if (direction === 'forward') await journal.commitPage(page.messages, page.last);
      else {
        if (own === 1) end = page.last;
        await tail.commitPage(page.messages, page.first);
      }
      progress.messages += fresh;
      progress.archiveRead += fresh === page.messages.length ? (page.items ?? fresh) : fresh;
      if (page.total !== undefined) progress.archiveTotal = page.total;
      onProgress?.({ ...progress });
      if (direction === 'forward' && page.complete) {
        forwardComplete = true;
        finished.abort();
        return;
      }
      if (page.complete || (!backwardRetired && ids.some((id) => theirs.has(id)))) {
        met = true;
        finished.abort();
        return;
      }
      // As in readWholeArchive: a page that is not the last must say where the next one starts.
      const next = direction === 'forward' ? page.last : page.first;
      if (!next || next === cursor) {
        if (direction === 'backward') {
          backwardRetired = true;
          return;
        }
        throw stoppedPaging(label);
      }
      if (pages >= MAX_PAGES) throw tooManyPages(label);
      cursor = next;
    }
  };
  const reader = (direction: 'forward' | 'backward') =>
    read(direction).catch((error: unknown) => {
      if (direction === 'forward') forwardStarted(undefined);
      // A backward page that fails is not needed: the forward reader goes on alone (and meets
      // the same failure itself if it is the server's, not this page's).
      if (direction === 'backward' && !r.signal?.aborted) {
        backwardRetired = true;
        return;
      }
      if (met || forwardComplete) return; // the archive is whole; a page asked in vain does not matter
      failed = true;
      finished.abort(error); // the other reader stops waiting
      throw r.signal?.aborted ? r.signal.reason : error;
    });
  try {
    await Promise.all([reader('forward'), reader('backward')]);
  } finally {
    r.signal?.removeEventListener('abort', onCancel);
  }
  if (met && total !== undefined && items.forward + items.backward < total) {
    // Met too early: fewer items than the server counted, even before taking away the overlap.
    // The forward reader goes on alone to the end.
    await readWholeArchive(r, label, journal, fetchAfter);
    await tail.join(undefined);
  } else await tail.join(met ? end : undefined); // a forward reader that reached the end keeps its own cursor
}

interface RoomsRead {
  /** Whether the port could list bookmarks at all. */
  listed: boolean;
  /** Bare JIDs of the rooms whose archive is in `conversations`. */
  exported: Set<string>;
  conversations: { conversation: Conversation; messages: Message[] }[];
  /** Bookmarked rooms whose archive could not be read, with the server's reason. */
  unread: { room: string; reason: string }[];
}

/** The bookmarked rooms, each read whole from the room's archive (XEP-0313 §4) into its own journal. */
async function readRooms(port: XmppClientPort, account: string, r: ArchiveReading, roomJournal: (room: string) => ExportJournal): Promise<RoomsRead> {
  const read: RoomsRead = { listed: false, exported: new Set(), conversations: [], unread: [] };
  if (!port.bookmarks || !port.roomArchiveInfo || !port.roomArchivePage) return read;
  const { roomArchiveInfo, roomArchivePage } = { roomArchiveInfo: port.roomArchiveInfo.bind(port), roomArchivePage: port.roomArchivePage.bind(port) };
  const listed = await withRetries(r, () => port.bookmarks!(), (attempts, reason) =>
    `Reading your bookmarked group chats failed${attempts ? ` after ${attempts} more tries` : ''}: ${reason}. What was fetched is kept; run the export again to continue from there.`);
  read.listed = true;
  const byRoom = new Map<string, RoomBookmark>();
  for (const bookmark of listed) {
    const room = bareJid(bookmark.jid);
    if (!/^[^@/\s]+@[^@/\s]+$/.test(room) || room === account) {
      throw new ExportError(`A bookmarked group chat has an address that is not a room's (“${bookmark.jid}”). Nothing was exported; remove or fix the bookmark and try again.`);
    }
    if (!byRoom.has(room)) byRoom.set(room, { ...bookmark, jid: room });
  }
  for (const bookmark of [...byRoom.values()].sort((a, b) => a.jid.localeCompare(b.jid))) {
    const room = bookmark.jid;
    const info = await withRetries(r, () => roomArchiveInfo(room), (attempts, reason) =>
      `Asking room ${room} for its archive failed${attempts ? ` after ${attempts} more tries` : ''}: ${reason}. What was fetched is kept; run the export again to continue from there.`);
    if ('refused' in info) {
      read.unread.push({ room, reason: info.refused });
      continue;
    }
    const journal = roomJournal(room);
    r.progress.archiveRead += await journal.stored();
    if (info.total !== undefined && r.progress.archiveTotal !== undefined) r.progress.archiveTotal += info.total;
    await readWholeArchive(r, { reading: `the archive of room ${room}`, paging: `the archive of room ${room}` }, journal, (query) => roomArchivePage(room, query));
    read.conversations.push(roomConversation(account, bookmark, await journal.messages()));
    read.exported.add(room);
  }
  return read;
}

/** A room as a group conversation: participants are the nicknames (or real JIDs) seen as senders. */
function roomConversation(account: string, bookmark: RoomBookmark, archived: ArchivedMessage[]): { conversation: Conversation; messages: Message[] } {
  const room = bookmark.jid;
  const id = roomConversationIdOf(account, room);
  const ownNick = bookmark.nick?.trim() || undefined;
  // The exporting account is a member of every room it bookmarked; as the archive's owner it is
  // named by its own JID, like in direct conversations. Its role is "member": schema 1.0 keeps
  // "owner" for whoever owns the group, which a room's archive does not say.
  const participants = new Map<string, Participant>([[handleOf(account), { handle: handleOf(account), role: 'member' }]]);
  const messages: Message[] = [];
  for (const m of archived) {
    if (m.body === '') continue;
    const time = new Date(m.stamp);
    if (Number.isNaN(time.getTime())) throw new ExportError(`The archive of room ${room} gave message ${m.archiveId} an unreadable time "${m.stamp}".`);
    const nick = m.nick ?? '';
    const real = m.senderJid ? bareJid(m.senderJid) : undefined;
    const fromRoom = !nick && !real;
    const sender = fromRoom ? handleOf(room) : real ? handleOf(real) : nick === ownNick ? handleOf(account) : occupantHandleOf(room, nick);
    if (!fromRoom && !participants.has(sender)) participants.set(sender, { handle: sender, role: 'member' });
    messages.push({
      id: messageIdOf(room, m.archiveId),
      conversationId: id,
      sender,
      timestamp: time.toISOString(),
      kind: fromRoom ? 'system' : 'text',
      text: m.body,
      sourceIds: { mam: m.archiveId, ...(m.originId ? { origin: m.originId } : {}) },
    });
  }
  return {
    conversation: { id, kind: 'group', title: bookmark.name?.trim() || room, participants: [...participants.values()], source: handleOf(account), sourceIds: { room } },
    messages,
  };
}

/** Participants who are in the friend list point at their contact. */
function linkContacts(conversation: Conversation, contacts: Map<string, Contact>): Conversation {
  return { ...conversation, participants: conversation.participants.map((p) => (contacts.has(p.handle) ? { ...p, contactId: contacts.get(p.handle)!.id } : p)) };
}

function describeRefusal(reason: string): string {
  return reason === 'no-archive' ? 'the room keeps no archive' : `the server refused: ${reason}`;
}

/** How the profiles went: contacts' vCards, and the account's own. */
interface ProfilesRead {
  failed: number;
  nicknamesDropped: number;
  photosUnreadable: number;
  /** The server's reason when it did not answer for the account's own vCard. */
  ownFailed?: string;
  ownPhotoUnreadable?: boolean;
}

/**
 * What this export could not take from the account, with counts, so the archive says so
 * itself (fidelity.json) instead of only the README.
 */
function exportFidelity(
  account: string,
  at: string,
  groupChats: { copies: Map<string, number>; unread: { room: string; reason: string }[]; listed: boolean },
  profiles: ProfilesRead,
): FidelityNote[] {
  const note = (item: string, count: number, reason: string): FidelityNote[] =>
    count > 0 ? [{ stage: 'export', account, item, count, reason, at }] : [];
  return [
    ...note('contact.vcard', profiles.failed, 'the server did not answer for these contacts\' vCards; names come from the roster'),
    ...note('contact.avatar', profiles.photosUnreadable, 'the contact\'s vCard photo is not valid base64; the rest of the profile is kept'),
    ...note('manifest.sources.profile', profiles.ownFailed ? 1 : 0, `the server did not answer for your own vCard (${profiles.ownFailed}); the archive has no profile of yours`),
    ...note('manifest.sources.profile.avatar', profiles.ownPhotoUnreadable ? 1 : 0, 'your own vCard photo is not valid base64; the rest of your profile is kept'),
    ...note('contact.nickname', profiles.nicknamesDropped, 'the archive schema keeps one display name; the vCard nickname differs from it and is not kept'),
    ...note(
      'conversation.kind.group',
      groupChats.unread.length,
      `bookmarked group chats whose history could not be read, so they are not in the archive: ${groupChats.unread.map((u) => `${u.room} (${describeRefusal(u.reason)})`).join(', ')}`,
    ),
    ...note(
      'message.groupchat',
      [...groupChats.copies.values()].reduce((a, b) => a + b, 0),
      groupChats.listed
        ? `group chat copies in your own archive from ${groupChats.copies.size} room(s) Ferry did not export (not bookmarked, or the room's archive could not be read): ${[...groupChats.copies.keys()].join(', ')}`
        : 'group chat copies in your own archive; this messenger connection cannot list your group chats, so their rooms were not exported',
    ),
  ];
}

/** vCard lookups in flight at once: the roster can hold thousands, the server answers each alone. */
const PROFILE_CONCURRENCY = 8;

async function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Structured name, addresses and avatar from the contact's vCard; the roster name stays the display name.
 * False when the photo could not be read: one friend's broken photo costs that photo, not the export.
 */
function addProfile(contact: Pick<Contact, 'name' | 'emails' | 'phones' | 'avatar'>, vcard: VCardData, attachments: Map<string, Uint8Array>): boolean {
  const given = vcard.given?.trim();
  const family = vcard.family?.trim();
  if (given || family) contact.name = { ...(family ? { family } : {}), ...(given ? { given } : {}) };
  const emails = unique(vcard.emails);
  const phones = unique(vcard.phones);
  if (emails.length) contact.emails = emails.map((value) => ({ value, types: [] }));
  if (phones.length) contact.phones = phones.map((value) => ({ value, types: [] }));
  if (!vcard.photo) return true;
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(vcard.photo.base64.replace(/\s+/g, ''));
  } catch {
    return false;
  }
  if (bytes.length === 0) return false;
  const sha256 = sha256Hex(bytes);
  attachments.set(sha256, bytes);
  // The TYPE is whatever the contact's client published; the schema wants a real media type.
  contact.avatar = { mediaType: mediaTypeFrom(vcard.photo.mediaType) ?? 'application/octet-stream', size: bytes.length, sha256, path: attachmentEntryName(sha256) };
  return true;
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

function peerOf(account: string, message: ArchivedMessage): string {
  const from = bareJid(message.from);
  return from === account ? bareJid(message.to) : from;
}

/** Null for what is not a 1:1 text message: group chat copies and bodiless stanzas (receipts, chat states). */
function toMessage(account: string, archived: ArchivedMessage): Message | null {
  if (archived.type === 'groupchat' || archived.body === '') return null;
  const time = new Date(archived.stamp);
  if (Number.isNaN(time.getTime())) {
    throw new ExportError(`The server archive gave message ${archived.archiveId} an unreadable time "${archived.stamp}".`);
  }
  return {
    id: messageIdOf(account, archived.archiveId),
    conversationId: '',
    sender: handleOf(bareJid(archived.from)),
    timestamp: time.toISOString(),
    kind: 'text',
    text: archived.body,
    sourceIds: { mam: archived.archiveId, ...(archived.originId ? { origin: archived.originId } : {}) },
  };
}
