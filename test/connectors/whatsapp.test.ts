import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readArchive } from '../../src/archive/container.js';
import { validateArchive } from '../../src/archive/validate.js';
import { whatsappReader } from '../../src/connectors/whatsapp/read.js';
import { convertToZip, prepareConversion } from '../../src/convert/convert.js';
import { nodeSha256Hex } from '../../src/cli/node-hash.js';
import { ConvertError, type ConvertOptions, type InputFile } from '../../src/connectors/contract.js';
import { contentMessageId, sha256Hex } from '../../src/model/ids.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/whatsapp/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples/whatsapp');
const OPTIONS: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00.000Z' };

const fixture = (name: string): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) });

function messagesOf(file: InputFile, options: ConvertOptions = OPTIONS): Message[] {
  const parsed = whatsappReader.parse(file, options);
  return [...parsed.conversations[0]!.messages()];
}

describe('WhatsApp reader: layouts and locales', () => {
  // The layout as the reader describes it, from the file's first message line (ferry convert prints it).
  const cases: [string, string, string, string | undefined, number][] = [
    ['WhatsApp Chat with Minji.txt', 'android-txt', 'DD/MM/YYYY, HH:MM - Name: text', 'en-GB', 10],
    ['android-en-us.txt', 'android-txt', 'M/D/YY, h:MM AM - Name: text', 'en-US', 8],
    ['ios-en-us.txt', 'ios-txt', '[M/DD/YY, h:MM:SS AM] Name: text', 'en-US', 8],
    ['android-de.txt', 'android-txt', 'DD.MM.YY, HH:MM - Name: text', 'de', 6],
    ['ios-de.txt', 'ios-txt', '[DD.MM.YY, HH:MM:SS] Name: text', 'de', 5],
    ['android-nl.txt', 'android-txt', 'DD-MM-YYYY HH:MM - Name: text', 'nl', 6],
    ['ios-ar.txt', 'ios-txt', '[DD/M/YYYY، HH:MM:SS] Name: text', 'ar', 5],
    ['android-ko.txt', 'android-txt', 'YYYY. M. D. 오후 h:MM - Name: text', 'ko', 6],
    ['ios-ko.txt', 'ios-txt', '[YYYY. M. D. 오후 h:MM:SS] Name: text', 'ko', 4],
    ['android-pt-br.txt', 'android-txt', 'DD/MM/YYYY HH:MM - Name: text', 'pt-BR', 5],
  ];
  for (const [name, layout, pattern, locale, count] of cases) {
    it(`I can convert ${name} (${layout}, ${locale}) into a valid archive with all ${count} messages, and am told its layout`, async () => {
      const file = fixture(name);
      expect(whatsappReader.detect(file)?.layout).toBe(layout);
      const parsed = whatsappReader.parse(file, OPTIONS);
      expect(parsed.detection).toMatchObject({ format: 'whatsapp', layout: `${layout} "${pattern}"`, locale });
      expect(parsed.source.timeZone).toEqual({ status: 'assumed', zone: 'Asia/Seoul' });
      const { zip, result } = await convertToZip([file], OPTIONS);
      expect(validateArchive(zip).errors).toEqual([]);
      expect(result.inputs[0]!.messages).toBe(count);
      expect(readArchive(zip).manifest.counts.messages).toBe(count);
    });
  }

  it('Android en-GB: captions, multi-line text, location, deleted and missed calls read as what they are', () => {
    const m = messagesOf(fixture('WhatsApp Chat with Minji.txt'));
    expect(m[0]).toMatchObject({ kind: 'system', timestamp: '2024-03-13T09:15:00+09:00', wallClock: '13/03/2024, 09:15' });
    expect(m[4]).toMatchObject({ kind: 'media', text: 'The menu for today', attachments: [{ notIncluded: { reason: 'not-downloaded' } }] });
    expect(m[5]!.text).toBe('Looks great.\nSee you there:\n- bring the umbrella');
    expect(m[6]).toMatchObject({ kind: 'location', location: { latitude: 37.566535, longitude: 126.9779692 } });
    expect(m[7]).toMatchObject({ kind: 'deleted', text: 'This message was deleted' });
    expect(m[8]).toMatchObject({ kind: 'call', call: { video: false, outcome: 'missed' } });
    expect(m[9]!.text).toBe('어제 고마웠어요 😊');
  });

  it('a direct chat named after the other person knows which sender is me', () => {
    const parsed = whatsappReader.parse(fixture('WhatsApp Chat with Minji.txt'), OPTIONS);
    expect(parsed.source.account).toBe('whatsapp:name:Sam%20Taylor');
    expect(parsed.conversations[0]!.conversation).toMatchObject({ kind: 'direct', title: 'Minji' });
    const mine = [...parsed.conversations[0]!.messages()].filter((m) => m.sender === parsed.source.account);
    expect(mine.map((m) => m.text)).toContain('Yes, 12:30 at the usual place');
    expect(parsed.warnings).toEqual([]);
  });

  it('--me names me when the file cannot, and phone numbers become tel: handles', () => {
    const parsed = whatsappReader.parse(fixture('android-en-us.txt'), { ...OPTIONS, me: 'Riley' });
    expect(parsed.source.account).toBe('whatsapp:name:Riley');
    const m = [...parsed.conversations[0]!.messages()];
    expect(m.find((x) => x.text === 'me!')!.sender).toBe('whatsapp:name:Riley');
    expect(m.find((x) => x.text.startsWith('I can take'))!.sender).toBe('tel:+14155550134');
    expect(parsed.conversations[0]!.conversation.kind).toBe('group');
  });

  it('en-US 12-hour times with U+202F read right, including 12 AM and 12 PM', () => {
    const m = messagesOf(fixture('android-en-us.txt'));
    expect(m[4]).toMatchObject({ timestamp: '2023-01-05T12:00:00+09:00', text: 'me!' });
    expect(m[6]).toMatchObject({ timestamp: '2023-01-13T23:59:00+09:00', kind: 'media', text: 'Gas station sunset', attachments: [{ fileName: 'IMG-20230113-WA0001.jpg', mediaType: 'image/jpeg' }] });
    expect(m[7]).toMatchObject({ timestamp: '2023-01-14T00:00:00+09:00', kind: 'poll', poll: { question: 'Leave at', options: [{ text: '6 am', votes: 2 }, { text: '8 am', votes: 1 }] } });
  });

  it('iOS: edited marks are removed from the text and counted, deleted and omitted documents keep their titles', () => {
    const parsed = whatsappReader.parse(fixture('ios-en-us.txt'), OPTIONS);
    const m = [...parsed.conversations[0]!.messages()];
    expect(m[3]).toMatchObject({ kind: 'text', text: 'Fixed the typo' });
    expect(m[4]).toMatchObject({ kind: 'deleted', text: 'You deleted this message' });
    expect(m[5]).toMatchObject({ kind: 'media', text: 'Report.pdf • 3 pages' });
    expect(m[6]).toMatchObject({ kind: 'call', call: { video: true, outcome: 'answered', durationSeconds: 720 } });
    expect(m[7]).toMatchObject({ timestamp: '2022-03-28T00:05:00+09:00' });
    expect(parsed.fidelity.find((f) => f.item === 'message.edits')).toMatchObject({ count: 1 });
  });

  it('Korean 오전/오후 and the "2023. 1. 5." date read right', () => {
    const m = messagesOf(fixture('android-ko.txt'));
    expect(m[1]).toMatchObject({ timestamp: '2023-01-05T15:26:00+09:00', text: '안녕하세요! 내일 회의 몇 시예요?' });
    expect(m[2]!.text).toBe('오전 10시요\n회의실 B에서 봬요');
    expect(m[4]).toMatchObject({ timestamp: '2023-01-13T00:05:00+09:00', kind: 'deleted' });
    expect(m[5]).toMatchObject({ kind: 'call', call: { outcome: 'missed' } });
    const ios = messagesOf(fixture('ios-ko.txt'));
    expect(ios[2]).toMatchObject({ kind: 'media', attachments: [{ mediaType: 'application/octet-stream' }] });
    expect(ios[3]).toMatchObject({ timestamp: '2023-01-05T23:59:59+09:00', text: '잘 자요' });
  });

  it('Arabic dates with U+200F marks and the Arabic comma read right', () => {
    const m = messagesOf(fixture('ios-ar.txt'));
    expect(m[1]).toMatchObject({ timestamp: '2022-03-19T09:00:00+09:00', text: 'صباح الخير', sender: `whatsapp:name:${encodeURIComponent('أحمد')}` });
    expect(m[2]).toMatchObject({ kind: 'media' });
    expect(m[3]).toMatchObject({ kind: 'deleted' });
    expect(m[4]).toMatchObject({ kind: 'location', location: { latitude: 24.7136, longitude: 46.6753 } });
  });

  it('German, Dutch and Brazilian Portuguese placeholders are recognised', () => {
    expect(messagesOf(fixture('android-de.txt')).map((m) => m.kind)).toEqual(['system', 'text', 'media', 'deleted', 'location', 'text']);
    expect(messagesOf(fixture('ios-de.txt')).map((m) => m.kind)).toEqual(['system', 'text', 'media', 'deleted', 'text']);
    expect(messagesOf(fixture('android-nl.txt')).map((m) => m.kind)).toEqual(['system', 'text', 'media', 'deleted', 'media', 'call']);
    expect(messagesOf(fixture('android-pt-br.txt')).map((m) => m.kind)).toEqual(['system', 'text', 'media', 'deleted', 'location']);
  });
});

