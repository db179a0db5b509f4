import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateArchive } from '../../src/archive/validate.js';
import { kakaoTalkReader } from '../../src/connectors/kakaotalk/read.js';
import { lineCall, lineReader, parseDayLine } from '../../src/connectors/line/read.js';
import { convertToZip, detectInputs } from '../../src/convert/convert.js';
import { FILE_READERS } from '../../src/connectors/registry.js';
import { ConvertError, type ConvertOptions, type InputFile } from '../../src/connectors/contract.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = join(__dirname, '../../src/connectors/line/fixtures');
const SAMPLES = join(__dirname, '../../../shared/samples/line');
const hasSamples = existsSync(SAMPLES);
if (!hasSamples) console.warn(`LINE real-sample tests skipped: ${SAMPLES} is absent.`);

const OPTIONS: ConvertOptions = { timeZone: 'Asia/Tokyo', now: '2026-11-22T00:00:00.000Z' };

const fileAt = (dir: string, name: string): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const fixture = (name: string) => fileAt(FIXTURES, name);
const textFile = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: strToU8(text) });
const messagesOf = (file: InputFile, options: ConvertOptions = OPTIONS): Message[] => [...lineReader.parse(file, options).conversations[0]!.messages()];
const brief = (m: Message) => [m.sender, m.timestamp, m.kind, m.text];

