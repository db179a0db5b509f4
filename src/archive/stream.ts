/**
 * Streaming writer and reader for the Ferry container, so an archive of millions of messages
 * is written and read with bounded memory: the writer takes each conversation's messages as an
 * (async) iterable and emits zip bytes as it goes; the reader yields messages line by line from
 * one entry at a time. container.ts builds the whole-archive functions on these.
 *
 * Browser-safe, like container.ts.
 */
import { Zip, ZipPassThrough, type FlateError } from 'fflate';
import { Deflate as ZlibDeflate, Z_FINISH, Z_SYNC_FLUSH } from 'pako';
import { SCHEMA_VERSION, type Contact, type Conversation, type FidelityNote, type Manifest, type Message } from '../model/types.js';
import { concatBytes } from '../model/bytes.js';
import {
  ArchiveError,
  DEFAULT_LIMITS,
  NOT_AN_ARCHIVE,
  shownSize,
  type ArchiveLimits,
  ATTACHMENTS_DIR,
  CONTACTS_ENTRY,
  CONVERSATIONS_ENTRY,
  FIDELITY_ENTRY,
  KEY_ORDER,
  MANIFEST_ENTRY,
  MESSAGES_DIR,
  SUPPORTED_VERSION,
  attachmentEntryName,
  messagesEntryName,
  orderKeys,
  orderedJson,
  parseSchemaVersion,
} from './layout.js';
import { bytesSource, entryBytes, entryChunks, listEntries, overlappingEntries, ZipFormatError, type ByteSource, type ZipEntry } from './zip-reader.js';
import { parseStrictJson, StrictJsonError } from './strict-json.js';

// ---------------------------------------------------------------------------
// Writing

/** Everything but the messages and attachment bytes: small enough to hold in memory. */
export interface ArchiveHeader {
  /** Written first, so its counts must be right before the messages are: callers count first. */
  manifest: Manifest;
  contacts: Contact[];
  conversations: Conversation[];
  fidelity: FidelityNote[];
}

/** What was actually written, for callers that want to check it against manifest.counts. */
export interface WrittenCounts {
  messages: number;
  attachments: number;
}

/**
 * U+2028/U+2029 are legal raw in JSON but some line-oriented tools treat them as line
 * breaks, which would split a JSON Lines record; escaping them costs nothing.
 */
export function jsonText(value: unknown, pretty: boolean): string {
  const text = JSON.stringify(value, null, pretty ? 2 : undefined);
  return /[\u2028\u2029]/.test(text) ? text.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) : text;
}

/** Unix regular file, rw-r--r--: what `unzip` should give the extracted files. */
const UNIX_FILE_ATTRS = 0o100644 << 16;
const OS_UNIX = 3;
/** Text is buffered to this many UTF-16 units before deflating: fixed, so chunking (and thus the bytes) depends on content only. */
const TEXT_CHUNK = 1 << 18;

/**
 * Raw DEFLATE (RFC 1951) of one entry, chunk by chunk: returns the compressed bytes for `chunk`
 * (possibly empty), the stream being finished when `final` is true. A new one per entry.
 *
 * Pluggable because pako (pure JS, runs in extension pages) deflates a million messages
 * several times slower than the runtime's native zlib; Node callers pass nodeDeflater
 * (node-deflate.ts). The bytes then depend on the deflater too: determinism holds per deflater.
 */
export type Deflater = (chunk: Uint8Array, final: boolean) => Uint8Array | Promise<Uint8Array>;
// A Deflater must not keep `chunk` once its result is returned (or resolved): the writer reuses
// the chunk's buffer for the text that follows (pako and zlib both copy their input).
export type DeflaterFactory = () => Deflater;

/**
 * pako (zlib's own algorithm in JavaScript) at level 3, the level the CLI's native zlib uses:
 * the default, browser-safe. Each chunk ends in a zlib sync flush (byte-aligned, 5 bytes), so
 * that ZipDeflater may put a chunk's own bytes in its place (keepRatio).
 *
 * Not fflate's Deflate, whose flush(true) writes the sync marker one bit off whenever a block
 * ends at bit 6 of a byte (fflate issues 267 and 260, open; fix proposed in PR 286, unmerged):
 * an archive made on the export page came out damaged ("messages/00001.jsonl is damaged") once a
 * conversation passed one text chunk, and fflate's own inflate hid it.
 */
export const browserDeflater: DeflaterFactory = () => {
  const out: Uint8Array[] = [];
  const deflate = new ZlibDeflate({ level: 3, raw: true });
  deflate.onData = (data) => out.push(data);
  return (chunk, final) => {
    deflate.push(chunk, final ? Z_FINISH : Z_SYNC_FLUSH);
    if (deflate.err) throw new Error(`deflate failed (${deflate.msg || deflate.err})`);
    return concatBytes(out.splice(0));
  };
};

