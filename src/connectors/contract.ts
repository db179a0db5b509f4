/**
 * What a connector is: the contract every folder in src/connectors/<service>/ implements.
 *
 * - A **reader** (`FileReader`) turns a source's export files into the archive's model:
 *   `ferry convert` and the extension's drop zone drive every registered reader
 *   (src/convert/convert.ts).
 * - A **writer** (`FileWriter`) turns an archive into the files a target service imports:
 *   `ferry export-format` and the import page's target step call the same writers and show the
 *   same `WriterResult`.
 * - A **connector** (`Connector`) is one service's folder: its id, its readers and its writers,
 *   declared in its own index.ts and listed once in registry.ts. Live routes (XMPP through a web
 *   client or Ferry's own connection) are code in the same folder that the CLI and the extension
 *   call directly; they have no generic contract yet because there is one.
 *
 * Browser-safe: no Node APIs, so the extension runs the same readers and writers.
 *
 * Memory: a reader gets the whole file as bytes (an export file is at most tens of MB), or, if
 * it `streams`, an InputFileSource to read it through a window at a time; either way it
 * must not hold every message as an object at once: `messages()` is a generator the converter
 * runs twice (once to count, since the archive's manifest is written first, once to write).
 */
import type { ArchiveContent, Contact, Conversation, FidelityNote, Message, Source } from '../model/types.js';
import type { ConvertWarning } from './kit/warnings.js';

/**
 * One input: a file the user gave, one entry of a zip or folder they gave, or the zip or folder
 * as a whole. The converter first offers a zip or folder whole (`kind: "container"`: a Slack
 * export is a folder tree), and only if no format claims it, each of its entries on its own
 * (`kind: "file"`, with the other entries as siblings: the media next to a WhatsApp chat txt).
 */
export interface InputFile {
  kind: 'file' | 'container';
  /** Path as the user gave it (`zip-or-folder/entry-name` for an entry): used in messages and errors. */
  name: string;
  /** The file's bytes; empty for a container. */
  bytes: Uint8Array;
  /**
   * For a container, all its entries; for a file from a container, the other entries. By path
   * inside the container ("general/2024-01-05.json"). Absent for a file given on its own.
   */
  siblings?: ReadonlyMap<string, Uint8Array>;
  /**
   * A big file read from disk on demand instead of whole (the CLI's inputs): `bytes` then holds
   * only its first bytes, enough for detect(). Only a reader that `streams` reads through it;
   * for any other the runner reads the whole file into `bytes` first.
   */
  source?: InputFileSource;
}

/** A file read by position, synchronously (the CLI reads it from disk a window at a time). */
export interface InputFileSource {
  /** The file's size in bytes when it was opened. */
  size: number;
  /**
   * Fills `into` from the file at `position` and returns the bytes read (fewer only at the end).
   * Throws when the file changed size since it was opened.
   */
  readAt(into: Uint8Array, position: number): number;
  /** How many bytes a streaming reader asks for at a time; default 1 MiB (tests use a few bytes, to cross every boundary). */
  window?: number;
}

/** Day/month order for numeric dates, when the file itself cannot decide (e.g. every day <= 12). */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export interface ConvertOptions {
  /** IANA zone for sources that print wall-clock times without a zone (`--tz`; default: the machine's). */
  timeZone: string;
  /** `--date-order`, only consulted when the file cannot decide. */
  dateOrder?: DateOrder;
  /** `--me NAME`: who the exporting user is, for sources that do not say. */
  me?: string;
  /** ISO instant recorded as the source's exportedAt when the file does not state one. */
  now: string;
  /**
   * Lower-case hex SHA-256 of a string's UTF-8 bytes, for content-derived ids. Optional: readers
   * default to the browser-safe one (@noble/hashes); the Node CLI passes node:crypto's, several
   * times faster on a million messages. Both give the same ids.
   */
  sha256Hex?: (text: string) => string;
  /**
   * Told how far a reader's pass over a file has come (bytes of `total`), now and then, for a
   * progress line while parse() reads the whole file before the first message is written. A
   * reader that passes over the file again starts again from 0. Optional; readers may not call it.
   */
  onRead?: (done: number, total: number) => void;
}

/** What a reader recognised, printed by `ferry convert` ("whatsapp, ios layout, de"). */
export interface Detection {
  /** Service family, e.g. "whatsapp", "kakaotalk"; also the Source.service. */
  format: string;
  /** e.g. "android-txt", "ios-txt", "pc-csv", "result-json". */
  layout: string;
  /** BCP 47 tag of the export's language when it matters to parsing, e.g. "ko", "pt-BR". */
  locale?: string;
}

export interface ParsedConversation {
  conversation: Conversation;
  /**
   * The conversation's messages in time order (by instant; ties keep file order). Called more
   * than once; every call must yield the same messages with the same ids.
   */
  messages(): Iterable<Message>;
  /**
   * Optional: what messages() will yield, when the reader knows it without a pass of its own
   * (saves the converter's counting pass). The converter checks it against what was written.
   */
  counts?: { messages: number; attachments: number; notIncluded: number };
}

export interface ParsedExport {
  detection: Detection;
  source: Source;
  contacts: Contact[];
  conversations: ParsedConversation[];
  /** Attachment bytes found in the input (a zip's media), by lower-case hex sha256. */
  attachments: Map<string, Uint8Array>;
  /** What the file could not provide (stage "export"), with counts. */
  fidelity: FidelityNote[];
  /** Things the user should know that are not errors, e.g. "3 join/leave notices had no time". */
  warnings: ConvertWarning[];
}

