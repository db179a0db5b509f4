/**
 * `ferry xmpp export`'s journal: the extension's ExportJournal (src/connectors/xmpp/export.ts),
 * kept in a file next to the output, so an export cut off (Ctrl-C, a lost connection, a killed
 * process, a power cut) continues after the last page it committed instead of starting again.
 *
 * The journal holds the messages read so far, so it is encrypted as the archive will be: its
 * data key is sealed as an age file to the same recipients or passphrase (readable back only
 * with an identity of those recipients, `-i`, or the passphrase), or stored plain for an
 * `--unencrypted` export. The rest of the file is an append-only log of the journal's own
 * calls (commitPage, tail.commitPage, tail.join, per journal: the account's and each room's),
 * each record AES-256-GCM-sealed under the data key with its position as associated data, so a
 * record cannot be moved, dropped from the middle or swapped in from another journal; each is
 * flushed to disk before the export moves on. Reopening replays the records into memory
 * journals (memoryJournal), which is exactly the state the killed run had: the export logic
 * is the same as the extension's, only the storage differs.
 *
 * Layout: "ferry-journal/v1\n", then a u32 (big-endian) length and the sealed header (an age
 * file, or "plain" and the key), then records: u32 length, 12-byte IV, ciphertext with tag.
 * A record cut short at the end (the process died mid-write) is dropped on reopening.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { decryptWithIdentities, encryptToRecipients, type Identity, type Recipient } from '../crypto/index.js';
import { memoryJournal, type ExportJournal } from '../connectors/xmpp/export.js';
import type { ArchivedMessage } from '../connectors/xmpp/port.js';
import { describeFsError } from './output.js';

const MAGIC = new TextEncoder().encode('ferry-journal/v1\n');
const PLAIN = new TextEncoder().encode('plain');

export class JournalError extends Error {
  override name = 'JournalError';
}

type JournalRecord =
  | { journal: string; op: 'page'; messages: ArchivedMessage[]; last?: string }
  | { journal: string; op: 'tail'; messages: ArchivedMessage[]; first?: string }
  | { journal: string; op: 'join'; end?: string };

interface HeaderPayload {
  account: string;
  key: string;
}

const u32 = (n: number) => new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
const readU32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function positionAad(index: number): Buffer {
  const aad = Buffer.alloc(8);
  aad.writeBigUInt64BE(BigInt(index));
  return aad;
}

/** The journal file beside an output: `chats.age` keeps `chats.age.journal`. */
export function journalPathFor(output: string): string {
  return `${output}.journal`;
}