/**
 * Readers refuse an entry that inflates more than ArchiveLimits.ratio times (a zip bomb's
 * signature), so the writer must never write one, whatever the messages hold: a chunk that
 * deflates more than half that much (the same long text sent thousands of times) is written as
 * stored blocks instead. Real chats deflate 4-30x and never get here. Valid because every
 * deflater's chunk ends byte-aligned and back-references point into the uncompressed history,
 * which stored bytes extend the same way.
 */
export const WRITE_RATIO = DEFAULT_LIMITS.ratio / 2;

function keepRatio(chunk: Uint8Array, deflated: Uint8Array, final: boolean): Uint8Array {
  if (chunk.length <= WRITE_RATIO * Math.max(deflated.length, 1)) return deflated;
  return storedBlocks(chunk, final);
}

/** `bytes` as DEFLATE stored blocks (RFC 1951 section 3.2.4) from a byte boundary; the last is final when `final`. */
export function storedBlocks(bytes: Uint8Array, final: boolean): Uint8Array {
  const MAX = 0xffff;
  const count = Math.max(1, Math.ceil(bytes.length / MAX));
  const out = new Uint8Array(bytes.length + 5 * count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const piece = bytes.subarray(i * MAX, (i + 1) * MAX);
    out[at] = final && i === count - 1 ? 1 : 0;
    out[at + 1] = piece.length & 0xff;
    out[at + 2] = piece.length >>> 8;
    out[at + 3] = ~piece.length & 0xff;
    out[at + 4] = (~piece.length >>> 8) & 0xff;
    out.set(piece, at + 5);
    at += 5 + piece.length;
  }
  return out;
}

/** CRC-32 (the zip one) of `chunk` continuing from `previous`; Node's zlib.crc32 is native. */
export type Crc32 = (chunk: Uint8Array, previous: number) => number;

/** A zip entry deflated by a Deflater; fflate's Zip writes its headers from `crc` and `size`. */
class ZipDeflater extends ZipPassThrough {
  private readonly deflater: Deflater;
  private running = 0;
  /** Async deflaters may finish out of order; their outputs are emitted in push order along this chain. */
  private tail: Promise<void> = Promise.resolve();
  constructor(
    filename: string,
    factory: DeflaterFactory,
    private readonly crc32?: Crc32,
    private readonly track?: (work: Promise<void>) => void,
    /** Given each pushed chunk back once its deflated bytes are out, so its buffer can be reused. */
    private readonly release?: (chunk: Uint8Array) => void,
  ) {
    super(filename);
    this.compression = 8;
    this.deflater = factory();
  }

  override push(chunk: Uint8Array, final = false): void {
    // ZipPassThrough.push computes the CRC in JavaScript; with a native crc32 do it here.
    if (!this.crc32) return super.push(chunk, final);
    this.running = this.crc32(chunk, this.running);
    this.size += chunk.length;
    if (final) this.crc = this.running;
    this.process(chunk as Uint8Array<ArrayBuffer>, final);
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    const fail = (error: unknown) => this.ondata(Object.assign(error as Error, { code: 0 }) as FlateError, new Uint8Array(), final);
    let result: Uint8Array | Promise<Uint8Array>;
    try {
      result = this.deflater(chunk, final);
    } catch (error) {
      fail(error);
      return;
    }
    if (result instanceof Uint8Array) {
      this.ondata(null, keepRatio(chunk, result, final) as Uint8Array<ArrayBuffer>, final);
      this.release?.(chunk);
      return;
    }
    const pending = result;
    this.tail = this.tail
      .then(() => pending)
      .then((data) => {
        this.ondata(null, keepRatio(chunk, data, final) as Uint8Array<ArrayBuffer>, final);
        this.release?.(chunk);
      }, fail);
    if (!this.track) throw new Error('An asynchronous deflater needs writeArchiveStream, which waits for it.');
    this.track(this.tail);
  }
}

export interface WriteOptions {
  deflater?: DeflaterFactory;
  crc32?: Crc32;
  /** Told how many messages are written so far, once per text chunk (a CLI progress line). */
  onMessages?: (written: number) => void;
}

const encoder = new TextEncoder();

/**
 * The writer's core: synchronous, pushes zip bytes to `onChunk` as soon as fflate produces them.
 * Call message() for each message of conversation 0, nextConversation(), ... then attachment()
 * for each file, then finish().
 */
