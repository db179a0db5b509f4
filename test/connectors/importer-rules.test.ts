/**
 * Issue #22: each target's output, for every fixture archive (each reader's fixtures converted by
 * the real pipeline, test/connectors/reader-fixtures.ts) and the hand-made test archive, checked
 * against the rules the importer on the other side applies. Each rule names the importer's file and
 * function it comes from; the checks are written from those sources, not from the writers, so a
 * writer that breaks a rule fails here rather than half-way through someone's import.
 *
 * The names rule applies everywhere: a person shows under their name (a contact's, else the one
 * the source printed), never under a handle like `whatsapp:name:Minsu%20Kim`, and a notice of the
 * chat is the target's own system line, never a message of the owner.
 */
import { strFromU8, unzipSync } from 'fflate';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../src/connectors/html/write.js';
import { DEFAULT_MAX_USERS_PER_TEAM, teamNameProblem, toMattermost } from '../../src/connectors/mattermost/write.js';
import { toSlackCsv } from '../../src/connectors/slack/write-csv.js';
import { TELEGRAM_HISTORY_LIMIT, toWhatsAppChats } from '../../src/connectors/telegram/write.js';
import { contactsToVCard } from '../../src/connectors/vcard/write.js';
import { toVcon } from '../../src/connectors/vcon/write.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { ArchiveContent, Message } from '../../src/model/types.js';
import { fixtureArchives, type FixtureArchive } from './reader-fixtures.js';
import { richContent } from './writers-fixture.js';

let archives: FixtureArchive[] = [];
beforeAll(async () => {
  archives = [{ name: 'writers-fixture (hand-made)', content: richContent() }, ...(await fixtureArchives())];
}, 120_000);

/** A handle written where a name belongs: a URI scheme, or percent-escapes. */
const HANDLE_LIKE = /^[a-z][a-z0-9+.-]*:|%[0-9A-F]{2}/i;
const notices = (c: ArchiveContent) => [...c.messages.values()].flat().filter((m) => m.kind === 'system');
const senders = (c: ArchiveContent) => new Set([...c.messages.values()].flat().filter((m) => m.kind !== 'system').map((m) => m.sender));
/** Handles that carry a printed name (`whatsapp:name:…`, `telegram:name/…`, KakaoTalk's `kakaotalk:민지`). */
const printedHandles = (c: ArchiveContent) => [...senders(c)].filter((h) => /^[a-z]+:(name[:/]|[^@/]*%)/.test(h));

describe('every fixture archive is checked (the check itself works)', () => {
  it('covers the readers whose fixtures hold messages and people', () => {
    const names = archives.map((a) => a.name.split('/')[0]);
    for (const service of ['whatsapp', 'telegram', 'kakaotalk', 'line', 'discord', 'slack', 'messenger', 'vcard']) expect(names, service).toContain(service);
    expect(archives.some((a) => notices(a.content).length > 0), 'some fixture has notices').toBe(true);
    expect(archives.some((a) => printedHandles(a.content).length > 0), 'some fixture has senders known only by a printed name').toBe(true);
  });
});

