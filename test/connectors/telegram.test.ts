import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { telegramReader } from '../../src/connectors/telegram/read.js';
import { ConvertError, type ConvertOptions, type InputFile, type ParsedExport } from '../../src/connectors/contract.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/telegram/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples/telegram');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };

const fileOf = (path: string, name = path): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(path)) });

/** A file inside a folder the user gave, with the folder's other files as siblings (as ferry convert offers it). */
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
  return { kind: 'file', name: `export/${entry}`, bytes: new Uint8Array(readFileSync(join(folder, entry))), siblings };
}

function messagesOf(parsed: ParsedExport): Message[] {
  return parsed.conversations.flatMap((c) => [...c.messages()]);
}

function expectValid(parsed: ParsedExport) {
  for (const c of parsed.conversations) {
    expect(validateEntity('conversation', c.conversation)).toEqual({ valid: true, errors: [] });
    for (const m of c.messages()) expect(validateEntity('message', m)).toEqual({ valid: true, errors: [] });
  }
  for (const c of parsed.contacts) expect(validateEntity('contact', c)).toEqual({ valid: true, errors: [] });
  for (const f of parsed.fidelity) expect(validateEntity('fidelity', f)).toEqual({ valid: true, errors: [] });
}

describe('Telegram Desktop per-chat export, old layout (text arrays, numeric ids, local dates)', () => {
  const file = fileOf(resolve(FIXTURES, 'chat-old-layout-ko.json'), 'chat-old-layout-ko.json');
  const parsed = telegramReader.parse(file, options);
  const messages = messagesOf(parsed);
  const byId = (n: number) => messages.find((m) => m.sourceIds?.['telegram-message'] === String(n))!;

  it('is detected as a Telegram chat export', () => {
    expect(telegramReader.detect(file)).toEqual({ format: 'telegram', layout: 'chat-result-json' });
  });

  it('I can tell whose export it is: in a one-to-one chat the chat id is the other person, so the other sender is me', () => {
    expect(parsed.source.account).toBe('telegram:user7770002');
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'telegram:user7770002#chat:5550001', kind: 'direct', title: '김민수' });
  });

  it('dates without a zone are read in the zone I give, flagged as assumed, and keep the printed wall clock', () => {
    expect(parsed.source.timeZone).toEqual({ status: 'assumed', zone: 'Asia/Seoul' });
    expect(byId(12)).toMatchObject({ timestamp: '2020-03-01T09:05:10+09:00', wallClock: '2020-03-01T09:05:10' });
  });

  it('text arrays become plain text with entities counted in UTF-16 units, past an emoji', () => {
    const m = byId(12);
    expect(m.id).toBe('telegram:user7770002#chat:5550001#m:12');
    expect(m.sender).toBe('telegram:user5550001');
    expect(m.text).toBe('안녕 😀 굵게 그리고 링크 #태그');
    // "안녕 😀 " is 2 + 1 + 2 (surrogate pair) + 1 = 6 code units.
    expect(m.entities).toEqual([
      { type: 'bold', offset: 6, length: 2 },
      { type: 'link', offset: 13, length: 2, url: 'https://example.org/한글' },
    ]);
    expect(m.text.slice(6, 8)).toBe('굵게');
    expect(m.text.slice(13, 15)).toBe('링크');
  });

  it('replies point at the archive id of the message they answer; forwards keep who they came from', () => {
    expect(byId(13)).toMatchObject({ replyTo: 'telegram:user7770002#chat:5550001#m:12', text: 'Hi! 반가워', sender: 'telegram:user7770002' });
    expect(byId(14)).toMatchObject({ forwardedFrom: { name: '뉴스 채널' }, text: 'Read https://t.me/news' });
    expect(byId(14).entities).toEqual([{ type: 'link', offset: 5, length: 17, url: 'https://t.me/news' }]);
  });

  it('calls, stickers, locations, shared contacts and polls keep their structure', () => {
    expect(byId(11)).toMatchObject({ kind: 'call', call: { outcome: 'missed' }, sender: 'telegram:user5550001' });
    expect(byId(15)).toMatchObject({ kind: 'sticker', text: '👍' });
    expect(byId(15).attachments).toEqual([
      { fileName: 'sticker.webp', mediaType: 'image/webp', notIncluded: { reason: 'unavailable', detail: expect.stringContaining('stickers/sticker.webp') } },
    ]);
    expect(byId(16)).toMatchObject({ kind: 'location', location: { latitude: 37.5665, longitude: 126.978 } });
    expect(byId(17)).toMatchObject({ kind: 'contact', contactCard: { displayName: '영희 박', handles: ['tel:+821012345678'] } });
    expect(byId(18)).toMatchObject({ kind: 'poll', poll: { question: '점심 뭐 먹을까?', options: [{ text: '김밥', votes: 2 }, { text: '라면', votes: 0 }] } });
  });

  it('what the file cannot give is recorded with counts: the earlier text of edits, formatting without a type, the sticker file', () => {
    const items = Object.fromEntries(parsed.fidelity.map((f) => [f.item + (f.reason.includes('not among') ? ':missing' : ''), f.count]));
    expect(items).toMatchObject({ 'message.edits': 1, 'message.entities': 1, 'message.attachments:missing': 1 });
    expect(parsed.fidelity.find((f) => f.item === 'message.entities')!.reason).toContain('entity type "hashtag" (1)');
  });

  it('every message, conversation and note is valid against the archive schemas', () => {
    expectValid(parsed);
  });

  it('reading the messages twice gives the same messages', () => {
    expect(messagesOf(parsed)).toEqual(messages);
  });
});

