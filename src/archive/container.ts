/**
 * The Ferry archive container: a zip holding manifest.json, contacts.json,
 * conversations.json and one JSON Lines file per conversation under messages/.
 * schemas/README.md is the normative description; this file is one implementation of it.
 *
 * Runs in the browser (extension pages) as well as in Node, so it sticks to
 * Uint8Array, TextEncoder/TextDecoder and fflate's synchronous API.
 */
import { unzipSync, zipSync, type Zippable, type ZipOptions } from 'fflate';
import {
  SCHEMA_VERSION,
  type ArchiveContent,
  type Contact,
  type Conversation,
  type Counts,
  type Manifest,
  type Message,
  type Participant,
  type Source,
} from '../model/types.js';

export const MANIFEST_ENTRY = 'manifest.json';
export const CONTACTS_ENTRY = 'contacts.json';
export const CONVERSATIONS_ENTRY = 'conversations.json';
export const MESSAGES_DIR = 'messages/';

/** Name of the messages file of the conversation at `index` (0-based) in conversations.json. */
export function messagesEntryName(index: number): string {
  return `${MESSAGES_DIR}${String(index + 1).padStart(5, '0')}.jsonl`;
}

export type ArchiveErrorCode =
  | 'encrypted'
  | 'not-zip'
  | 'not-ferry'
  | 'unsupported-version'
  | 'missing-entry'
  | 'bad-encoding'
  | 'bad-json'
  | 'bad-structure'
  | 'inconsistent';

/**
 * Every problem reading or writing a container. The message is meant for the person
 * holding the file (what is wrong, what to do); `code` is for code that wants to react.
 */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  readonly code: ArchiveErrorCode;
  /** The zip entry the problem is in, when there is one. */
  readonly entry?: string;
  /** 1-based line within `entry`, when known. */
  readonly line?: number;

  constructor(code: ArchiveErrorCode, message: string, where: { entry?: string; line?: number; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.code = code;
    if (where.entry !== undefined) this.entry = where.entry;
    if (where.line !== undefined) this.line = where.line;
  }
}

// ---------------------------------------------------------------------------
// Versions

export interface SchemaVersion {
  major: number;
  minor: number;
}

export function parseSchemaVersion(value: unknown): SchemaVersion | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(value);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

const OWN_VERSION = parseSchemaVersion(SCHEMA_VERSION);
if (!OWN_VERSION) throw new Error(`SCHEMA_VERSION ${SCHEMA_VERSION} is not MAJOR.MINOR`);
/** The version this build writes and the newest it fully understands. */
export const SUPPORTED_VERSION: SchemaVersion = OWN_VERSION;

// ---------------------------------------------------------------------------
// Key order
//
// Output bytes must not depend on how a caller happened to build its objects, so every
// object is re-keyed in schema property order before serializing. test/archive checks
// these lists against the schemas; the `satisfies` clauses check them against types.ts.

/** 'value': write as is. 'sortedKeys': a free-form map, keys sorted. Object: known keys in this order. */
export type KeyRule = 'value' | 'sortedKeys' | { readonly [key: string]: KeyRule };
type RulesFor<T> = { readonly [K in keyof T]-?: KeyRule };

const SOURCE_ORDER = {
  service: 'value',
  account: 'value',
  exportedAt: 'value',
  method: 'value',
} as const satisfies RulesFor<Source>;

const COUNTS_ORDER = {
  contacts: 'value',
  conversations: 'value',
  messages: 'value',
} as const satisfies RulesFor<Counts>;

const MANIFEST_ORDER = {
  format: 'value',
  schemaVersion: 'value',
  createdBy: { tool: 'value', version: 'value' } satisfies RulesFor<Manifest['createdBy']>,
  createdAt: 'value',
  sources: SOURCE_ORDER,
  counts: COUNTS_ORDER,
} as const satisfies RulesFor<Manifest>;

const CONTACT_ORDER = {
  id: 'value',
  displayName: 'value',
  handles: 'value',
  groups: 'value',
} as const satisfies RulesFor<Contact>;

const PARTICIPANT_ORDER = {
  handle: 'value',
  contactId: 'value',
  role: 'value',
} as const satisfies RulesFor<Participant>;