describe('WhatsApp reader: dates, ids, media, errors', () => {
  const text = (lines: string[], name = 'chat.txt'): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(lines.join('\n') + '\n') });

  it('a file whose dates never show a day above 12 stops and asks for --date-order, then converts with it', () => {
    const file = text(['01/02/2024, 10:00 - A: one', '03/04/2024, 11:00 - B: two']);
    expect(() => whatsappReader.parse(file, OPTIONS)).toThrow(/--date-order dmy or --date-order mdy/);
    expect(messagesOf(file, { ...OPTIONS, dateOrder: 'mdy' })[0]!.timestamp).toBe('2024-01-02T10:00:00+09:00');
    expect(messagesOf(file, { ...OPTIONS, dateOrder: 'dmy' })[0]!.timestamp).toBe('2024-02-01T10:00:00+09:00');
  });

  it('the order is decided by the whole file: a day above 12 on the last line decides every line', () => {
    const lines = ['01/02/2024, 10:00 - A: one', '05/02/2024, 10:00 - B: two', '28/02/2024, 10:00 - A: three'];
    expect(messagesOf(text(lines))[0]!.timestamp).toBe('2024-02-01T10:00:00+09:00');
  });

  it('a file that says both day-first and month-first is refused with both lines named', () => {
    expect(() => whatsappReader.parse(text(['13/01/2024, 10:00 - A: x', '01/13/2024, 10:00 - B: y']), OPTIONS)).toThrow(/line 1 .*line 2/);
  });

  it('times in an hour the zone skips (a wrong --tz) still make an archive in time order', async () => {
    const file = text(['31/03/2024, 00:59 - A: one', '31/03/2024, 01:30 - A: two, in the skipped hour', '31/03/2024, 02:10 - A: three'], 'WhatsApp Chat with A.txt');
    const options = { ...OPTIONS, timeZone: 'Europe/London' };
    const parsed = whatsappReader.parse(file, options);
    expect(parsed.warnings.map((w) => w.text).join(' ')).toMatch(/not in time order/);
    const m = [...parsed.conversations[0]!.messages()];
    expect(m.map((x) => Date.parse(x.timestamp))).toEqual([...m.map((x) => Date.parse(x.timestamp))].sort((a, b) => a - b));
    expect(m).toHaveLength(3);
    const { zip } = await convertToZip([file], options);
    expect(validateArchive(zip).errors).toEqual([]);
  });

  it('a line whose date does not exist stays text of the message above, and I am told its line', () => {
    const parsed = whatsappReader.parse(text(['13/01/2024, 10:00 - A: x', '31/02/2024, 10:00 - B: y', '14/01/2024, 09:00 - B: z']), OPTIONS);
    const m = [...parsed.conversations[0]!.messages()];
    expect(m.map((x) => x.text)).toEqual(['x\n31/02/2024, 10:00 - B: y', 'z']);
    const notice = parsed.warnings.find((w) => w.code === 'suspicious_lines')!;
    expect(notice.args).toEqual(['1', '2']);
    expect(notice.text).toMatch(/line 2$/);
    expect(parsed.fidelity.find((f) => f.item === 'message.text')).toMatchObject({ count: 1 });
  });

  it('a file whose first message line cannot exist is refused with its line', () => {
    const error = (() => {
      try {
        whatsappReader.parse(text(['31/02/2024, 10:00 - B: y', '13/01/2024, 10:00 - A: x']), OPTIONS);
      } catch (e) {
        return e;
      }
    })() as ConvertError;
    expect(error).toBeInstanceOf(ConvertError);
    expect(error.line).toBe(1);
    expect(error.problem).toMatch(/cannot exist/);
  });

  it('a file that starts with something else is not claimed, and parsing it anyway says which line', () => {
    const file = text(['hello', '13/01/2024, 10:00 - A: x']);
    expect(whatsappReader.detect(file)).toBeUndefined();
    expect(() => whatsappReader.parse(file, OPTIONS)).toThrow(ConvertError);
  });

  it('converting the same file twice gives the same ids, and they are the documented content ids', () => {
    const a = messagesOf(fixture('ios-de.txt'));
    const b = messagesOf(fixture('ios-de.txt'), { ...OPTIONS, sha256Hex: nodeSha256Hex, now: '2030-01-01T00:00:00Z' });
    expect(b.map((m) => m.id)).toEqual(a.map((m) => m.id));
    expect(new Set(a.map((m) => m.id)).size).toBe(a.length);
    expect(a[1]!.id).toBe(contentMessageId(a[1]!.conversationId, a[1]!.sender, a[1]!.timestamp, a[1]!.text, 0));
  });

  it('the same words twice in one minute get two ids', () => {
    const m = messagesOf(text(['13/01/2024, 10:00 - A: ㅋㅋ', '13/01/2024, 10:00 - A: ㅋㅋ']));
    expect(m[0]!.id).not.toBe(m[1]!.id);
    expect(m[1]!.id).toBe(contentMessageId(m[1]!.conversationId, m[1]!.sender, m[1]!.timestamp, 'ㅋㅋ', 1));
  });

  it('a hundred same messages in one minute get a hundred ids, the documented ones, in linear work', () => {
    const lines = [...Array(100).keys()].map((i) => `13/01/2024, 10:00 - ${i % 2 ? 'A' : 'B'}: ㅋㅋ`);
    const m = messagesOf(text(lines));
    expect(new Set(m.map((x) => x.id)).size).toBe(100);
    m.forEach((x, i) => expect(x.id).toBe(contentMessageId(x.conversationId, x.sender, x.timestamp, 'ㅋㅋ', Math.floor(i / 2))));
  });

  it('a zip export puts its photo in the archive with its sha256, and a file missing from the zip is marked not included', async () => {
    const dir = join(FIXTURES, 'ios-media');
    const entries = Object.fromEntries(readdirSync(dir).map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))]));
    const zip = zipSync(entries);
    const { zip: archiveZip, result } = await convertToZip([{ kind: 'file', name: 'WhatsApp Chat - Loris.zip', bytes: zip }], OPTIONS);
    expect(validateArchive(archiveZip).errors).toEqual([]);
    expect(result.inputs[0]).toMatchObject({ name: 'WhatsApp Chat - Loris.zip/_chat.txt', attachments: 2, notIncluded: 1, detection: { layout: 'ios-zip "[DD.MM.YY, HH:MM:SS] Name: text"' } });
    const archive = readArchive(archiveZip);
    const photo = entries['00000001-PHOTO-2019-06-20-16-00-15.jpg']!;
    const messages = [...archive.messages.values()][0]!;
    expect(messages[2]!.attachments![0]).toEqual({ fileName: '00000001-PHOTO-2019-06-20-16-00-15.jpg', mediaType: 'image/jpeg', size: photo.length, sha256: sha256Hex(photo), path: `attachments/${sha256Hex(photo)}` });
    expect(archive.attachments!.get(sha256Hex(photo))).toEqual(photo);
    expect(messages[3]!.attachments![0]!.notIncluded?.detail).toMatch(/not in the export/);
    expect(archive.conversations[0]!.title).toBe('Loris');
  });

  it('five files and the same chat twice make one archive without duplicates', async () => {
    const names = ['android-de.txt', 'ios-de.txt', 'android-nl.txt', 'ios-ko.txt', 'android-pt-br.txt'];
    const { zip } = await convertToZip([...names.map(fixture), fixture('ios-de.txt')], OPTIONS);
    const archive = readArchive(zip);
    expect(archive.conversations).toHaveLength(5);
    expect(archive.manifest.counts.messages).toBe(6 + 5 + 6 + 4 + 5);
    expect(validateArchive(zip).valid).toBe(true);
  });

  it('Android prints no seconds: the fidelity notes say so, with the count', () => {
    const parsed = whatsappReader.parse(fixture('android-de.txt'), OPTIONS);
    expect(parsed.fidelity.find((f) => f.item === 'message.timestamp')).toMatchObject({ count: 6, stage: 'export' });
  });
});

