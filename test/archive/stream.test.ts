import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readArchive, writeArchive } from '../../src/archive/container.js';
import { KEY_ORDER, orderKeys, orderedJson } from '../../src/archive/layout.js';
import { openFileSource } from '../../src/archive/file-source.js';
import { NODE_STREAM_OPTIONS, NODE_WRITE_OPTIONS } from '../../src/archive/node-deflate.js';
import { ArchiveReader, writeArchiveStream } from '../../src/archive/stream.js';
import { validateArchive } from '../../src/archive/validate.js';
import { SCHEMA_VERSION, type ArchiveContent, type Message } from '../../src/model/types.js';
import { reversedKeys, sampleContent } from './fixtures.js';

async function streamed(content: ArchiveContent, options = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  async function* slowly(list: Message[]): AsyncGenerator<Message> {
    for (const m of list) {
      await new Promise((r) => setTimeout(r, 0));
      yield m;
    }
  }
  await writeArchiveStream(
    { manifest: content.manifest, contacts: content.contacts, conversations: content.conversations, fidelity: content.fidelity ?? [] },
    (c) => slowly(content.messages.get(c.id) ?? []),
    async (chunk) => {
      chunks.push(chunk.slice());
    },
    [...(content.attachments ?? [])].sort(([a], [b]) => (a < b ? -1 : 1)),
    options,
  );
  return new Uint8Array(Buffer.concat(chunks));
}

describe('streaming writer and reader', () => {
  it('the streaming writer fed by async iterables writes the same bytes as writeArchive', async () => {
    expect(await streamed(sampleContent())).toEqual(writeArchive(sampleContent()));
  });

  it('each message line is the schema-ordered JSON, however the object was built', () => {
    for (const m of [...sampleContent().messages.values()].flat()) {
      expect(orderedJson(reversedKeys(m), KEY_ORDER.message)).toBe(JSON.stringify(orderKeys(m, KEY_ORDER.message)));
    }
  });

  it('with Node\'s native zlib the archive reads back, validates, passes unzip and is deterministic', async () => {
    const a = await streamed(sampleContent(), NODE_WRITE_OPTIONS);
    const b = await streamed(reversedKeys(sampleContent()), NODE_WRITE_OPTIONS);
    expect(a).toEqual(b);
    expect(readArchive(a)).toEqual(sampleContent());
    expect(validateArchive(a)).toEqual({ valid: true, errors: [] });
    expect(Object.keys(unzipSync(a))).toEqual(Object.keys(unzipSync(writeArchive(sampleContent()))));
  });

  it('deflating on the thread pool gives the same bytes as deflating inline, and writeArchive refuses it', async () => {
    expect(await streamed(sampleContent(), NODE_STREAM_OPTIONS)).toEqual(await streamed(sampleContent(), NODE_WRITE_OPTIONS));
    expect(() => writeArchive(sampleContent(), NODE_STREAM_OPTIONS)).toThrow(/needs writeArchiveStream/);
  });

  it('the browser\'s deflater writes a conversation many text chunks long that zlib and unzip read whole', () => {
    // fflate's sync flush, used here before, misplaced its marker by one bit at some block ends:
    // 60,000 such messages were enough to damage the entry. Text of many lengths, so that block
    // ends fall on every bit position; zlib (not fflate's forgiving inflate) is the judge.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const words = ['hello', 'world', '오늘', '저녁', 'ok', 'see', 'you', '🙂', 'station', 'tickets', 'maybe'];
    const content = sampleContent();
    const conversation = content.conversations[0]!;
    const [first] = content.messages.get(conversation.id)!;
    const messages: Message[] = Array.from({ length: 60_000 }, (_, i) => ({
      ...first!,
      id: `${first!.id}-${i}`,
      timestamp: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
      text: Array.from({ length: 1 + (next() % 12) }, () => words[next() % words.length]).join(' '),
    }));
    content.messages.set(conversation.id, messages);
    const zip = writeArchive(content);
    expect(readArchive(zip).messages.get(conversation.id)!.map((m) => m.text)).toEqual(messages.map((m) => m.text));
    const dir = mkdtempSync(join(tmpdir(), 'ferry-browser-deflate-'));
    try {
      writeFileSync(join(dir, 'a.zip'), zip);
      const test = spawnSync('unzip', ['-t', join(dir, 'a.zip')], { encoding: 'utf8' });
      expect(test.status, test.stdout + test.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a reader over a file on disk yields every message without loading the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-stream-'));
    try {
      const file = join(dir, 'a.zip');
      writeFileSync(file, writeArchive(sampleContent()));
      const source = openFileSource(file);
      const reader = ArchiveReader.open(source);
      expect([...reader.messages()]).toEqual([...sampleContent().messages.values()].flat());
      expect(validateArchive(source)).toEqual({ valid: true, errors: [] });
      source.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('archives of the pre-release schema 0.1', () => {
  /** What Ferry's walking skeleton wrote: no fidelity.json, no timeZone, no counts.attachments. */
  function v01(): Uint8Array {
    const entries = unzipSync(writeArchive({ ...sampleContent(), fidelity: [], attachments: new Map() }));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!));
    manifest.schemaVersion = '0.1';
    for (const s of manifest.sources) delete s.timeZone;
    delete manifest.counts.attachments;
    entries['manifest.json'] = strToU8(JSON.stringify(manifest));
    delete entries['fidelity.json'];
    // 0.1 messages were text only.
    const group = strFromU8(entries['messages/00002.jsonl']!).split('\n').slice(0, 2).join('\n') + '\n';
    entries['messages/00002.jsonl'] = strToU8(group);
    return zipSync(entries);
  }

  it('are read, upgraded to the current version in memory', () => {
    const content = readArchive(v01());
    expect(content.manifest.schemaVersion).toBe(SCHEMA_VERSION);
    expect(content.manifest.sources[0]!.timeZone).toEqual({ status: 'instants' });
    expect(content.manifest.counts.attachments).toBe(0);
    expect(content.fidelity).toEqual([]);
  });

  it('are reported by verify as not 1.x, with the way to rewrite them', () => {
    const result = validateArchive(v01());
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.message).join('\n')).toContain('schema 0.1 is the pre-release format');
  });
});