describe('Mattermost: the rules of mattermost/mattermost server/channels', () => {
  // model/user.go IsValidUsername: validUsernameChars ^[a-z0-9\.\-_]+$, first character a letter,
  // not one of restrictedUsernames; 3 to 22 characters on the servers people still run.
  const USERNAME = /^[a-z][a-z0-9.\-_]{2,21}$/;
  const RESTRICTED = new Set(['all', 'channel', 'matterbot', 'system']);
  // model/channel.go IsValidChannelIdentifier: 1 to ChannelNameMaxLength (64) of a-z, 0-9, "-", "_", starting and ending with a letter or digit.
  const CHANNEL = /^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$/;
  // model/utils.go IsValidEmail: lower case, and net/mail.ParseAddress reads it as a bare address (no name, no spaces, one "@").
  const validEmail = (e: string) => e === e.toLowerCase() && /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/.test(e) && !e.startsWith('.') && !e.includes('..');

  function objects(content: ArchiveContent) {
    const result = toMattermost(content, { team: 'moving-day' });
    const lines = strFromU8(result.files[0]!.bytes).trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    return { result, lines, of: (type: string) => lines.filter((l) => l.type === type).map((l) => l[type] as Record<string, any>) };
  }

  it('refuses the team names the server refuses, saying why (model/team.go IsValidTeamName, IsReservedTeamName)', () => {
    for (const reserved of ['admin', 'api-team', 'helpdesk', 'channels', 'post1', 'playbooks-x']) expect(teamNameProblem(reserved)?.code, reserved).toBe('team-reserved');
    for (const malformed of ['team-', '-team', 'a', 'Team', 'tëam', 'my team', 'x'.repeat(65)]) expect(teamNameProblem(malformed)?.code, malformed).toBe('team-invalid');
    for (const ok of ['moving-day', 'ferry', 'family2024', 'ab']) expect(teamNameProblem(ok), ok).toBeUndefined();
    expect(teamNameProblem('helpdesk')!.reason).toContain('"help"');
  });

  it('every fixture archive imports without a refused user, e-mail, channel or post', () => {
    for (const { name, content } of archives) {
      const { of, result } = objects(content);
      const users = of('user');
      const emails = users.map((u) => u.email as string);
      // app.user.save.email_exists.app_error: one address, one user (SqlUserStore.Save's unique index).
      expect(new Set(emails).size, `${name}: e-mails unique`).toBe(emails.length);
      for (const u of users) {
        expect(USERNAME.test(u.username) && !RESTRICTED.has(u.username), `${name}: username ${u.username}`).toBe(true);
        expect(validEmail(u.email), `${name}: e-mail ${u.email}`).toBe(true);
        // The person's name where Mattermost shows it, never a handle (issue #22: "name-minsu-20kim", no nickname).
        expect(u.nickname, `${name}: ${u.username} has a nickname`).toBeTruthy();
        expect(HANDLE_LIKE.test(u.nickname), `${name}: nickname ${u.nickname}`).toBe(false);
        // A username spelled from the percent-escaped handle ("name-minsu-20kim") is a handle in disguise.
        expect(u.username, `${name}: ${u.username}`).not.toMatch(/-20[a-z]/);
      }
      for (const c of of('channel')) expect(CHANNEL.test(c.name), `${name}: channel ${c.name}`).toBe(true);
      // TeamSettings.MaxUsersPerTeam (model/config.go, default 50): JoinUserToTeam refuses the 51st member.
      if (users.length > DEFAULT_MAX_USERS_PER_TEAM) expect(result.notes.some((n) => n.kind === 'team-size'), `${name}: team size said`).toBe(true);
      else expect(result.notes.some((n) => n.kind === 'team-size')).toBe(false);
    }
  });

  it('posts of a channel have strictly increasing create_at in the source order, replies and reactions never older than their post', () => {
    // app/imports/import_functions.go importMultiplePostLines: a post with the same channel,
    // create_at and message as one already there is taken for it (GetPostsCreatedAt); the
    // channel is ordered by create_at. import_validators.go ValidateReactionImportData refuses a
    // reaction older than its post.
    for (const { name, content } of archives) {
      const { lines } = objects(content);
      const byChannel = new Map<string, { at: number }[]>();
      for (const l of lines) {
        if (l.type !== 'post' && l.type !== 'direct_post') continue;
        const p = l.post ?? l.direct_post;
        const key = l.type === 'post' ? `${p.team}/${p.channel}` : [...p.channel_members].sort().join(',');
        const list = byChannel.get(key) ?? [];
        list.push({ at: p.create_at });
        for (const r of p.replies ?? []) {
          expect(r.create_at, `${name}: reply not before its post`).toBeGreaterThanOrEqual(p.create_at);
          list.push({ at: r.create_at });
        }
        for (const r of [...(p.reactions ?? []), ...(p.replies ?? []).flatMap((x: any) => x.reactions ?? [])]) expect(r.create_at, `${name}: reaction`).toBeGreaterThanOrEqual(p.create_at);
        byChannel.set(key, list);
      }
      for (const [channel, list] of byChannel) {
        const times = list.map((x) => x.at).sort((a, b) => a - b);
        expect(new Set(times).size, `${name}: ${channel} has no two posts at one millisecond`).toBe(times.length);
      }
    }
  });

  it('a contact with two handles and the same address twice is one user, and a bad address is not copied', () => {
    const content = richContent();
    content.contacts.push(
      { id: 'c-dup-1', displayName: 'Minsu Kim', handles: ['whatsapp:name:Minsu%20Kim', 'mailto:minsu@example.org'], emails: [{ value: 'minsu@example.org', types: [] }], groups: [] },
      { id: 'c-dup-2', displayName: 'Minsu (work)', handles: ['xmpp:minsu@work.example'], emails: [{ value: 'Minsu@Example.org', types: [] }], groups: [] },
      { id: 'c-bad', displayName: 'Bad Mail', handles: ['xmpp:bad@old.localhost'], emails: [{ value: 'Bad Mail <bad mail@example>', types: [] }], groups: [] },
    );
    const conv = content.conversations[1]!;
    content.messages.get(conv.id)!.push(
      { id: 'x1', conversationId: conv.id, sender: 'whatsapp:name:Minsu%20Kim', timestamp: '2024-05-02T00:00:00Z', kind: 'text', text: 'a' } as Message,
      { id: 'x2', conversationId: conv.id, sender: 'mailto:minsu@example.org', timestamp: '2024-05-02T00:00:00Z', kind: 'text', text: 'b' } as Message,
      { id: 'x3', conversationId: conv.id, sender: 'xmpp:minsu@work.example', timestamp: '2024-05-02T00:00:00Z', kind: 'text', text: 'c' } as Message,
      { id: 'x4', conversationId: conv.id, sender: 'xmpp:bad@old.localhost', timestamp: '2024-05-02T00:00:00Z', kind: 'text', text: 'd' } as Message,
    );
    const { of, result } = objects(content);
    const users = of('user');
    const minsu = users.filter((u) => u.nickname === 'Minsu Kim');
    expect(minsu).toHaveLength(1);
    expect(minsu[0]!.email).toBe('minsu@example.org');
    expect(users.find((u) => u.nickname === 'Minsu (work)')!.email).toMatch(/@ferry\.invalid$/);
    expect(users.find((u) => u.nickname === 'Bad Mail')!.email).toMatch(/@ferry\.invalid$/);
    const counts = Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]));
    expect(counts['user.email.duplicate']).toBe(1);
    expect(counts['user.email.invalid']).toBe(1);
    // Four messages in one second: four posts, one millisecond apart, in the source order.
    const posts = of('post').filter((p) => ['a', 'b', 'c', 'd'].includes(p.message));
    expect(posts.map((p) => p.message)).toEqual(['a', 'b', 'c', 'd']);
    expect(posts.map((p) => p.create_at - posts[0]!.create_at)).toEqual([0, 1, 2, 3]);
  });

  it('more than 50 people in the one team is said, with the setting to change', () => {
    const content = richContent();
    const conv = content.conversations[1]!;
    for (let i = 0; i < 60; i++) content.messages.get(conv.id)!.push({ id: `p${i}`, conversationId: conv.id, sender: `whatsapp:name:Person%20${i}`, timestamp: `2024-05-03T00:00:${String(i % 60).padStart(2, '0')}Z`, kind: 'text', text: `hi ${i}` } as Message);
    const { result, of } = objects(content);
    expect(of('user').length).toBeGreaterThan(DEFAULT_MAX_USERS_PER_TEAM);
    expect(result.notes.find((n) => n.kind === 'team-size')).toEqual({ kind: 'team-size', users: of('user').length, limit: 50 });
  });

  it('notices are system messages, never a post of the owner', () => {
    for (const { name, content } of archives) {
      const want = notices(content).filter((m) => m.text).length;
      const { lines } = objects(content);
      const posts = lines.filter((l) => l.type === 'post' || l.type === 'direct_post').flatMap((l) => { const p = l.post ?? l.direct_post; return [p, ...(p.replies ?? [])]; });
      expect(posts.filter((p) => p.type === 'system_generic').length, name).toBe(want);
    }
  });
});

