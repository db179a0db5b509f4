import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { parseString } from 'whatsapp-chat-parser';
import { toWhatsAppChats } from '../../src/connectors/telegram/write.js';
import type { ArchiveContent, Message } from '../../src/model/types.js';
import { DIRECT, GROUP, PHOTO } from '../archive/fixtures.js';
import { KAKAO_CHAT, KAKAO_MINJI, SCRIPT_TEXT, richContent } from './writers-fixture.js';

/** Wall-clock parts of an instant in a zone, by Intl alone (not the code under test). */
function wallParts(iso: string, zone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(iso));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}
/** whatsapp-chat-parser builds Dates from the written wall clock in the machine's zone: read them back the same way. */
const localParts = (d: Date) => [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];

const NAMES: Record<string, string> = {
  'xmpp:me@old.localhost': 'me@old.localhost',
  'xmpp:kim@old.localhost': '김민지',
  'xmpp:이수진@example.kr': '이수진 🌸',
  'kakaotalk:me': 'me',
  [KAKAO_MINJI]: '민지\u2236 회사',
};

/** The `_chat.txt` of a written chat zip, as text. */
function chatOf(result: { files: { name: string; bytes: Uint8Array }[] }, name: string): string {
  const zip = result.files.find((f) => f.name === name);
  if (!zip) throw new Error(`no ${name} among ${result.files.map((f) => f.name).join(', ')}`);
  return strFromU8(unzipSync(zip.bytes)['_chat.txt']!);
}

