import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { validateArchive, validateEntity, type EntityName } from '../../src/archive/validate.js';
import { SCHEMA_VERSION, type Message } from '../../src/model/types.js';
import { DIRECT, EXAMPLES_DIR, GROUP, exampleContent, exampleFiles, readJson, sampleContent } from './fixtures.js';

const ENTITY_OF_EXAMPLE: Record<string, EntityName> = {
  'manifest.json': 'manifest',
  'contact.json': 'contact',
  'conversation.json': 'conversation',
  'message.json': 'message',
  'fidelity.json': 'fidelity',
  'attachment.json': 'attachment',
};

function rezip(zip: Uint8Array, edit: (entries: Record<string, string>) => void): Uint8Array {
  // Attachments are binary: carried as latin1, one char per byte.
  const binary = (name: string) => name.startsWith('attachments/');
  const entries = Object.fromEntries(Object.entries(unzipSync(zip)).map(([n, d]) => [n, strFromU8(d, binary(n))]));
  edit(entries);
  return zipSync(Object.fromEntries(Object.entries(entries).map(([n, t]) => [n, binary(n) ? strToU8(t, true) : new TextEncoder().encode(t)])));
}

describe('examples', () => {
  it('every entity has an example', () => {
    expect(exampleFiles()).toEqual(Object.keys(ENTITY_OF_EXAMPLE).sort());
  });

  it.each(exampleFiles())('schemas/examples/%s validates against its schema', (file) => {
    const entity = ENTITY_OF_EXAMPLE[file];
    expect(entity, `no schema is known for example ${file}`).toBeDefined();
    expect(validateEntity(entity!, readJson(`${EXAMPLES_DIR}${file}`))).toEqual({ valid: true, errors: [] });
  });

  it('the examples together form a valid archive', () => {
    expect(validateArchive(exampleContent())).toEqual({ valid: true, errors: [] });
    expect(validateArchive(writeArchive(exampleContent()))).toEqual({ valid: true, errors: [] });
  });

  it('the message example contains Korean text', () => {
    expect((readJson(`${EXAMPLES_DIR}message.json`) as Message).text).toMatch(/[\uac00-\ud7a3]/);
  });
});