describe("Slack CSV: Slack's documented import rules (slack.com/help/articles/360035354694, 201402297)", () => {
  // Channel names: lower-case letters, numbers, hyphens and underscores, at most 80 characters.
  const CHANNEL = /^[a-z0-9_-]{1,80}$/;
  // Display names Slack takes as the row's username: lower-case letters, numbers, periods, hyphens, underscores, at most 21.
  const USERNAME = /^[a-z0-9._-]{1,21}$/;

  /** RFC 4180 rows: every field quoted, "" inside a field. */
  function rows(csv: string): string[][] {
    const out: string[][] = [];
    const re = /"((?:[^"]|"")*)"(,|\r\n)/gy;
    let row: string[] = [];
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = re.exec(csv))) {
      row.push(m[1]!.replace(/""/g, '"'));
      if (m[2] === '\r\n') out.push(row), (row = []);
      end = re.lastIndex;
    }
    expect(end, 'the whole file is quoted rows').toBe(csv.length);
    return out;
  }

  it('every fixture archive has valid channel and user names, one message per channel second, oldest first, and the original names to set as purposes', () => {
    for (const { name, content } of archives) {
      const result = toSlackCsv(content);
      const table = rows(strFromU8(result.files[0]!.bytes));
      const seen = new Set<string>();
      let last = -Infinity;
      for (const [ts, channel, user] of table) {
        expect(CHANNEL.test(channel!), `${name}: channel ${channel}`).toBe(true);
        expect(USERNAME.test(user!), `${name}: username ${user}`).toBe(true);
        expect(seen.has(`${channel} ${ts}`), `${name}: ${channel} at ${ts} once`).toBe(false);
        seen.add(`${channel} ${ts}`);
        expect(Number(ts)).toBeGreaterThanOrEqual(last);
        last = Number(ts);
      }
      const originals = new Map(result.notes.flatMap((n) => (n.kind === 'channel-name' ? [[n.name, n.original]] : [])));
      for (const conversation of content.conversations) {
        if (!(content.messages.get(conversation.id) ?? []).some((m) => m.text)) continue;
        if (conversation.title && !CHANNEL.test(conversation.title)) expect([...originals.values()], `${name}: ${conversation.title} kept`).toContain(conversation.title);
      }
    }
  });

  it('Hangul channel names are spelled out, and names Ferry cannot spell are hashed', () => {
    const content = richContent();
    const result = toSlackCsv(content);
    const renamed = result.notes.flatMap((n) => (n.kind === 'channel-name' ? [n] : []));
    expect(renamed.find((n) => n.original === '친구들 👯')!.name).toBe('chingudeul');
    expect(renamed.find((n) => n.original === '점심 모임 / lunch')!.name).toBe('jeomsim-moim-lunch');
  });
});