/** What an independent reader should find: one entry per text, one per file with bytes. */
function expected(content: ArchiveContent, messages: Message[], zone: string, omitted: Record<'image' | 'video' | 'document', string>) {
  const out: { author: string; message: string; date: number[]; attachment?: boolean }[] = [];
  for (const m of messages) {
    let text = m.text.replace(/\r\n?/g, '\n');
    if (m.kind === 'location' && !text) text = `location: https://maps.google.com/?q=${m.location!.latitude},${m.location!.longitude}\n${m.location!.name}`;
    // A line that looks like a new message gets an invisible word joiner in front.
    text = text.split('\n').map((l, i) => (i > 0 && /^\[?\d\d\/\d\d\/\d{4}, \d\d:\d\d/.test(l) ? `\u2060${l}` : l)).join('\n');
    if (text) out.push({ author: NAMES[m.sender]!, message: text, date: wallParts(m.timestamp, zone) });
    for (const a of m.attachments ?? []) {
      if (a.path && content.attachments?.has(a.sha256!)) out.push({ author: NAMES[m.sender]!, message: '', date: wallParts(m.timestamp, zone), attachment: true });
      // A file the archive lacks is WhatsApp's own "omitted" line.
      else out.push({ author: NAMES[m.sender]!, message: `\u200E${omitted[a.mediaType.startsWith('video/') ? 'video' : a.mediaType.startsWith('image/') ? 'image' : 'document']}`, date: wallParts(m.timestamp, zone) });
    }
  }
  return out;
}

describe('Telegram (WhatsApp-format) export', () => {
  it('I can read every chat back with whatsapp-chat-parser, without telling it the date order, and find the same messages, senders and times', () => {
    const content = richContent();
    const result = toWhatsAppChats(content, { timeZone: 'America/New_York' });
    const txt = (name: string) => chatOf(result, name);
    // WhatsApp for iOS's own placeholders (the Korean ones as Ferry's WhatsApp reader knows them,
    // src/connectors/whatsapp/phrases.ts); the group chat is written in Korean.
    const ko = { image: '사진 생략됨', video: '동영상 생략됨', document: '문서 생략됨' };
    const cases: [string, string, string, typeof ko][] = [
      [DIRECT, 'WhatsApp Chat - 김민지.zip', 'America/New_York', ko],
      [GROUP, 'WhatsApp Chat - 친구들 👯.zip', 'America/New_York', ko],
      [KAKAO_CHAT, 'WhatsApp Chat - 점심 모임 _ lunch.zip', 'Asia/Seoul', ko],
    ];
    for (const [id, file, zone, omitted] of cases) {
      const parsed = parseString(txt(file), { parseAttachments: true });
      const want = expected(content, content.messages.get(id)!, zone, omitted);
      expect(parsed.map((p) => p.author)).toEqual(want.map((w) => w.author));
      expect(parsed.map((p) => localParts(p.date))).toEqual(want.map((w) => w.date));
      expect(parsed.filter((_, i) => !want[i]!.attachment).map((p) => p.message)).toEqual(want.filter((w) => !w.attachment).map((w) => w.message));
      expect(parsed.filter((_, i) => want[i]!.attachment).every((p) => p.attachment?.fileName)).toBe(true);
    }
    expect(result.notes.map((z) => (z.kind === 'zone' ? [z.file, z.zone, z.from] : z))).toEqual(cases.map(([, f, z]) => [f, z, z === 'Asia/Seoul' ? 'source' : 'option']));
  });

  it('Korean, NFD jamo, emoji and markup come back byte for byte', () => {
    const result = toWhatsAppChats(richContent(), { timeZone: 'UTC' });
    const all = result.files.map((f) => chatOf(result, f.name)).join('\n');
    expect(all).toContain('안녕하세요'.normalize('NFD'));
    expect(all).toContain('가족 사진 👨‍👩‍👧‍👦 그리고 🏳️‍🌈 👍🏽 🧑🏻‍💻');
    expect(all).toContain(SCRIPT_TEXT);
  });

  it("a message written at 23:59 in Seoul is dated by Seoul's calendar, not UTC's", () => {
    const result = toWhatsAppChats(richContent(), { timeZone: 'UTC' });
    const kakao = chatOf(result, 'WhatsApp Chat - 점심 모임 _ lunch.zip');
    expect(kakao.split('\n')[0]).toBe('[31/05/2024, 23:59:30] 민지\u2236 회사: 오늘 점심 어디서?');
  });

  it('every chat is a zip of _chat.txt and its media under WhatsApp\'s names, the one shape Telegram for iOS imports', () => {
    const result = toWhatsAppChats(richContent(), { timeZone: 'UTC' });
    expect(result.files.map((f) => f.name).every((n) => n.endsWith('.zip'))).toBe(true);
    const entries = unzipSync(result.files.find((f) => f.name === 'WhatsApp Chat - 친구들 👯.zip')!.bytes);
    const names = Object.keys(entries);
    expect(names[0]).toBe('_chat.txt');
    expect(names.slice(1)).toEqual(['00000001-PHOTO-2024-05-01-09-05-00.png']);
    expect(entries[names[1]!]).toEqual(PHOTO);
    expect(strFromU8(entries['_chat.txt']!)).toContain('\u200E<attached: 00000001-PHOTO-2024-05-01-09-05-00.png>');
    // A chat without files is a zip too: Telegram for iOS offers no import for a bare .txt.
    expect(Object.keys(unzipSync(result.files.find((f) => f.name === 'WhatsApp Chat - 김민지.zip')!.bytes))).toEqual(['_chat.txt']);
  });

  it('a chat whose _chat.txt would pass 32 MB is written in parts, each under the limit, every message once', () => {
    const content = richContent();
    const result = toWhatsAppChats(content, { timeZone: 'UTC', partBytes: 200 });
    const parts = result.files.filter((f) => f.name.startsWith('WhatsApp Chat - 김민지 (part '));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.name)).toEqual(parts.map((_, i) => `WhatsApp Chat - 김민지 (part ${i + 1} of ${parts.length}).zip`));
    const parsed = parts.flatMap((p) => parseString(strFromU8(unzipSync(p.bytes)['_chat.txt']!), { parseAttachments: true }));
    const whole = parseString(chatOf(toWhatsAppChats(content, { timeZone: 'UTC' }), 'WhatsApp Chat - 김민지.zip'), { parseAttachments: true });
    expect(parsed.map((m) => [m.author, m.message])).toEqual(whole.map((m) => [m.author, m.message]));
    for (const p of parts) expect(unzipSync(p.bytes)['_chat.txt']!.length).toBeLessThanOrEqual(200 + 400);
  });

  it('the fidelity report counts exactly what Telegram cannot take', () => {
    const result = toWhatsAppChats(richContent(), { timeZone: 'UTC', account: 'telegram:+821000000000' });
    const counts = Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]));
    expect(counts).toEqual({
      'message.reactions': 5,
      'message.edits': 1,
      'message.replyTo': 3,
      'message.attachments.notIncluded': 1,
      // Both photos are PNG: Telegram imports only .jpg as a photo.
      'message.attachments.imageAsFile': 2,
      'message.empty': 1,
      'message.text.lineBreaks': 1,
      'message.text.dateLikeLine': 1,
      'message.kind.location': 1,
      'conversation.empty': 1,
      'sender.name.characters': 1,
    });
    expect(result.fidelity.every((n) => n.stage === 'import' && n.account === 'telegram:+821000000000')).toBe(true);
    expect(result.kept).toEqual({ conversations: 3, messages: 13, lines: 16, attachments: 2 });
  });
});

