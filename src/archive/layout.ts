/**
 * What the archive's reader and writer share: entry names, versions, the schema's key order and
 * ArchiveError. schemas/README.md is the normative description of the container; container.ts
 * (whole archives in memory) and stream.ts (large archives, streamed) both build on this file,
 * and neither imports the other's internals.
 */
import {
  SCHEMA_VERSION,
  type Attachment,
  type Contact,
  type Conversation,
  type Counts,
  type Edit,
  type FidelityNote,
  type LabelledValue,
  type Manifest,
  type Message,
  type OwnProfile,
  type Participant,
  type Reaction,
  type Source,
  type StructuredName,
  type TextEntity,
  type TimeZoneFacts,
} from '../model/types.js';

export const MANIFEST_ENTRY = 'manifest.json';
export const CONTACTS_ENTRY = 'contacts.json';
export const CONVERSATIONS_ENTRY = 'conversations.json';
export const FIDELITY_ENTRY = 'fidelity.json';
export const MESSAGES_DIR = 'messages/';
export const ATTACHMENTS_DIR = 'attachments/';

/** Entry name of an attachment's bytes: content-addressed, so identical files are stored once. */
export function attachmentEntryName(sha256: string): string {
  return `${ATTACHMENTS_DIR}${sha256}`;
}

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
  | 'inconsistent'
  /** Past one of ArchiveLimits: a zip bomb, or damage; checked before the memory is spent. */
  | 'too-large';

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
  /** JSON Pointer (RFC 6901) into the entry's JSON (or the line's), when known. */
  readonly pointer?: string;

  constructor(code: ArchiveErrorCode, message: string, where: { entry?: string; line?: number; pointer?: string; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.code = code;
    if (where.entry !== undefined) this.entry = where.entry;
    if (where.line !== undefined) this.line = where.line;
    if (where.pointer !== undefined) this.pointer = where.pointer;
  }
}

// ---------------------------------------------------------------------------
// Limits

/**
 * How much work any archive may ask of a reader, so that a small hostile file (a zip bomb, a
 * line without end, JSON nested a hundred thousand deep) ends in a clear error within seconds
 * instead of exhausting memory. Sizes are checked against the zip's central directory before
 * anything is inflated, and inflating never goes past what the directory declared
 * (zip-reader.ts), so the declared figures bound the real ones.
 *
 * The defaults sit far above what real exports need: schemas/README.md already limits an entry
 * to 4 GiB (no Zip64); deflated JSON text of real chats compresses 4-20x, about 30x for the most
 * repetitive synthetic data Ferry's own tests write.
 */
