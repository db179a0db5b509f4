/**
 * Full validation of an archive against the published JSON Schemas plus the rules a
 * schema cannot express (references, counts, uniqueness, order, attachment files).
 *
 * The schemas are compiled at build time (scripts/build-validators.ts, Ajv standalone), so
 * nothing here needs `new Function` and the module runs in extension pages as well as in Node.
 * Zip input is validated as a stream: memory grows with the number of ids, not of messages.
 */
import type { ErrorObject } from 'ajv';
import attachmentSchema from '../../schemas/attachment.schema.json' with { type: 'json' };
import contactSchema from '../../schemas/contact.schema.json' with { type: 'json' };
import conversationSchema from '../../schemas/conversation.schema.json' with { type: 'json' };
import fidelitySchema from '../../schemas/fidelity.schema.json' with { type: 'json' };
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' };
import messageSchema from '../../schemas/message.schema.json' with { type: 'json' };
import { sha256Hex } from '../model/ids.js';
import type { ArchiveContent, Attachment, Message } from '../model/types.js';
import {
  ArchiveError,
  type ArchiveLimits,
  ATTACHMENTS_DIR,
  CONTACTS_ENTRY,
  CONVERSATIONS_ENTRY,
  FIDELITY_ENTRY,
  MANIFEST_ENTRY,
  MESSAGES_DIR,
  SUPPORTED_VERSION,
  attachmentEntryName,
  messagesEntryName,
  parseSchemaVersion,
} from './layout.js';
import * as compiled from './generated/validators.js';
import { ArchiveReader, type MessageLocation } from './stream.js';
import type { ByteSource, ZipEntry } from './zip-reader.js';

export type EntityName = 'manifest' | 'contact' | 'conversation' | 'message' | 'fidelity' | 'attachment';

export interface EntityError {
  /** JSON Pointer (RFC 6901) into the entity, or into the entry for array files; "" = the whole thing. */
  pointer: string;
  message: string;
}

export interface ValidationError extends EntityError {
  /** File inside the zip, e.g. "messages/00003.jsonl". */
  entry: string;
  /** 1-based line, for JSON Lines entries. */
  line?: number;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
}

export const SCHEMAS = {
  manifest: manifestSchema,
  contact: contactSchema,
  conversation: conversationSchema,
  message: messageSchema,
  fidelity: fidelitySchema,
  attachment: attachmentSchema,
} as const;

interface EntityOptions {
  /** Tolerate properties the schema does not know: the archive is from a newer minor version. */
  allowUnknownProperties?: boolean;
}

/** Checks one entity (e.g. one line of a messages file) against its schema. */
export function validateEntity(
  entity: EntityName,
  value: unknown,
  options: EntityOptions = {},
): { valid: boolean; errors: EntityError[] } {
  const validate = compiled[entity];
  if (validate(value)) return { valid: true, errors: [] };
  const errors = (validate.errors ?? [])
    .filter((e) => !(options.allowUnknownProperties && e.keyword === 'additionalProperties'))
    // The branches of a oneOf each fail in their own way; the oneOf error itself says what is wrong.
    .filter((e) => !e.schemaPath.includes('/oneOf/'))
    .map((e) => ({ pointer: errorPointer(e), message: describe(e) }));
  return { valid: errors.length === 0, errors };
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function errorPointer(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') {
    return `${e.instancePath}/${escapeToken(String(e.params.additionalProperty))}`;
  }
  return e.instancePath;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const FORMAT_HINTS: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time with an offset, e.g. "2024-05-01T09:30:00Z"',
};

/** Ajv's messages name the rule; these also say what was found, which is what a person needs to fix it. */
function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}" (not in schema ${SUPPORTED_VERSION.major}.${SUPPORTED_VERSION.minor})`;
    case 'const':
      return `must be ${shown(p.allowedValue)}, found ${shown(e.data)}`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map(shown).join(', ')}; found ${shown(e.data)}`;
    case 'type':
      return `must be ${String(p.type)}, found ${e.data === null ? 'null' : Array.isArray(e.data) ? 'array' : typeof e.data}`;
    case 'format':
      return `must be ${FORMAT_HINTS[String(p.format)] ?? `a ${String(p.format)}`}; found ${shown(e.data)}`;
    case 'oneOf':
      return 'must have either "path" and "sha256" (the file is in the archive) or "notIncluded" (it is not), not both';
    case 'pattern':
      return `${shown(e.data)} does not match the pattern ${String(p.pattern)}`;
    default:
      return `${e.message ?? 'is invalid'}${e.data === undefined ? '' : `; found ${shown(e.data)}`}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ValidateOptions {
  /** Bounds on the work (zip input): DEFAULT_LIMITS unless given. */
  limits?: Partial<ArchiveLimits>;
  /**
   * Report a 0.x archive's version as fine: `ferry merge` reads such archives on purpose to
   * rewrite them in the current version, so for it the version is not a problem of the input.
   */
  acceptUpgraded?: boolean;
}