describe('Telegram Desktop whole-account export, new layout, with its photos folder', () => {
  const file = entryOf(resolve(FIXTURES, 'account-export'), 'result.json');
  const parsed = telegramReader.parse(file, options);
  const messages = messagesOf(parsed);
  const byId = (n: number) => messages.find((m) => m.sourceIds?.['telegram-message'] === String(n))!;

  it('is detected as a whole-account export, and the account is personal_information\'s user', () => {
    expect(telegramReader.detect(file)).toEqual({ format: 'telegram', layout: 'account-result-json' });
    expect(parsed.source).toEqual({ service: 'telegram', account: 'telegram:user7770002', exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } });
    expect(parsed.conversations.map((c) => [c.conversation.title, c.conversation.kind])).toEqual([
      ['김민수', 'direct'],
      ['Book club', 'group'],
    ]);
  });

  it('date_unixtime gives the instant, in UTC', () => {
    expect(byId(101).timestamp).toBe('2024-05-01T01:00:00Z');
    expect(byId(101).wallClock).toBeUndefined();
  });

  it('a photo that is in the folder is included with its SHA-256, and a mention by user id names that user', () => {
    const m = byId(101);
    expect(m).toMatchObject({ kind: 'media', text: '지우 사진 봐 🌸', entities: [{ type: 'mention', offset: 0, length: 2, handle: 'telegram:user7770002' }] });
    const sha = 'c414cd0e204de974f73753c7e28d7638e7b3691bb8b1a2bab6b25bb7fed7ce77';
    expect(m.attachments).toEqual([{ fileName: 'photo_1@01-05-2024_10-00-00.jpg', mediaType: 'image/jpeg', size: 70, sha256: sha, path: `attachments/${sha}` }]);
    expect(parsed.attachments.get(sha)?.length).toBe(70);
  });

  it('reactions keep who reacted when the export lists them; the rest are counted as lost', () => {
    expect(byId(101).reactions).toEqual([{ emoji: '❤', sender: 'telegram:user7770002', timestamp: '2024-05-01T10:01:00+09:00' }]);
    expect(parsed.fidelity.find((f) => f.item === 'message.reactions')).toMatchObject({ count: 1 });
  });

  it('spoilers and quotes become entities; a custom emoji is plain text and counted', () => {
    const m = byId(102);
    expect(m).toMatchObject({ text: '비밀 and quoted🙂', replyTo: 'telegram:user7770002#chat:5550001#m:101' });
    expect(m.entities).toEqual([
      { type: 'spoiler', offset: 0, length: 2 },
      { type: 'quote', offset: 7, length: 6 },
    ]);
    expect(parsed.fidelity.find((f) => f.item === 'message.entities')!.reason).toContain('custom_emoji');
  });

  it('a file left out by the export settings is recorded as not included, with Telegram\'s own words', () => {
    expect(byId(103).attachments).toEqual([
      { fileName: '보고서.pdf', mediaType: 'application/pdf', notIncluded: { reason: 'excluded', detail: 'Telegram Desktop wrote "(File not included. Change data exporting settings to download.)"' } },
    ]);
  });

  it('service messages are system messages with readable text', () => {
    expect(byId(1)).toMatchObject({ kind: 'system', text: 'Jiwoo Lee created the group "Book club"', sender: 'telegram:user7770002' });
  });

  it('the contact list becomes contacts with phones', () => {
    expect(parsed.contacts[0]).toMatchObject({ displayName: '민수 김', name: { given: '민수', family: '김' }, handles: ['tel:+821055550001'], phones: [{ value: '+821055550001', types: [] }] });
    expect(parsed.contacts).toHaveLength(4);
  });

  it('everyone who wrote keeps their name: people seen in the chats become contacts, and participants point at them', () => {
    expect(parsed.contacts.slice(2)).toEqual([
      { id: 'telegram:user7770002', displayName: 'Jiwoo Lee', handles: ['telegram:user7770002'], groups: [], sourceIds: { 'telegram-id': 'user7770002' } },
      { id: 'telegram:user5550001', displayName: '김민수', handles: ['telegram:user5550001'], groups: [], sourceIds: { 'telegram-id': 'user5550001' } },
    ]);
    expect(parsed.conversations[0]!.conversation.participants).toEqual([
      { handle: 'telegram:user7770002', contactId: 'telegram:user7770002', role: 'owner' },
      { handle: 'telegram:user5550001', contactId: 'telegram:user5550001', role: 'member' },
    ]);
  });

  it('ids are unique across the archive and every entity is valid', () => {
    const ids = messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expectValid(parsed);
  });
});