export interface ArchiveLimits {
  /** Inflated bytes of one messages file or attachment. */
  entryBytes: number;
  /** Inflated bytes of manifest.json, contacts.json, conversations.json or fidelity.json: each is parsed whole, in memory. */
  headerEntryBytes: number;
  /** Inflated bytes of all entries together. */
  totalBytes: number;
  /** Inflated bytes per compressed byte, for an entry (and for the whole zip) inflating past `ratioFloor`. */
  ratio: number;
  ratioFloor: number;
  /** UTF-16 units in one line of a messages file (one message). */
  lineChars: number;
  /** Nesting of arrays and objects in any JSON value. Ferry's deepest is 5. */
  depth: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  entryBytes: 0xffff_ffff,
  headerEntryBytes: 256 * 1024 * 1024,
  totalBytes: 32 * 1024 * 1024 * 1024,
  ratio: 100,
  ratioFloor: 1024 * 1024,
  lineChars: 64 * 1024 * 1024,
  depth: 64,
};

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;
/** "4 GiB", "256 MiB", "2.5 GiB", "70,000 bytes": a size as a person reads it. */
export function shownSize(bytes: number): string {
  const round = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1).replace(/\.0$/, ''));
  if (bytes >= GIB - 1) return `${round(bytes / GIB)} GiB`;
  if (bytes >= MIB) return `${round(bytes / MIB)} MiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** The wording every limit error ends with: what it most likely is, and what to do. */
export const NOT_AN_ARCHIVE = 'this is not a Ferry archive or it is damaged (Ferry stops here rather than spend the memory). If it came from Ferry, copy or export it again.';

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

const TIME_ZONE_ORDER = { status: 'value', zone: 'value' } as const satisfies RulesFor<TimeZoneFacts>;


const COUNTS_ORDER = {
  contacts: 'value',
  conversations: 'value',
  messages: 'value',
  attachments: 'value',
} as const satisfies RulesFor<Counts>;

const ATTACHMENT_ORDER = {
  fileName: 'value',
  mediaType: 'value',
  size: 'value',
  sha256: 'value',
  path: 'value',
  notIncluded: { reason: 'value', detail: 'value' } satisfies RulesFor<NonNullable<Attachment['notIncluded']>>,
} as const satisfies RulesFor<Attachment>;

const NAME_ORDER = {
  family: 'value',
  given: 'value',
  additional: 'value',
  prefix: 'value',
  suffix: 'value',
  phoneticFamily: 'value',
  phoneticGiven: 'value',
} as const satisfies RulesFor<StructuredName>;

const LABELLED_ORDER = { value: 'value', types: 'value', label: 'value' } as const satisfies RulesFor<LabelledValue>;

const PROFILE_ORDER = {
  displayName: 'value',
  name: NAME_ORDER,
  phones: LABELLED_ORDER,
  emails: LABELLED_ORDER,
  avatar: ATTACHMENT_ORDER,
} as const satisfies RulesFor<OwnProfile>;

const SOURCE_ORDER = {
  service: 'value',
  account: 'value',
  exportedAt: 'value',
  method: 'value',
  timeZone: TIME_ZONE_ORDER,
  profile: PROFILE_ORDER,
} as const satisfies RulesFor<Source>;

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
  name: NAME_ORDER,
  handles: 'value',
  phones: LABELLED_ORDER,
  emails: LABELLED_ORDER,
  avatar: ATTACHMENT_ORDER,
  groups: 'value',
  favourite: 'value',
  blocked: 'value',
  subscription: 'value',
  notes: 'value',
  sourceIds: 'sortedKeys',
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
  sourceIds: 'sortedKeys',
} as const satisfies RulesFor<Conversation>;

const MESSAGE_ORDER = {
  id: 'value',
  conversationId: 'value',
  sender: 'value',
  timestamp: 'value',
  wallClock: 'value',
  kind: 'value',
  text: 'value',
  entities: { type: 'value', offset: 'value', length: 'value', url: 'value', handle: 'value' } satisfies RulesFor<TextEntity>,
  mentions: 'value',
  replyTo: 'value',
  forwardedFrom: { sender: 'value', name: 'value', timestamp: 'value' } satisfies RulesFor<NonNullable<Message['forwardedFrom']>>,
  edits: { timestamp: 'value', text: 'value' } satisfies RulesFor<Edit>,
  reactions: { emoji: 'value', sender: 'value', timestamp: 'value' } satisfies RulesFor<Reaction>,
  attachments: ATTACHMENT_ORDER,
  call: { durationSeconds: 'value', video: 'value', outcome: 'value' } satisfies RulesFor<NonNullable<Message['call']>>,
  poll: {
    question: 'value',
    options: { text: 'value', votes: 'value' },
  } satisfies RulesFor<NonNullable<Message['poll']>>,
  location: { latitude: 'value', longitude: 'value', name: 'value' } satisfies RulesFor<NonNullable<Message['location']>>,
  contactCard: { displayName: 'value', handles: 'value' } satisfies RulesFor<NonNullable<Message['contactCard']>>,
  sourceIds: 'sortedKeys',
} as const satisfies RulesFor<Message>;

const FIDELITY_ORDER = {
  stage: 'value',
  account: 'value',
  item: 'value',
  count: 'value',
  reason: 'value',
  at: 'value',
} as const satisfies RulesFor<FidelityNote>;

export const KEY_ORDER = {
  manifest: MANIFEST_ORDER,
  contact: CONTACT_ORDER,
  conversation: CONVERSATION_ORDER,
  message: MESSAGE_ORDER,
  fidelity: FIDELITY_ORDER,
  attachment: ATTACHMENT_ORDER,
} as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compact JSON of `value` with keys in rule order: the same text as
 * JSON.stringify(orderKeys(value, rule)), without building the reordered copy first; this is
 * the writer's inner loop for every message line.
 */
export function orderedJson(value: unknown, rule: KeyRule): string {
  // Exporters usually build objects in schema order already; then plain JSON.stringify (native,
  // about 3x faster) gives exactly the same text, and checking the order is cheap. Otherwise a
  // reordered copy (plain objects, in-order parts shared) goes through JSON.stringify once,
  // which cost about a third of building the text piece by piece.
  if (inOrder(value, rule)) return JSON.stringify(value) ?? 'null';
  return JSON.stringify(reordered(value, rule)) ?? 'null';
}

type ObjectRule = { readonly [key: string]: KeyRule };

/** What the order check needs of an object rule, computed once per rule. */
interface RuleFacts {
  readonly at: Map<string, number>;
  /**
   * Key sequences already proven in order, with each key's rule: messages of one exporter share a
   * few shapes, and comparing Object.keys against a known shape (the same interned strings) costs
   * a fraction of looking every key up.
   */
  readonly shapes: { keys: readonly string[]; rules: readonly KeyRule[] }[];
}

const facts = new WeakMap<object, RuleFacts>();
const SHAPES = 8;

function factsOf(rule: ObjectRule): RuleFacts {
  let found = facts.get(rule);
  if (!found) facts.set(rule, (found = { at: new Map(Object.keys(rule).map((k, i) => [k, i])), shapes: [] }));
  return found;
}

function isPlainPrototype(object: object): boolean {
  const proto: unknown = Object.getPrototypeOf(object);
  return proto === Object.prototype || proto === null;
}

/** True when `value`'s keys already follow `rule` all the way down (and it has no keys the rule does not know). */
function inOrder(value: unknown, rule: KeyRule): boolean {
  if (rule === 'value' || typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!inOrder(value[i], rule)) return false;
    return true;
  }
  if (!isPlainPrototype(value)) return false;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (rule === 'sortedKeys') {
    for (let i = 1; i < keys.length; i++) if (keys[i - 1]! >= keys[i]!) return false;
    return true;
  }
  const shape = knownShape(keys, rule);
  if (!shape) return false;
  const rules = shape.rules;
  for (let i = 0; i < keys.length; i++) {
    const inner = rules[i]!;
    if (inner !== 'value' && !inOrder(object[keys[i]!], inner)) return false;
  }
  return true;
}

/** The cached shape equal to `keys`, or a new one when `keys` is in rule order; undefined when it is not. */
function knownShape(keys: readonly string[], rule: ObjectRule): RuleFacts['shapes'][number] | undefined {
  const { at, shapes } = factsOf(rule);
  next: for (let s = 0; s < shapes.length; s++) {
    const known = shapes[s]!.keys;
    if (known.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (known[i] !== keys[i]) continue next;
    return shapes[s];
  }
  let last = -1;
  for (const key of keys) {
    const position = at.get(key);
    if (position === undefined || position <= last) return undefined;
    last = position;
  }
  const shape = { keys: keys.slice(), rules: keys.map((k) => rule[k]!) };
  if (shapes.length >= SHAPES) shapes.shift();
  shapes.push(shape);
  return shape;
}

/**
 * A value whose JSON.stringify is that of orderKeys(value, rule): parts already in order are
 * used as they are, objects with only known keys are rebuilt as plain objects (fast to
 * stringify; no rule key is "__proto__"), anything else goes through orderKeys itself.
 */
function reordered(value: unknown, rule: KeyRule): unknown {
  if (rule === 'value' || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return inOrder(value, rule) ? value : value.map((item) => reordered(item, rule));
  if (inOrder(value, rule)) return value;
  if (rule === 'sortedKeys' || !isPlainPrototype(value)) return orderKeys(value, rule);
  const object = value as Record<string, unknown>;
  const { at } = factsOf(rule);
  for (const key of Object.keys(object)) if (!at.has(key)) return orderKeys(value, rule);
  const out: Record<string, unknown> = {};
  for (const key in rule) {
    if (!Object.hasOwn(object, key)) continue;
    const v = object[key];
    if (v !== undefined) out[key] = reordered(v, rule[key]!);
  }
  return out;
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