export class JournalFile {
  private readonly journals = new Map<string, ReturnType<typeof memoryJournal>>();
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    private readonly key: Buffer,
    private records: number,
  ) {}

  /** Messages recovered from an earlier run, for the CLI to say so. */
  resumedMessages = 0;

  /** Starts a new journal for `account`, sealed like the archive (`recipients` null: plain). */
  static async create(path: string, account: string, recipients: Recipient[] | null): Promise<JournalFile> {
    const key = randomBytes(32);
    const payload = new TextEncoder().encode(JSON.stringify({ account, key: key.toString('base64') } satisfies HeaderPayload));
    const sealed = recipients ? await encryptToRecipients(payload, recipients) : concat(PLAIN, payload);
    const journal = new JournalFile(path, key, 0);
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, concat(MAGIC, u32(sealed.length), sealed));
      fsyncSync(fd);
      journal.fd = fd;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new JournalError(`${path} appeared while this export started; is another ferry xmpp export writing the same output?`);
      throw describeFsError(error, path);
    }
    return journal;
  }

  /**
   * Reopens the journal a cut-off run left: unseals its key (with `identities`, which may ask
   * for the passphrase), checks it is this account's, and replays every committed page.
   */
  static async open(path: string, account: string, identities: Identity[], plainAllowed: boolean): Promise<JournalFile> {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (error) {
      throw describeFsError(error, path, 'read');
    }
    const damaged = (what: string) => new JournalError(`${path} is damaged (${what}). Delete it to start the export from the beginning.`);
    if (bytes.length < MAGIC.length + 4 || !MAGIC.every((b, i) => bytes[i] === b)) throw damaged('it is not a Ferry journal');
    const headerLength = readU32(bytes, MAGIC.length);
    let at = MAGIC.length + 4;
    if (at + headerLength > bytes.length) throw damaged('its header is cut short');
    const sealed = bytes.subarray(at, at + headerLength);
    at += headerLength;
    let payload: Uint8Array;
    if (PLAIN.every((b, i) => sealed[i] === b)) {
      if (!plainAllowed) {
        throw new JournalError(`${path} is from an --unencrypted export, and this one is encrypted. Run it again with --unencrypted to continue it, or delete ${path} to start again.`);
      }
      payload = sealed.subarray(PLAIN.length);
    } else {
      try {
        payload = await decryptWithIdentities(sealed, identities);
      } catch (error) {
        throw new JournalError(
          `${path} holds what an earlier export of this account fetched, encrypted like its archive, and ${(error as Error).message.replace(/\.$/, '')}. To continue that export, give the passphrase it used (FERRY_PASSPHRASE) or, for an export to keys, -i with an identity of one of its recipients; or delete ${path} to start from the beginning.`,
        );
      }
    }
    let header: HeaderPayload;
    try {
      header = JSON.parse(new TextDecoder().decode(payload)) as HeaderPayload;
    } catch {
      throw damaged('its header is not readable');
    }
    if (header.account !== account) {
      throw new JournalError(`${path} belongs to an export of another account, not ${account}. Write this export elsewhere with -o, or delete ${path}.`);
    }
    const key = Buffer.from(header.key, 'base64');
    const records: JournalRecord[] = [];
    let index = 0;
    let end = at;
    while (at < bytes.length) {
      if (at + 4 > bytes.length) break;
      const length = readU32(bytes, at);
      if (at + 4 + length > bytes.length || length < 28) break; // cut short mid-write: the page is asked again
      const body = bytes.subarray(at + 4, at + 4 + length);
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
        decipher.setAAD(positionAad(index));
        decipher.setAuthTag(body.subarray(length - 16));
        plain = Buffer.concat([decipher.update(body.subarray(12, length - 16)), decipher.final()]);
      } catch {
        // The last record may be torn by a crash; one in the middle was changed or moved.
        if (at + 4 + length === bytes.length) break;
        throw damaged(`record ${index + 1} does not verify`);
      }
      records.push(JSON.parse(plain.toString('utf8')) as JournalRecord);
      index++;
      at += 4 + length;
      end = at;
    }
    if (end < bytes.length) {
      try {
        truncateSync(path, end);
      } catch (error) {
        throw describeFsError(error, path);
      }
    }
    const journal = new JournalFile(path, key, index);
    for (const record of records) {
      const memory = journal.memory(record.journal);
      if (record.op === 'page') await memory.commitPage(record.messages, record.last);
      else if (record.op === 'tail') await memory.tail!.commitPage(record.messages, record.first);
      else await memory.tail!.join(record.end);
    }
    for (const memory of journal.journals.values()) journal.resumedMessages += await memory.stored();
    try {
      journal.fd = openSync(path, 'a', 0o600);
    } catch (error) {
      throw describeFsError(error, path);
    }
    return journal;
  }

  private memory(name: string): ReturnType<typeof memoryJournal> {
    let memory = this.journals.get(name);
    if (!memory) this.journals.set(name, (memory = memoryJournal()));
    return memory;
  }

  /** Appends one record and flushes it to disk: once this returns, a kill cannot lose the page. */
  private append(record: JournalRecord): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(positionAad(this.records));
    const body = Buffer.concat([iv, cipher.update(JSON.stringify(record), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    try {
      writeSync(this.fd!, concat(u32(body.length), body));
      fsyncSync(this.fd!);
    } catch (error) {
      throw describeFsError(error, this.path);
    }
    this.records++;
  }

  /** The journal named `name` ("account", or "room JID"), as the export logic uses it. */
  journal(name: string): ExportJournal {
    const memory = this.memory(name);
    return {
      cursor: () => memory.cursor(),
      messages: () => memory.messages(),
      stored: () => memory.stored(),
      commitPage: async (messages, last) => {
        this.append({ journal: name, op: 'page', messages, ...(last === undefined ? {} : { last }) });
        await memory.commitPage(messages, last);
      },
      tail: {
        cursor: () => memory.tail!.cursor(),
        commitPage: async (messages, first) => {
          this.append({ journal: name, op: 'tail', messages, ...(first === undefined ? {} : { first }) });
          await memory.tail!.commitPage(messages, first);
        },
        join: async (end) => {
          this.append({ journal: name, op: 'join', ...(end === undefined ? {} : { end }) });
          await memory.tail!.join(end);
        },
      },
    };
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closed
    }
    this.fd = undefined;
  }

  /** The export is written: what the journal held is in the archive now, so it goes. */
  remove(): void {
    this.close();
    if (existsSync(this.path)) unlinkSync(this.path);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
