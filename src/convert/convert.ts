/**
 * `ferry convert`'s core (browser-safe): vendor export files in, one Ferry archive out.
 *
 * 1. Inputs: a file, or a zip or folder (a container). A zip is expanded here (fflate); a
 *    folder is expanded by the caller (the CLI walks it, the extension gets a FileList).
 * 2. Detection: a container is offered whole first, then each of its entries on its own with the
 *    other entries as siblings. Every registered reader is asked; exactly one must answer. None,
 *    or more than one, is a ConvertError naming what was tried: Ferry never guesses silently.
 * 3. Parsing: each recognised file gives a ParsedExport whose messages are generators.
 * 4. Combining: sources, contacts (by id), conversations (the same id from two files is one
 *    conversation, its messages merged by id in time order), attachments and fidelity notes.
 * 5. Writing: a counting pass over every message (the manifest, written first, holds the counts;
 *    a reader error part-way surfaces here, before a byte is written), then writeArchiveStream.
 */
import { unzipSync } from 'fflate';
import { concatBytes } from '../model/bytes.js';
import { writeArchiveStream, type ArchiveHeader, type WriteOptions, type WrittenCounts } from '../archive/stream.js';
import { SCHEMA_VERSION, type Contact, type Conversation, type FidelityNote, type Message, type Source } from '../model/types.js';
import { FERRY_VERSION } from '../version.js';
import { FILE_READERS } from '../connectors/registry.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../connectors/contract.js';
import { warning, type ConvertWarning } from '../connectors/kit/warnings.js';
import { emptiness, utf16Name, utf16Of, utf16ToUtf8, type Utf16 } from '../connectors/kit/encoding.js';

/** What one recognised input gave: printed by the CLI, one line per input. */
export interface InputReport {
  /** The file (or zip entry, or container) that a reader claimed. */
  name: string;
  detection: Detection;
  conversations: number;
  contacts: number;
  messages: number;
  /** Attachment records on messages (and contact avatars); `notIncluded` of them have no bytes. */
  attachments: number;
  notIncluded: number;
  source: Source;
  warnings: ConvertWarning[];
}

export interface ConvertResult {
  inputs: InputReport[];
  header: ArchiveHeader;
  written: WrittenCounts;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];

export function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b) || EMPTY_ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * A zip the user gave, as a container of its entries (directories and macOS resource forks
 * dropped). Throws ConvertError when the zip is damaged.
 */
export function expandZip(name: string, bytes: Uint8Array): InputFile {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new ConvertError(name, undefined, `this zip cannot be read (${error instanceof Error ? error.message : String(error)}); it may be damaged or incomplete. Download or copy it again.`, 'zip-damaged');
  }
  const siblings = new Map<string, Uint8Array>();
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/') || path.startsWith('__MACOSX/') || path.split('/').pop()!.startsWith('._')) continue;
    siblings.set(path, data);
  }
  return { kind: 'container', name, bytes: new Uint8Array(), siblings };
}

function detectAll(file: InputFile, readers: readonly FileReader[]): { reader: FileReader; detection: Detection }[] {
  const found: { reader: FileReader; detection: Detection }[] = [];
  for (const reader of readers) {
    let detection: Detection | undefined;
    try {
      detection = reader.detect(file);
    } catch {
      // detect() must not throw; a reader that does is treated as not recognising the file.
      detection = undefined;
    }
    if (detection) found.push({ reader, detection });
  }
  return found;
}

function describeDetection(d: Detection): string {
  return `${d.format} (${[d.layout, d.locale].filter(Boolean).join(', ')})`;
}

function ambiguous(file: InputFile, found: { detection: Detection }[]): ConvertError {
  return new ConvertError(
    file.name,
    undefined,
    `more than one format claims this file: ${found.map((f) => describeDetection(f.detection)).join(' and ')}. This is a bug in Ferry's readers; please report it with the first lines of the file.`,
  );
}

