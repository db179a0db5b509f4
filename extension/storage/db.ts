/**
 * Ferry's IndexedDB, through Dexie. Nothing in it is readable without a key (see vault.ts): rows
 * are sealed with AES-GCM and looked up by HMAC-blinded keys. What is kept here and why:
 * - exportLog: a record of each finished export (account, counts, when), sealed under the device key;
 * - importLedger: which archive items each target account already received (blinded under the
 *   device key), so running an import twice writes nothing twice, even after a browser restart;
 * - storedArchives: archives the user opened for import, still age-encrypted, with their file
 *   name sealed, so the viewer can reopen them;
 * - deviceKeys: this browser's age identities (device keys), each sealed under a non-extractable
 *   WebCrypto key (see device-keys.ts);
 * - exportPages / exportCursors: the export journal, sealed under the session key, so an export
 *   that dies (tab closed, worker stopped) resumes after its last page, and a later export in the
 *   same browser session fetches only what is new. A browser restart drops the session key, and
 *   with it whatever was staged;
 * - secrets: the device vault's non-extractable CryptoKeys;
 * - passkeys: passkeys and security keys archives can be locked with: a label and the
 *   credential's reference (AGE-PLUGIN-FIDO2PRF-1...), in the clear like a device key's recipient:
 *   neither is a secret, the PRF secret never leaves the authenticator (see passkeys.ts).
 */
import Dexie, { type Table } from 'dexie';
import browser from 'webextension-polyfill';
import type { ImportLedger } from '../../src/connectors/xmpp/import.js';
import type { ExportJournal } from '../../src/connectors/xmpp/export.js';
import type { ArchivedMessage } from '../../src/connectors/xmpp/port.js';
import type { Counts } from '../../src/model/types.js';
import { generateVaultKeys, sessionVault, Vault, WIPE_CHANNEL, type SealedValue, type SessionArea } from './vault.js';

export interface ExportRecord {
  id?: number;
  account: string;
  finishedAt: string;
  counts: Counts;
}

export interface LedgerRow {
  /** Blinded target account. */
  target: string;
  /** Blinded item id. */
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

interface SealedRow {
  id?: number;
  sealed: SealedValue;
}

interface StoredArchiveRow extends SealedRow {
  encrypted: Uint8Array;
}

export interface JournalMessage {
  /** Blinded account. */
  account: string;
  /** Position in the account's archive, so messages come back in archive order. */
  seq: number;
  /** Blinded archive id: a page fetched twice overwrites itself. */
  archiveId: string;
  /** The ArchivedMessage, sealed under the session key. */
  sealed: SealedValue;
}

export interface JournalCursor {
  /** Blinded account. */
  account: string;
  /** Messages journaled so far: the next seq. */
  count: number;
  /** `{after?: string}`, sealed under the session key. */
  sealed: SealedValue;
}

export interface DeviceKeyRow {
  id?: number;
  label: string;
  createdAt: string;
  /** age1pq1... (post-quantum) or age1... (X25519): public, shown and shared freely. */
  recipient: string;
  /** The AGE-SECRET-KEY-PQ-1 (or AGE-SECRET-KEY-1) text, AES-GCM-sealed under `wrappingKey`. */
  sealed: Uint8Array;
  iv: Uint8Array;
  /** A non-extractable AES-GCM CryptoKey: IndexedDB stores it, script can use but never read it. */
  wrappingKey: CryptoKey;
}

/** A passkey or security key that archives can be locked with (WebAuthn PRF). Nothing secret: the secret stays in the authenticator. */
export interface PasskeyRow {
  id?: number;
  label: string;
  createdAt: string;
  /** AGE-PLUGIN-FIDO2PRF-1...: the credential id, relying party id and transports, as age-plugin-fido2prf reads them. */
  identity: string;
}

interface SecretRow {
  name: string;
  sealKey: CryptoKey;
  blindKey: CryptoKey;
}

class FerryDatabase extends Dexie {
  exportLog!: Table<SealedRow, number>;
  exportPages!: Table<JournalMessage, [string, string]>;
  exportCursors!: Table<JournalCursor, string>;
  importLedger!: Table<LedgerRow, [string, string]>;
  storedArchives!: Table<StoredArchiveRow, number>;
  deviceKeys!: Table<DeviceKeyRow, number>;
  passkeys!: Table<PasskeyRow, number>;
  secrets!: Table<SecretRow, string>;

  /** Finished exports, sealed; the same add() as a plain table. */
  readonly exports = {
    add: async (record: ExportRecord): Promise<number> => this.exportLog.add({ sealed: await (await deviceVault()).seal(record, 'exportLog') }),
    toArray: async (): Promise<ExportRecord[]> => {
      const vault = await deviceVault();
      return Promise.all((await this.exportLog.toArray()).map(async (row) => ({ ...(await vault.open<ExportRecord>(row.sealed, 'exportLog')), id: row.id! })));
    },
  };