describe('Telegram: the WhatsApp-export importers of Telegram for Android and iOS', () => {
  it('every fixture archive is written as zips holding _chat.txt under 32 MB, whose attachments are in the zip under WhatsApp names', () => {
    for (const { name, content } of archives) {
      const result = toWhatsAppChats(content, { timeZone: 'Asia/Seoul' });
      for (const f of result.files) {
        // Telegram iOS (TelegramUI ChatImportUI / ShareController) offers an import only for a zip with _chat.txt.
        expect(f.name, name).toMatch(/^WhatsApp Chat - .+\.zip$/);
        const entries = unzipSync(f.bytes);
        const chat = entries['_chat.txt'];
        expect(chat, `${name}: ${f.name} has _chat.txt`).toBeDefined();
        // SendMessagesHelper.prepareImportHistory: a history file over 32 MiB is refused.
        expect(chat!.length).toBeLessThan(TELEGRAM_HISTORY_LIMIT);
        const text = strFromU8(chat!);
        for (const [, file] of text.matchAll(/<attached: ([^>]+)>/g)) {
          expect(entries[file!], `${name}: ${file} in the zip`).toBeDefined();
          expect(file).toMatch(/^\d{8}-(?:(?:PHOTO|VIDEO|AUDIO|STICKER|GIF)-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.[a-z0-9]+|.+)$/);
        }
        // Names, not handles, before each message's colon.
        for (const line of text.split('\n')) {
          const who = /^\u200E?\[\d\d\/\d\d\/\d{4}, \d\d:\d\d:\d\d\] ([^:]+): /.exec(line)?.[1];
          if (who) expect(HANDLE_LIKE.test(who), `${name}: sender ${who}`).toBe(false);
        }
      }
      for (const h of printedHandles(content)) for (const f of result.files) expect(strFromU8(unzipSync(f.bytes)['_chat.txt']!)).not.toContain(h);
    }
  });

  it('a photo whose file is missing is WhatsApp\'s "image omitted" line in the chat\'s language, and a notice with no time of its own takes its neighbour\'s', () => {
    const content = richContent();
    const conv = content.conversations[1]!;
    content.messages.set(conv.id, [
      { id: 'n0', conversationId: conv.id, sender: 'xmpp:me@old.localhost', timestamp: '2024-05-01T10:15:00Z', kind: 'text', text: 'see you at the station' } as Message,
      { id: 'n1', conversationId: conv.id, sender: 'xmpp:me@old.localhost', timestamp: '2024-05-01T00:00:00Z', kind: 'system', text: 'Kim joined using this group\'s invite link', wallClock: '01/05/2024' } as Message,
      { id: 'n2', conversationId: conv.id, sender: 'xmpp:kim@old.localhost', timestamp: '2024-05-01T10:16:00Z', kind: 'media', text: '', attachments: [{ mediaType: 'image/jpeg', fileName: 'IMG_1.jpg', notIncluded: { reason: 'not-downloaded' } }] } as Message,
    ]);
    const result = toWhatsAppChats(content, { timeZone: 'UTC' });
    const chat = strFromU8(unzipSync(result.files.find((f) => f.name.includes('친구들'))!.bytes)['_chat.txt']!);
    expect(chat.split('\n')).toEqual([
      '[01/05/2024, 10:15:00] me@old.localhost: see you at the station',
      "[01/05/2024, 10:15:00] Kim joined using this group's invite link",
      '\u200E[01/05/2024, 10:16:00] 김민지: \u200Eimage omitted',
    ]);
  });
});