function tried(readers: readonly FileReader[]): string {
  return readers.length === 0 ? 'no readers are registered yet' : `tried ${readers.map((f) => f.name).join(', ')}`;
}

/** One input that a reader claimed, ready to parse. */
export interface Claim {
  file: InputFile;
  reader: FileReader;
  detection: Detection;
  /** The file was UTF-16 and was decoded before any reader saw it (its notice goes with the reader's). */
  decodedFrom?: Utf16;
}

/**
 * A file as readers want it: UTF-16 decoded to UTF-8 (readers read UTF-8 or legacy byte
 * charsets, never UTF-16), and refused when there is nothing in it to read. `guess`: also
 * without a byte order mark (for a file the person gave; inside a zip only a marked one, as a
 * photo's bytes can look like anything).
 */
function prepared(file: InputFile, guess: boolean): { file: InputFile; decodedFrom?: Utf16 } {
  const marked = (file.bytes[0] === 0xff && file.bytes[1] === 0xfe) || (file.bytes[0] === 0xfe && file.bytes[1] === 0xff);
  const encoding = guess || marked ? utf16Of(file.bytes) : undefined;
  const bytes = encoding ? utf16ToUtf8(file.bytes, encoding) : file.bytes;
  if (guess) {
    const empty = emptiness(bytes, marked);
    if (empty) throw new ConvertError(file.name, undefined, `the file is empty: ${empty}. An export that failed or a copy that did not finish looks like this; export the chat again and give the new file.`);
  }
  return encoding ? { file: { ...file, bytes }, decodedFrom: encoding } : { file };
}

/**
 * A file given with a source (its first bytes in `bytes`) that one reader claims from those
 * bytes and reads through the source itself: the file is then never held whole. A zip or UTF-16
 * text is read whole (it is expanded or decoded in memory), and so is a file no streaming
 * reader claims alone (detection then runs again on all of it, as for any file).
 */
function streamedClaim(file: InputFile, readers: readonly FileReader[]): Claim | undefined {
  if (file.kind !== 'file' || !file.source || looksLikeZip(file.bytes) || utf16Of(file.bytes)) return undefined;
  const found = detectAll(file, readers);
  if (found.length !== 1 || !found[0]!.reader.streams) return undefined;
  return { file, ...found[0]! };
}

/** The file with all its bytes in `bytes` (read through its source, when it has one). */
export function wholeFile(file: InputFile): InputFile {
  const { source, ...rest } = file;
  if (!source) return file;
  const bytes = new Uint8Array(source.size);
  let done = 0;
  while (done < bytes.length) {
    const n = source.readAt(bytes.subarray(done), done);
    if (n === 0) break;
    done += n;
  }
  return { ...rest, bytes: done === bytes.length ? bytes : bytes.subarray(0, done) };
}

/**
 * What each input is: a zip (by its bytes) is expanded; a container is offered whole, then entry
 * by entry. An input nothing claims is a ConvertError; so is a container none of whose entries
 * is claimed. Entries nothing claims inside a claimed container are siblings (media), not errors.
 */