const CONVERSATION_ORDER = {
  id: 'value',
  kind: 'value',
  title: 'value',
  participants: PARTICIPANT_ORDER,
  source: 'value',
} as const satisfies RulesFor<Conversation>;

const MESSAGE_ORDER = {
  id: 'value',
  conversationId: 'value',
  sender: 'value',
  timestamp: 'value',
  kind: 'value',
  text: 'value',
  sourceIds: 'sortedKeys',
} as const satisfies RulesFor<Message>;

export const KEY_ORDER = {
  manifest: MANIFEST_ORDER,
  contact: CONTACT_ORDER,
  conversation: CONVERSATION_ORDER,
  message: MESSAGE_ORDER,
} as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copy of `value` with object keys in rule order. Keys the rule does not know are kept,
 * sorted, after the known ones: an archive from a newer minor version passes through
 * a read/write cycle without losing its extra fields.
 */
export function orderKeys(value: unknown, rule: KeyRule): unknown {
  if (Array.isArray(value)) return value.map((item) => orderKeys(item, rule));
  if (rule === 'value' || !isPlainObject(value)) return value;
  // Null prototype and hasOwn: keys come from other services ("__proto__", "toString" are
  // legal source-id names) and must be copied as data, not hit Object.prototype.
  const out: Record<string, unknown> = Object.create(null);
  if (rule === 'sortedKeys') {
    for (const key of Object.keys(value).sort()) out[key] = value[key];
    return out;
  }
  for (const key of Object.keys(rule)) {
    if (Object.hasOwn(value, key) && value[key] !== undefined) out[key] = orderKeys(value[key], rule[key]!);
  }
  for (const key of Object.keys(value).filter((k) => !Object.hasOwn(rule, k)).sort()) out[key] = value[key];
  return out;
}

// ---------------------------------------------------------------------------
// Writing

const encoder = new TextEncoder();

/**
 * U+2028/U+2029 are legal raw in JSON but some line-oriented tools treat them as line
 * breaks, which would split a JSON Lines record; escaping them costs nothing.
 */
function jsonText(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, null, pretty ? 2 : undefined).replace(
    /[\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );
}

/** Unix regular file, rw-r--r--: what `unzip` should give the extracted files. */
const UNIX_FILE_ATTRS = 0o100644 << 16;
const OS_UNIX = 3;

/**
 * Serializes `content` as a Ferry archive zip (not encrypted). Same content and same
 * Ferry version give identical bytes, whatever the key order of the objects passed in,
 * the Map's insertion order or the machine's time zone.
 *
 * Throws ArchiveError('inconsistent') instead of writing an archive that would silently
 * lose or move messages. Everything else (schema, counts) is validateArchive's job.
 */
export function writeArchive(content: ArchiveContent): Uint8Array {
  checkWritable(content);

  // fflate writes DOS time from local-time getters, so the fixed stamp must be built
  // from local fields too or it would shift with the time zone (and fall before 1980
  // west of UTC, which zip cannot express).
  const options: ZipOptions = {
    level: 6,
    mtime: new Date(1980, 0, 1, 0, 0, 0),
    os: OS_UNIX,
    attrs: UNIX_FILE_ATTRS,
  };

  // Object key insertion order is the entry order; none of these names is an array index,
  // so JavaScript keeps them in insertion order.
  const files: Zippable = {};
  files[MANIFEST_ENTRY] = encoder.encode(jsonText(orderKeys(content.manifest, MANIFEST_ORDER), true) + '\n');
  files[CONTACTS_ENTRY] = encoder.encode(jsonText(orderKeys(content.contacts, CONTACT_ORDER), true) + '\n');
  files[CONVERSATIONS_ENTRY] = encoder.encode(
    jsonText(orderKeys(content.conversations, CONVERSATION_ORDER), true) + '\n',
  );
  content.conversations.forEach((conversation, index) => {
    const list = content.messages.get(conversation.id) ?? [];
    let text = '';
    for (const message of list) text += jsonText(orderKeys(message, MESSAGE_ORDER), false) + '\n';
    files[messagesEntryName(index)] = encoder.encode(text);
  });
  return zipSync(files, options);
}