/**
 * Errors listed in full before the rest are only counted: an archive of a million broken lines
 * (or a million copies of one line) must not build a million error objects, and reading stops
 * there, since a person fixes the first ones first.
 */
export const MAX_ERRORS = 1000;

/**
 * What the schemas cannot say about the zip itself: names the format would have to trust.
 * Entry names are ASCII with `/` (schemas/README.md section 2); a name that climbs out of the
 * folder it is extracted to (`../`, an absolute path, a drive letter, a backslash that Windows
 * tools read as a separator) or hides characters would be followed by `unzip` or another reader.
 */
function unsafeName(entry: ZipEntry): string | undefined {
  const raw = entry.rawName;
  if (raw.length === 0) return 'the name is empty';
  for (const byte of raw) {
    if (byte < 0x20 || byte === 0x7f) return 'the name holds a control character';
    if (byte > 0x7e) return 'the name is not ASCII (Ferry archives name their entries in ASCII)';
  }
  const name = entry.name;
  if (name.includes('\\')) return 'the name holds a backslash, which Windows tools read as a folder separator';
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'the name starts with a drive letter';
  if (name.split('/').some((segment) => segment === '..')) return 'the name climbs out of the folder with ".."';
  return undefined;
}

function containerErrors(reader: ArchiveReader, errors: ErrorList): void {
  const seen = new Set<string>();
  for (const entry of reader.zipEntries) {
    const shownName = JSON.stringify(entry.name);
    const unsafe = unsafeName(entry);
    if (unsafe) errors.push({ entry: entry.name, pointer: '', message: `unsafe entry name ${shownName}: ${unsafe}; a tool extracting the zip could write outside its folder or show another name` });
    if (seen.has(entry.name)) errors.push({ entry: entry.name, pointer: '', message: `the zip holds ${shownName} twice; tools disagree on which one counts` });
    seen.add(entry.name);
  }
}

/** A bounded list: past MAX_ERRORS it counts instead of keeping, and says so once at the end. */
class ErrorList {
  readonly list: ValidationError[] = [];
  dropped = 0;
  push(error: ValidationError): void {
    if (this.list.length < MAX_ERRORS) this.list.push(error);
    else this.dropped++;
  }
  get full(): boolean {
    return this.list.length >= MAX_ERRORS;
  }
  result(): ValidationResult {
    const errors = this.list;
    if (this.full) {
      const more = this.dropped > 0 ? `${this.dropped.toLocaleString('en-US')} more errors were found while stopping` : 'more errors may follow';
      errors.push({ entry: '', pointer: '', message: `stopped after ${MAX_ERRORS} errors: the rest of the archive was not checked (${more}). Fix these first, or export again.` });
    }
    return { valid: errors.length === 0, errors };
  }
}

function fromArchiveError(error: ArchiveError): ValidationError {
  return {
    entry: error.entry ?? '',
    ...(error.line === undefined ? {} : { line: error.line }),
    pointer: error.pointer ?? '',
    message: error.message,
  };
}

/**
 * Validates an archive: an in-memory ArchiveContent, or zip bytes / a ByteSource (then line
 * numbers are those of the actual files, messages are checked as they stream by, and
 * container problems come back as errors instead of exceptions: a messages file that cannot be
 * read is reported and the next one is checked).
 */