describe('LINE chat history', () => {
  it('I can see which language each LINE file is in', () => {
    const expected: Record<string, string> = { 'en-mina.txt': 'en', 'ja-group.txt': 'ja', 'zh-tw-1on1.txt': 'zh-TW', 'ko-1on1.txt': 'ko', 'de-group.txt': 'de' };
    for (const [name, locale] of Object.entries(expected)) expect(lineReader.detect(fixture(name)), name).toEqual({ format: 'line', layout: 'txt', locale });
  });

  it('a file that is not a LINE chat history is not claimed, and KakaoTalk files are not mistaken for LINE', () => {
    expect(lineReader.detect(textFile('a.txt', 'hello\n12:00\tA\tB\n'))).toBeUndefined();
    for (const name of ['pc-ko.txt', 'pc-en.txt', 'pc.csv', 'KakaoTalkChats.txt', 'android-en.txt', 'ios-ko.txt', 'ios-en.txt']) {
      expect(lineReader.detect(fileAt(join(__dirname, '../../src/connectors/kakaotalk/fixtures'), name)), name).toBeUndefined();
    }
  });

  it('I can read an English one-to-one chat with a BOM and mixed line ends; the other name is me', () => {
    const parsed = lineReader.parse(fixture('en-mina.txt'), OPTIONS);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'line:room/Mina', kind: 'direct', title: 'Mina' });
    expect(parsed.source).toMatchObject({ service: 'line', account: 'line:Joe', exportedAt: '2024-02-01T00:30:00.000Z', timeZone: { status: 'assumed', zone: 'Asia/Tokyo' } });
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages.map(brief)).toEqual([
      ['line:Mina', '2024-01-02T00:05:00+09:00', 'text', 'Happy new year!'],
      ['line:Joe', '2024-01-02T12:00:00+09:00', 'media', ''],
      ['line:Joe', '2024-01-02T12:01:00+09:00', 'text', 'see you at\nthe station'],
      ['line:Mina', '2024-01-03T23:59:00+09:00', 'sticker', ''],
      ['line:Mina', '2024-01-03T23:59:00+09:00', 'call', '☎ Call time 1:05'],
    ]);
    expect(messages[0]!.wallClock).toBe('Tue, 1/2/2024 00:05');
    expect(messages[1]!.attachments).toEqual([{ mediaType: 'image/jpeg', notIncluded: { reason: 'not-downloaded', detail: 'LINE printed "[Photo]" instead of the file' } }]);
    expect(messages[4]!.call).toEqual({ durationSeconds: 65, outcome: 'answered' });
    expect(parsed.warnings).toEqual([]);
  });

  it('I can read a Japanese group chat with unpadded hours, a call and placeholders', () => {
    const parsed = lineReader.parse(fixture('ja-group.txt'), OPTIONS);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'line:room/週末チーム', kind: 'group', title: '週末チーム' });
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages.map(brief)).toEqual([
      ['line:さくら', '2024-01-23T00:00:00+09:00', 'text', 'おはよう'],
      ['line:けんた', '2024-01-23T09:05:00+09:00', 'text', '今日は\n雨だね'],
      ['line:さくら', '2024-01-23T12:00:00+09:00', 'media', ''],
      ['line:さくら', '2024-01-23T12:00:00+09:00', 'sticker', ''],
      ['line:ゆい', '2024-01-23T18:30:00+09:00', 'call', '☎ 通話時間12:34'],
    ]);
    expect(messages[4]!.call).toEqual({ durationSeconds: 754, outcome: 'answered' });
    expect(parsed.warnings.map((w) => w.text).join('\n')).toMatch(/--me NAME/);
  });

  it('I can read a Traditional Chinese chat with full-width parentheses and a cancelled call', () => {
    expect(messagesOf(fixture('zh-tw-1on1.txt')).map(brief)).toEqual([
      ['line:小明', '2025-05-17T07:10:00+09:00', 'text', '早安'],
      ['line:小王', '2025-05-17T07:11:00+09:00', 'media', ''],
      ['line:小王', '2025-05-17T10:09:00+09:00', 'call', '☎ 您已取消通話'],
      ['line:小明', '2025-05-17T23:55:00+09:00', 'text', '晚安\n明天見'],
    ]);
    expect(messagesOf(fixture('zh-tw-1on1.txt'))[2]!.call).toEqual({ outcome: 'cancelled' });
  });

  it('I can read a Korean chat, in Seoul time', () => {
    const options = { ...OPTIONS, timeZone: 'Asia/Seoul' };
    const parsed = lineReader.parse(fixture('ko-1on1.txt'), options);
    expect(parsed.conversations[0]!.conversation).toMatchObject({ id: 'line:room/김민지', kind: 'direct', title: '김민지' });
    expect(parsed.source.account).toBe('line:이준호');
    expect(messagesOf(fixture('ko-1on1.txt'), options).map(brief)).toEqual([
      ['line:김민지', '2024-01-23T00:00:00+09:00', 'text', '생일 축하해!'],
      ['line:이준호', '2024-01-23T12:00:00+09:00', 'text', '고마워 ㅎㅎ'],
      ['line:이준호', '2024-01-23T12:01:00+09:00', 'media', ''],
      ['line:김민지', '2024-01-23T21:30:00+09:00', 'text', '내일 봐\n잘 자'],
      ['line:이준호', '2024-01-24T08:00:00+09:00', 'sticker', ''],
    ]);
  });

  it('a --me name that is not in a one-to-one chat falls back to the one other name, and says so', () => {
    const parsed = lineReader.parse(fixture('ko-1on1.txt'), { ...OPTIONS, me: '나' });
    expect(parsed.source.account).toBe('line:이준호');
    expect(parsed.warnings.map((w) => w.text)).toEqual(['--me "나" does not appear as a sender in this file; "이준호", the one name besides "김민지" in this one-to-one chat, is taken as you.']);
  });

  it('I can read a German group chat, where a two-field line is a notice and --me marks me', () => {
    const options = { ...OPTIONS, timeZone: 'Europe/Berlin', me: 'Anna' };
    const parsed = lineReader.parse(fixture('de-group.txt'), options);
    expect(parsed.source.account).toBe('line:Anna');
    expect(parsed.source.exportedAt).toBe('2024-02-03T09:00:00.000Z');
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual([
      ['line:Anna', '2024-02-02T00:00:00+01:00', 'text', 'Guten Morgen!'],
      ['line:Bernd', '2024-02-02T12:00:00+01:00', 'media', ''],
      ['line:Clara', '2024-02-02T12:30:00+01:00', 'text', 'Treffpunkt\nam Bahnhof?'],
      ['line:Anna', '2024-02-02T17:05:00+01:00', 'system', 'Clara hat die Gruppe verlassen.'],
      ['line:Unbekannt', '2024-02-03T09:00:00+01:00', 'text', 'Hallo?'],
    ]);
    expect(parsed.fidelity.find((n) => n.item === 'message.sender')).toMatchObject({ count: 1 });
  });

  it('12-hour LINE times read 午前 12 as midnight and 오후 12 as noon', () => {
    const text = '[LINE] Chat history with A\nSaved on: 1/3/2024, 10:00\n\nTue, 1/2/2024\n午前12:05\tA\tx\n오후 12:05\tA\ty\n1:30 PM\tA\tz\n';
    expect(messagesOf(textFile('a.txt', text)).map((m) => m.timestamp)).toEqual(['2024-01-02T00:05:00+09:00', '2024-01-02T12:05:00+09:00', '2024-01-02T13:30:00+09:00']);
  });

  it('an English day line is read month-first, and day-first only when its weekday says so', () => {
    expect(parseDayLine('Fri, 8/16/2019')).toEqual({ day: { year: 2019, month: 8, day: 16 }, text: 'Fri, 8/16/2019' });
    expect(parseDayLine('Tue, 2/1/2024')).toEqual({ day: { year: 2024, month: 1, day: 2 }, text: 'Tue, 2/1/2024' });
    expect(parseDayLine('Mon, 8/16/2019')).toEqual({ bad: expect.stringMatching(/weekday/) });
  });

  it('a line LINE printed with an empty name field is one of its notices, and the archive validates', async () => {
    // ChatLab's LINE parser, built from users' zh-TW and zh-CN exports: "下午07:04<TAB><TAB>阿明已加入群組".
    const file = textFile('a.txt', '[LINE] Chat history in "G"\nSaved on: 1/3/2024, 10:00\n\nTue, 1/2/2024\n10:00\t\tA joined the group.\n10:01\tA\thi\n');
    expect(messagesOf(file).map((m) => [m.sender, m.kind, m.text])).toEqual([
      ['line:me', 'system', 'A joined the group.'],
      ['line:A', 'text', 'hi'],
    ]);
    const { zip } = await convertToZip([file], OPTIONS, {}, [lineReader]);
    expect(validateArchive(zip).errors).toEqual([]);
  });

  it('calls keep their length and outcome', () => {
    expect(lineCall('☎ 通話時間1:16')).toEqual({ durationSeconds: 76, outcome: 'answered' });
    expect(lineCall('☎ Call time 1:02:03')).toEqual({ durationSeconds: 3723, outcome: 'answered' });
    expect(lineCall('☎ Missed call')).toEqual({ outcome: 'missed' });
    expect(lineCall('hello')).toBeUndefined();
  });

  it('converting the same file twice gives the same ids, every id is unique, and the counts told to the converter are right', () => {
    for (const name of ['en-mina.txt', 'ja-group.txt', 'zh-tw-1on1.txt', 'ko-1on1.txt', 'de-group.txt']) {
      const once = messagesOf(fixture(name)).map((m) => m.id);
      expect(messagesOf(fixture(name)).map((m) => m.id), name).toEqual(once);
      expect(new Set(once).size, name).toBe(once.length);
      const all = messagesOf(fixture(name));
      expect(lineReader.parse(fixture(name), OPTIONS).conversations[0]!.counts, name).toEqual({ messages: all.length, attachments: all.flatMap((m) => m.attachments ?? []).length, notIncluded: all.flatMap((m) => m.attachments ?? []).filter((a) => a.notIncluded).length });
    }
  });

  it('a line with a time that cannot be one is kept as text of the message above, and its line number is reported', () => {
    const text = '[LINE] Chat history with A\nSaved on: 1/3/2024, 10:00\n\nTue, 1/2/2024\n10:00\tA\tfine\n25:61\tA\tbroken\n10:05\tB\tnext\n';
    const parsed = lineReader.parse(textFile('chat.txt', text), OPTIONS);
    expect([...parsed.conversations[0]!.messages()].map((m) => [m.sender, m.text])).toEqual([
      ['line:A', 'fine\n25:61\tA\tbroken'],
      ['line:B', 'next'], // B, the one name besides A's in "Chat history with A", is the user
    ]);
    expect(parsed.warnings.find((w) => w.code === 'suspicious_lines')).toMatchObject({ args: ['1', '6'] });
  });

  it('a line with an impossible time and no message above it is refused with the file, the line and what was expected', () => {
    const text = '[LINE] Chat history with A\nSaved on: 1/3/2024, 10:00\n\nTue, 1/2/2024\n25:61\tA\tbroken\n';
    let error: unknown;
    try {
      messagesOf(textFile('chat.txt', text));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvertError);
    expect((error as ConvertError).line).toBe(5);
    expect((error as ConvertError).message).toMatch(/^chat\.txt:5: this line starts like a LINE message but is not one: expected a real time/);
  });

  it('a message before any day line is refused instead of being given a made-up date', () => {
    const text = '[LINE] Chat history with A\nSaved on: 1/3/2024, 10:00\n\n10:00\tA\tno day\n';
    expect(() => messagesOf(textFile('chat.txt', text))).toThrow(/^chat\.txt:4: a message before any date line/);
  });

  it('I can give a history saved again as UTF-16 big-endian without a BOM', () => {
    const text = new TextDecoder().decode(fixture('en-mina.txt').bytes);
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) [bytes[2 * i], bytes[2 * i + 1]] = [text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff];
    const file: InputFile = { kind: 'file', name: 'en-mina.txt', bytes };
    expect(lineReader.detect(file)).toEqual({ format: 'line', layout: 'txt', locale: 'en' });
    const parsed = lineReader.parse(file, OPTIONS);
    expect([...parsed.conversations[0]!.messages()].map(brief)).toEqual(messagesOf(fixture('en-mina.txt')).map(brief));
    expect(parsed.warnings.map((w) => w.code)).toEqual(['not_utf8']);
  });

  it('a history whose header lines were removed is still read when it starts with a day line over LINE message lines, and a table that only looks like one is not claimed', () => {
    const text = '2024/1/23(火)\n9:20\tさくら\tおはよう\n9:21\tけんた\tおはよ！\n';
    expect(lineReader.detect(textFile('talk.txt', text))).toEqual({ format: 'line', layout: 'txt', locale: 'ja' });
    expect(messagesOf(textFile('talk.txt', text)).map((m) => [m.sender, m.text])).toEqual([
      ['line:さくら', 'おはよう'],
      ['line:けんた', 'おはよ！'],
    ]);
    // One message line is not enough to tell, nor is a day line over lines that are not messages.
    expect(lineReader.detect(textFile('a.txt', '2024/1/23(火)\n9:20\tさくら\tおはよう\n'))).toBeUndefined();
    expect(lineReader.detect(textFile('a.txt', 'Tue, 1/23/2024\nshopping\n9:20\tmilk\t2\n9:21\teggs\t12\n'))).toBeUndefined();
  });

  it('two different chats pasted into one file become two conversations', () => {
    const a = '[LINE] Chat history with Dana\nSaved on: 4/2/2024, 20:00\n\nMon, 4/1/2024\n10:00\tDana\tmorning\n10:01\tEli\thi Dana\n';
    const b = '[LINE] Chat history with Finn\nSaved on: 4/2/2024, 20:05\n\nTue, 4/2/2024\n11:00\tFinn\tlunch?\n11:01\tEli\tsure\n';
    const parsed = lineReader.parse(textFile('two.txt', a + b), OPTIONS);
    expect(parsed.conversations.map((c) => c.conversation.title)).toEqual(['Dana', 'Finn']);
    // Eli is the one other name in both one-to-one chats: the user.
    expect(parsed.source.account).toBe('line:Eli');
    expect(parsed.conversations.map((c) => [...c.messages()].map((m) => [m.sender, m.text]))).toEqual([
      [
        ['line:Dana', 'morning'],
        ['line:Eli', 'hi Dana'],
      ],
      [
        ['line:Finn', 'lunch?'],
        ['line:Eli', 'sure'],
      ],
    ]);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['exports_concatenated']);
  });

  it('every fixture converts into an archive that validates, through the registered formats', async () => {
    for (const name of ['en-mina.txt', 'ja-group.txt', 'zh-tw-1on1.txt', 'ko-1on1.txt', 'de-group.txt']) {
      expect(detectInputs([fixture(name)], FILE_READERS).map((c) => c.reader.name), name).toEqual(['line']);
      const { zip } = await convertToZip([fixture(name)], OPTIONS, {}, [lineReader]);
      expect(validateArchive(zip).errors, name).toEqual([]);
    }
  });
});