  /** Archives kept for the viewer: the same add()/get() as a plain table, with the file name sealed. */
  readonly archives = {
    add: async (archive: StoredArchive): Promise<number> =>
      this.storedArchives.add({ encrypted: archive.encrypted, sealed: await (await deviceVault()).seal({ fileName: archive.fileName, savedAt: archive.savedAt }, 'storedArchives') }),
    get: async (id: number): Promise<StoredArchive | undefined> => {
      const row = await this.storedArchives.get(id);
      if (!row) return undefined;
      const meta = await (await deviceVault()).open<{ fileName: string; savedAt: string }>(row.sealed, 'storedArchives');
      return { id, ...meta, encrypted: row.encrypted };
    },
  };

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
    // Version 4 seals everything: rows written in the clear by earlier versions are dropped.
    this.version(4)
      .stores({ exports: null, archives: null, exportLog: '++id', storedArchives: '++id', secrets: 'name' })
      .upgrade(async (tx) => {
        await tx.table('exportPages').clear();
        await tx.table('exportCursors').clear();
        await tx.table('importLedger').clear();
      });
    this.version(5).stores({ passkeys: '++id, createdAt' });
  }
}

export const db = new FerryDatabase();

let device: Promise<Vault> | undefined;
/** The device vault: keys made once per browser profile, non-extractable, kept in IndexedDB. */
export function deviceVault(): Promise<Vault> {
  device ??= (async () => {
    // WebCrypto must not run inside a Dexie transaction (it would commit early): make keys first.
    const existing = await db.secrets.get('device');
    const fresh: SecretRow = existing ?? { name: 'device', ...(await generateVaultKeys()) };
    const row = existing ?? (await db.transaction('rw', db.secrets, async () => (await db.secrets.get('device')) ?? (await db.secrets.add(fresh), fresh)));
    return new Vault(row.sealKey, row.blindKey);
  })();
  device.catch(() => (device = undefined));
  return device;
}

let staging: Promise<Vault> | undefined;
/** This browser session's vault for staged data (its secret lives only in storage.session). */
export function stagingVault(): Promise<Vault> {
  const exclusive = <T,>(run: () => Promise<T>): Promise<T> =>
    typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks.request('ferry-staging-secret', run) as Promise<T>) : run();
  staging ??= sessionVault(
    browser.storage.session as unknown as SessionArea,
    // A new session: whatever was staged under the last session's key can never be read again.
    () => db.transaction('rw', db.exportPages, db.exportCursors, async () => {
      await db.exportPages.clear();
      await db.exportCursors.clear();
    }),
    exclusive,
  );
  staging.catch(() => (staging = undefined));
  return staging;
}

/** "Wipe everything" deleted the keys too: forget the cached vaults so fresh keys are made. */
if (typeof BroadcastChannel !== 'undefined') {
  new BroadcastChannel(WIPE_CHANNEL).onmessage = () => {
    device = undefined;
    staging = undefined;
  };
}

export const dexieLedger: ImportLedger = {
  has: async (target, itemId) => {
    const vault = await deviceVault();
    return (await db.importLedger.get([await vault.blind(`target\u0000${target}`), await vault.blind(`item\u0000${itemId}`)])) !== undefined;
  },
  record: async (target, itemId) => {
    const vault = await deviceVault();
    await db.importLedger.put({ target: await vault.blind(`target\u0000${target}`), itemId: await vault.blind(`item\u0000${itemId}`), importedAt: new Date().toISOString() });
  },
};

/** The XMPP export journal for one account, in IndexedDB, sealed: each page and its cursor commit together. */
export function dexieExportJournal(account: string): ExportJournal {
  const keyOf = async () => {
    const vault = await stagingVault();
    return { vault, key: await vault.blind(`account\u0000${account}`) };
  };
  return {
    cursor: async () => {
      const { vault, key } = await keyOf();
      const row = await db.exportCursors.get(key);
      return row ? (await vault.open<{ after?: string }>(row.sealed, `exportCursors\u0000${key}`)).after : undefined;
    },
    commitPage: async (messages, last) => {
      const { vault, key } = await keyOf();
      // Sealing is async WebCrypto, which must not run inside a Dexie transaction: seal first.
      const sealed = await Promise.all(
        messages.map(async (message) => ({ archiveId: await vault.blind(`archive\u0000${message.archiveId}`), sealed: await vault.seal(message, `exportPages\u0000${key}`) })),
      );
      const previous = await db.exportCursors.get(key);
      const after = last ?? (previous ? (await vault.open<{ after?: string }>(previous.sealed, `exportCursors\u0000${key}`)).after : undefined);
      const sealedCursor = await vault.seal(after ? { after } : {}, `exportCursors\u0000${key}`);
      await db.transaction('rw', db.exportPages, db.exportCursors, async () => {
        const cursor = await db.exportCursors.get(key);
        const count = cursor?.count ?? 0;
        await db.exportPages.bulkPut(sealed.map((row, i) => ({ account: key, seq: count + i, ...row })));
        await db.exportCursors.put({ account: key, count: count + messages.length, sealed: sealedCursor });
      });
    },
    messages: async () => {
      const { vault, key } = await keyOf();
      const rows = await db.exportPages.where('[account+seq]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray();
      return Promise.all(rows.map((row) => vault.open<ArchivedMessage>(row.sealed, `exportPages\u0000${key}`)));
    },
    stored: async () => {
      const { key } = await keyOf();
      return (await db.exportCursors.get(key))?.count ?? 0;
    },
  };
}
