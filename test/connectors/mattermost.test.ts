import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { toMattermost } from '../../src/connectors/mattermost/write.js';
import type { Message } from '../../src/model/types.js';
import { DIRECT, GROUP, PHOTO } from '../archive/fixtures.js';
import { KAKAO_CHAT, SCRIPT_TEXT, richContent, usernamesOf } from './writers-fixture.js';

/*
 * The documented bulk-import objects (docs.mattermost.com/onboard/bulk-loading-data-format.html),
 * their fields, which are mandatory, and the order objects must come in. Written from the docs,
 * not from the writer, so a field the writer invents or forgets fails here.
 */
type Spec = Record<string, { required: boolean; check: (v: unknown) => boolean }>;
const str = (v: unknown) => typeof v === 'string';
const nonEmpty = (v: unknown) => typeof v === 'string' && v.length > 0;
const ms = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
const arr = (v: unknown) => Array.isArray(v);
const ORDER = ['version', 'scheme', 'emoji', 'team', 'channel', 'user', 'post', 'direct_channel', 'direct_post'];
const USERNAME = /^[a-z][a-z0-9.\-_]{2,21}$/;
const CHANNEL = /^(?=.*[a-z0-9])[a-z0-9_-]{1,64}$/;
const TEAM = /^[a-z][a-z0-9-]{1,63}$/;
const SPECS: Record<string, Spec> = {
  team: { name: { required: true, check: (v) => str(v) && TEAM.test(v as string) }, display_name: { required: true, check: nonEmpty }, type: { required: true, check: (v) => v === 'O' || v === 'I' }, description: { required: false, check: str }, allow_open_invite: { required: false, check: (v) => typeof v === 'boolean' } },
  channel: { team: { required: true, check: nonEmpty }, name: { required: true, check: (v) => str(v) && CHANNEL.test(v as string) }, display_name: { required: true, check: (v) => nonEmpty(v) && [...(v as string)].length <= 64 }, type: { required: true, check: (v) => v === 'O' || v === 'P' }, header: { required: false, check: str }, purpose: { required: false, check: str } },
  user: { username: { required: true, check: (v) => str(v) && USERNAME.test(v as string) }, email: { required: true, check: (v) => str(v) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v as string) }, nickname: { required: false, check: (v) => str(v) && [...(v as string)].length <= 64 }, first_name: { required: false, check: str }, last_name: { required: false, check: str }, position: { required: false, check: str }, roles: { required: false, check: str }, locale: { required: false, check: str }, password: { required: false, check: str }, auth_service: { required: false, check: str }, auth_data: { required: false, check: str }, teams: { required: false, check: arr } },
  reply: { user: { required: true, check: nonEmpty }, message: { required: true, check: (v) => str(v) && [...(v as string)].length <= 16383 }, create_at: { required: true, check: ms }, reactions: { required: false, check: arr }, attachments: { required: false, check: arr }, flagged_by: { required: false, check: arr } },
  reaction: { user: { required: true, check: nonEmpty }, emoji_name: { required: true, check: (v) => nonEmpty(v) && (v as string).length <= 64 && /^[a-z0-9_+-]+$/.test(v as string) }, create_at: { required: true, check: ms } },
  attachment: { path: { required: true, check: nonEmpty } },
  direct_channel: { members: { required: true, check: (v) => arr(v) && (v as unknown[]).length >= 2 && (v as unknown[]).length <= 8 }, header: { required: false, check: str }, favorited_by: { required: false, check: arr } },
};
const POST_FIELDS: Spec = { ...SPECS.reply!, type: { required: false, check: (v) => v === 'system_generic' }, props: { required: false, check: (v) => typeof v === 'object' }, is_pinned: { required: false, check: (v) => typeof v === 'boolean' }, replies: { required: false, check: arr } };
SPECS.post = { team: { required: true, check: nonEmpty }, channel: { required: true, check: nonEmpty }, ...POST_FIELDS };
SPECS.direct_post = { channel_members: { required: true, check: (v) => arr(v) && (v as unknown[]).length >= 2 && (v as unknown[]).length <= 8 }, ...POST_FIELDS };

function checkFields(kind: string, value: unknown, where: string): string[] {
  const spec = SPECS[kind]!;
  if (typeof value !== 'object' || value === null) return [`${where}: ${kind} is not an object`];
  const problems: string[] = [];
  for (const [field, v] of Object.entries(value)) {
    if (!spec[field]) problems.push(`${where}: ${kind}.${field} is not a documented field`);
    else if (!spec[field]!.check(v)) problems.push(`${where}: ${kind}.${field} has a bad value ${JSON.stringify(v)}`);
  }
  for (const [field, { required }] of Object.entries(spec)) if (required && !(field in value)) problems.push(`${where}: ${kind}.${field} is mandatory`);
  return problems;
}

