/**
 * The contract between `ferry convert` (and the extension's drop zone) and the readers of
 * vendor export files: one ExportFileFormat per messenger, in src/connectors/<service>/.
 *
 * Browser-safe: no Node APIs, so the extension runs the same readers on dropped files.
 *
 * Memory: a reader gets the whole file as bytes (an export file is at most tens of MB), but it
 * must not hold every message as an object at once: `messages()` is a generator the converter
 * runs twice (once to count, since the archive's manifest is written first, once to write).
 */
import type { Attachment, Contact, Conversation, FidelityNote, Message, Source } from '../model/types.js';
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

export interface ExportFileFormat {
  /** Same as Detection.format. */
  name: string;
  /**
   * Cheap and certain: looks at the name and the first bytes, and answers only when the file is
   * unmistakably this format. Never throws.
   */
  detect(file: InputFile): Detection | undefined;
  /** Throws ConvertError on anything it does not understand; never returns a partial result silently. */
  parse(file: InputFile, options: ConvertOptions): ParsedExport;
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

/** A placeholder the export printed instead of a file ("<Media omitted>", "사진"). */
export function notIncludedAttachment(mediaType: string, detail: string, fileName?: string): Attachment {
  return { ...(fileName ? { fileName } : {}), mediaType, notIncluded: { reason: 'not-downloaded', detail } };
}