class ArchiveWriter {
  private readonly zip: Zip;
  private file: ZipDeflater | undefined;
  private readonly deflater: DeflaterFactory;
  private readonly crc32: Crc32 | undefined;
  /** Deflate work still running (async deflaters only). */
  readonly inflight = new Set<Promise<void>>();
  /** The first error raised while emitting asynchronously, rethrown by writeArchiveStream. */
  failure: unknown;
  private readonly trackWork = (work: Promise<void>) => {
    const tracked = work.then(
      () => void this.inflight.delete(tracked),
      (error) => {
        this.inflight.delete(tracked);
        this.failure ??= error;
      },
    );
    this.inflight.add(tracked);
  };
  /**
   * The current text chunk, as UTF-8: each line is encoded into it on arrival. Building one
   * string per chunk and encoding it at the flush cost 10-15x more (measured on 300,000 archive
   * lines: 1.5 s against 0.1 s; V8 encodes a long concatenated string slowly), and was 28% of
   * writing an archive. `textUnits` counts UTF-16 units as the string did, so chunks end where
   * they always did and the deflated bytes are unchanged.
   *
   * The buffer itself goes to the deflater at each flush and a spare one takes its place; the
   * deflater gives it back when its bytes are out. A fresh copy per chunk (as before) made an
   * asynchronous deflater's chunks outlive V8's young generation, so their memory was freed only
   * when about 64 MB of them had piled up: the 1M-message write peaked at 160 MB RSS against
   * 65 MB with a synchronous deflater (bench/archive-child.ts, process.memoryUsage().arrayBuffers
   * at 66 MB).
   */
  private textBytes: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  private readonly spare: Uint8Array<ArrayBuffer>[] = [];
  private readonly releaseText = (chunk: Uint8Array) => {
    if (this.spare.length <= MAX_INFLIGHT + 1) this.spare.push(new Uint8Array(chunk.buffer as ArrayBuffer, 0, chunk.buffer.byteLength));
  };
  private textLength = 0;
  private textUnits = 0;
  private index = -1;
  private written: WrittenCounts = { messages: 0, attachments: 0 };
  private readonly fixedTime: Date;
  private readonly onMessages: ((written: number) => void) | undefined;

  constructor(
    private readonly header: ArchiveHeader,
    onChunk: (chunk: Uint8Array) => void,
    options: WriteOptions = {},
  ) {
    this.deflater = options.deflater ?? browserDeflater;
    this.crc32 = options.crc32;
    this.onMessages = options.onMessages;
    this.zip = new Zip((error, data) => {
      if (error) {
        this.failure ??= error;
        throw error;
      }
      onChunk(data);
    });
    // fflate writes DOS time from local-time getters, so the fixed stamp must be built
    // from local fields too or it would shift with the time zone (and fall before 1980
    // west of UTC, which zip cannot express).
    this.fixedTime = new Date(1980, 0, 1, 0, 0, 0);
    this.whole(MANIFEST_ENTRY, jsonText(orderKeys(header.manifest, KEY_ORDER.manifest), true) + '\n');
    this.whole(CONTACTS_ENTRY, jsonText(orderKeys(header.contacts, KEY_ORDER.contact), true) + '\n');
    this.whole(CONVERSATIONS_ENTRY, jsonText(orderKeys(header.conversations, KEY_ORDER.conversation), true) + '\n');
    this.whole(FIDELITY_ENTRY, jsonText(orderKeys(header.fidelity, KEY_ORDER.fidelity), true) + '\n');
  }

  private stamp<T extends ZipPassThrough>(file: T): T {
    file.mtime = this.fixedTime;
    file.os = OS_UNIX;
    file.attrs = UNIX_FILE_ATTRS;
    this.zip.add(file);
    return file;
  }

  private whole(name: string, text: string): void {
    const bytes = encoder.encode(text);
    // What readers refuse to read must not be written: the archive would be lost to its owner.
    if (bytes.length > DEFAULT_LIMITS.headerEntryBytes) {
      throw new ArchiveError('too-large', `Cannot write the archive: ${name} would be ${shownSize(bytes.length)}, more than the ${shownSize(DEFAULT_LIMITS.headerEntryBytes)} readers accept. Split the export into several archives.`, { entry: name });
    }
    this.stamp(new ZipDeflater(name, this.deflater, this.crc32, this.trackWork)).push(bytes, true);
  }

  /** Starts the messages file of the next conversation in conversations.json. */
  nextConversation(): Conversation {
    this.closeFile();
    this.index++;
    const conversation = this.header.conversations[this.index];
    if (!conversation) throw new Error('ArchiveWriter: more conversations than in the header');
    this.file = this.stamp(new ZipDeflater(messagesEntryName(this.index), this.deflater, this.crc32, this.trackWork, this.releaseText));
    return conversation;
  }