/** A reader of one export file format (a connector may have several: Messenger and Instagram). */
export interface FileReader {
  /** Same as Detection.format. */
  name: string;
  /**
   * Cheap and certain: looks at the name and the first bytes, and answers only when the file is
   * unmistakably this format. It need not catch its own exceptions: the runner treats a throw
   * as "not this format" (src/convert/convert.ts detectAll).
   */
  detect(file: InputFile): Detection | undefined;
  /** Throws ConvertError on anything it does not understand; never returns a partial result silently. */
  parse(file: InputFile, options: ConvertOptions): ParsedExport;
  /**
   * parse() reads a file with a `source` through it, a window at a time, so the file is never
   * held whole (WhatsApp's .txt). Without this the runner reads the whole file first.
   */
  streams?: boolean;
}

/**
 * - not-recognised: a single file no format claims; container-not-recognised: a zip or folder
 *   none of whose entries is claimed; zip-damaged: a zip that cannot be read;
 * - date-order: the file cannot decide day/month order; answer with ConvertOptions.dateOrder.
 */
export type ConvertErrorCode = 'not-recognised' | 'container-not-recognised' | 'zip-damaged' | 'date-order';

/** A file that is not what it claimed, or asks for a decision only the user can make. */
export class ConvertError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line (text formats) where the trouble is, when there is one. */
    readonly line: number | undefined,
    /** What was expected, in words for the user, ending with what to do about it. */
    readonly problem: string,
    /** For the cases a page translates or asks about (the extension's drop zone); absent for the rest. */
    readonly code?: ConvertErrorCode,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`);
    this.name = 'ConvertError';
  }
}


// ---------------------------------------------------------------------------------------------
// Writers

/** What a writer needs from the person besides the archive (the CLI's flags, the page's fields). */
export interface WriterNeeds {
  /** An IANA zone for conversations whose source stated none. */
  timeZone?: boolean;
  /** The XMPP account (bare JID) on the new server that receives everything. */
  owner?: boolean;
  /** A Mattermost team name (default "ferry"). */
  team?: boolean;
  /** A vCard version, 3.0 (phones) or 4.0 (RFC 6350). */
  vcardVersion?: boolean;
}

export interface WriterParams {
  timeZone?: string;
  owner?: string;
  team?: string;
  /** XEP-0227: contact id or handle -> bare JID. */
  addressMap?: ReadonlyMap<string, string>;
  /** XEP-0227: the new account's password, when the caller has one (never from the UI). */
  password?: string;
  /** XEP-0227: the group chat service the rooms go on (default conference.OWNER'S-DOMAIN). */
  mucHost?: string;
  /** ISO instant recorded in the fidelity notes. */
  at?: string;
  /** vCard: "3.0" (default: what Android's and iOS's Contacts import) or "4.0" (RFC 6350). */
  vcardVersion?: '3.0' | '4.0';
}

/** Facts besides the counts, as codes the CLI and the page each put in words. */
export type WriterNote =
  | { kind: 'zone'; file: string; zone: string; from: 'source' | 'option' }
  | { kind: 'html-zone'; zone: string }
  | { kind: 'username'; handle: string; name: string }
  | { kind: 'placeholder'; contactId: string; displayName: string; jid: string }
  | { kind: 'no-password' }
  /** Mattermost: more people than the server's default team size takes (TeamSettings.MaxUsersPerTeam). */
  | { kind: 'team-size'; users: number; limit: number }
  /** Slack and Mattermost: a channel whose name had to be made valid, with the original to set as its purpose. */
  | { kind: 'channel-name'; name: string; original: string }
  /** A target that writes nothing for this archive (vCard without contacts), and why. */
  | { kind: 'nothing'; what: 'contacts' | 'conversations' }
  /** XEP-0227: group conversations went into a second file, the rooms of `service`, for the admin's load step. */
  | { kind: 'rooms'; service: string; rooms: number; messages: number; owner: string };

export interface WrittenFile {
  name: string;
  bytes: Uint8Array;
}

/** What every writer returns: the files, what went in, and what was dropped or changed and why. */
export interface WriterResult {
  /** The writer's id. */
  target: string;
  files: WrittenFile[];
  /**
   * True when the target is one file by nature: the CLI writes the first file at OUT, not into a
   * folder, and any further file next to it (XEP-0227's room file).
   */
  single: boolean;
  /** Whether the files hold message or contact text in the clear (every target does today). */
  plaintext: boolean;
  kept: Record<string, number>;
  /** What the target dropped or changed (stage "import"), each with a count above zero and why. */
  fidelity: FidelityNote[];
  notes: WriterNote[];
}

export type WriterProblem = 'owner-missing' | 'owner-invalid' | 'zone-invalid' | 'team-invalid' | 'team-reserved' | 'vcard-version';

/** Input a person can fix; `code` lets the page say it in the UI language. */
export class WriterInputError extends Error {
  constructor(
    readonly code: WriterProblem,
    message: string,
  ) {
    super(message);
    this.name = 'WriterInputError';
  }
}

/** A writer of the files one target service imports. */
export interface FileWriter {
  /** The target's id: `ferry export-format ID`, and the page's key for its translated name. */
  id: string;
  /** English, for the CLI's usage line; the page has its own translated text per id. */
  describe: string;
  needs: WriterNeeds;
  /** Throws WriterInputError for input the person can fix. */
  write(content: ArchiveContent, params: WriterParams): WriterResult;
}

// ---------------------------------------------------------------------------------------------
// Connectors

/** One service's folder, declared in its index.ts and listed in registry.ts. */
export interface Connector {
  /** The folder's name under src/connectors/. */
  id: string;
  /** Readers of the service's export files, in the order detection asks them. */
  readers: readonly FileReader[];
  /** Writers of the files the service imports. */
  writers: readonly FileWriter[];
}
