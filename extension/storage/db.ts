/**
 * Ferry's IndexedDB, through Dexie. What is kept here and why:
 * - exports: a record of each finished export (account, counts, when), shown to the user;
 * - importLedger: which archive items each target account already received, so running an
 *   import twice writes nothing twice;
 * - archives: archives the user opened for import, kept exactly as they arrived (still age-
 *   encrypted), so the viewer can reopen them without keeping any plaintext at rest.
 */
import Dexie, { type Table } from 'dexie';
import type { ImportLedger } from '../../src/connectors/xmpp/import.js';
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

class FerryDatabase extends Dexie {
  exports!: Table<ExportRecord, number>;
  importLedger!: Table<LedgerRow, [string, string]>;
  archives!: Table<StoredArchive, number>;

  constructor() {
    super('ferry');
    this.version(1).stores({
      exports: '++id, account, finishedAt',
      importLedger: '[target+itemId]',
      archives: '++id, savedAt',
    });
  }
}

export const db = new FerryDatabase();

export const dexieLedger: ImportLedger = {
  has: async (target, itemId) => (await db.importLedger.get([target, itemId])) !== undefined,
  record: async (target, itemId) => {
    await db.importLedger.put({ target, itemId, importedAt: new Date().toISOString() });
  },
};