export function detectInputs(inputs: readonly InputFile[], readers: readonly FileReader[] = FILE_READERS): Claim[] {
  const claims: Claim[] = [];
  for (const offered of inputs) {
    const streamed = streamedClaim(offered, readers);
    if (streamed) {
      claims.push(streamed);
      continue;
    }
    const given = wholeFile(offered);
    const zip = given.kind === 'file' && looksLikeZip(given.bytes);
    const { file: input, decodedFrom } = zip ? { file: expandZip(given.name, given.bytes) } : given.kind === 'file' ? prepared(given, true) : { file: given };
    const whole = detectAll(input, readers);
    if (whole.length > 1) throw ambiguous(input, whole);
    if (whole.length === 1) {
      claims.push({ file: input, ...whole[0]!, ...(decodedFrom ? { decodedFrom } : {}) });
      continue;
    }
    if (input.kind === 'file') {
      const read = decodedFrom ? `it is ${utf16Name(decodedFrom)} text, which Ferry decoded, but the text is no export it knows; ` : '';
      throw new ConvertError(input.name, undefined, `Ferry does not recognise this file (${read}${tried(readers)}). Give a chat export file as the messenger wrote it (for WhatsApp the .txt or .zip from "Export chat").`, 'not-recognised');
    }
    const entries = input.siblings ?? new Map<string, Uint8Array>();
    const before = claims.length;
    for (const [path, bytes] of entries) {
      const siblings = new Map(entries);
      siblings.delete(path);
      const { file: entry, decodedFrom: entryFrom } = prepared({ kind: 'file', name: `${input.name}/${path}`, bytes, siblings }, false);
      const found = detectAll(entry, readers);
      if (found.length > 1) throw ambiguous(entry, found);
      if (found.length === 1) claims.push({ file: entry, ...found[0]!, ...(entryFrom ? { decodedFrom: entryFrom } : {}) });
    }
    if (claims.length === before) {
      throw new ConvertError(
        input.name,
        undefined,
        `none of the ${entries.size} files in it is an export Ferry recognises (${tried(readers)}). Check that it is the zip or folder the messenger exported.`,
        'container-not-recognised',
      );
    }
  }
  return claims;
}

/** A reader's error, with the file named even if the reader forgot to. */
function asConvertError(file: InputFile, error: unknown): Error {
  if (error instanceof ConvertError) return error;
  if (error instanceof RangeError && /time zone/.test(error.message)) return error;
  return new ConvertError(file.name, undefined, `the reader failed unexpectedly (${error instanceof Error ? error.message : String(error)}). This is a bug in Ferry; please report it.`);
}

export interface ParsedInput {
  claim: Claim;
  parsed: ParsedExport;
}

export function parseClaims(claims: readonly Claim[], options: ConvertOptions): ParsedInput[] {
  return claims.map((claim) => {
    let parsed: ParsedExport;
    try {
      parsed = claim.reader.parse(claim.file, options);
    } catch (error) {
      throw asConvertError(claim.file, error);
    }
    if (claim.decodedFrom) {
      const name = utf16Name(claim.decodedFrom);
      parsed = { ...parsed, warnings: [warning('not_utf8', [name], `The file is not UTF-8; it was read as ${name}.`), ...parsed.warnings] };
    }
    return { claim, parsed };
  });
}

const instantOf = (m: Message) => Date.parse(m.timestamp);

/**
 * Messages of one archive conversation from one or more readers' generators. With one, it is the
 * reader's own order. With several (the same chat exported twice, or two overlapping exports),
 * they are merged by instant (ties: the earlier input first) and a message id seen before is
 * dropped: the ids are content-derived, so the same message has the same id in both files.
 */
function* mergedMessages(parts: readonly { messages(): Iterable<Message> }[], file: (i: number) => string): Generator<Message> {
  if (parts.length === 1) {
    yield* parts[0]!.messages();
    return;
  }
  const iterators = parts.map((p) => p.messages()[Symbol.iterator]());
  const heads: (Message | undefined)[] = iterators.map((it) => it.next().value as Message | undefined);
  const seen = new Set<string>();
  for (;;) {
    let best = -1;
    let bestInstant = Infinity;
    heads.forEach((head, i) => {
      if (!head) return;
      const instant = instantOf(head);
      if (best < 0 || instant < bestInstant) {
        best = i;
        bestInstant = instant;
      }
    });
    if (best < 0) return;
    const message = heads[best]!;
    heads[best] = iterators[best]!.next().value as Message | undefined;
    if (Number.isNaN(bestInstant)) throw new ConvertError(file(best), undefined, `message "${message.id}" has no valid timestamp ("${message.timestamp}").`);
    if (seen.has(message.id)) continue;
    seen.add(message.id);
    yield message;
  }
}