/** Every line against the spec, plus the references between objects the importer resolves. */
function validate(jsonl: string, files: Set<string>): string[] {
  const problems: string[] = [];
  const lines = jsonl.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const teams = new Set<string>();
  const channels = new Set<string>();
  const users = new Set<string>();
  const directs = new Set<string>();
  let lastOrder = -1;
  lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    const obj = JSON.parse(line) as Record<string, unknown>;
    const type = obj.type as string;
    const order = ORDER.indexOf(type);
    if (order < 0) return problems.push(`${where}: unknown type ${type}`);
    if (order < lastOrder) problems.push(`${where}: ${type} after ${ORDER[lastOrder]}`);
    lastOrder = order;
    if (i === 0 ? type !== 'version' || obj.version !== 1 : type === 'version') problems.push(`${where}: the version object must be first and only once`);
    if (type === 'version') return;
    const body = obj[type] as Record<string, any>;
    problems.push(...checkFields(type, body, where));
    const parent = body.create_at as number;
    const checkChildren = (post: Record<string, any>, at: number) => {
      if (!users.has(post.user)) problems.push(`${where}: user ${post.user} is not defined`);
      for (const r of post.reactions ?? []) {
        problems.push(...checkFields('reaction', r, where));
        if (r.create_at < at) problems.push(`${where}: reaction older than its post`);
        if (!users.has(r.user)) problems.push(`${where}: reacting user ${r.user} is not defined`);
      }
      for (const a of post.attachments ?? []) {
        problems.push(...checkFields('attachment', a, where));
        if (!files.has(`data/${a.path}`)) problems.push(`${where}: attachment ${a.path} is not in the zip's data/`);
      }
    };
    if (type === 'team') teams.add(body.name);
    if (type === 'channel') {
      if (!teams.has(body.team)) problems.push(`${where}: team ${body.team} is not defined`);
      channels.add(`${body.team}/${body.name}`);
    }
    if (type === 'user') {
      users.add(body.username);
      for (const t of body.teams ?? []) for (const c of t.channels ?? []) if (!channels.has(`${t.name}/${c.name}`)) problems.push(`${where}: channel ${c.name} is not defined`);
    }
    if (type === 'direct_channel') {
      directs.add([...body.members].sort().join(','));
      for (const m of body.members) if (!users.has(m)) problems.push(`${where}: member ${m} is not defined`);
    }
    if (type === 'post' || type === 'direct_post') {
      if (type === 'post' && !channels.has(`${body.team}/${body.channel}`)) problems.push(`${where}: channel ${body.channel} is not defined`);
      if (type === 'direct_post') {
        if (!directs.has([...body.channel_members].sort().join(','))) problems.push(`${where}: no direct_channel with these members`);
        if (!body.channel_members.includes(body.user)) problems.push(`${where}: ${body.user} posts in a direct channel they are not in`);
      }
      checkChildren(body, parent);
      for (const reply of body.replies ?? []) {
        problems.push(...checkFields('reply', reply, where));
        if (reply.create_at < parent) problems.push(`${where}: reply older than its thread`);
        checkChildren(reply, reply.create_at);
      }
    }
  });
  return problems;
}

