/**
 * Ferry's IndexedDB, through Dexie. What is kept here and why:
 * - exports: a record of each finished export (account, counts, when), shown to the user;
 * - importLedger: which archive items each target account already received, so running an
 *   import twice writes nothing twice;
 * - archives: archives the user opened for import, kept exactly as they arrived (still age-
 *   encrypted), so the viewer can reopen them without keeping any plaintext at rest.
 * - deviceKeys: this browser's age identities (device keys), each sealed under a non-extractable
 *   WebCrypto key (see device-keys.ts);
 * - exportPages / exportCursors: the export journal, so an export that dies resumes after its
 *   last page and a later export fetches only what is new. (Still plaintext: encrypting staged
 *   data under a session key is an open issue.)
 */
import Dexie, { type Table } from 'dexie';
import type { ImportLedger } from '../../src/connectors/xmpp/import.js';
import type { ExportJournal } from '../../src/connectors/xmpp/export.js';
import type { ArchivedMessage } from '../../src/connectors/xmpp/port.js';
import type { Counts } from '../../src/model/types.js';

export interface ExportRecord {
  id?: number;
  account: string;
  finishedAt: string;
  counts: Counts;
}

export interface LedgerRow {
  target: string;
  itemId: string;
  importedAt: string;
}

export interface StoredArchive {
  id?: number;
  fileName: string;
  savedAt: string;
  /** The age-encrypted file, byte for byte as the user picked it. */
  encrypted: Uint8Array;
}

export interface JournalMessage {
  account: string;
  /** Position in the account's archive, so messages come back in archive order. */
  seq: number;
  archiveId: string;
  message: ArchivedMessage;
}

export interface JournalCursor {
  account: string;
  after?: string;
  /** Messages journaled so far: the next seq. */
  count: number;
}

export interface DeviceKeyRow {
  id?: number;
  label: string;
  createdAt: string;
  /** age1...: public, shown and shared freely. */
  recipient: string;
  /** The AGE-SECRET-KEY-1 text, AES-GCM-sealed under `wrappingKey`. */
  sealed: Uint8Array;
  iv: Uint8Array;
  /** A non-extractable AES-GCM CryptoKey: IndexedDB stores it, script can use but never read it. */
  wrappingKey: CryptoKey;
}

class FerryDatabase extends Dexie {
  exports!: Table<ExportRecord, number>;
  exportPages!: Table<JournalMessage, [string, string]>;
  exportCursors!: Table<JournalCursor, string>;
  importLedger!: Table<LedgerRow, [string, string]>;
  archives!: Table<StoredArchive, number>;
  deviceKeys!: Table<DeviceKeyRow, number>;

  constructor() {
    super('ferry');
    this.version(1).stores({
      exports: '++id, account, finishedAt',
      importLedger: '[target+itemId]',
      archives: '++id, savedAt',
    });
    this.version(2).stores({
      exportPages: '[account+archiveId], [account+seq]',
      exportCursors: 'account',
    });
    this.version(3).stores({ deviceKeys: '++id, createdAt' });
  }
}

export const db = new FerryDatabase();

export const dexieLedger: ImportLedger = {
  has: async (target, itemId) => (await db.importLedger.get([target, itemId])) !== undefined,
  record: async (target, itemId) => {
    await db.importLedger.put({ target, itemId, importedAt: new Date().toISOString() });
  },
};

/** The XMPP export journal for one account, in IndexedDB: each page and its cursor commit together. */
export function dexieExportJournal(account: string): ExportJournal {
  return {
    cursor: async () => (await db.exportCursors.get(account))?.after,
    commitPage: (messages, last) =>
      db.transaction('rw', db.exportPages, db.exportCursors, async () => {
        const cursor = (await db.exportCursors.get(account)) ?? { account, count: 0 };
        // Keyed by archive id: a page fetched twice overwrites itself instead of duplicating.
        await db.exportPages.bulkPut(messages.map((message, i) => ({ account, seq: cursor.count + i, archiveId: message.archiveId, message })));
        const count = cursor.count + messages.length;
        await db.exportCursors.put({ account, count, ...(last ? { after: last } : cursor.after ? { after: cursor.after } : {}) });
      }),
    messages: async () =>
      (await db.exportPages.where('[account+seq]').between([account, Dexie.minKey], [account, Dexie.maxKey]).toArray()).map((row) => row.message),
  };
}