describe('validateArchive', () => {
  it('a freshly written archive is valid, in memory and as a zip', () => {
    expect(validateArchive(sampleContent())).toEqual({ valid: true, errors: [] });
    expect(validateArchive(writeArchive(sampleContent()))).toEqual({ valid: true, errors: [] });
  });

  it('finds a message count in the manifest that does not match the messages', () => {
    const content = sampleContent();
    content.manifest.counts.messages += 1;
    const result = validateArchive(content);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      { entry: 'manifest.json', pointer: '/counts/messages', message: 'counts.messages is 10 but the archive holds 9' },
    ]);
  });

  it('finds a message whose conversationId names no conversation, with its file and line', () => {
    const zip = rezip(writeArchive(sampleContent()), (entries) => {
      const lines = entries['messages/00002.jsonl']!.split('\n');
      lines[1] = lines[1]!.replace(`"conversationId":"${GROUP}"`, '"conversationId":"xmpp:nowhere"');
      entries['messages/00002.jsonl'] = lines.join('\n');
    });
    expect(validateArchive(zip).errors).toEqual([
      {
        entry: 'messages/00002.jsonl',
        line: 2,
        pointer: '/conversationId',
        message: 'conversationId "xmpp:nowhere" is not the id of any conversation in conversations.json',
      },
    ]);
  });

  it('finds in-memory messages filed under a conversation that does not exist', () => {
    const content = sampleContent();
    const stray = { ...content.messages.get(DIRECT)![0]!, id: 'stray', conversationId: 'xmpp:nowhere' };
    content.messages.set('xmpp:nowhere', [stray]);
    content.manifest.counts.messages += 1;
    expect(validateArchive(content).errors).toEqual([
      expect.objectContaining({ entry: 'messages/', pointer: '/conversationId', message: expect.stringContaining('"xmpp:nowhere" is not the id') }),
    ]);
  });

  it('reports a schema violation in a message with the file, line and JSON pointer', () => {
    const content = sampleContent();
    content.messages.get(DIRECT)![2]!.timestamp = '2024-04-30 09:02';
    expect(validateArchive(content).errors).toEqual([
      {
        entry: 'messages/00001.jsonl',
        line: 3,
        pointer: '/timestamp',
        message: 'must be an RFC 3339 date-time with an offset, e.g. "2024-05-01T09:30:00Z"; found "2024-04-30 09:02"',
      },
    ]);
  });

  it('a timestamp without an offset is not accepted', () => {
    const content = sampleContent();
    content.messages.get(DIRECT)![0]!.timestamp = '2024-04-30T09:00:00';
    expect(validateArchive(content).errors.map((e) => e.pointer)).toEqual(['/timestamp']);
  });

  it('reports a missing property of a contact with a pointer into contacts.json', () => {
    const content = sampleContent();
    delete (content.contacts[1] as Partial<(typeof content.contacts)[1]>).displayName;
    expect(validateArchive(content).errors).toEqual([
      { entry: 'contacts.json', pointer: '/1', message: 'missing required property "displayName"' },
    ]);
  });

  it('reports properties the schema does not define', () => {
    const content = sampleContent();
    (content.conversations[0]!.participants[1] as unknown as Record<string, unknown>).nickname = 'Kim';
    expect(validateArchive(content).errors).toEqual([
      { entry: 'conversations.json', pointer: '/0/participants/1/nickname', message: `unknown property "nickname" (not in schema ${SCHEMA_VERSION})` },
    ]);
  });

  it('tolerates unknown properties in an archive from a newer minor version', () => {
    const content = sampleContent();
    content.manifest.schemaVersion = '1.9';
    (content.contacts[0] as unknown as Record<string, unknown>).mood = 'happy';
    expect(validateArchive(content)).toEqual({ valid: true, errors: [] });
  });

  it('reports an archive of another major version', () => {
    const content = sampleContent();
    content.manifest.schemaVersion = '2.0';
    expect(validateArchive(content).errors.map((e) => [e.entry, e.pointer])).toEqual([
      ['manifest.json', '/schemaVersion'],
      ['manifest.json', '/schemaVersion'],
    ]);
  });

  it('finds duplicate contact, conversation and message ids', () => {
    const content = sampleContent();
    content.contacts.push({ ...content.contacts[0]!, displayName: 'Kim again' });
    content.manifest.counts.contacts += 1;
    const group = content.messages.get(GROUP)!;
    group[1]!.id = content.messages.get(DIRECT)![0]!.id;
    expect(validateArchive(content).errors).toEqual([
      expect.objectContaining({ entry: 'contacts.json', pointer: '/2/id', message: expect.stringContaining('duplicate contact id "xmpp:kim@old.localhost" (also at /0/id)') }),
      expect.objectContaining({ entry: 'messages/00002.jsonl', line: 2, pointer: '/id', message: expect.stringContaining('also at messages/00001.jsonl line 1') }),
    ]);
  });

  it('finds a conversation id used twice', () => {
    const content = sampleContent();
    content.conversations[2]!.id = content.conversations[0]!.id;
    expect(validateArchive(content).errors).toEqual([
      expect.objectContaining({ entry: 'conversations.json', pointer: '/2/id', message: expect.stringContaining('duplicate conversation id') }),
    ]);
  });

  it('finds messages out of time order, comparing instants not strings', () => {
    const content = sampleContent();
    // 18:00+09:00 is 09:00Z: the group's messages are in order although the strings are not.
    expect(validateArchive(content).valid).toBe(true);
    content.messages.get(DIRECT)![4]!.timestamp = '2024-04-30T09:01:30Z';
    expect(validateArchive(content).errors).toEqual([
      expect.objectContaining({ entry: 'messages/00001.jsonl', line: 5, pointer: '/timestamp', message: expect.stringContaining('out of time order') }),
    ]);
  });

  it('finds a participant pointing at a contact that does not exist', () => {
    const content = sampleContent();
    content.conversations[1]!.participants[2]!.contactId = 'xmpp:gone@old.localhost';
    expect(validateArchive(content).errors).toEqual([
      expect.objectContaining({ entry: 'conversations.json', pointer: '/1/participants/2/contactId' }),
    ]);
  });

  it("finds a conversation whose source is none of the manifest's sources", () => {
    const content = sampleContent();
    content.conversations[0]!.source = 'xmpp:someone-else@old.localhost';
    expect(validateArchive(content).errors).toEqual([
      expect.objectContaining({ entry: 'conversations.json', pointer: '/0/source' }),
    ]);
  });

  it('finds messages that sit in another conversation\'s file', () => {
    const zip = rezip(writeArchive(sampleContent()), (entries) => {
      const moved = entries['messages/00002.jsonl']!;
      entries['messages/00001.jsonl'] += moved;
      entries['messages/00002.jsonl'] = '';
    });
    const errors = validateArchive(zip).errors;
    expect(errors).toHaveLength(3);
    expect(errors[0]).toEqual({
      entry: 'messages/00001.jsonl',
      line: 7,
      pointer: '/conversationId',
      message: 'belongs to conversation 2 of conversations.json, whose messages go in messages/00002.jsonl',
    });
  });

  it('a zip that cannot be read comes back as one error instead of an exception', () => {
    const zip = rezip(writeArchive(sampleContent()), (entries) => {
      entries['messages/00001.jsonl'] = entries['messages/00001.jsonl']!.replace('"kind":"text"', '"kind":');
    });
    const result = validateArchive(zip);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ entry: 'messages/00001.jsonl', line: 1, pointer: '', message: expect.stringContaining('is not valid JSON') }),
    ]);
  });

  it('finds an attachment whose bytes do not match the SHA-256 in its name, and a reference to a missing file', () => {
    const content = sampleContent();
    const [hash] = [...content.attachments!.keys()];
    content.attachments!.set(hash!, new Uint8Array([1, 2, 3]));
    expect(validateArchive(content).errors.map((e) => [e.entry, e.message.slice(0, 25)])).toEqual([[`attachments/${hash}`, "the file's SHA-256 is 039"]]);
    content.attachments!.clear();
    content.manifest.counts.attachments = 0;
    expect(validateArchive(content).errors).toEqual([
      { entry: 'messages/00002.jsonl', line: 3, pointer: '/attachments/0/path', message: `attachments/${hash} is referenced but not in the archive; if the file was left out, say so with "notIncluded"` },
    ]);
  });
});
