import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { instagramReader, messengerReader, repairMojibake } from '../../src/connectors/messenger/read.js';
import { ConvertError, type ConvertOptions, type InputFile, type ParsedExport } from '../../src/connectors/contract.js';
import { contentMessageId } from '../../src/model/ids.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/messenger/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };

function entryOf(folder: string, entry: string, zipName: string): InputFile {
  const siblings = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (relative(folder, path) !== entry) siblings.set(relative(folder, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(folder);
  return { kind: 'file', name: `${zipName}/${entry}`, bytes: new Uint8Array(readFileSync(join(folder, entry))), siblings };
}

const messagesOf = (parsed: ParsedExport): Message[] => parsed.conversations.flatMap((c) => [...c.messages()]);

function expectValid(parsed: ParsedExport) {
  for (const c of parsed.conversations) {
    expect(validateEntity('conversation', c.conversation)).toEqual({ valid: true, errors: [] });
    for (const m of c.messages()) expect(validateEntity('message', m)).toEqual({ valid: true, errors: [] });
  }
  for (const f of parsed.fidelity) expect(validateEntity('fidelity', f)).toEqual({ valid: true, errors: [] });
}

describe('repairing Meta\'s mojibake', () => {
  it('turns UTF-8 bytes written as Latin-1 characters back into text: accents, Korean and emoji', () => {
    expect(repairMojibake('Caf\u00c3\u00a9')).toBe('Café');
    expect(repairMojibake('\u00ec\u0095\u0088\u00eb\u0085\u0095')).toBe('안녕');
    expect(repairMojibake('\u00f0\u009f\u0091\u008b\u00f0\u009f\u008f\u00bd')).toBe('👋🏽');
  });

  it('leaves text that is already right alone, including real Latin-1 and plain ASCII', () => {
    expect(repairMojibake('Café')).toBe('Café');
    expect(repairMojibake('안녕 👋')).toBe('안녕 👋');
    expect(repairMojibake('hello')).toBe('hello');
  });
});

describe('a Facebook Messenger group thread from "Download your information", with mojibake', () => {
  const file = entryOf(resolve(FIXTURES, 'facebook-export'), 'your_facebook_activity/messages/inbox/bookclub_456/message_1.json', 'facebook-jiwoo.zip');
  const parsed = messengerReader.parse(file, options);
  const messages = messagesOf(parsed);
  const conversationId = 'messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0#thread:inbox/bookclub_456';

  it('is detected as Messenger (not Instagram), and the owner comes from the export\'s profile file', () => {
    expect(messengerReader.detect(file)).toEqual({ format: 'messenger', layout: 'dyi-json' });
    expect(instagramReader.detect(file)).toBeUndefined();
    expect(parsed.source).toEqual({ service: 'messenger', account: 'messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0', exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } });
    expect(parsed.warnings).toEqual([]);
  });

  it('the title and names are repaired, and the thread is a group', () => {
    expect(parsed.conversations[0]!.conversation).toMatchObject({
      id: conversationId,
      kind: 'group',
      title: '독서 모임 📚',
      participants: [
        { handle: 'messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0', role: 'member' },
        { handle: 'messenger:name/%EA%B9%80%EB%AF%BC%EC%88%98', role: 'member' },
        { handle: 'messenger:name/Zo%C3%A9%20Martin', role: 'member' },
      ],
    });
  });

  it('participants keep their repaired names as contacts, so the archive can show who wrote', () => {
    expect(parsed.contacts.map((c) => [c.id, c.displayName])).toEqual([
      ['messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0', '이지우'],
      ['messenger:name/%EA%B9%80%EB%AF%BC%EC%88%98', '김민수'],
      ['messenger:name/Zo%C3%A9%20Martin', 'Zoé Martin'],
    ]);
    expect(parsed.conversations[0]!.conversation.participants[0]!.contactId).toBe('messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0');
  });

  it('messages come oldest first with repaired text, content-derived ids and UTC instants', () => {
    expect(messages.map((m) => m.kind)).toEqual(['system', 'text', 'text', 'media', 'call', 'deleted']);
    const hello = messages[1]!;
    expect(hello).toEqual({
      id: contentMessageId(conversationId, 'messenger:name/%EA%B9%80%EB%AF%BC%EC%88%98', '2024-05-01T01:01:00Z', '안녕하세요 👋🏽 다들', 0),
      conversationId,
      sender: 'messenger:name/%EA%B9%80%EB%AF%BC%EC%88%98',
      timestamp: '2024-05-01T01:01:00Z',
      kind: 'text',
      text: '안녕하세요 👋🏽 다들',
    });
    expect(messages[0]).toMatchObject({ text: '이지우 added 김민수 to the group.', timestamp: '2024-05-01T01:00:00Z' });
  });

  it('reactions keep who reacted; a shared link is kept in the text', () => {
    expect(messages[2]).toMatchObject({
      text: 'Café ☕ à 3h?\nhttps://example.org/café',
      reactions: [
        { emoji: '❤', sender: 'messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0' },
        { emoji: '😂', sender: 'messenger:name/%EA%B9%80%EB%AF%BC%EC%88%98' },
      ],
    });
  });

  it('a photo in the zip is included; calls keep their length; an unsent message is deleted', () => {
    const sha = 'c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77';
    expect(messages[3]!.attachments).toEqual([{ fileName: '4521.jpg', mediaType: 'image/jpeg', size: 70, sha256: sha, path: `attachments/${sha}` }]);
    expect(parsed.attachments.has(sha)).toBe(true);
    expect(messages[4]).toMatchObject({ kind: 'call', call: { durationSeconds: 125, outcome: 'answered' }, sender: 'messenger:name/Zo%C3%A9%20Martin' });
    expect(messages[5]).toMatchObject({ kind: 'deleted' });
    expectValid(parsed);
  });
});

describe('an Instagram DM from "Download your information", with mojibake', () => {
  const file = entryOf(resolve(FIXTURES, 'instagram-export'), 'your_instagram_activity/messages/inbox/minsu_789/message_1.json', 'instagram-jiwoo.lee.zip');
  const parsed = instagramReader.parse(file, options);
  const messages = messagesOf(parsed);

  it('is detected as Instagram, and in a two-person thread named after one person, the other is me', () => {
    expect(instagramReader.detect(file)).toEqual({ format: 'instagram', layout: 'dyi-json' });
    expect(messengerReader.detect(file)).toBeUndefined();
    expect(parsed.source.account).toBe('instagram:name/jiwoo.lee');
    expect(parsed.conversations[0]!.conversation).toMatchObject({ kind: 'direct', title: '민수', id: 'instagram:name/jiwoo.lee#thread:inbox/minsu_789' });
  });

  it('Korean, accents and emoji are repaired; an exact repeat in the same millisecond keeps both, with different ids', () => {
    expect(messages.map((m) => m.text)).toEqual(['내일 만날까? Crème brûlée 🍮', '내일 만날까? Crème brûlée 🍮', '응 😊 내일 봐']);
    expect(messages[0]!.id).not.toBe(messages[1]!.id);
    expect(messages[2]).toMatchObject({ timestamp: '2023-11-14T22:14:20Z', reactions: [{ emoji: '👍', sender: 'instagram:name/%EB%AF%BC%EC%88%98', timestamp: '2023-11-14T22:14:30Z' }] });
    expectValid(parsed);
  });

  it('reading twice gives the same ids', () => {
    expect(messagesOf(parsed).map((m) => m.id)).toEqual(messages.map((m) => m.id));
  });
});

describe('the newer end-to-end-encrypted Messenger export', () => {
  it('participants as strings, senderName, text, media and isUnsent read like the older layout', () => {
    const json = {
      participants: ['이지우', '김민수'],
      threadName: '김민수',
      messages: [
        { isUnsent: false, media: [{ uri: './media/사진.jpg' }], reactions: [{ actor: '이지우', reaction: '👍' }], senderName: '김민수', text: '사진', timestamp: 1714525260000, type: 'media' },
        { isUnsent: true, media: [], reactions: [], senderName: '이지우', text: '', timestamp: 1714525200000, type: 'text' },
      ],
    };
    const file: InputFile = { kind: 'file', name: 'your_facebook_activity/messages/e2ee_cutover/minsu_1/message_1.json', bytes: new TextEncoder().encode(JSON.stringify(json)) };
    expect(messengerReader.detect(file)).toEqual({ format: 'messenger', layout: 'e2ee-json' });
    const parsed = messengerReader.parse(file, options);
    const messages = messagesOf(parsed);
    expect(parsed.detection.layout).toBe('e2ee-json');
    expect(parsed.source.account).toBe('messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0');
    expect(messages.map((m) => [m.kind, m.text, m.timestamp])).toEqual([
      ['deleted', '', '2024-05-01T01:00:00Z'],
      ['media', '사진', '2024-05-01T01:01:00Z'],
    ]);
    expect(messages[1]!.attachments![0]).toMatchObject({ fileName: '사진.jpg', mediaType: 'image/jpeg', notIncluded: { reason: 'unavailable' } });
    expect(messages[1]!.reactions).toEqual([{ emoji: '👍', sender: 'messenger:name/%EC%9D%B4%EC%A7%80%EC%9A%B0' }]);
    expectValid(parsed);
  });
});

describe('Messenger errors', () => {
  it('a damaged file names the line', () => {
    const file: InputFile = { kind: 'file', name: 'message_1.json', bytes: new TextEncoder().encode('{\n  "participants": [],\n  "messages": [{"sender_name": "a", "timestamp_ms": 1, }]\n}') };
    expect(() => messengerReader.parse(file, options)).toThrow(ConvertError);
    expect(() => messengerReader.parse(file, options)).toThrow(/^message_1\.json:3: .*Messenger.*line 3, column 56/);
  });

  it('a JSON that is another export is refused', () => {
    const file: InputFile = { kind: 'file', name: 'message_1.json', bytes: new TextEncoder().encode('{"guild": {}, "channel": {}}') };
    expect(messengerReader.detect(file)).toBeUndefined();
    expect(() => messengerReader.parse(file, options)).toThrow(/this JSON is not a Facebook Messenger export.*Download your information/);
  });
});

describe.skipIf(!existsSync(SAMPLES))('real Meta files (../shared/samples)', () => {
  it('the Messenger test file (BOM, newest first, files, audio, sticker, photo) reads 7 messages oldest first', () => {
    const file: InputFile = { kind: 'file', name: 'messenger/chat-analytics-2A_7M.json', bytes: new Uint8Array(readFileSync(resolve(SAMPLES, 'messenger/chat-analytics-2A_7M.json'))) };
    expect(messengerReader.detect(file)).toEqual({ format: 'messenger', layout: 'dyi-json' });
    const parsed = messengerReader.parse(file, options);
    const messages = messagesOf(parsed);
    expect(messages).toHaveLength(7);
    expect(parsed.source.account).toBe('messenger:name/Bob');
    expect(messages.map((m) => m.kind)).toEqual(['media', 'sticker', 'media', 'media', 'text', 'text', 'text']);
    expect(messages.at(-1)).toMatchObject({ sender: 'messenger:name/Alice', text: 'Hello', timestamp: '2014-11-05T00:35:32.056Z' });
    expect(messages[2]!.attachments![0]).toMatchObject({ fileName: 'audioclip11111.mp4', mediaType: 'audio/mp4', notIncluded: { reason: 'unavailable' } });
    expect(parsed.fidelity.find((f) => f.item === 'message.attachments')!.count).toBe(4);
    expectValid(parsed);
  });

  it('the minimal Instagram file is Instagram by its name and needs --me to know whose it is', () => {
    const file: InputFile = { kind: 'file', name: 'other/instagram-dm-minimal-chatminer.json', bytes: new Uint8Array(readFileSync(resolve(SAMPLES, 'other/instagram-dm-minimal-chatminer.json'))) };
    expect(instagramReader.detect(file)).toEqual({ format: 'instagram', layout: 'dyi-json' });
    const parsed = instagramReader.parse(file, { ...options, me: 'Jane Doe' });
    const messages = messagesOf(parsed);
    expect(parsed.source.account).toBe('instagram:name/Jane%20Doe');
    expect(messages.map((m) => [m.sender, m.text, m.timestamp])).toEqual([
      ['instagram:name/Jane%20Doe', 'Hello John!', '2019-12-24T11:23:00Z'],
      ['instagram:name/John%20Doe', 'Hello Jane!', '2020-01-17T20:49:00Z'],
    ]);
    expect(parsed.conversations[0]!.conversation.title).toBe('Jane Doe, John Doe');
  });
});