  message(message: Message, conversationId: string): void {
    if (message.conversationId !== conversationId) {
      throw new ArchiveError(
        'inconsistent',
        `Cannot write the archive: message "${message.id}" is filed under conversation "${conversationId}" but its conversationId is "${message.conversationId}"; a reader would move it. File it under its own conversation.`,
      );
    }
    const line = orderedJson(message, KEY_ORDER.message);
    if (line.length > DEFAULT_LIMITS.lineChars) {
      throw new ArchiveError(
        'too-large',
        `Cannot write the archive: message "${String(message.id).slice(0, 80)}" is ${line.length.toLocaleString('en-US')} characters as JSON, more than the ${DEFAULT_LIMITS.lineChars.toLocaleString('en-US')} readers accept in one message.`,
        { entry: messagesEntryName(this.index) },
      );
    }
    // Two native searches cost a twentieth of the regular expression's test on every line.
    this.appendLine(line.includes('\u2028') || line.includes('\u2029') ? line.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) : line);
    this.written.messages++;
    if (this.textUnits >= TEXT_CHUNK) this.flushText(false);
  }

  private appendLine(line: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    const needed = this.textLength + 3 * line.length + 1;
    if (needed > this.textBytes.length) {
      const grown = new Uint8Array(Math.max(needed, 3 * TEXT_CHUNK + 1024, 2 * this.textBytes.length));
      grown.set(this.textBytes.subarray(0, this.textLength));
      this.textBytes = grown;
    }
    this.textLength += encoder.encodeInto(line, this.textBytes.subarray(this.textLength)).written;
    this.textBytes[this.textLength++] = 0x0a;
    this.textUnits += line.length + 1;
  }

  private flushText(final: boolean): void {
    const full = this.textBytes.subarray(0, this.textLength);
    // Swapped before the push: a synchronous deflater gives the buffer back within it.
    this.textBytes = this.spare.pop() ?? new Uint8Array(0);
    this.file!.push(full, final);
    this.textLength = 0;
    this.textUnits = 0;
    this.onMessages?.(this.written.messages);
  }

  private closeFile(): void {
    if (this.file) this.flushText(true);
    this.file = undefined;
  }

  /** Attachments are stored, not deflated: photos, voice and video are compressed already. */
  attachment(sha256: string, bytes: Uint8Array): void {
    this.finishConversations();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ArchiveError('inconsistent', `Cannot write the archive: "${sha256}" is not a lower-case hex SHA-256.`);
    this.stamp(new ZipPassThrough(attachmentEntryName(sha256))).push(bytes, true);
    this.written.attachments++;
  }

  private finishConversations(): void {
    while (this.index < this.header.conversations.length - 1) this.nextConversation();
    this.closeFile();
  }

  finish(): WrittenCounts {
    this.finishConversations();
    this.zip.end();
    return this.written;
  }
}

/** Synchronous whole-archive writing from iterables; writeArchive uses it. */
export function writeArchiveChunks(
  header: ArchiveHeader,
  messagesOf: (conversation: Conversation, index: number) => Iterable<Message>,
  attachments: Iterable<[string, Uint8Array]>,
  onChunk: (chunk: Uint8Array) => void,
  options: WriteOptions = {},
): WrittenCounts {
  const writer = new ArchiveWriter(header, onChunk, options);
  header.conversations.forEach((_, index) => {
    const conversation = writer.nextConversation();
    for (const message of messagesOf(conversation, index)) writer.message(message, conversation.id);
  });
  for (const [sha256, bytes] of attachments) writer.attachment(sha256, bytes);
  const written = writer.finish();
  if (writer.inflight.size > 0) throw new Error('An asynchronous deflater needs writeArchiveStream, which waits for it.');
  return written;
}

/**
 * Streams an archive to `sink`: the messages of each conversation come from `messagesOf`
 * (any async or sync iterable, in time order), and the zip bytes go out as they are made.
 * Memory stays bounded by one text chunk and fflate's window, whatever the number of messages;
 * the sink's promise is awaited, so a slow disk holds the producer back.
 *
 * The manifest is the first entry (a streaming reader checks the version before anything
 * else), so its counts must be known before writing: count first, or check the returned
 * WrittenCounts and discard the output when they differ.
 */
export async function writeArchiveStream(
  header: ArchiveHeader,
  messagesOf: (conversation: Conversation, index: number) => AsyncIterable<Message> | Iterable<Message>,
  sink: (chunk: Uint8Array) => void | Promise<void>,
  attachments: AsyncIterable<[string, Uint8Array]> | Iterable<[string, Uint8Array]> = [],
  options: WriteOptions = {},
): Promise<WrittenCounts> {
  let pending: Uint8Array[] = [];
  const writer = new ArchiveWriter(header, (chunk) => pending.push(chunk), options);
  const drain = async () => {
    // An async deflater works beside this loop; letting more than a few chunks queue up would
    // trade the bounded memory for speed.
    while (writer.inflight.size > MAX_INFLIGHT) await Promise.race(writer.inflight);
    if (writer.failure) throw writer.failure;
    if (pending.length === 0) return;
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) await sink(chunk);
  };
  for (let index = 0; index < header.conversations.length; index++) {
    const conversation = writer.nextConversation();
    const messages = messagesOf(conversation, index);
    if (Symbol.asyncIterator in messages) {
      for await (const message of messages) {
        writer.message(message, conversation.id);
        if (pending.length > 0 || writer.inflight.size > MAX_INFLIGHT) await drain();
      }
    } else {
      // A sync source needs no promise per message; only the sink is awaited, when there is output.
      for (const message of messages) {
        writer.message(message, conversation.id);
        if (pending.length > 0 || writer.inflight.size > MAX_INFLIGHT) await drain();
      }
    }
  }
  for await (const [sha256, bytes] of attachments) {
    writer.attachment(sha256, bytes);
    await drain();
  }
  const written = writer.finish();
  while (writer.inflight.size > 0) await Promise.all(writer.inflight);
  if (writer.failure) throw writer.failure;
  await drain();
  return written;
}

