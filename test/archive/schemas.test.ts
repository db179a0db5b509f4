import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KEY_ORDER, type KeyRule } from '../../src/archive/layout.js';
import { SCHEMAS } from '../../src/archive/validate.js';
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
} from '../../src/model/types.js';
import { SCHEMAS_DIR } from './fixtures.js';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  $defs?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
};

/**
 * Marks each property of T as required or optional. The compiler rejects a missing,
 * extra or wrongly marked property, so these lists cannot drift from types.ts; the tests
 * below hold the schemas to them.
 */
type Presence<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? 'optional' : 'required' };
const presence = <T>(spec: Presence<T>) => spec as Record<string, 'optional' | 'required'>;

const MAJOR = SCHEMA_VERSION.split('.')[0];

function resolve(root: Schema, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  // Other files are referred to by their name relative to the $id, e.g. "attachment.schema.json".
  // or "contact.schema.json#/$defs/structuredName" for a definition in another file.
  const other = /^([a-z]+)\.schema\.json(?:#\/\$defs\/(.+))?$/.exec(schema.$ref);
  if (other) {
    const file = SCHEMAS[other[1] as keyof typeof SCHEMAS] as Schema;
    const target = other[2] ? file.$defs?.[other[2]] : file;
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return target;
  }
  const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
  const target = name ? root.$defs?.[name] : undefined;
  if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
  return target;
}

/** The object schema reached by following property names (through arrays) from the root. */
function objectAt(root: Schema, path: string[]): Schema {
  let schema = root;
  for (const key of path) {
    schema = resolve(root, schema.properties![key]!);
    if (schema.type === 'array') schema = resolve(root, schema.items!);
  }
  return schema;
}

const TYPE_MODEL: [string, Schema, string[], Record<string, 'optional' | 'required'>][] = [
  ['Manifest', SCHEMAS.manifest, [], presence<Manifest>({ format: 'required', schemaVersion: 'required', createdBy: 'required', createdAt: 'required', sources: 'required', counts: 'required' })],
  ['Manifest.createdBy', SCHEMAS.manifest, ['createdBy'], presence<Manifest['createdBy']>({ tool: 'required', version: 'required' })],
  ['Source', SCHEMAS.manifest, ['sources'], presence<Source>({ service: 'required', account: 'required', exportedAt: 'required', method: 'required', timeZone: 'required', profile: 'optional' })],
  ['OwnProfile', SCHEMAS.manifest, ['sources', 'profile'], presence<OwnProfile>({ displayName: 'optional', name: 'optional', phones: 'optional', emails: 'optional', avatar: 'optional' })],
  ['TimeZoneFacts', SCHEMAS.manifest, ['sources', 'timeZone'], presence<TimeZoneFacts>({ status: 'required', zone: 'optional' })],
  ['Counts', SCHEMAS.manifest, ['counts'], presence<Counts>({ contacts: 'required', conversations: 'required', messages: 'required', attachments: 'required' })],
  ['Contact', SCHEMAS.contact, [], presence<Contact>({ id: 'required', displayName: 'required', name: 'optional', handles: 'required', phones: 'optional', emails: 'optional', avatar: 'optional', groups: 'required', favourite: 'optional', blocked: 'optional', subscription: 'optional', notes: 'optional', sourceIds: 'optional' })],
  ['StructuredName', SCHEMAS.contact, ['name'], presence<StructuredName>({ family: 'optional', given: 'optional', additional: 'optional', prefix: 'optional', suffix: 'optional', phoneticFamily: 'optional', phoneticGiven: 'optional' })],
  ['LabelledValue', SCHEMAS.contact, ['phones'], presence<LabelledValue>({ value: 'required', types: 'required', label: 'optional' })],
  ['Attachment', SCHEMAS.attachment, [], presence<Attachment>({ fileName: 'optional', mediaType: 'required', size: 'optional', sha256: 'optional', path: 'optional', notIncluded: 'optional' })],
  ['Conversation', SCHEMAS.conversation, [], presence<Conversation>({ id: 'required', kind: 'required', title: 'required', participants: 'required', source: 'required', sourceIds: 'optional' })],
  ['Participant', SCHEMAS.conversation, ['participants'], presence<Participant>({ handle: 'required', contactId: 'optional', role: 'required' })],
  ['Message', SCHEMAS.message, [], presence<Message>({ id: 'required', conversationId: 'required', sender: 'required', timestamp: 'required', wallClock: 'optional', kind: 'required', text: 'required', entities: 'optional', mentions: 'optional', replyTo: 'optional', forwardedFrom: 'optional', edits: 'optional', reactions: 'optional', attachments: 'optional', call: 'optional', poll: 'optional', location: 'optional', contactCard: 'optional', sourceIds: 'optional' })],
  ['TextEntity', SCHEMAS.message, ['entities'], presence<TextEntity>({ type: 'required', offset: 'required', length: 'required', url: 'optional', handle: 'optional' })],
  ['Edit', SCHEMAS.message, ['edits'], presence<Edit>({ timestamp: 'required', text: 'required' })],
  ['Reaction', SCHEMAS.message, ['reactions'], presence<Reaction>({ emoji: 'required', sender: 'required', timestamp: 'optional' })],
  ['FidelityNote', SCHEMAS.fidelity, [], presence<FidelityNote>({ stage: 'required', account: 'required', item: 'required', count: 'required', reason: 'required', at: 'optional' })],
];

/** Every schema node, with a path for error messages. */
function* walk(schema: unknown, path: string): Generator<[Schema, string]> {
  if (typeof schema !== 'object' || schema === null) return;
  const node = schema as Schema;
  yield [node, path];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* walk(child, `${path}/properties/${key}`);
  for (const [key, child] of Object.entries(node.$defs ?? {})) yield* walk(child, `${path}/$defs/${key}`);
  if (node.items) yield* walk(node.items, `${path}/items`);
  if (typeof node.additionalProperties === 'object') yield* walk(node.additionalProperties, `${path}/additionalProperties`);
}

/** The key order the schema implies, in the shape container.ts uses. */
function keyRuleOf(root: Schema, schema: Schema): KeyRule {
  const s = resolve(root, schema);
  if (s.type === 'array' && s.items) return keyRuleOf(root, s.items);
  if (s.properties) {
    return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, keyRuleOf(root, v)]));
  }
  if (typeof s.additionalProperties === 'object') return 'sortedKeys';
  return 'value';
}