describe('Telegram dates as every exporter writes them (issue 16)', () => {
  const chat = (messages: object[], extra: object = {}): InputFile => ({
    kind: 'file',
    name: 'result.json',
    bytes: new TextEncoder().encode(JSON.stringify({ name: 'A', type: 'personal_chat', id: 1, messages, ...extra })),
  });
  const message = (id: number, date: string, fields: object = {}) => ({ id, type: 'message', date, from: 'A', from_id: 'user1', text: `m${id}`, ...fields });
  const read = (file: InputFile, zone = 'Asia/Seoul') => messagesOf(telegramReader.parse(file, { ...options, timeZone: zone }));

  it('I can convert a chat whose dates are ISO instants, with or without milliseconds, with Z or an offset', () => {
    const parsed = telegramReader.parse(chat([message(1, '2017-01-01T06:20:09.248Z'), message(2, '2017-01-01T06:21:00Z'), message(3, '2021-03-05T10:15:00+03:00'), message(4, '2021-03-05T10:15:00-0130')]), options);
    // Instants, each with the offset the file gave (the archive keeps a source's own offset).
    expect(messagesOf(parsed).map((m) => m.timestamp)).toEqual(['2017-01-01T06:20:09.248Z', '2017-01-01T06:21:00Z', '2021-03-05T10:15:00+03:00', '2021-03-05T10:15:00-01:30']);
    expect(messagesOf(parsed).map((m) => Date.parse(m.timestamp))).toEqual([Date.UTC(2017, 0, 1, 6, 20, 9, 248), Date.UTC(2017, 0, 1, 6, 21), Date.UTC(2021, 2, 5, 7, 15), Date.UTC(2021, 2, 5, 11, 45)]);
    // Every date named its zone: nothing was assumed, and nothing has a wall clock to keep.
    expect(parsed.source.timeZone).toEqual({ status: 'instants' });
    expect(parsed.warnings.map((w) => w.code)).not.toContain('zone_assumed');
    expect(messagesOf(parsed).some((m) => m.wallClock)).toBe(false);
    expectValid(parsed);
  });

  it('a wall-clock date with milliseconds keeps them', () => {
    expect(read(chat([message(1, '2020-03-01T09:05:10.5')]))[0]).toMatchObject({ timestamp: '2020-03-01T09:05:10.500+09:00', wallClock: '2020-03-01T09:05:10.5' });
  });

  it('the hour a clock change repeats is read in file order: the second 02:05 of the night is the later one, in both passes', () => {
    const file = chat([message(1, '2020-10-25T01:30:00'), message(2, '2020-10-25T02:10:00'), message(3, '2020-10-25T02:50:00'), message(4, '2020-10-25T02:05:00'), message(5, '2020-10-25T03:10:00')]);
    const messages = read(file, 'Europe/Berlin');
    expect(messages.map((m) => m.timestamp)).toEqual(['2020-10-25T01:30:00+02:00', '2020-10-25T02:10:00+02:00', '2020-10-25T02:50:00+02:00', '2020-10-25T02:05:00+01:00', '2020-10-25T03:10:00+01:00']);
    expect(messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('a repeated hour with nothing before it in the file takes the earlier reading, as before', () => {
    expect(read(chat([message(1, '2020-10-25T02:05:00')]), 'Europe/Berlin')[0]!.timestamp).toBe('2020-10-25T02:05:00+02:00');
  });

  it('I can convert an export re-saved with sorted keys, whose chat type lies after 64 KiB of messages', () => {
    const messages = Array.from({ length: 600 }, (_, i) => ({ date: '2022-06-01T08:00:00', date_unixtime: String(1654070400 + i), from: 'Ana', from_id: 'user6001', id: 1000 + i, text: `message ${i} ${'x'.repeat(80)}`, type: 'message' }));
    const text = JSON.stringify({ id: 6000, messages, name: 'Walkers', type: 'private_group' }, null, 1);
    expect(text.indexOf('"private_group"')).toBeGreaterThan(64 * 1024);
    const file: InputFile = { kind: 'file', name: 'result.json', bytes: new TextEncoder().encode(text) };
    expect(telegramReader.detect(file)).toEqual({ format: 'telegram', layout: 'chat-result-json' });
    expect(messagesOf(telegramReader.parse(file, options))).toHaveLength(600);
  });

  it('an impossible date is refused naming the message, the value and what to do', () => {
    for (const [date, fields] of [['2024-02-30T10:00:00', {}], ['2024-01-01T25:61:00', {}], ['2024-01-01T10:00:00', { date_unixtime: '99999999999999' }], ['2024-01-01T10:00:00+15:00', {}]] as const) {
      const file = chat([message(7, date, fields)]);
      expect(() => telegramReader.parse(file, options), date).toThrow(ConvertError);
      expect(() => telegramReader.parse(file, options), date).toThrow(/^result\.json: message 7 in chat 1 has an impossible "date(_unixtime)?" \(".*"\).*Export the chat again/);
    }
  });
});

describe('Telegram errors say which file, where and what to do', () => {
  it('a cut-short file names its line and column', () => {
    const text = '{\n "name": "x",\n "type": "personal_chat",\n "id": 1,\n "messages": [\n  {"id": 1, "type": "message", "date": "2020-01-01T00:00:00", "text": "hi"';
    const file: InputFile = { kind: 'file', name: 'result.json', bytes: new TextEncoder().encode(text) };
    expect(telegramReader.detect(file)).toMatchObject({ format: 'telegram' });
    let error: unknown;
    try {
      telegramReader.parse(file, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvertError);
    expect((error as ConvertError).line).toBe(6);
    expect((error as ConvertError).message).toMatch(/^result\.json:6: .*not valid JSON at line 6, column \d+ \(the file ends\).*export it again/);
  });

  it('a stray character is found exactly', () => {
    const file: InputFile = { kind: 'file', name: 'chat.json', bytes: new TextEncoder().encode('{"messages": [\n  {"id": 1,, "type": "message"}\n]}') };
    expect(() => telegramReader.parse(file, options)).toThrow(/chat\.json:2: .*line 2, column 12 \(found ", /);
  });

  it('a JSON file that is some other export is refused with what Telegram export to make', () => {
    const file: InputFile = { kind: 'file', name: 'other.json', bytes: new TextEncoder().encode('{"guild": {"id": "1"}, "channel": {"id": "2"}, "messagez": []}') };
    expect(telegramReader.detect(file)).toBeUndefined();
    expect(() => telegramReader.parse(file, options)).toThrow(/other\.json: this JSON is not a Telegram Desktop export.*Export Telegram data/);
  });
});

describe.skipIf(!existsSync(SAMPLES))('real Telegram exports (../shared/samples/telegram)', () => {
  const read = (name: string) => telegramReader.parse(fileOf(resolve(SAMPLES, name), name), options);

  it('each real file is detected, read with the expected counts, and valid', () => {
    const counts: Record<string, [string, number, number]> = {
      'full-export-MultiChat_2C_6M.json': ['account-result-json', 2, 6],
      'public-channel-2021-service-poll.json': ['chat-result-json', 1, 7],
      'saved-messages-2021-richtext.json': ['chat-result-json', 1, 21],
      'single-chat-DM_2A_7M.json': ['chat-result-json', 1, 8],
    };
    for (const [name, [layout, conversations, messages]] of Object.entries(counts)) {
      expect(telegramReader.detect(fileOf(resolve(SAMPLES, name), name))?.layout, name).toBe(layout);
      const parsed = read(name);
      expect(parsed.conversations.length, name).toBe(conversations);
      expect(messagesOf(parsed).length, name).toBe(messages);
      expectValid(parsed);
    }
  });

  it('a per-chat export with text arrays, text_entities and messages with only date_unixtime reads exactly', () => {
    const parsed = read('single-chat-DM_2A_7M.json');
    const [joined, link, hello, world] = messagesOf(parsed);
    expect(parsed.source.account).toBe('telegram:user300000000');
    expect(joined).toMatchObject({ kind: 'system', text: 'Bob joined Telegram', timestamp: '2019-07-05T16:55:32+09:00' });
    expect(link).toMatchObject({ text: 'https://google.com 👀', entities: [{ type: 'link', offset: 0, length: 18, url: 'https://google.com' }] });
    expect(hello).toMatchObject({ id: 'telegram:user300000000#chat:700000000#m:3645', sender: 'telegram:user300000000', text: 'hello world' });
    expect(world).toMatchObject({ timestamp: '2022-05-09T22:23:53Z', sender: 'telegram:user700000000', text: 'world?' });
    const call = messagesOf(parsed).at(-1)!;
    expect(call).toMatchObject({ kind: 'call', timestamp: '2023-08-11T02:11:02Z', call: { durationSeconds: 56, outcome: 'answered' } });
  });

  it('the older Saved Messages export keeps rich text, forwards, polls and the pinned message', () => {
    const parsed = read('saved-messages-2021-richtext.json');
    const messages = messagesOf(parsed);
    expect(parsed.source.account).toBe('telegram:user9999999999');
    const rich = messages.find((m) => m.sourceIds?.['telegram-message'] === '173430')!;
    expect(rich.text).toBe('bold italic strikethrough underline @person http://google.com monospace http://mystery.knightlab.com/');
    expect(rich.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'italic', offset: 5, length: 6 },
      { type: 'strikethrough', offset: 12, length: 13 },
      { type: 'underline', offset: 26, length: 9 },
      { type: 'mention', offset: 36, length: 7, handle: 'telegram:@person' },
      { type: 'link', offset: 44, length: 17, url: 'http://google.com/' },
      { type: 'code', offset: 62, length: 9 },
      { type: 'link', offset: 72, length: 29, url: 'http://mystery.knightlab.com/' },
    ]);
    expect(messages.find((m) => m.sourceIds?.['telegram-message'] === '323662')).toMatchObject({ forwardedFrom: { name: 'ForwardedFrom Person' } });
    expect(messages.find((m) => m.sourceIds?.['telegram-message'] === '318170')!.attachments![0]!.notIncluded!.reason).toBe('too-large');
    expect(messages.find((m) => m.sourceIds?.['telegram-message'] === '4')).toMatchObject({ kind: 'system', text: 'test pinned a message', replyTo: 'telegram:user9999999999#chat:9999999999#m:3' });
  });

  it('a channel export keeps polls with votes and replies', () => {
    const messages = messagesOf(read('public-channel-2021-service-poll.json'));
    expect(messages[4]).toMatchObject({ kind: 'poll', poll: { question: 'Poll question', options: [{ text: 'option 1', votes: 1 }, { text: 'option 2', votes: 0 }] } });
    expect(messages[6]).toMatchObject({ text: 'reply to quiz', replyTo: 'telegram:me#chat:44444444444#m:6', sender: 'telegram:channel44444444444' });
  });
});