describe('vCard: what phones import (AOSP VCardParser_V30, iOS Contacts) and ical.js reads', () => {
  it('every fixture archive with contacts gives a 3.0 file ical.js parses to the same names and notes, photos as ENCODING=B; 4.0 parses too', () => {
    let withContacts = 0;
    for (const { name, content } of archives) {
      for (const version of ['3.0', '4.0'] as const) {
        const result = contactsToVCard(content.contacts, content.attachments, {}, version);
        if (!content.contacts.length) {
          expect(result.files, `${name}: no empty .vcf`).toEqual([]);
          expect(result.notes).toEqual([{ kind: 'nothing', what: 'contacts' }]);
          continue;
        }
        withContacts++;
        const text = strFromU8(result.files[0]!.bytes);
        // VCardParserImpl_V30: CRLF lines, folded at 75 octets; VCardParser_V30 refuses VERSION other than 3.0 there.
        expect(text.split('\r\n').every((l) => new TextEncoder().encode(l).length <= 75), `${name}: folded`).toBe(true);
        if (version === '3.0') {
          expect(text).not.toContain('VERSION:4.0');
          expect(text).not.toMatch(/PHOTO[^:]*:data:/);
          for (const photo of text.match(/^PHOTO[^:]*:/gm) ?? []) expect(photo).toMatch(/;ENCODING=B;/);
        }
        const cards = ICAL.parse(text);
        const list = (Array.isArray(cards[0]) ? cards : [cards]) as unknown[];
        const components = list.map((c) => new ICAL.Component(c as never));
        expect(components.map((c) => c.getFirstPropertyValue('fn')), `${name} ${version}: FN`).toEqual(content.contacts.map((c) => c.displayName || c.handles[0] || ''));
        expect(components.map((c) => c.getFirstPropertyValue('version'))).toEqual(content.contacts.map(() => version));
        const notes = content.contacts.map((c) => c.notes ?? null);
        expect(components.map((c) => c.getFirstPropertyValue('note') ?? null), `${name} ${version}: NOTE`).toEqual(notes);
      }
    }
    expect(withContacts).toBeGreaterThan(4);
  });

  it('a name or note with ";" and "," reads back without a stray backslash in ical.js', () => {
    const result = contactsToVCard([{ id: 'c1', displayName: 'Kim; Minsu, Jr.', handles: [], groups: ['a;b'], notes: 'line 1; still\nline 2, end \\ here' }]);
    const card = new ICAL.Component(ICAL.parse(strFromU8(result.files[0]!.bytes)) as never);
    expect(card.getFirstPropertyValue('fn')).toBe('Kim; Minsu, Jr.');
    expect(card.getFirstPropertyValue('note')).toBe('line 1; still\nline 2, end \\ here');
  });
});

