/**
 * Issue #22 item 6: `ferry export-format telegram-json` writes Telegram Desktop's whole-account
 * result.json, and Ferry's own Telegram reader (the one that reads real Telegram Desktop exports)
 * reads it back to the same messages: text, time to the second, sender's name, replies, reactions,
 * formatting and file bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8 } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { writeArchive } from '../../src/archive/container.js';
import { parseTelegram } from '../../src/connectors/telegram/read.js';
import { toTelegramJson } from '../../src/connectors/telegram/write-json.js';
import { senderNames } from '../../src/model/display.js';
import type { ArchiveContent, Message } from '../../src/model/types.js';
import { fixtureArchives } from './reader-fixtures.js';
import { richContent } from './writers-fixture.js';

/** What a person sees of a chat's messages, by position: comparable across the two handle schemes. */
function view(content: { contacts: ArchiveContent['contacts'] }, messages: Message[]) {
  const nameOf = senderNames(content.contacts);
  const index = new Map(messages.map((m, i) => [m.id, i]));
  return messages.map((m) => ({
    who: m.kind === 'system' ? '(notice)' : nameOf(m.sender),
    at: Math.floor(Date.parse(m.timestamp) / 1000),
    // NUL is removed (counted as message.text.nul): JSON readers strip it.
    text: m.text.replace(/\u0000/g, ''),
    // A notice's link (a pin) is dropped (counted as message.replyTo.notice).
    replyTo: m.replyTo !== undefined && m.kind !== 'system' ? (index.get(m.replyTo) ?? 'outside') : null,
    reactions: (m.reactions ?? []).map((r) => `${r.emoji} ${nameOf(r.sender)}`).sort(),
    entities: (m.entities ?? []).map((e) => `${e.type}@${e.offset}+${e.length}${e.url ? ` ${e.url}` : ''}`),
    files: (m.attachments ?? []).filter((a) => a.sha256).length,
  }));
}

function readBack(result: ReturnType<typeof toTelegramJson>) {
  const json = result.files.find((f) => f.name === 'result.json')!;
  const siblings = new Map(result.files.filter((f) => f !== json).map((f) => [f.name, f.bytes]));
  const parsed = parseTelegram({ kind: 'file', name: 'result.json', bytes: json.bytes, siblings }, { timeZone: 'UTC', now: '2026-01-01T00:00:00Z', dateOrder: 'dmy' });
  return { parsed, conversations: parsed.conversations.map((c) => [...c.messages()]) };
}

describe('Telegram Desktop result.json out', () => {
  it("is Telegram Desktop's whole-account layout: personal_information, contacts.list, chats.list with typed chats and numbered messages", () => {
    const result = toTelegramJson(richContent(), { timeZone: 'UTC' });
    const root = JSON.parse(strFromU8(result.files[0]!.bytes));
    expect(Object.keys(root)).toEqual(['about', 'personal_information', 'contacts', 'chats']);
    expect(root.chats.list.map((c: { type: string }) => c.type)).toEqual(['personal_chat', 'private_group', 'personal_chat', 'private_group']);
    const message = root.chats.list[1].messages[1];
    expect(message).toMatchObject({ id: 2, type: 'message', date: '2024-05-01T09:00:01', date_unixtime: '1714554001', from: '김민지' });
    expect(message.from_id).toMatch(/^user\d+$/);
    expect(message.reactions[0]).toMatchObject({ type: 'emoji', count: 1, emoji: '👍🏽', recent: [{ from: '이수진 🌸' }] });
    expect(root.chats.list[1].messages[2].reply_to_message_id).toBe(2);
    expect(result.files.slice(1).map((f) => f.name)).toEqual(['chats/chat_002/photos/3_사진.png', 'chats/chat_004/photos/5_lunch.png']);
  });

  it("Ferry's Telegram reader reads it back to the same messages: names, times, texts, replies, reactions, formatting and files", () => {
    const content = richContent();
    const result = toTelegramJson(content, { timeZone: 'UTC' });
    const { parsed, conversations } = readBack(result);
    expect(conversations).toHaveLength(content.conversations.length);
    content.conversations.forEach((c, i) => {
      expect(view(parsed, conversations[i]!), c.title).toEqual(view(content, content.messages.get(c.id) ?? []));
    });
    const photos = conversations.flat().flatMap((m) => m.attachments ?? []).filter((a) => a.sha256);
    for (const a of photos) expect(parsed.attachments.get(a.sha256!)).toEqual(content.attachments!.get(a.sha256!));
    expect(photos).toHaveLength(2);
  });

  it('every fixture archive round-trips through result.json to the same messages', async () => {
    let messages = 0;
    for (const { name, content } of await fixtureArchives()) {
      const result = toTelegramJson(content, { timeZone: 'Asia/Seoul' });
      const { parsed, conversations } = readBack(result);
      content.conversations.forEach((c, i) => {
        const want = view(content, content.messages.get(c.id) ?? []);
        // Telegram holds one file per message and no text for a call or a deleted message beyond what the archive wrote.
        const got = view(parsed, conversations[i]!).map((m, j) => ({ ...m, files: Math.min(m.files, want[j]?.files ?? 0) }));
        expect(got, `${name}: ${c.title}`).toEqual(want.map((m) => ({ ...m, files: Math.min(m.files, 1) })));
        messages += want.length;
      });
    }
    expect(messages).toBeGreaterThan(100);
  }, 120_000);

  it('ferry export-format telegram-json writes result.json and the media under chats/ into -o DIR, and says what it kept and dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-telegram-json-'));
    try {
      const archive = join(dir, 'archive.zip');
      writeFileSync(archive, writeArchive(richContent()));
      const { run } = await import('../../src/cli/commands/export-format.js');
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
      try {
        expect(await run(['telegram-json', archive, '-o', join(dir, 'out'), '--tz', 'UTC'])).toBe(0);
      } finally {
        spy.mockRestore();
      }
      expect(out).toContain('kept: 4 conversations, 14 messages, 3 replies, 5 reactions, 2 attachments, 3 contacts');
      expect(out).toContain('dropped or changed: message.edits: 1');
      const root = JSON.parse(readFileSync(join(dir, 'out', 'result.json'), 'utf8'));
      expect(readFileSync(join(dir, 'out', root.chats.list[1].messages[2].photo))).toEqual(Buffer.from(richContent().attachments!.values().next().value!));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