export interface CombinedArchive {
  header: ArchiveHeader;
  messagesOf(conversation: Conversation, index: number): Iterable<Message>;
  attachments: Map<string, Uint8Array>;
  reports: InputReport[];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function countAttachments(list: Message['attachments'], report: { attachments: number; notIncluded: number }): void {
  if (!list) return;
  for (const a of list) {
    report.attachments++;
    if (a.notIncluded) report.notIncluded++;
  }
}

/**
 * One archive from every parsed input, counted. Runs every reader's messages() once here (the
 * counting pass); writing runs them again.
 */
export function combine(inputs: readonly ParsedInput[], now: string): CombinedArchive {
  const sources: Source[] = [];
  const contacts = new Map<string, Contact>();
  const conversations = new Map<string, { conversation: Conversation; parts: { messages(): Iterable<Message> }[]; files: string[] }>();
  const attachments = new Map<string, Uint8Array>();
  const fidelity: FidelityNote[] = [];
  const reports: InputReport[] = [];

  for (const { claim, parsed } of inputs) {
    if (!sources.some((s) => sameJson(s, parsed.source))) sources.push(parsed.source);
    for (const contact of parsed.contacts) if (!contacts.has(contact.id)) contacts.set(contact.id, contact);
    for (const { conversation, messages } of parsed.conversations) {
      const existing = conversations.get(conversation.id);
      if (existing) {
        const handles = new Set(existing.conversation.participants.map((p) => p.handle));
        for (const p of conversation.participants) if (!handles.has(p.handle)) existing.conversation.participants.push(p);
        existing.parts.push({ messages });
        existing.files.push(claim.file.name);
      } else {
        conversations.set(conversation.id, { conversation: { ...conversation, participants: [...conversation.participants] }, parts: [{ messages }], files: [claim.file.name] });
      }
    }
    for (const [sha, bytes] of parsed.attachments) attachments.set(sha, bytes);
    for (const note of parsed.fidelity) {
      // The same file given twice states the same note twice: keep it once.
      if (!fidelity.some((n) => sameJson(n, note))) fidelity.push(note);
    }
    const report: InputReport = {
      name: claim.file.name,
      detection: parsed.detection,
      conversations: parsed.conversations.length,
      contacts: parsed.contacts.length,
      messages: 0,
      attachments: 0,
      notIncluded: 0,
      source: parsed.source,
      warnings: parsed.warnings,
    };
    for (const contact of parsed.contacts) if (contact.avatar) countAttachments([contact.avatar], report);
    for (const { messages, counts } of parsed.conversations) {
      if (counts) {
        report.messages += counts.messages;
        report.attachments += counts.attachments;
        report.notIncluded += counts.notIncluded;
        continue;
      }
      try {
        for (const message of messages()) {
          report.messages++;
          countAttachments(message.attachments, report);
        }
      } catch (error) {
        throw asConvertError(claim.file, error);
      }
    }
    reports.push(report);
  }

  const list = [...conversations.values()];
  const messagesOf = (_conversation: Conversation, index: number) => {
    const entry = list[index]!;
    return mergedMessages(entry.parts, (i) => entry.files[i]!);
  };
  // Conversations from one input whose reader counted them need no pass; merged ones do (duplicates drop out).
  const counted = new Map<string, number>();
  for (const { parsed } of inputs) for (const c of parsed.conversations) if (c.counts) counted.set(c.conversation.id, c.counts.messages);
  let messageCount = 0;
  list.forEach((entry, index) => {
    const known = entry.parts.length === 1 ? counted.get(entry.conversation.id) : undefined;
    if (known !== undefined) messageCount += known;
    else for (const _ of messagesOf(entry.conversation, index)) messageCount++;
  });

  return {
    header: {
      manifest: {
        format: 'ferry-archive',
        schemaVersion: SCHEMA_VERSION,
        createdBy: { tool: 'ferry', version: FERRY_VERSION },
        createdAt: now,
        sources,
        counts: { contacts: contacts.size, conversations: list.length, messages: messageCount, attachments: attachments.size },
      },
      contacts: [...contacts.values()],
      conversations: list.map((e) => e.conversation),
      fidelity,
    },
    messagesOf,
    attachments,
    reports,
  };
}

/** Detect, parse and count: everything that can fail on the input, before a byte is written. */
export function prepareConversion(inputs: readonly InputFile[], options: ConvertOptions, readers: readonly FileReader[] = FILE_READERS): CombinedArchive {
  return combine(parseClaims(detectInputs(inputs, readers), options), options.now);
}

/**
 * Writes a prepared conversion as zip bytes to `sink`, as they are made. A caller writing to
 * disk writes beside the target and renames at the end (the sink may fail part-way).
 */
export async function writeConversion(combined: CombinedArchive, sink: (chunk: Uint8Array) => void | Promise<void>, writeOptions: WriteOptions = {}): Promise<WrittenCounts> {
  const sortedAttachments = [...combined.attachments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const written = await writeArchiveStream(combined.header, combined.messagesOf, sink, sortedAttachments, writeOptions);
  const counts = combined.header.manifest.counts;
  if (written.messages !== counts.messages || written.attachments !== counts.attachments) {
    throw new Error(`wrote ${written.messages} messages and ${written.attachments} attachments, but counted ${counts.messages} and ${counts.attachments}: a reader gave different messages on its second pass. This is a bug in Ferry; the output was discarded.`);
  }
  return written;
}

/** The whole conversion: nothing reaches the sink unless detection, parsing and counting succeeded. */
export async function convertFiles(
  inputs: readonly InputFile[],
  options: ConvertOptions,
  sink: (chunk: Uint8Array) => void | Promise<void>,
  writeOptions: WriteOptions = {},
  readers: readonly FileReader[] = FILE_READERS,
): Promise<ConvertResult> {
  const combined = prepareConversion(inputs, options, readers);
  const written = await writeConversion(combined, sink, writeOptions);
  return { inputs: combined.reports, header: combined.header, written };
}

/** Converts in memory to zip bytes: for tests and small inputs (the extension). */
export async function convertToZip(inputs: readonly InputFile[], options: ConvertOptions, writeOptions: WriteOptions = {}, readers: readonly FileReader[] = FILE_READERS): Promise<{ zip: Uint8Array; result: ConvertResult }> {
  const chunks: Uint8Array[] = [];
  const result = await convertFiles(inputs, options, (c) => void chunks.push(c), writeOptions, readers);
  return { zip: concatBytes(chunks), result };
}

/** The line `ferry convert` prints per input: `chat.txt: whatsapp (ios-txt, de), 1,234 messages, 3 attachments (2 not included)`. */
export function describeInput(report: InputReport): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const parts = [`${report.name}: ${describeDetection(report.detection)}`];
  if (report.conversations !== 1 || report.messages === 0) parts.push(`${n(report.conversations)} conversation${report.conversations === 1 ? '' : 's'}`);
  if (report.contacts > 0) parts.push(`${n(report.contacts)} contact${report.contacts === 1 ? '' : 's'}`);
  parts.push(`${n(report.messages)} message${report.messages === 1 ? '' : 's'}`);
  parts.push(`${n(report.attachments)} attachment${report.attachments === 1 ? '' : 's'}${report.notIncluded ? ` (${n(report.notIncluded)} not included)` : ''}`);
  let line = parts.join(', ');
  const tz = report.source.timeZone;
  if (tz.status === 'assumed') line += `\n  times had no zone; assumed ${tz.zone} (change with --tz)`;
  for (const warning of report.warnings) line += `\n  note: ${warning.text}`;
  return line;
}