describe('HTML page: one self-contained file people keep', () => {
  it('every fixture archive is one page with its strict CSP, a phone layout, a print stylesheet, and names instead of handles', () => {
    for (const { name, content } of archives) {
      const result = toHtml(content, { timeZone: 'UTC' });
      expect(result.files, name).toHaveLength(1);
      const html = strFromU8(result.files[0]!.bytes);
      expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;/);
      expect(html).not.toMatch(/<(?:link|iframe|object)\b|src="(?!data:)/);
      expect(html).toContain('@media (max-width:600px)');
      expect(html).toContain('@media print');
      for (const h of printedHandles(content)) expect(html, `${name}: ${h}`).not.toContain(h);
      expect(html).not.toMatch(/not in the archive: /);
    }
  });
});

describe('vCon: draft-ietf-vcon-vcon-core-04 (schemas/vcon/, transcribed from its Appendix C CDDL and Appendix B rules)', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/vcon/vcon-core-0.4.0.schema.json', import.meta.url), 'utf8')));

  it('every fixture archive gives vCons the schema accepts, parties under names, and notices written by nobody', () => {
    for (const { name, content } of archives) {
      for (const file of toVcon(content).files) {
        const vcon = JSON.parse(strFromU8(file.bytes));
        expect(validate(vcon) ? [] : validate.errors, `${name}: ${file.name}`).toEqual([]);
        for (const p of vcon.parties) expect(HANDLE_LIKE.test(p.name), `${name}: party ${p.name}`).toBe(false);
        // Section 4.3.5: without originator the first of `parties` is the originator, so a notice has neither.
        for (const d of vcon.dialog) if (d.ferry_kind === 'system') expect([d.originator, d.parties], name).toEqual([undefined, undefined]);
      }
      expect(toVcon(content).files.length, name).toBe(content.conversations.length);
    }
  });
});
