/**
 * Full validation of an archive against the published JSON Schemas plus the rules a
 * schema cannot express (references, counts, uniqueness, order).
 *
 * Node-side only (CLI, tests): Ajv compiles validators with `new Function`, which an
 * extension page's content security policy forbids. The browser relies on readArchive's
 * structural checks.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import contactSchema from '../../schemas/contact.schema.json' with { type: 'json' };
import conversationSchema from '../../schemas/conversation.schema.json' with { type: 'json' };
import manifestSchema from '../../schemas/manifest.schema.json' with { type: 'json' };
import messageSchema from '../../schemas/message.schema.json' with { type: 'json' };
import { countOf, type ArchiveContent, type Message } from '../model/types.js';
import {
  ArchiveError,
  CONTACTS_ENTRY,
  CONVERSATIONS_ENTRY,
  MANIFEST_ENTRY,
  MESSAGES_DIR,
  SUPPORTED_VERSION,
  messagesEntryName,
  parseSchemaVersion,
  readArchiveDetailed,
  type MessageLocation,
} from './container.js';

export type EntityName = 'manifest' | 'contact' | 'conversation' | 'message';

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
} as const;

let compiled: Record<EntityName, ValidateFunction> | undefined;

function validators(): Record<EntityName, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
    addFormats(ajv);
    compiled = {
      manifest: ajv.compile(manifestSchema),
      contact: ajv.compile(contactSchema),
      conversation: ajv.compile(conversationSchema),
      message: ajv.compile(messageSchema),
    };
  }
  return compiled;
}

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
  const validate = validators()[entity];
  if (validate(value)) return { valid: true, errors: [] };
  const errors = (validate.errors ?? [])
    .filter((e) => !(options.allowUnknownProperties && e.keyword === 'additionalProperties'))
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
    case 'pattern':
      return `${shown(e.data)} does not match the pattern ${String(p.pattern)}`;
    default:
      return `${e.message ?? 'is invalid'}${e.data === undefined ? '' : `; found ${shown(e.data)}`}`;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates an archive: an in-memory ArchiveContent, or zip bytes (then line numbers are
 * those of the actual files, and container problems come back as a single error instead
 * of an exception).
 */
export function validateArchive(input: ArchiveContent | Uint8Array): ValidationResult {
  if (input instanceof Uint8Array) {
    let read;
    try {
      read = readArchiveDetailed(input);
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error;
      return {
        valid: false,
        errors: [
          {
            entry: error.entry ?? '',
            ...(error.line === undefined ? {} : { line: error.line }),
            pointer: '',
            message: error.message,
          },
        ],
      };
    }
    return validateContent(read.content, (m) => read.locations.get(m));
  }
  return validateContent(input);
}