/** Inflated bytes decoded at once when reading messages (see messagesIn). */
const DECODE_PIECE = 1 << 15;

/** Text chunks (256 Ki UTF-16 units each) an async deflater may hold at once. */
const MAX_INFLIGHT = 4;

// ---------------------------------------------------------------------------
// Reading

/** Where a message was found, for error reports. */
export interface MessageLocation {
  entry: string;
  /** 1-based. */
  line: number;
}

const AGE_BINARY = 'age-encryption.org/';
const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isMessagesEntry(name: string): boolean {
  return name.startsWith(MESSAGES_DIR) && name.endsWith('.jsonl') && !name.slice(MESSAGES_DIR.length).includes('/');
}

function entryNumber(name: string): string | undefined {
  return /^messages\/(\d+)\.jsonl$/.exec(name)?.[1]?.replace(/^0+(?=\d)/, '');
}

/** Numbered files in numeric order (00010 after 00009, 100000 after 99999), then any others by name. */
function compareEntryNames(a: string, b: string): number {
  const na = entryNumber(a);
  const nb = entryNumber(b);
  if (na !== undefined && nb === undefined) return -1;
  if (na === undefined && nb !== undefined) return 1;
  if (na !== undefined && nb !== undefined && na !== nb) {
    return na.length !== nb.length ? na.length - nb.length : na < nb ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function zipError(cause: unknown): ArchiveError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const entry = cause instanceof ZipFormatError ? cause.entry : undefined;
  const where = { cause, ...(entry === undefined ? {} : { entry }) };
  if (cause instanceof ZipFormatError && cause.kind === 'method') {
    return new ArchiveError(
      'not-zip',
      `This zip uses a compression method Ferry cannot read (${detail}). Ferry archives use only "deflate" or "stored"; re-create the zip with standard settings (for example \`zip -r\`).`,
      where,
    );
  }
  if (cause instanceof ZipFormatError && cause.kind !== 'damaged') {
    return new ArchiveError('not-zip', `Ferry cannot read this zip: ${detail}. Re-create it with standard settings (for example \`zip -r\`).`, where);
  }
  return new ArchiveError(
    'not-zip',
    `This file is not a Ferry archive: it is not a zip file, or it is damaged or incomplete (${detail}). If it came from Ferry, copy or download it again.`,
    where,
  );
}

/** Turns V8's "... at position N" into line/column so a person can find the spot in an editor. */
function jsonErrorPlace(text: string, error: unknown): { line: number; column: number } {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  const offset = position === undefined ? text.length : Math.min(Number(position), text.length);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * `fileLine` is set for JSON Lines, where `text` is a single line of the entry. Strict: a key
 * twice in one object, or nesting past `depth`, is an error like bad syntax (strict-json.ts).
 */
function parseJson(text: string, entry: string, depth: number, fileLine?: number): unknown {
  try {
    return parseStrictJson(text, depth);
  } catch (cause) {
    const subject = fileLine === undefined ? entry : `${entry} line ${fileLine}`;
    if (cause instanceof StrictJsonError) {
      throw new ArchiveError(
        cause.kind === 'depth' ? 'too-large' : 'bad-json',
        `${subject} at ${cause.pointer || '/'}: ${cause.message}. The archive is damaged or was not written by Ferry.`,
        { entry, ...(fileLine === undefined ? {} : { line: fileLine }), pointer: cause.pointer, cause },
      );
    }
    const detail = cause instanceof Error ? cause.message : String(cause);
    const place = jsonErrorPlace(text, cause);
    const line = fileLine ?? place.line;
    throw new ArchiveError(
      'bad-json',
      `${subject} is not valid JSON (line ${line}, column ${place.column}: ${detail}). The archive is damaged or was edited by hand; fix that spot or export again.`,
      { entry, line, cause },
    );
  }
}

function badEncoding(entry: string, cause: unknown): ArchiveError {
  return new ArchiveError(
    'bad-encoding',
    `${entry} is not valid UTF-8 text. Ferry archives are UTF-8 throughout; the archive is damaged or the file was saved in another encoding.`,
    { entry, cause },
  );
}

const HEADER_ENTRIES: ReadonlySet<string> = new Set([MANIFEST_ENTRY, CONTACTS_ENTRY, CONVERSATIONS_ENTRY, FIDELITY_ENTRY]);

/** The names this format gives a meaning to: a second entry of one of these is ambiguous (which one counts?). */
export function isDefinedEntry(name: string): boolean {
  return HEADER_ENTRIES.has(name) || isMessagesEntry(name) || (name.startsWith(ATTACHMENTS_DIR) && /^[0-9a-f]{64}$/.test(name.slice(ATTACHMENTS_DIR.length)));
}

export interface ReadOptions {
  /** Tighter (or, for a trusted file, looser) bounds than DEFAULT_LIMITS. */
  limits?: Partial<ArchiveLimits>;
  /** Read only manifest.json at open (`ferry inspect`): contacts, conversations and fidelity are read when first asked for. */
  manifestOnly?: boolean;
}

const tooLarge = (entry: string, what: string, line?: number) =>
  new ArchiveError('too-large', `${entry}${line === undefined ? '' : ` line ${line}`} ${what}; ${NOT_AN_ARCHIVE}`, { entry, ...(line === undefined ? {} : { line }) });

/**
 * The bounds of DEFAULT_LIMITS, from the central directory alone, before anything is inflated:
 * each entry's declared size and ratio, the whole zip's, and entries sharing their bytes.
 * Inflating never goes past the declared size (zip-reader.ts), so these bound the real work.
 */
function checkDeclaredSizes(list: readonly ZipEntry[], fileSize: number, limits: ArchiveLimits): void {
  let total = 0;
  for (const entry of list) {
    const cap = HEADER_ENTRIES.has(entry.name) ? limits.headerEntryBytes : limits.entryBytes;
    if (entry.size > cap) throw tooLarge(entry.name, `inflates to ${shownSize(entry.size)}, past the ${shownSize(cap)} Ferry reads in one entry`);
    if (entry.size > limits.ratioFloor && entry.size > entry.compressedSize * limits.ratio) {
      throw tooLarge(entry.name, `inflates ${Math.round(entry.size / Math.max(1, entry.compressedSize))} times (${shownSize(entry.compressedSize)} to ${shownSize(entry.size)}), past the ${limits.ratio} times real archives stay under`);
    }
    total += entry.size;
  }
  const overlap = overlappingEntries(list);
  if (overlap) throw tooLarge(overlap[1].name, `shares its compressed bytes with ${overlap[0].name} (a zip bomb's trick: one payload counted many times)`);
  if (total > limits.totalBytes) throw new ArchiveError('too-large', `The zip inflates to ${shownSize(total)} in all, past the ${shownSize(limits.totalBytes)} Ferry reads; ${NOT_AN_ARCHIVE}`);
  if (total > limits.ratioFloor && total > fileSize * limits.ratio) {
    throw new ArchiveError('too-large', `The zip inflates ${Math.round(total / Math.max(1, fileSize))} times in all (${shownSize(fileSize)} to ${shownSize(total)}), past the ${limits.ratio} times real archives stay under; ${NOT_AN_ARCHIVE}`);
  }
}

/**
 * Reads a Ferry archive through the zip's central directory: the small entries (manifest,
 * contacts, conversations, fidelity) at open, messages only when iterated, one line at a time.
 * Every read is bounded by ArchiveLimits (see checkDeclaredSizes), and a second entry under a
 * name the format defines is refused: which of the two counts would depend on the tool.
 *
 * Version policy: a newer major version is refused; 1.x newer minors are read (unknown
 * properties are kept); 0.x archives (the pre-release format) are upgraded to 1.0 in memory,
 * since every 0.1 entity is a 1.0 entity except the manifest, which gains `timeZone`
 * ("instants": 0.x writers only wrote instants) and `counts.attachments` (0).
 */
export class ArchiveReader {
  readonly entryNames: string[];
  /** The zip's entries as its central directory lists them (for verify: names, sizes, repeats). */
  readonly zipEntries: readonly ZipEntry[];
  /** "0.1" when the archive was upgraded on reading; undefined for a current archive. */
  readonly upgradedFrom: string | undefined;
  readonly manifest: Manifest;
  readonly limits: ArchiveLimits;
  private readonly entries: Map<string, ZipEntry>;
  private contactList: Contact[] | undefined;
  private conversationList: Conversation[] | undefined;
  private fidelityList: FidelityNote[] | undefined;

  private constructor(
    private readonly source: ByteSource,
    limits: ArchiveLimits,
  ) {
    this.limits = limits;
    let list: ZipEntry[];
    try {
      list = listEntries(source);
    } catch (cause) {
      throw zipError(cause);
    }
    this.zipEntries = list;
    this.entryNames = list.map((e) => e.name);
    this.entries = new Map();
    for (const entry of list) {
      if (this.entries.has(entry.name) && isDefinedEntry(entry.name)) {
        throw new ArchiveError(
          'bad-structure',
          `The zip holds ${entry.name} twice. Tools disagree on which one counts (Ferry would read the last, unzip the first), so Ferry reads neither: the archive was tampered with or badly repaired.`,
          { entry: entry.name },
        );
      }
      if (!this.entries.has(entry.name)) this.entries.set(entry.name, entry);
    }
    checkDeclaredSizes(list, source.size, limits);
    const { manifest, upgradedFrom } = this.readManifest();
    this.manifest = manifest;
    this.upgradedFrom = upgradedFrom;
  }

  static open(input: Uint8Array | ByteSource, options: ReadOptions = {}): ArchiveReader {
    const source = input instanceof Uint8Array ? bytesSource(input) : input;
    const head = source.read(0, 64);
    if (startsWithAscii(head, AGE_BINARY) || startsWithAscii(head, AGE_ARMOR)) {
      throw new ArchiveError(
        'encrypted',
        'This Ferry archive is still encrypted (it is an age file). Decrypt it first: open it in Ferry with your key, or run `age -d -i KEY_FILE ARCHIVE > archive.zip`.',
      );
    }
    const reader = new ArchiveReader(source, { ...DEFAULT_LIMITS, ...options.limits });
    if (!options.manifestOnly) {
      // Read now, so that a damaged header fails at open, as it always has.
      void reader.contacts;
      void reader.conversations;
      void reader.fidelity;
    }
    return reader;
  }

  get contacts(): Contact[] {
    return (this.contactList ??= this.readArray(CONTACTS_ENTRY, 'contacts') as Contact[]);
  }

  get conversations(): Conversation[] {
    return (this.conversationList ??= this.readArray(CONVERSATIONS_ENTRY, 'conversations') as Conversation[]);
  }

  get fidelity(): FidelityNote[] {
    // fidelity.json is new in 1.0; a 0.x archive has none and said nothing about losses.
    return (this.fidelityList ??= this.upgradedFrom && !this.entries.has(FIDELITY_ENTRY) ? [] : (this.readArray(FIDELITY_ENTRY, 'fidelity notes') as FidelityNote[]));
  }

  /** The declared (and, once read, checked) uncompressed size of an entry. */
  entrySize(name: string): number | undefined {
    return this.entries.get(name)?.size;
  }

  private entryText(name: string): string {
    const entry = this.entries.get(name)!;
    let bytes: Uint8Array;
    try {
      bytes = entryBytes(this.source, entry);
    } catch (cause) {
      throw zipError(cause);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (cause) {
      throw badEncoding(name, cause);
    }
  }

  private readManifest(): { manifest: Manifest; upgradedFrom: string | undefined } {
    if (!this.entries.has(MANIFEST_ENTRY)) {
      const nested = this.entryNames.find((n) => n.endsWith(`/${MANIFEST_ENTRY}`));
      const hint = nested
        ? ` There is a ${nested}: the archive's files must be at the top of the zip, not in a folder. Zip the contents of that folder instead of the folder itself.`
        : ' Check that you picked the right file.';
      throw new ArchiveError('not-ferry', `This file is not a Ferry archive: ${MANIFEST_ENTRY} is missing.${hint}`, { entry: MANIFEST_ENTRY });
    }
    const manifest = parseJson(this.entryText(MANIFEST_ENTRY), MANIFEST_ENTRY, this.limits.depth);
    if (!isPlainObject(manifest) || manifest.format !== 'ferry-archive') {
      throw new ArchiveError(
        'not-ferry',
        `This file is not a Ferry archive: ${MANIFEST_ENTRY} does not say "format": "ferry-archive". Check that you picked the right file.`,
        { entry: MANIFEST_ENTRY },
      );
    }
    const version = parseSchemaVersion(manifest.schemaVersion);
    if (!version) {
      throw new ArchiveError(
        'unsupported-version',
        `${MANIFEST_ENTRY} has schemaVersion ${JSON.stringify(manifest.schemaVersion)}, which is not a version number (expected "MAJOR.MINOR", e.g. "${SCHEMA_VERSION}"). The archive is damaged or was not written by Ferry.`,
        { entry: MANIFEST_ENTRY },
      );
    }
    if (version.major > SUPPORTED_VERSION.major) {
      throw new ArchiveError(
        'unsupported-version',
        `Archive was written by a newer Ferry (schema ${String(manifest.schemaVersion)}); this version reads ${SUPPORTED_VERSION.major}.x and 0.x. Update Ferry.`,
        { entry: MANIFEST_ENTRY },
      );
    }
    if (version.major === 0) return { manifest: upgradeManifest(manifest), upgradedFrom: String(manifest.schemaVersion) };
    return { manifest: manifest as unknown as Manifest, upgradedFrom: undefined };
  }

  private readArray(entry: string, what: string): unknown[] {
    if (!this.entries.has(entry)) {
      throw new ArchiveError(
        'missing-entry',
        `This Ferry archive is incomplete: ${entry} is missing. Export again, or copy the archive again if it was cut short.`,
        { entry },
      );
    }
    const value = parseJson(this.entryText(entry), entry, this.limits.depth);
    if (!Array.isArray(value)) {
      throw new ArchiveError(
        'bad-structure',
        `${entry} must hold a JSON array of ${what}, but holds ${value === null ? 'null' : typeof value}. The archive is damaged or was not written by Ferry.`,
        { entry },
      );
    }
    return value;
  }

  /** Messages files in numeric order (conversation order), then any others under messages/. */
  messageEntries(): string[] {
    return [...this.entries.keys()].filter(isMessagesEntry).sort(compareEntryNames);
  }

  /**
   * Every message of one messages file, in file order, with its line. Memory stays bounded by
   * one line (ArchiveLimits.lineChars) and one inflated step, whatever the file's size.
   */
  *messagesIn(entry: string): Generator<{ message: Message; location: MessageLocation }> {
    const zipEntry = this.entries.get(entry);
    if (!zipEntry) return;
    const { depth, lineChars } = this.limits;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    /** The start of a line that continues in the next step, in pieces: joining them at every step would be quadratic. */
    const carry: string[] = [];
    let carried = 0;
    let line = 0;
    const longLine = () => tooLarge(entry, `is longer than ${lineChars.toLocaleString('en-US')} characters, more than any message holds`, line + 1);
    const parse = (text: string): { message: Message; location: MessageLocation } | undefined => {
      line++;
      // Blank lines carry nothing; tolerating them and CRLF spares hand-edited files a confusing error.
      const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (trimmed.length === 0 || trimmed.trim() === '') return undefined;
      const value = parseJson(trimmed, entry, depth, line);
      if (!isPlainObject(value) || typeof value.conversationId !== 'string') {
        throw new ArchiveError(
          'bad-structure',
          `${entry} line ${line} is not a message: each line must be a JSON object with a string "conversationId". The archive is damaged or was not written by Ferry.`,
          { entry, line },
        );
      }
      return { message: value as unknown as Message, location: { entry, line } };
    };
    let chunks: Generator<Uint8Array>;
    try {
      chunks = entryChunks(this.source, zipEntry);
    } catch (cause) {
      throw zipError(cause);
    }
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = chunks.next();
      } catch (cause) {
        throw zipError(cause);
      }
      const bytes = next.done ? undefined : next.value;
      // Decoded in pieces: V8 makes a string of more than ~128 KB in its large-object space, and
      // decoding an inflated step (300-700 KB) whole cost 3.4 µs per message against 0.3 µs in
      // 32 KB pieces (bench/archive-child.ts read, 200,000 messages): a third of reading.
      for (let at = 0; bytes ? at < bytes.length : at === 0; at += DECODE_PIECE) {
        let text: string;
        try {
          text = bytes ? decoder.decode(bytes.subarray(at, at + DECODE_PIECE), { stream: true }) : decoder.decode();
        } catch (cause) {
          throw badEncoding(entry, cause);
        }
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          if (carried + nl - start > lineChars) throw longLine();
          let lineText = text.slice(start, nl);
          if (carry.length > 0) {
            carry.push(lineText);
            lineText = carry.join('');
            carry.length = 0;
            carried = 0;
          }
          const parsed = parse(lineText);
          if (parsed) yield parsed;
          start = nl + 1;
        }
        if (start < text.length) {
          carried += text.length - start;
          if (carried > lineChars) throw longLine();
          carry.push(text.slice(start));
        }
      }
      if (next.done) break;
    }
    if (carry.length > 0) {
      const parsed = parse(carry.join(''));
      if (parsed) yield parsed;
    }
  }

  *messagesWithLocations(): Generator<{ message: Message; location: MessageLocation }> {
    for (const entry of this.messageEntries()) yield* this.messagesIn(entry);
  }

  *messages(): Generator<Message> {
    for (const { message } of this.messagesWithLocations()) yield message;
  }

  /** Hashes of the attachment files present, in name order. */
  attachmentHashes(): string[] {
    return [...this.entries.keys()]
      .filter((n) => n.startsWith(ATTACHMENTS_DIR) && /^[0-9a-f]{64}$/.test(n.slice(ATTACHMENTS_DIR.length)))
      .map((n) => n.slice(ATTACHMENTS_DIR.length))
      .sort();
  }

  attachment(sha256: string): Uint8Array | undefined {
    const entry = this.entries.get(attachmentEntryName(sha256));
    if (!entry) return undefined;
    try {
      return entryBytes(this.source, entry);
    } catch (cause) {
      throw zipError(cause);
    }
  }
}

function upgradeManifest(old: Record<string, unknown>): Manifest {
  const sources = Array.isArray(old.sources)
    ? old.sources.map((s: unknown) => (isPlainObject(s) && !('timeZone' in s) ? { ...s, timeZone: { status: 'instants' } } : s))
    : old.sources;
  const counts = isPlainObject(old.counts) && !('attachments' in old.counts) ? { ...old.counts, attachments: 0 } : old.counts;
  return { ...old, schemaVersion: SCHEMA_VERSION, sources, counts } as unknown as Manifest;
}