describe('schemas', () => {
  it('schemas/ holds exactly the six entity schemas, and the validator knows each', () => {
    const files = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json')).sort();
    expect(files).toEqual([
      'attachment.schema.json',
      'contact.schema.json',
      'conversation.schema.json',
      'fidelity.schema.json',
      'manifest.schema.json',
      'message.schema.json',
    ]);
    expect(Object.keys(SCHEMAS).sort()).toEqual(files.map((f) => f.replace('.schema.json', '')));
  });

  it.each(Object.entries(SCHEMAS))('the %s schema has a versioned $id, a title and a description', (name, schema) => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://ferry.invalid/schemas/v${MAJOR}/${name}.schema.json`);
    expect(schema.title).toEqual(expect.any(String));
    expect(schema.description).toEqual(expect.any(String));
  });

  it.each(Object.entries(SCHEMAS))('every property in the %s schema has a description', (_name, schema) => {
    const missing: string[] = [];
    for (const [node, path] of walk(schema, '#')) {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (typeof child.description !== 'string' || child.description.length < 10) missing.push(`${path}/properties/${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(SCHEMAS))('every object in the %s schema forbids properties it does not define', (_name, schema) => {
    const open: string[] = [];
    for (const [node, path] of walk(schema, '#')) {
      if (node.properties && node.additionalProperties !== false) open.push(path);
    }
    expect(open).toEqual([]);
  });

  it.each(TYPE_MODEL)('%s has the same properties in the schema as in types.ts, required and optional alike', (_name, root, path, spec) => {
    const schema = objectAt(root, path);
    expect(Object.keys(schema.properties ?? {})).toEqual(Object.keys(spec));
    const required = Object.entries(spec).filter(([, p]) => p === 'required').map(([k]) => k);
    expect([...(schema.required ?? [])].sort()).toEqual(required.sort());
  });

  it.each(Object.entries(KEY_ORDER))('the writer orders %s keys exactly as the schema lists them', (name, rule) => {
    const root = SCHEMAS[name as keyof typeof SCHEMAS] as Schema;
    // JSON text compares key order too, which toEqual would ignore.
    expect(JSON.stringify(rule)).toBe(JSON.stringify(keyRuleOf(root, root)));
  });

  it('the manifest schema accepts the version this build writes', () => {
    expect(new RegExp(SCHEMAS.manifest.properties.schemaVersion.pattern).test(SCHEMA_VERSION)).toBe(true);
  });
});