describe('claims', () => {
  it('the KakaoTalk and LINE readers claim none of the other connectors\' fixtures or other services\' real samples', () => {
    const walk = (dir: string, out: string[] = []): string[] => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path, out);
        else out.push(path);
      }
      return out;
    };
    const roots = [join(__dirname, '../../src/connectors'), ...(existsSync(join(SAMPLES, '..')) ? [join(SAMPLES, '..')] : [])];
    const others = roots.flatMap((root) => walk(root)).filter((p) => /[\\/](fixtures|samples)[\\/]/.test(p) && !/[\\/](kakaotalk|line)[\\/]/.test(p));
    expect(others.length).toBeGreaterThan(0);
    const claimed = others.filter((path) => {
      const file: InputFile = { kind: 'file', name: path, bytes: new Uint8Array(readFileSync(path)) };
      return kakaoTalkReader.detect(file) !== undefined || lineReader.detect(file) !== undefined;
    });
    expect(claimed).toEqual([]);
  });
});

describe.skipIf(!hasSamples)('real LINE exports (../shared/samples/line)', () => {
  const counts = (name: string) => {
    const messages = messagesOf(fileAt(SAMPLES, name));
    const by = (kind: string) => messages.filter((m) => m.kind === kind).length;
    return { messages: messages.length, system: by('system'), media: by('media'), sticker: by('sticker'), call: by('call') };
  };

  it('every real file is recognised with its language', () => {
    const expected: Record<string, string> = {
      'de-group-2019-system.txt': 'de',
      'en-1on1-2019-bom.txt': 'en',
      'en-group-2019-bom-system.txt': 'en',
      'ja-2024-tab-separated.txt': 'ja',
      'zh-tw-2025-tab-separated.txt': 'zh-TW',
    };
    for (const [name, locale] of Object.entries(expected)) {
      expect(lineReader.detect(fileAt(SAMPLES, name)), name).toEqual({ format: 'line', layout: 'txt', locale });
      expect(detectInputs([fileAt(SAMPLES, name)], FILE_READERS).map((c) => c.reader.name), name).toEqual(['line']);
    }
  });

  it('I get every message of each real file, with notices, placeholders and calls counted', () => {
    expect(counts('de-group-2019-system.txt')).toEqual({ messages: 57, system: 5, media: 3, sticker: 3, call: 0 });
    // Two album events are printed under Alice's name; they are notices too.
    expect(counts('en-1on1-2019-bom.txt')).toEqual({ messages: 19, system: 2, media: 1, sticker: 3, call: 0 });
    expect(counts('en-group-2019-bom-system.txt')).toEqual({ messages: 52, system: 5, media: 3, sticker: 2, call: 0 });
    expect(counts('ja-2024-tab-separated.txt')).toEqual({ messages: 22, system: 0, media: 0, sticker: 3, call: 0 });
    expect(counts('zh-tw-2025-tab-separated.txt')).toEqual({ messages: 25, system: 0, media: 4, sticker: 2, call: 2 });
  });

  it('I can read the English one-to-one file: Bob is me, the multi-line message is whole', () => {
    const parsed = lineReader.parse(fileAt(SAMPLES, 'en-1on1-2019-bom.txt'), OPTIONS);
    expect(parsed.source.account).toBe('line:Bob');
    const messages = [...parsed.conversations[0]!.messages()];
    expect(messages.slice(0, 5).map(brief)).toEqual([
      ['line:Alice', '2019-08-16T14:30:00+09:00', 'media', ''],
      ['line:Bob', '2019-08-16T14:31:00+09:00', 'text', 'Nice picture!'],
      ['line:Alice', '2019-08-16T14:32:00+09:00', 'text', 'Thanks! Took it on my trip'],
      ['line:Bob', '2019-08-16T14:33:00+09:00', 'text', 'Where was this taken?'],
      ['line:Alice', '2019-08-16T14:35:00+09:00', 'text', 'At the beach\nnear the lighthouse'],
    ]);
    expect(messages.at(-1)!).toMatchObject({ sender: 'line:Bob', timestamp: '2019-08-20T18:10:00+09:00', text: 'That sounds like a plan!' });
  });

  it('I can read the German group file: a member who left writes as "Unbekannt", a leave notice has no sender', () => {
    const messages = messagesOf(fileAt(SAMPLES, 'de-group-2019-system.txt'), { ...OPTIONS, timeZone: 'Europe/Berlin' });
    expect(brief(messages[0]!)).toEqual(['line:Anna', '2019-08-19T11:28:00+02:00', 'text', 'Hallo zusammen!\nWann treffen wir uns?']);
    expect(messages.find((m) => m.kind === 'system')!.text).toBe('Josie hat die Gruppe verlassen.');
    expect(messages.filter((m) => m.sender === 'line:Unbekannt')).toHaveLength(8);
    expect(brief(messages.at(-1)!)).toEqual(['line:Eva', '2022-01-02T10:04:00+01:00', 'text', '🎉']);
  });

  it('I can read the Japanese and Traditional Chinese files, including a continuation without quotes and a call length', () => {
    const ja = messagesOf(fileAt(SAMPLES, 'ja-2024-tab-separated.txt'));
    expect(brief(ja[0]!)).toEqual(['line:ユーザーA', '2024-01-23T09:20:00+09:00', 'text', 'おは！']);
    expect(ja.find((m) => m.text.includes('\n'))!.text).toBe('おれも久々に会えてよかった！\n日曜たのしみや！');
    const zh = messagesOf(fileAt(SAMPLES, 'zh-tw-2025-tab-separated.txt'), { ...OPTIONS, timeZone: 'Asia/Taipei' });
    expect(brief(zh[0]!)).toEqual(['line:小王', '2016-06-18T22:22:00+08:00', 'text', '欸']);
    expect(zh.find((m) => m.kind === 'call')).toMatchObject({ text: '☎ 通話時間1:16', call: { durationSeconds: 76, outcome: 'answered' } });
  });
});