export function validateArchive(input: ArchiveContent | Uint8Array | ByteSource, options: ValidateOptions = {}): ValidationResult {
  if (input instanceof Uint8Array || !('manifest' in input)) {
    const errors = new ErrorList();
    let reader: ArchiveReader;
    try {
      reader = ArchiveReader.open(input, options.limits ? { limits: options.limits } : {});
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      errors.push(fromArchiveError(error));
      return errors.result();
    }
    containerErrors(reader, errors);
    const checker = new Checker(reader, errors);
    if (reader.upgradedFrom && !options.acceptUpgraded) {
      errors.push({
        entry: MANIFEST_ENTRY,
        pointer: '/schemaVersion',
        message: `schema ${reader.upgradedFrom} is the pre-release format: Ferry still reads it, but it is not a valid ${SUPPORTED_VERSION.major}.x archive. Rewrite it with \`ferry merge FILE -o NEW\`.`,
      });
    }
    for (const entry of reader.messageEntries()) {
      if (errors.full) break;
      try {
        for (const { message, location } of reader.messagesIn(entry)) {
          checker.message(message, location, location.entry);
          if (errors.full) break;
        }
      } catch (error) {
        if (!(error instanceof ArchiveError)) throw error;
        errors.push(fromArchiveError(error));
        // Its messages could not all be counted: the count in the manifest cannot be checked.
        checker.messagesUnread = true;
      }
    }
    const present = new Map<string, number | undefined>();
    for (const hash of reader.attachmentHashes()) {
      if (errors.full) break;
      try {
        const bytes = reader.attachment(hash)!;
        present.set(hash, checkHash(hash, bytes, errors) ? bytes.length : undefined);
      } catch (error) {
        if (!(error instanceof ArchiveError)) throw error;
        errors.push(fromArchiveError(error));
        present.set(hash, undefined);
      }
    }
    if (!errors.full) checker.finish(present);
    return errors.result();
  }
  const errors = new ErrorList();
  const checker = new Checker(input, errors);
  for (const [key, list] of input.messages) {
    const index = checker.conversationIndex.get(key);
    list.forEach((message, i) => {
      // In-memory content has no files yet: report where the writer would put the message.
      const where = index === undefined ? { entry: MESSAGES_DIR } : { entry: messagesEntryName(index), line: i + 1 };
      checker.message(message, where, key);
    });
  }
  const present = new Map<string, number | undefined>();
  for (const [hash, bytes] of input.attachments ?? []) present.set(hash, checkHash(hash, bytes, errors) ? bytes.length : undefined);
  checker.finish(present);
  return errors.result();
}

/** Attachments are addressed by content: a file whose bytes do not hash to its name is damaged. */
function checkHash(hash: string, bytes: Uint8Array, errors: ErrorList): boolean {
  const actual = sha256Hex(bytes);
  if (actual === hash) return true;
  errors.push({ entry: attachmentEntryName(hash), pointer: '', message: `the file's SHA-256 is ${actual}, not the ${hash} its name says; it is damaged` });
  return false;
}

type Where = { entry: string; line?: number };

/** The rules beyond the schemas, fed one message at a time so zip input can stream. */
class Checker {
  readonly conversationIndex = new Map<string, number>();
  private readonly contactIds = new Map<string, number>();
  private readonly messageIds = new Map<string, string>();
  /** Attachment paths referenced, with the first place each was referenced. */
  private readonly referenced = new Map<string, { where: Where; pointer: string }>();
  /** Declared sizes of attachments whose file is in the archive, each checked against the file at the end. */
  private readonly declaredSizes: { path: string; size: number; where: Where; pointer: string }[] = [];
  private readonly entityOptions: EntityOptions;
  private readonly manifest: unknown;
  private messageCount = 0;
  private group: string | undefined;
  private previous: { timestamp: string; instant: number } | undefined;