function checkWritable(content: ArchiveContent): void {
  const ids = new Set<string>();
  for (const conversation of content.conversations) {
    if (ids.has(conversation.id)) {
      throw new ArchiveError(
        'inconsistent',
        `Cannot write the archive: conversation id "${conversation.id}" appears twice in conversations, so its messages would be written twice. Merge the two conversations first.`,
      );
    }
    ids.add(conversation.id);
  }
  for (const [key, list] of content.messages) {
    if (list.length > 0 && !ids.has(key)) {
      throw new ArchiveError(
        'inconsistent',
        `Cannot write the archive: ${list.length} message(s) are filed under conversation "${key}", which is not in conversations, so they would be lost. Add the conversation or drop the messages.`,
      );
    }
    for (const message of list) {
      if (message.conversationId !== key) {
        throw new ArchiveError(
          'inconsistent',
          `Cannot write the archive: message "${message.id}" is filed under conversation "${key}" but its conversationId is "${message.conversationId}"; a reader would move it. File it under its own conversation.`,
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Reading

/** Where a message was found, for error reports. */
export interface MessageLocation {
  entry: string;
  /** 1-based. */
  line: number;
}

export interface DetailedRead {
  content: ArchiveContent;
  locations: Map<Message, MessageLocation>;
}

/**
 * Parses a Ferry archive zip (already decrypted). Checks the container and the version
 * and that each message says which conversation it belongs to; it does not check every
 * field (validateArchive does, on Node). Unknown entries are ignored.
 *
 * The returned Map has a list for every conversation in conversations.json, in that order
 * (empty when it has no messages), then lists for conversation ids that only messages
 * mention. Messages are grouped by their conversationId, whichever file they are in.
 */
export function readArchive(zip: Uint8Array): ArchiveContent {
  return readArchiveDetailed(zip).content;
}

/** readArchive plus where each message came from; used by validateArchive to report lines. */
export function readArchiveDetailed(zip: Uint8Array): DetailedRead {
  refuseEncrypted(zip);
  const names: string[] = [];
  const entries = unzipEntries(zip, names);

  const manifest = readManifest(entries, names);
  const contacts = readArray(entries, CONTACTS_ENTRY, 'contacts') as Contact[];
  const conversations = readArray(entries, CONVERSATIONS_ENTRY, 'conversations') as Conversation[];

  const messages = new Map<string, Message[]>();
  for (const conversation of conversations) {
    if (isPlainObject(conversation) && typeof conversation.id === 'string' && !messages.has(conversation.id)) {
      messages.set(conversation.id, []);
    }
  }
  const locations = new Map<Message, MessageLocation>();
  const messageFiles = Object.keys(entries).filter(isMessagesEntry).sort(compareEntryNames);
  for (const entry of messageFiles) {
    readJsonLines(entries, entry, (value, line) => {
      if (!isPlainObject(value) || typeof value.conversationId !== 'string') {
        throw new ArchiveError(
          'bad-structure',
          `${entry} line ${line} is not a message: each line must be a JSON object with a string "conversationId". The archive is damaged or was not written by Ferry.`,
          { entry, line },
        );
      }
      const message = value as unknown as Message;
      let list = messages.get(message.conversationId);
      if (!list) messages.set(message.conversationId, (list = []));
      list.push(message);
      locations.set(message, { entry, line });
    });
  }

  return { content: { manifest, contacts, conversations, messages }, locations };
}

function isMessagesEntry(name: string): boolean {
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

const AGE_BINARY = 'age-encryption.org/';
const AGE_ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function refuseEncrypted(zip: Uint8Array): void {
  if (startsWithAscii(zip, AGE_BINARY) || startsWithAscii(zip, AGE_ARMOR)) {
    throw new ArchiveError(
      'encrypted',
      'This Ferry archive is still encrypted (it is an age file). Decrypt it first: open it in Ferry with your key, or run `age -d -i KEY_FILE ARCHIVE > archive.zip`.',
    );
  }
}

function unzipEntries(zip: Uint8Array, names: string[]): Record<string, Uint8Array> {
  const wanted = (name: string) =>
    name === MANIFEST_ENTRY || name === CONTACTS_ENTRY || name === CONVERSATIONS_ENTRY || isMessagesEntry(name);
  try {
    return unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        return wanted(file.name);
      },
    });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    if (/compression/i.test(detail)) {
      throw new ArchiveError(
        'not-zip',
        `This zip uses a compression method Ferry cannot read (${detail}). Ferry archives use only "deflate" or "stored"; re-create the zip with standard settings (for example \`zip -r\`).`,
        { cause },
      );
    }
    throw new ArchiveError(
      'not-zip',
      `This file is not a Ferry archive: it is not a zip file, or it is damaged or incomplete (${detail}). If it came from Ferry, copy or download it again.`,
      { cause },
    );
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function entryText(entries: Record<string, Uint8Array>, entry: string): string {
  const bytes = entries[entry]!;
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new ArchiveError(
      'bad-encoding',
      `${entry} is not valid UTF-8 text. Ferry archives are UTF-8 throughout; the archive is damaged or the file was saved in another encoding.`,
      { entry, cause },
    );
  }
}

/** Turns V8's "... at position N" into line/column so a person can find the spot in an editor. */
function jsonErrorPlace(text: string, error: unknown): { line: number; column: number } {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  const offset = position === undefined ? text.length : Math.min(Number(position), text.length);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** `fileLine` is set for JSON Lines, where `text` is a single line of the entry. */
function parseJson(text: string, entry: string, fileLine?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const place = jsonErrorPlace(text, cause);
    const line = fileLine ?? place.line;
    const subject = fileLine === undefined ? entry : `${entry} line ${fileLine}`;
    throw new ArchiveError(
      'bad-json',
      `${subject} is not valid JSON (line ${line}, column ${place.column}: ${detail}). The archive is damaged or was edited by hand; fix that spot or export again.`,
      { entry, line, cause },
    );
  }
}

function readManifest(entries: Record<string, Uint8Array>, names: string[]): Manifest {
  if (!(MANIFEST_ENTRY in entries)) {
    const nested = names.find((n) => n.endsWith(`/${MANIFEST_ENTRY}`));
    const hint = nested
      ? ` There is a ${nested}: the archive's files must be at the top of the zip, not in a folder. Zip the contents of that folder instead of the folder itself.`
      : ' Check that you picked the right file.';
    throw new ArchiveError('not-ferry', `This file is not a Ferry archive: ${MANIFEST_ENTRY} is missing.${hint}`, {
      entry: MANIFEST_ENTRY,
    });
  }
  const manifest = parseJson(entryText(entries, MANIFEST_ENTRY), MANIFEST_ENTRY);
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
      `Archive was written by a newer Ferry (schema ${manifest.schemaVersion}); this version reads ${SUPPORTED_VERSION.major}.x. Update Ferry.`,
      { entry: MANIFEST_ENTRY },
    );
  }
  if (version.major < SUPPORTED_VERSION.major) {
    throw new ArchiveError(
      'unsupported-version',
      `Archive uses the old schema ${manifest.schemaVersion}; this version of Ferry reads only ${SUPPORTED_VERSION.major}.x. Open it with an older Ferry that reads ${version.major}.x.`,
      { entry: MANIFEST_ENTRY },
    );
  }
  return manifest as unknown as Manifest;
}

function readArray(entries: Record<string, Uint8Array>, entry: string, what: string): unknown[] {
  if (!(entry in entries)) {
    throw new ArchiveError(
      'missing-entry',
      `This Ferry archive is incomplete: ${entry} is missing. Export again, or copy the archive again if it was cut short.`,
      { entry },
    );
  }
  const value = parseJson(entryText(entries, entry), entry);
  if (!Array.isArray(value)) {
    throw new ArchiveError(
      'bad-structure',
      `${entry} must hold a JSON array of ${what}, but holds ${value === null ? 'null' : typeof value}. The archive is damaged or was not written by Ferry.`,
      { entry },
    );
  }
  return value;
}

function readJsonLines(
  entries: Record<string, Uint8Array>,
  entry: string,
  onValue: (value: unknown, line: number) => void,
): void {
  const lines = entryText(entries, entry).split('\n');
  lines.forEach((raw, index) => {
    // Blank lines (including the one after the final newline) carry nothing; tolerating
    // them and CRLF costs nothing and spares hand-edited files a confusing error.
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    onValue(parseJson(text, entry, index + 1), index + 1);
  });
}