describe('Mattermost bulk import', () => {
  it('every line of the JSONL is a documented object in the documented order, and every reference resolves', () => {
    const result = toMattermost(richContent());
    const zip = unzipSync(result.files.find((f) => f.name === 'mattermost-import.zip')!.bytes);
    const jsonl = strFromU8(zip['import.jsonl']!);
    expect(jsonl).toBe(strFromU8(result.files.find((f) => f.name === 'import.jsonl')!.bytes));
    expect(validate(jsonl, new Set(Object.keys(zip)))).toEqual([]);
  });

  it('the validator catches what the importer would refuse', () => {
    const bad = [
      '{"type":"version","version":1}',
      '{"type":"team","team":{"name":"ferry","display_name":"F","type":"I"}}',
      '{"type":"user","user":{"username":"Kim Min","email":"k@x.org"}}',
      '{"type":"channel","channel":{"team":"ferry","name":"a","display_name":"A","type":"O"}}',
      '{"type":"post","post":{"team":"ferry","channel":"a","user":"nobody","message":"hi","create_at":0,"reactions":[{"user":"nobody","emoji_name":"👍","create_at":1}]}}',
    ].join('\n');
    expect(validate(bad, new Set())).toEqual([
      'line 3: user.username has a bad value "Kim Min"',
      'line 4: channel after user',
      'line 5: post.create_at has a bad value 0',
      'line 5: user nobody is not defined',
      'line 5: reaction.emoji_name has a bad value "👍"',
      'line 5: reacting user nobody is not defined',
    ]);
  });

  it('I find every message again as a post or a thread reply, with its sender, text, time, reactions and files', () => {
    const content = richContent();
    const result = toMattermost(content);
    const objects = strFromU8(result.files[0]!.bytes).trim().split('\n').map((l) => JSON.parse(l));
    const usernames = usernamesOf(result);
    const user = (handle: string) => usernames.get(handle)!;
    const posts = objects.filter((o) => o.type === 'post' || o.type === 'direct_post').map((o) => o.post ?? o.direct_post);
    const flat = posts.flatMap((p) => [p, ...(p.replies ?? [])]);
    const written = (list: Message[]) => list.filter((m) => m.text || m.kind === 'location' || m.attachments?.some((a) => a.path));
    const all = [...written(content.messages.get(DIRECT)!), ...written(content.messages.get(GROUP)!), ...written(content.messages.get(KAKAO_CHAT)!)];
    expect(flat.map((p) => [p.user, p.create_at]).sort()).toEqual(all.map((m) => [user(m.sender), Date.parse(m.timestamp)]).sort());
    expect(flat.map((p) => p.message)).toContain(SCRIPT_TEXT);
    expect(flat.map((p) => p.message)).toContain('안녕하세요'.normalize('NFD'));
    expect(flat.map((p) => p.message)).toContain('separators \u2028 and \u2029 inside a line, NUL , quote " backslash \\');

    // Kakao: messages 2 and 3 answer 1 and 2, so both are replies in 1's thread.
    const lunch = posts.find((p) => p.message === '오늘 점심 어디서?\n회사 앞 국수집 어때요');
    expect(lunch.replies.map((r: any) => r.message)).toEqual([SCRIPT_TEXT, '회의록:\n31/05/2024, 10:00 - 이건 새 메시지가 아니에요\n[01/06/2024, 09:00:00] 이것도']);
    expect(lunch.reactions.map((r: any) => [r.user, r.emoji_name])).toEqual([[user('kakaotalk:me'), 'thumbsup'], [user('kakaotalk:me'), 'heart']]);
    const hi = posts.find((p) => p.message === 'hi all');
    expect(hi.reactions.map((r: any) => r.emoji_name)).toEqual(['thumbsup']);
    expect(hi.replies.map((r: any) => [r.message, r.attachments])).toEqual([['사진', [{ path: expect.stringMatching(/\/사진\.png$/) }]]]);
    const zip = unzipSync(result.files[1]!.bytes);
    expect(zip[`data/${hi.replies[0].attachments[0].path}`]).toEqual(PHOTO);

    const dm = objects.filter((o) => o.type === 'direct_channel').map((o) => o.direct_channel.members);
    expect(dm).toEqual([[user('xmpp:me@old.localhost'), user('xmpp:kim@old.localhost')], [user('xmpp:me@old.localhost'), user('xmpp:me@old.localhost')]]);
  });

  it('the fidelity report counts exactly what Mattermost cannot take', () => {
    const result = toMattermost(richContent(), { account: 'mattermost:me@chat.example.org' });
    expect(Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]))).toEqual({
      'message.edits': 1,
      'message.reactions.unknownEmoji': 1,
      'message.reactions.skinTone': 1,
      'message.attachments.notIncluded': 1,
      'message.empty': 1,
      'message.kind.location': 1,
      'message.text.nul': 1,
      'user.email': 4,
    });
    expect(result.fidelity.every((n) => n.stage === 'import' && n.account === 'mattermost:me@chat.example.org')).toBe(true);
    expect(result.kept).toEqual({ channels: 2, directChannels: 2, users: 5, posts: 10, replies: 3, reactions: 4, attachments: 2 });
  });

  it('the example in the connector folder is exactly what the writer makes of the test archive', () => {
    const fixture = readFileSync(new URL('../../src/connectors/mattermost/fixtures/sample-import.jsonl', import.meta.url), 'utf8');
    expect(strFromU8(toMattermost(richContent()).files[0]!.bytes)).toBe(fixture);
    expect(validate(fixture, new Set(Object.keys(unzipSync(toMattermost(richContent()).files[1]!.bytes))))).toEqual([]);
  });

  it('whatever the names, texts, reactions and reply chains, every line stays valid (property)', async () => {
    const fc = (await import('fast-check')).default;
    const handle = fc.oneof(fc.constantFrom('xmpp:me@old.localhost', 'xmpp:kim@old.localhost', 'kakaotalk:민지', 'tel:+821012345678', 'mailto:a.b@c.org', 'x:admin', 'x:all', 'x:a'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).map((s) => `x:${s}`));
    const message = fc.record({
      sender: handle,
      text: fc.string({ unit: 'grapheme', maxLength: 30 }),
      reply: fc.option(fc.nat(20), { nil: undefined }),
      reactions: fc.array(fc.record({ emoji: fc.constantFrom('👍', '👍🏿', '❤️', '🦄', 'x', ''), sender: handle, late: fc.boolean() }), { maxLength: 3 }),
    });
    const conversation = fc.record({ kind: fc.constantFrom('direct', 'group', 'channel'), title: fc.string({ unit: 'grapheme', maxLength: 80 }), messages: fc.array(message, { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(conversation, { minLength: 1, maxLength: 4 }), (convs) => {
        const content = richContent();
        content.conversations = [];
        content.messages = new Map();
        convs.forEach((c, ci) => {
          const id = `conv-${ci}`;
          content.conversations.push({ id, kind: c.kind as 'direct', title: c.title, participants: [{ handle: 'xmpp:me@old.localhost', role: 'owner' }], source: 'xmpp:me@old.localhost' });
          content.messages.set(id, c.messages.map((m, mi) => ({
            id: `${id}-${mi}`, conversationId: id, sender: m.sender, kind: 'text' as const, text: m.text,
            timestamp: new Date(Date.UTC(2024, 0, 1) + mi * 60_000).toISOString(),
            ...(m.reply !== undefined ? { replyTo: `${id}-${m.reply}` } : {}),
            ...(m.reactions.length ? { reactions: m.reactions.map((r) => ({ emoji: r.emoji, sender: r.sender, ...(r.late ? {} : { timestamp: '2023-01-01T00:00:00Z' }) })) } : {}),
          })));
        });
        const result = toMattermost(content);
        const zip = unzipSync(result.files[1]!.bytes);
        expect(validate(strFromU8(result.files[0]!.bytes), new Set(Object.keys(zip)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a call, a poll and a deleted message without text are posted as descriptions and counted once each', () => {
    const content = richContent();
    const at = '2024-06-02T00:00:00Z';
    const base = { conversationId: KAKAO_CHAT, sender: 'kakaotalk:me', timestamp: at, text: '' };
    content.messages.get(KAKAO_CHAT)!.push(
      { ...base, id: 'c1', kind: 'call', call: { video: true, outcome: 'missed' } },
      { ...base, id: 'c2', kind: 'poll', poll: { question: '점심 메뉴?', options: [{ text: '국수', votes: 2 }, { text: '밥' }] } },
      { ...base, id: 'c3', kind: 'deleted' },
      { ...base, id: 'c4', kind: 'sticker' },
    );
    const result = toMattermost(content);
    const messages = strFromU8(result.files[0]!.bytes).trim().split('\n').map((l) => JSON.parse(l)).filter((o) => o.type === 'post').map((o) => o.post.message);
    expect(messages.slice(-3)).toEqual(['📞 video call (missed)', '📊 점심 메뉴?\n- 국수 (2)\n- 밥', '(deleted)']);
    const counts = Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]));
    expect([counts['message.kind.call'], counts['message.kind.poll'], counts['message.kind.deleted'], counts['message.kind.sticker'], counts['message.empty']]).toEqual([1, 1, 1, undefined, 2]);
  });
});

describe('Mattermost: the zip for mmctl', () => {
  it('is the same bytes for the same archive, whenever it is written', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
      const first = toMattermost(richContent()).files.find((f) => f.name === 'mattermost-import.zip')!.bytes;
      vi.setSystemTime(new Date('2027-06-15T13:37:42Z'));
      const second = toMattermost(richContent()).files.find((f) => f.name === 'mattermost-import.zip')!.bytes;
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      // Every entry is stamped 1980-01-01 00:00 (DOS date 0x0021, time 0), as the archive's own zip is.
      const view = Buffer.from(first);
      for (let at = view.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = view.indexOf('PK\x03\x04', at + 4, 'latin1')) {
        expect([view.readUInt16LE(at + 10), view.readUInt16LE(at + 12)]).toEqual([0, 0x21]);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