  constructor(
    header: Pick<ArchiveContent, 'manifest' | 'contacts' | 'conversations' | 'fidelity'>,
    private readonly errors: ErrorList,
  ) {
    const { manifest, contacts, conversations } = header;
    this.manifest = manifest;
    this.contactCount = contacts.length;
    this.conversationCount = conversations.length;
    const version = isObject(manifest) ? parseSchemaVersion(manifest.schemaVersion) : undefined;
    const newerMinor =
      version !== undefined && version.major === SUPPORTED_VERSION.major && version.minor > SUPPORTED_VERSION.minor;
    this.entityOptions = { allowUnknownProperties: newerMinor };
    for (const e of validateEntity('manifest', manifest, this.entityOptions).errors) errors.push({ entry: MANIFEST_ENTRY, ...e });
    if (version && version.major !== SUPPORTED_VERSION.major) {
      errors.push({
        entry: MANIFEST_ENTRY,
        pointer: '/schemaVersion',
        message: `schema ${version.major}.${version.minor} is not readable by this validator, which knows ${SUPPORTED_VERSION.major}.x only`,
      });
    }

    if (isObject(manifest) && Array.isArray(manifest.sources)) {
      manifest.sources.forEach((source, i) => {
        const avatar = isObject(source) && isObject(source.profile) ? source.profile.avatar : undefined;
        if (isObject(avatar)) this.reference(avatar as unknown as Attachment, { entry: MANIFEST_ENTRY }, `/sources/${i}/profile/avatar`);
      });
    }
    contacts.forEach((contact, i) => {
      for (const e of validateEntity('contact', contact, this.entityOptions).errors) {
        errors.push({ entry: CONTACTS_ENTRY, pointer: `/${i}${e.pointer}`, message: e.message });
      }
      if (!isObject(contact)) return;
      if (typeof contact.id === 'string') {
        const first = this.contactIds.get(contact.id);
        if (first !== undefined) {
          errors.push({
            entry: CONTACTS_ENTRY,
            pointer: `/${i}/id`,
            message: `duplicate contact id ${shown(contact.id)} (also at /${first}/id); ids must be unique`,
          });
        } else this.contactIds.set(contact.id, i);
      }
      if (isObject(contact.avatar)) this.reference(contact.avatar as unknown as Attachment, { entry: CONTACTS_ENTRY }, `/${i}/avatar`);
    });

    const sourceAccounts = new Set(
      isObject(manifest) && Array.isArray(manifest.sources) ? manifest.sources.filter(isObject).map((s) => s.account) : [],
    );
    conversations.forEach((conversation, i) => {
      for (const e of validateEntity('conversation', conversation, this.entityOptions).errors) {
        errors.push({ entry: CONVERSATIONS_ENTRY, pointer: `/${i}${e.pointer}`, message: e.message });
      }
      if (!isObject(conversation)) return;
      if (typeof conversation.id === 'string') {
        const first = this.conversationIndex.get(conversation.id);
        if (first !== undefined) {
          errors.push({
            entry: CONVERSATIONS_ENTRY,
            pointer: `/${i}/id`,
            message: `duplicate conversation id ${shown(conversation.id)} (also at /${first}/id); ids must be unique`,
          });
        } else this.conversationIndex.set(conversation.id, i);
      }
      if (typeof conversation.source === 'string' && !sourceAccounts.has(conversation.source)) {
        errors.push({
          entry: CONVERSATIONS_ENTRY,
          pointer: `/${i}/source`,
          message: `source ${shown(conversation.source)} is not the account of any of the manifest's sources`,
        });
      }
      if (Array.isArray(conversation.participants)) {
        conversation.participants.forEach((participant: unknown, j: number) => {
          if (isObject(participant) && typeof participant.contactId === 'string' && !this.contactIds.has(participant.contactId)) {
            errors.push({
              entry: CONVERSATIONS_ENTRY,
              pointer: `/${i}/participants/${j}/contactId`,
              message: `contactId ${shown(participant.contactId)} is not the id of any contact in ${CONTACTS_ENTRY}`,
            });
          }
        });
      }
    });

    (header.fidelity ?? []).forEach((note, i) => {
      for (const e of validateEntity('fidelity', note, this.entityOptions).errors) {
        errors.push({ entry: FIDELITY_ENTRY, pointer: `/${i}${e.pointer}`, message: e.message });
      }
      if (isObject(note) && note.stage === 'export' && typeof note.account === 'string' && !sourceAccounts.has(note.account)) {
        errors.push({
          entry: FIDELITY_ENTRY,
          pointer: `/${i}/account`,
          message: `account ${shown(note.account)} of an export note is not the account of any of the manifest's sources`,
        });
      }
    });
  }

  private reference(attachment: Attachment, where: Where, pointer: string): void {
    if (typeof attachment.size === 'number' && attachment.size > Number.MAX_SAFE_INTEGER) {
      this.errors.push({ ...where, pointer: `${pointer}/size`, message: `size ${shown(attachment.size)} is no file's size (more than 2^53 - 1 bytes)` });
    }
    if (typeof attachment.path !== 'string') return;
    if (typeof attachment.size === 'number') this.declaredSizes.push({ path: attachment.path, size: attachment.size, where, pointer: `${pointer}/size` });
    if (typeof attachment.sha256 === 'string' && attachment.path !== attachmentEntryName(attachment.sha256)) {
      this.errors.push({ ...where, pointer: `${pointer}/path`, message: `path ${shown(attachment.path)} must be "${ATTACHMENTS_DIR}" followed by its sha256` });
    }
    if (!this.referenced.has(attachment.path)) this.referenced.set(attachment.path, { where, pointer: `${pointer}/path` });
  }