describe.skipIf(!existsSync(SAMPLES))('WhatsApp reader on real exports (../shared/samples/whatsapp)', () => {
  const sample = (name: string): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(join(SAMPLES, name))) });
  const read = (name: string, options: Partial<ConvertOptions> = {}) => messagesOf(sample(name), { ...OPTIONS, timeZone: 'Europe/London', ...options });

  it('Android en-GB with media placeholders: captions and "(file attached)" names', () => {
    const m = read('android-en-gb-2022-media.txt');
    expect(m).toHaveLength(60);
    expect(m.find((x) => x.text === 'Caption')).toMatchObject({ kind: 'media', wallClock: '18/03/2022, 15:10' });
    expect(m.find((x) => x.attachments?.[0]?.fileName === 'PTT-20220323-WA0000.opus')).toMatchObject({ kind: 'media', attachments: [{ mediaType: 'audio/ogg' }] });
    expect(m.find((x) => x.kind === 'location')).toMatchObject({ location: { latitude: 51.50214569326172, longitude: -0.12739796972656 } });
  });

  it('Android Dutch: "<Media weggelaten>", LRM before attached files, "Dit bericht is verwijderd"', () => {
    const m = read('android-nl-2022-media.txt');
    expect(m.filter((x) => x.kind === 'deleted').length).toBeGreaterThanOrEqual(4);
    expect(m.find((x) => x.attachments?.[0]?.fileName === 'TR.vcf')).toMatchObject({ attachments: [{ mediaType: 'text/vcard' }] });
    expect(m.find((x) => x.text.startsWith('Çalış Plajı'))!.text).toBe('Çalış Plajı\nFethiye, Muğla\nhttps://foursquare.com/v/4dea6dacd22da22d4ed36317');
  });

  it('iOS Arabic: U+200F inside the dates', () => {
    const m = read('ios-ar-2022-rlm.txt');
    expect(m).toHaveLength(25);
    expect(m[1]).toMatchObject({ text: 'Hello World', timestamp: '2022-03-27T21:41:35+01:00', sender: 'whatsapp:name:Dmitry%20S' });
    expect(m.filter((x) => x.kind === 'deleted')).toHaveLength(2);
  });

  it('iOS German without media and English with media', () => {
    const de = read('ios-de-2022-omitted.txt');
    expect(de.filter((x) => x.kind === 'media' || x.kind === 'sticker').length).toBe(14);
    const en = read('ios-en-2022-attached-media.txt');
    expect(en.find((x) => x.attachments?.[0]?.fileName === '00000047-Resume-Dmitry-Starkov.pdf')).toMatchObject({ text: 'Resume-Dmitry-Starkov.pdf • 2 pages', attachments: [{ mediaType: 'application/pdf' }] });
  });

  it('iOS dd.mm.yy with a poll (the whatsapp-chat-parser example)', () => {
    const m = read('ios-dd.mm.yy-2019-example-with-attachments.txt');
    expect(m).toHaveLength(52);
    expect(m.find((x) => x.kind === 'poll')!.poll).toEqual({
      question: 'When can we meet?',
      options: [
        { text: 'Thursday 15 evening', votes: 2 },
        { text: 'Friday 16 afternoon', votes: 1 },
        { text: 'Friday 16 evening', votes: 2 },
        { text: 'Saturday 17 afternoon', votes: 3 },
        { text: 'Saturday 17 evening', votes: 3 },
      ],
    });
    expect(m[4]).toMatchObject({ text: 'Hey 👋', timestamp: '2019-06-20T15:58:53+01:00', sender: 'whatsapp:name:John' });
  });

  it('the feature-coverage fixture: Spanish poll, edited, calls; it needs --date-order for its last line', () => {
    expect(() => read('ios-feature-coverage-polls-edited-calls.txt')).toThrow(/--date-order/);
    const m = read('ios-feature-coverage-polls-edited-calls.txt', { dateOrder: 'dmy' });
    expect(m.find((x) => x.text === 'An edited message')).toBeDefined();
    expect(m.find((x) => x.sender === 'whatsapp:name:Persona%20espa%C3%B1ol')).toMatchObject({ kind: 'poll', poll: { question: 'Una pregunta', options: [{ text: 'Opción A', votes: 0 }, { text: 'Opción B', votes: 1 }, { text: 'Opción C', votes: 2 }] } });
    expect(m.find((x) => x.kind === 'call' && x.call?.video)).toMatchObject({ call: { durationSeconds: 300 } });
  });

  it('the Android group whose dates never pass the 12th needs --date-order', () => {
    expect(() => read('android-en-24h-group-4A_11M.txt')).toThrow(/--date-order/);
    const parsed = whatsappReader.parse(sample('android-en-24h-group-4A_11M.txt'), { ...OPTIONS, dateOrder: 'mdy' });
    expect(parsed.conversations[0]!.conversation.kind).toBe('group');
    expect([...parsed.conversations[0]!.messages()]).toHaveLength(14);
  });

  it('every sample converts to a valid archive through ferry convert', async () => {
    for (const name of readdirSync(SAMPLES)) {
      const { zip } = await convertToZip([sample(name)], { ...OPTIONS, dateOrder: 'dmy' });
      expect(validateArchive(zip).errors, name).toEqual([]);
    }
    expect(prepareConversion([sample('ios-de-2022-omitted.txt')], OPTIONS).reports[0]!.detection.locale).toBe('de');
  });
});

describe('WhatsApp reading progress', () => {
  it('a long export tells how far its first pass has read, ending at the whole file', () => {
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) lines.push(`18/03/2022, ${String(10 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} - Mina: message ${i}`);
    const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
    const seen: [number, number][] = [];
    whatsappReader.parse({ kind: 'file', name: 'WhatsApp Chat with Mina.txt', bytes }, { ...OPTIONS, onRead: (done, total) => void seen.push([done, total]) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every(([, total]) => total === bytes.length)).toBe(true);
    expect(seen.at(-1)![0]).toBe(bytes.length);
    expect(seen[0]![0]).toBeGreaterThan(0);
    expect(seen[0]![0]).toBeLessThan(bytes.length);
  });
});