describe('ferry export-format for the services people move to (CLI, in process)', () => {
  async function ferry(args: string[]): Promise<{ code: number; out: string }> {
    const { run } = await import('../../src/cli/commands/export-format.js');
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    try {
      return { code: await run(args), out };
    } finally {
      spy.mockRestore();
    }
  }
  let dir: string;
  let archive: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ferry-export-format-'));
    archive = join(dir, 'archive.zip');
    writeFileSync(archive, writeArchive(richContent()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('telegram writes one chat file per conversation and fidelity.json into -o DIR, and says which zone each chat is in', async () => {
    const out = join(dir, 'telegram');
    const { code, out: stdout } = await ferry(['telegram', archive, '-o', out, '--tz', 'Europe/Berlin']);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['WhatsApp Chat - 김민지.zip', 'WhatsApp Chat - 점심 모임 _ lunch.zip', 'WhatsApp Chat - 친구들 👯.zip', 'fidelity.json'].sort());
    expect(stdout).toContain('times in WhatsApp Chat - 점심 모임 _ lunch.zip: Asia/Seoul (the source\'s zone)');
    expect(stdout).toContain('times in WhatsApp Chat - 김민지.zip: Europe/Berlin (--tz)');
    expect(stdout).toContain("dropped or changed: message.reactions: 5 (reactions dropped: Telegram's importer cannot take them)");
    const record = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8'));
    expect(record.kept).toEqual({ conversations: 3, messages: 13, lines: 16, attachments: 2 });
    expect(record.fidelity.find((n: { item: string }) => n.item === 'message.reactions')).toMatchObject({ stage: 'import', count: 5 });
  });

  it('mattermost, html, google-csv and slack-csv each write their output and print what they kept and dropped', async () => {
    expect((await ferry(['mattermost', archive, '-o', join(dir, 'mm'), '--team', 'moving-day'])).code).toBe(0);
    expect(readdirSync(join(dir, 'mm')).sort()).toEqual(['fidelity.json', 'import.jsonl', 'mattermost-import.zip']);
    expect(readFileSync(join(dir, 'mm', 'import.jsonl'), 'utf8').split('\n')[1]).toContain('"name":"moving-day"');
    expect((await ferry(['html', archive, '-o', join(dir, 'html')])).code).toBe(0);
    expect(readdirSync(join(dir, 'html')).sort()).toEqual(['archive.html', 'fidelity.json']);
    const csv = await ferry(['google-csv', archive, '-o', join(dir, 'contacts.csv')]);
    expect(csv.out).toContain('kept: 3 contacts');
    expect(readFileSync(join(dir, 'contacts.csv'), 'utf8').split('\r\n')).toHaveLength(5);
    const slack = await ferry(['slack-csv', archive, '-o', join(dir, 'slack.csv')]);
    expect(slack.out).toContain('kept: 3 channels, 13 messages, 5 users');
    expect(slack.out).toContain('dropped or changed: conversation.direct: 1');
  });

  it('vcard writes 3.0 for phones by default and 4.0 with --vcard-version 4.0, refuses other versions, and writes no file for an archive without contacts', async () => {
    const v3 = await ferry(['vcard', archive, '-o', join(dir, 'v3.vcf')]);
    expect(v3.out).toContain('kept: 3 contacts');
    expect(readFileSync(join(dir, 'v3.vcf'), 'utf8').split('\r\n')[1]).toBe('VERSION:3.0');
    await ferry(['vcard', archive, '-o', join(dir, 'v4.vcf'), '--vcard-version', '4.0']);
    expect(readFileSync(join(dir, 'v4.vcf'), 'utf8').split('\r\n')[1]).toBe('VERSION:4.0');
    await expect(ferry(['vcard', archive, '-o', join(dir, 'v5.vcf'), '--vcard-version', '2.1'])).rejects.toThrow(/--vcard-version takes 3\.0 \(what phones import\) or 4\.0/);
    const empty = richContent();
    empty.contacts = [];
    empty.manifest.counts.contacts = 0;
    for (const c of empty.conversations) c.participants = c.participants.map(({ contactId: _, ...p }) => p);
    const emptyArchive = join(dir, 'no-contacts.zip');
    writeFileSync(emptyArchive, writeArchive(empty));
    const none = await ferry(['vcard', emptyArchive, '-o', join(dir, 'none.vcf')]);
    expect(none.code).toBe(0);
    expect(none.out).toContain('wrote nothing (vcard): the archive has no contacts, so no file was made at');
    expect(readdirSync(dir)).not.toContain('none.vcf');
  });

  it('a zone that does not exist is refused with what to give instead', async () => {
    await expect(ferry(['telegram', archive, '-o', join(dir, 'x'), '--tz', 'Seoul'])).rejects.toThrow(/--tz: "Seoul" is not a time zone this system knows; give an IANA name such as Asia\/Seoul/);
  });
});

describe("Ferry's own WhatsApp reader takes the Telegram export back", () => {
  it('a chat written in Seoul time comes back through parseWhatsApp with the same instants, texts and photo', async () => {
    const { parseWhatsApp } = await import('../../src/connectors/whatsapp/read.js');
    const content = richContent();
    const zip = toWhatsAppChats(content, { timeZone: 'UTC' }).files.find((f) => f.name === 'WhatsApp Chat - 점심 모임 _ lunch.zip')!;
    const entries = unzipSync(zip.bytes);
    const siblings = new Map(Object.entries(entries).filter(([n]) => n !== '_chat.txt'));
    const parsed = parseWhatsApp({ kind: 'file', name: `${zip.name}/_chat.txt`, bytes: entries['_chat.txt']!, siblings }, { timeZone: 'Asia/Seoul', now: '2024-06-02T00:00:00Z', dateOrder: 'dmy' });
    const back = [...parsed.conversations[0]!.messages()];
    const original = content.messages.get(KAKAO_CHAT)!;
    expect(back.map((m) => Date.parse(m.timestamp))).toEqual([...original.map((m) => Date.parse(m.timestamp)), Date.parse(original[4]!.timestamp)]);
    expect(back.slice(0, 3).map((m) => m.text)).toEqual([original[0]!.text, original[1]!.text, original[2]!.text.replace(/\n(\d\d\/|\[)/g, '\n\u2060$1')]);
    const photo = back.flatMap((m) => m.attachments ?? []).find((a) => a.sha256);
    expect(photo && parsed.attachments.get(photo.sha256!)).toEqual(PHOTO);
  });
});

describe('Telegram export with any text (property)', () => {
  it('whatsapp-chat-parser reads back any texts and any sender names as written, whatever lines they contain', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      // Lines that look like the start of a message, in the layouts readers know.
      fc.constantFrom('31/05/2024, 10:00 - 민지: 안녕', '[01/06/2024, 09:00:00] A: b', '\u200E[3/18/22, 14:56:01] X: y', '12.06.19 15:58 - a', '2024-01-02 3:04 pm x'),
    );
    const text = fc.tuple(fc.array(line, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n', '\r')).map(([ls, sep]) => ls.join(sep));
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.record({ text, who: fc.nat(2) }), { minLength: 1, maxLength: 8 }), fc.array(name, { minLength: 3, maxLength: 3 }), (items, names) => {
        const content = richContent();
        const handles = ['x:a', 'x:b', 'x:c'];
        content.contacts = handles.map((h, i) => ({ id: h, displayName: names[i]!, handles: [h], groups: [] }));
        const conv = content.conversations[0]!;
        content.conversations = [conv];
        const messages: Message[] = items.map((it, i) => ({ id: `p${i}`, conversationId: conv.id, sender: handles[it.who]!, timestamp: `2024-05-${String(13 + i).padStart(2, '0')}T10:00:00Z`, kind: 'text', text: it.text }));
        content.messages = new Map([[conv.id, messages]]);
        const result = toWhatsAppChats(content, { timeZone: 'UTC' });
        const written = messages.filter((m) => m.text);
        if (!written.length) return;
        const parsed = parseString(chatOf(result, result.files[0]!.name));
        expect(parsed.map((p) => p.message)).toEqual(written.map((m) => m.text.replace(/\r\n?/g, '\n').split('\n').map((l, i) => (i > 0 && /^[\u200E\u200F]*\[?\d{1,4}[-/.]\s?\d{1,4}[-/.]\s?\d{1,4}[,.]?\s\D*?\d{1,2}[.:]\d{1,2}/.test(l) ? `\u2060${l}` : l)).join('\n')));
        expect(parsed.map((p) => localParts(p.date))).toEqual(written.map((m) => wallParts(m.timestamp, 'UTC')));
        // Each sender comes back as one distinct author.
        const authorOf = new Map<string, string>();
        parsed.forEach((p, i) => {
          const h = written[i]!.sender;
          expect(authorOf.get(h) ?? p.author).toBe(p.author);
          authorOf.set(h, p.author!);
        });
        expect(new Set(authorOf.values()).size).toBe(authorOf.size);
      }),
      { numRuns: 500 },
    );
  });
});