function validateContent(
  content: ArchiveContent,
  locate?: (message: Message) => MessageLocation | undefined,
): ValidationResult {
  const errors: ValidationError[] = [];
  const { manifest, contacts, conversations, messages } = content;

  // --- manifest
  const version = isObject(manifest) ? parseSchemaVersion(manifest.schemaVersion) : undefined;
  const newerMinor =
    version !== undefined && version.major === SUPPORTED_VERSION.major && version.minor > SUPPORTED_VERSION.minor;
  const entityOptions: EntityOptions = { allowUnknownProperties: newerMinor };
  for (const e of validateEntity('manifest', manifest, entityOptions).errors) {
    errors.push({ entry: MANIFEST_ENTRY, ...e });
  }
  if (version && version.major !== SUPPORTED_VERSION.major) {
    errors.push({
      entry: MANIFEST_ENTRY,
      pointer: '/schemaVersion',
      message: `schema ${version.major}.${version.minor} is not readable by this validator, which knows ${SUPPORTED_VERSION.major}.x only`,
    });
  }

  // --- contacts
  const contactIds = new Map<string, number>();
  contacts.forEach((contact, i) => {
    for (const e of validateEntity('contact', contact, entityOptions).errors) {
      errors.push({ entry: CONTACTS_ENTRY, pointer: `/${i}${e.pointer}`, message: e.message });
    }
    if (!isObject(contact) || typeof contact.id !== 'string') return;
    const first = contactIds.get(contact.id);
    if (first !== undefined) {
      errors.push({
        entry: CONTACTS_ENTRY,
        pointer: `/${i}/id`,
        message: `duplicate contact id ${shown(contact.id)} (also at /${first}/id); ids must be unique`,
      });
    } else contactIds.set(contact.id, i);
  });

  // --- conversations
  const sourceAccounts = new Set(
    isObject(manifest) && Array.isArray(manifest.sources)
      ? manifest.sources.filter(isObject).map((s) => s.account)
      : [],
  );
  const conversationIndex = new Map<string, number>();
  conversations.forEach((conversation, i) => {
    for (const e of validateEntity('conversation', conversation, entityOptions).errors) {
      errors.push({ entry: CONVERSATIONS_ENTRY, pointer: `/${i}${e.pointer}`, message: e.message });
    }
    if (!isObject(conversation)) return;
    if (typeof conversation.id === 'string') {
      const first = conversationIndex.get(conversation.id);
      if (first !== undefined) {
        errors.push({
          entry: CONVERSATIONS_ENTRY,
          pointer: `/${i}/id`,
          message: `duplicate conversation id ${shown(conversation.id)} (also at /${first}/id); ids must be unique`,
        });
      } else conversationIndex.set(conversation.id, i);
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
        if (isObject(participant) && typeof participant.contactId === 'string' && !contactIds.has(participant.contactId)) {
          errors.push({
            entry: CONVERSATIONS_ENTRY,
            pointer: `/${i}/participants/${j}/contactId`,
            message: `contactId ${shown(participant.contactId)} is not the id of any contact in ${CONTACTS_ENTRY}`,
          });
        }
      });
    }
  });

  // --- messages
  const messageIds = new Map<string, string>();
  for (const [key, list] of messages) {
    const index = conversationIndex.get(key);
    list.forEach((message, i) => {
      // In-memory content has no files yet: report where the writer would put the message.
      const where: { entry: string; line?: number } =
        locate?.(message) ?? (index === undefined ? { entry: MESSAGES_DIR } : { entry: messagesEntryName(index), line: i + 1 });
      const at = where.line === undefined ? `${where.entry}` : `${where.entry} line ${where.line}`;
      for (const e of validateEntity('message', message, entityOptions).errors) errors.push({ ...where, ...e });
      if (index !== undefined && where.entry !== messagesEntryName(index)) {
        errors.push({
          ...where,
          pointer: '/conversationId',
          message: `belongs to conversation ${index + 1} of ${CONVERSATIONS_ENTRY}, whose messages go in ${messagesEntryName(index)}`,
        });
      }
      if (!isObject(message)) return;
      const m = message as unknown as Record<string, unknown>;

      if (typeof m.conversationId === 'string') {
        if (!conversationIndex.has(m.conversationId)) {
          errors.push({
            ...where,
            pointer: '/conversationId',
            message: `conversationId ${shown(m.conversationId)} is not the id of any conversation in ${CONVERSATIONS_ENTRY}`,
          });
        } else if (m.conversationId !== key) {
          errors.push({
            ...where,
            pointer: '/conversationId',
            message: `message is filed under conversation ${shown(key)} but its conversationId is ${shown(m.conversationId)}`,
          });
        }
      }

      if (typeof m.id === 'string') {
        const first = messageIds.get(m.id);
        if (first !== undefined) {
          errors.push({ ...where, pointer: '/id', message: `duplicate message id ${shown(m.id)} (also at ${first}); ids must be unique in the archive` });
        } else messageIds.set(m.id, at);
      }

      if (i > 0 && typeof m.timestamp === 'string') {
        const previous = list[i - 1] as unknown as Record<string, unknown>;
        const now = Date.parse(m.timestamp);
        const before = typeof previous?.timestamp === 'string' ? Date.parse(previous.timestamp) : NaN;
        if (now < before) {
          errors.push({
            ...where,
            pointer: '/timestamp',
            message: `out of time order: ${shown(m.timestamp)} is earlier than the previous message's ${shown(previous.timestamp)}`,
          });
        }
      }
    });
  }

  // --- counts
  if (isObject(manifest) && isObject(manifest.counts)) {
    const actual = countOf(content);
    for (const key of ['contacts', 'conversations', 'messages'] as const) {
      const claimed = manifest.counts[key];
      if (typeof claimed === 'number' && claimed !== actual[key]) {
        errors.push({
          entry: MANIFEST_ENTRY,
          pointer: `/counts/${key}`,
          message: `counts.${key} is ${claimed} but the archive holds ${actual[key]}`,
        });
      }
    }
  }

  return { valid: errors.length === 0, errors };
}