  /** `group`: what the message is filed under (its file for zip input, its Map key in memory); order is checked within it. */
  message(message: Message, where: Where, group: string): void {
    const errors = this.errors;
    this.messageCount++;
    const at = where.line === undefined ? `${where.entry}` : `${where.entry} line ${where.line}`;
    for (const e of validateEntity('message', message, this.entityOptions).errors) errors.push({ ...where, ...e });
    if (!isObject(message)) return;
    const m = message as unknown as Record<string, unknown>;

    if (typeof m.conversationId === 'string') {
      const index = this.conversationIndex.get(m.conversationId);
      if (index === undefined) {
        errors.push({
          ...where,
          pointer: '/conversationId',
          message: `conversationId ${shown(m.conversationId)} is not the id of any conversation in ${CONVERSATIONS_ENTRY}`,
        });
      } else if (where.entry !== messagesEntryName(index)) {
        errors.push({
          ...where,
          pointer: '/conversationId',
          message: `belongs to conversation ${index + 1} of ${CONVERSATIONS_ENTRY}, whose messages go in ${messagesEntryName(index)}`,
        });
      }
    }

    if (typeof m.id === 'string') {
      const first = this.messageIds.get(m.id);
      if (first !== undefined) {
        errors.push({ ...where, pointer: '/id', message: `duplicate message id ${shown(m.id)} (also at ${first}); ids must be unique in the archive` });
      } else this.messageIds.set(m.id, at);
    }

    if (group !== this.group) {
      this.group = group;
      this.previous = undefined;
    }
    if (typeof m.timestamp === 'string') {
      const instant = Date.parse(m.timestamp);
      if (this.previous && instant < this.previous.instant) {
        errors.push({
          ...where,
          pointer: '/timestamp',
          message: `out of time order: ${shown(m.timestamp)} is earlier than the previous message's ${shown(this.previous.timestamp)}`,
        });
      }
      if (!Number.isNaN(instant)) this.previous = { timestamp: m.timestamp, instant };
    }

    if (Array.isArray(m.attachments)) {
      m.attachments.forEach((a: unknown, i: number) => {
        if (isObject(a)) this.reference(a as unknown as Attachment, where, `/attachments/${i}`);
      });
    }
  }

  /** Set when a messages file could not be read to its end. */
  messagesUnread = false;

  /** `present`: hashes of the attachment files the archive holds, with their sizes (undefined: damaged, size unknown). */
  finish(present: Map<string, number | undefined>): void {
    for (const [path, { where, pointer }] of this.referenced) {
      if (!present.has(path.slice(ATTACHMENTS_DIR.length))) {
        this.errors.push({ ...where, pointer, message: `${path} is referenced but not in the archive; if the file was left out, say so with "notIncluded"` });
      }
    }
    for (const { path, size, where, pointer } of this.declaredSizes) {
      const actual = present.get(path.slice(ATTACHMENTS_DIR.length));
      if (actual !== undefined && actual !== size) {
        this.errors.push({ ...where, pointer, message: `size is ${shown(size)} but ${path} holds ${actual.toLocaleString('en-US')} bytes` });
      }
    }
    const manifest = this.manifest;
    if (isObject(manifest) && isObject(manifest.counts)) {
      // Elements, not distinct ids: duplicates are reported on their own.
      const actual = { contacts: this.contactCount, conversations: this.conversationCount, messages: this.messageCount, attachments: present.size };
      for (const key of ['contacts', 'conversations', 'messages', 'attachments'] as const) {
        const claimed = manifest.counts[key];
        const real = actual[key];
        if (key === 'messages' && this.messagesUnread) continue;
        if (typeof claimed === 'number' && claimed !== real) {
          this.errors.push({ entry: MANIFEST_ENTRY, pointer: `/counts/${key}`, message: `counts.${key} is ${claimed} but the archive holds ${real}` });
        }
      }
    }
  }

  private contactCount = 0;
  private conversationCount = 0;
}
