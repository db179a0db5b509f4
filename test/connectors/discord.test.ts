import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { discordMarkdown } from '../../src/connectors/discord/markdown.js';
import { discordReader } from '../../src/connectors/discord/read.js';
import { ConvertError, type ConvertOptions, type InputFile, type ParsedExport } from '../../src/connectors/contract.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/discord/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples/discord');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };
const DM = 'Direct Messages - 민지 [900000000000000001].json';

const fileOf = (path: string, name = path): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(path)) });

function entryOf(folder: string, entry: string): InputFile {
  const siblings = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (relative(folder, path) !== entry) siblings.set(relative(folder, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(folder);
  return { kind: 'file', name: `exports.zip/${entry}`, bytes: new Uint8Array(readFileSync(join(folder, entry))), siblings };
}

const messagesOf = (parsed: ParsedExport): Message[] => parsed.conversations.flatMap((c) => [...c.messages()]);

function expectValid(parsed: ParsedExport) {
  for (const c of parsed.conversations) {
    expect(validateEntity('conversation', c.conversation)).toEqual({ valid: true, errors: [] });
    for (const m of c.messages()) expect(validateEntity('message', m)).toEqual({ valid: true, errors: [] });
  }
  for (const f of parsed.fidelity) expect(validateEntity('fidelity', f)).toEqual({ valid: true, errors: [] });
}

describe('a DiscordChatExporter DM export with its _Files folder', () => {
  const file = entryOf(resolve(FIXTURES, 'dm-export'), DM);
  const parsed = discordReader.parse(file, { ...options, me: '지우' });
  const [hello, reply, media, call, sticker, pin] = messagesOf(parsed);

  it('is detected as DiscordChatExporter JSON and the account is the author I name with --me (nickname or name)', () => {
    expect(discordReader.detect(file)).toEqual({ format: 'discord', layout: 'dce-json' });
    expect(parsed.source).toEqual({ service: 'discord', account: 'discord:user/100000000000000001', exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } });
    expect(parsed.conversations[0]!.conversation).toMatchObject({
      id: 'discord:channel/900000000000000001',
      kind: 'direct',
      title: '민지',
      participants: [
        { handle: 'discord:user/100000000000000001', contactId: 'discord:user/100000000000000001', role: 'owner' },
        { handle: 'discord:user/100000000000000002', contactId: 'discord:user/100000000000000002', role: 'member' },
      ],
    });
  });

  it('authors keep their names (nickname first) as contacts, so the archive can show who wrote', () => {
    expect(parsed.contacts).toEqual([
      { id: 'discord:user/100000000000000002', displayName: '민지', handles: ['discord:user/100000000000000002'], groups: [], sourceIds: { 'discord-user': '100000000000000002', 'discord-username': 'minji' } },
      { id: 'discord:user/100000000000000001', displayName: '지우', handles: ['discord:user/100000000000000001'], groups: [], sourceIds: { 'discord-user': '100000000000000001', 'discord-username': 'jiwoo' } },
    ]);
  });

  it('messages keep their snowflake ids, senders, UTC instants and text; reactions keep who reacted', () => {
    expect(hello).toMatchObject({
      id: 'discord:message/1200000000000000001',
      sender: 'discord:user/100000000000000002',
      timestamp: '2024-05-31T12:00:00.123Z',
      kind: 'text',
      text: '안녕 지우 😀',
      entities: [{ type: 'bold', offset: 3, length: 2 }],
      reactions: [{ emoji: '👍', sender: 'discord:user/100000000000000001' }],
    });
  });

  it('a reply points at the message it answers, with mentions', () => {
    expect(reply).toMatchObject({ replyTo: 'discord:message/1200000000000000001', mentions: ['discord:user/100000000000000002'], timestamp: '2024-05-31T12:01:00Z' });
  });

  it('a downloaded file is included with its SHA-256; a file exported as a link is recorded as not downloaded', () => {
    const sha = 'c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77';
    expect(media!.kind).toBe('media');
    expect(media!.attachments).toEqual([
      { fileName: '사진.png', mediaType: 'image/png', size: 70, sha256: sha, path: `attachments/${sha}` },
      { fileName: 'notes.pdf', mediaType: 'application/pdf', size: 1234, notIncluded: { reason: 'not-downloaded', detail: expect.stringContaining('--media') } },
    ]);
    expect([...parsed.attachments.keys()]).toEqual([sha]);
  });

  it('calls get their duration, stickers are stickers, a pin is a system message', () => {
    expect(call).toMatchObject({ kind: 'call', call: { durationSeconds: 330, outcome: 'answered' } });
    expect(sticker).toMatchObject({ kind: 'sticker', text: 'Wave' });
    expect(pin).toMatchObject({ kind: 'system', text: 'Pinned a message.', replyTo: 'discord:message/1200000000000000001' });
  });

  it('what the export cannot give is counted: earlier text of edits, the uncredited reaction, the embed, the file links', () => {
    expect(parsed.fidelity.map((f) => [f.item, f.count])).toEqual([
      ['message.edits', 1],
      ['message.reactions', 1],
      ['message.embeds', 1],
      // The PDF link and the sticker, both only on Discord's servers.
      ['message.attachments', 2],
    ]);
    expectValid(parsed);
  });
});

describe('Discord markdown becomes plain text with entities', () => {
  const show = (content: string) => {
    const { text, entities } = discordMarkdown(content);
    return [text, entities.map((e) => [e.type, text.slice(e.offset, e.offset + e.length)])];
  };

  it('bold, italic, underline, strikethrough, spoiler and code, nested, with offsets past Korean and emoji', () => {
    expect(show('😀 **굵게 *기울임* 굵게** __밑줄__ ~~취소~~ ||스포||')).toEqual([
      '😀 굵게 기울임 굵게 밑줄 취소 스포',
      [
        ['bold', '굵게 기울임 굵게'],
        ['italic', '기울임'],
        ['underline', '밑줄'],
        ['strikethrough', '취소'],
        ['spoiler', '스포'],
      ],
    ]);
    expect(discordMarkdown('😀 **a**').entities).toEqual([{ type: 'bold', offset: 3, length: 1 }]);
    expect(show('***both***')).toEqual(['both', [['bold', 'both'], ['italic', 'both']]]);
  });

  it('code keeps markers inside it as text; a code block drops its language line', () => {
    expect(show('run `a **b**` now')).toEqual(['run a **b** now', [['code', 'a **b**']]]);
    expect(show('see:\n```python\nprint("*x*")\n```')).toEqual(['see:\nprint("*x*")', [['pre', 'print("*x*")']]]);
  });

  it('quote lines become one quote; escaped or unpaired markers and snake_case stay as they are', () => {
    expect(show('> 인용\n> 둘째\n본문')).toEqual(['인용\n둘째\n본문', [['quote', '인용\n둘째']]]);
    expect(show('\\*not\\* a ** b snake_case_name a * b')).toEqual(['*not* a ** b snake_case_name a * b', []]);
  });
});

describe('Discord markdown on any text', () => {
  it('never throws, entities stay inside the text, and text without markers is unchanged', () => {
    const markdownish = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom('*', '**', '_', '__', '~~', '||', '`', '```', '> ', '\n', '\\', '***')), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(markdownish, (content) => {
        const { text, entities } = discordMarkdown(content);
        for (const e of entities) {
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.length).toBeGreaterThan(0);
          expect(e.offset + e.length).toBeLessThanOrEqual(text.length);
        }
        if (!/[*_~|`>\\]/.test(content)) expect(text).toBe(content);
      }),
      // Found by fuzzing: an italic around an empty code block gave an entity of length 0.
      { numRuns: 3000, examples: [['*```\n```*'], ['***```\n```***']] },
    );
  });
});

describe('Discord errors', () => {
  it('a malformed file is refused with its line and column', () => {
    const text = '{"guild": {"id": "0"},\n "channel": {"id": "1", "type": "DirectTextChat"},\n "messages": [\n  {"id": "2", "content": "hi" "x"}]}';
    const file: InputFile = { kind: 'file', name: 'dm.json', bytes: new TextEncoder().encode(text) };
    expect(discordReader.detect(file)).toMatchObject({ format: 'discord' });
    expect(() => discordReader.parse(file, options)).toThrow(ConvertError);
    expect(() => discordReader.parse(file, options)).toThrow(/^dm\.json:4: .*line 4, column 31 \(found "\\"x/);
  });

  it('a JSON that is a Telegram export is not taken for Discord', () => {
    const file: InputFile = { kind: 'file', name: 'result.json', bytes: new TextEncoder().encode('{"name": "x", "type": "personal_chat", "id": 1, "messages": []}') };
    expect(discordReader.detect(file)).toBeUndefined();
    expect(() => discordReader.parse(file, options)).toThrow(/result\.json: this JSON is not a DiscordChatExporter export.*--format Json/);
  });
});

describe.skipIf(!existsSync(SAMPLES))('real DiscordChatExporter files (../shared/samples/discord)', () => {
  const read = (name: string) => discordReader.parse(fileOf(resolve(SAMPLES, name), name), options);

  it('each is detected and read with the expected counts, duplicates kept once, and valid', () => {
    const expected: Record<string, number> = {
      'dce-example-guild-general-channel.json': 35,
      'dce-example-guild-thread.json': 5,
      'group-dm-GC_3A_5M.json': 6,
      'guild-channel-SV_5A_5M.json': 4, // 5 listed, one of them twice
    };
    for (const [name, count] of Object.entries(expected)) {
      expect(discordReader.detect(fileOf(resolve(SAMPLES, name), name)), name).toEqual({ format: 'discord', layout: 'dce-json' });
      const parsed = read(name);
      expect(messagesOf(parsed).length, name).toBe(count);
      expectValid(parsed);
    }
    expect(read('guild-channel-SV_5A_5M.json').warnings.map((w) => w.text)).toContain('Message 459136077417021488 appears more than once in the file; it is kept once.');
  });

  it('the example guild keeps replies, the edit, the sticker and the joins', () => {
    const parsed = read('dce-example-guild-general-channel.json');
    const messages = messagesOf(parsed);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ title: 'Example guild / Text Channels / general', kind: 'channel' });
    expect(messages[1]).toMatchObject({ kind: 'system', text: 'Joined the server.', sender: 'discord:user/896568767994532880', timestamp: '2023-01-06T14:12:01.593Z' });
    expect(messages[3]).toMatchObject({ kind: 'sticker', text: 'pepecute' });
    expect(messages[0]).toMatchObject({ text: 'Welcome to the DiscordChatExporter-frontend example!', entities: [{ type: 'bold', offset: 15, length: 28 }] });
    expect(messages.find((m) => m.id === 'discord:message/1060928071600975873')).toMatchObject({ text: 'EZ, thanks :pepeheart:', entities: [{ type: 'spoiler', offset: 0, length: 2 }] });
    const kekw = messages.find((m) => m.id === 'discord:message/1060926346089476176')!;
    expect(kekw).toMatchObject({ text: 'You will understand it later :kekw:', replyTo: 'discord:message/1060926317920538735' });
    expect(parsed.fidelity.find((f) => f.item === 'message.edits')!.count).toBe(1);
  });

  it('a group DM keeps the call with its length and the channel name change', () => {
    const messages = messagesOf(read('group-dm-GC_3A_5M.json'));
    expect(messages[0]).toMatchObject({ kind: 'system', text: 'Changed the channel name.' });
    expect(messages.at(-1)).toMatchObject({ kind: 'call', call: { durationSeconds: 6780 }, timestamp: '2023-03-03T14:47:59.187Z' });
  });
});
