import fc from 'fast-check';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { slackEmoji, slackReader, slackText } from '../../src/connectors/slack/read.js';
import { ConvertError, type ConvertOptions, type InputFile, type ParsedExport } from '../../src/connectors/contract.js';
import type { Message } from '../../src/model/types.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/slack/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples/slack');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };

/** A folder as ferry convert offers it: a container with every file under its path, optionally under a top folder (as zips often are). */
function containerOf(folder: string, prefix = ''): InputFile {
  const siblings = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else siblings.set(prefix + relative(folder, path), new Uint8Array(readFileSync(path)));
    }
  };
  walk(folder);
  return { kind: 'container', name: 'slack-export.zip', bytes: new Uint8Array(), siblings };
}

const messagesOf = (parsed: ParsedExport): Message[] => parsed.conversations.flatMap((c) => [...c.messages()]);

function expectValid(parsed: ParsedExport) {
  for (const c of parsed.conversations) {
    expect(validateEntity('conversation', c.conversation)).toEqual({ valid: true, errors: [] });
    for (const m of c.messages()) expect(validateEntity('message', m)).toEqual({ valid: true, errors: [] });
  }
  for (const c of parsed.contacts) expect(validateEntity('contact', c)).toEqual({ valid: true, errors: [] });
  for (const f of parsed.fidelity) expect(validateEntity('fidelity', f)).toEqual({ valid: true, errors: [] });
}

describe('a Slack workspace export given as a folder or zip', () => {
  const container = containerOf(resolve(FIXTURES, 'workspace'));
  const parsed = slackReader.parse(container, { ...options, me: 'jiwoo' });
  const [dm, general] = parsed.conversations;
  const generalMessages = [...general!.messages()];

  it('is detected whole, also when the zip puts everything under one top folder; a single day file alone is not', () => {
    expect(slackReader.detect(container)).toEqual({ format: 'slack', layout: 'workspace-export' });
    const nested = containerOf(resolve(FIXTURES, 'workspace'), 'My Workspace Slack export Jan 5 2024/');
    expect(slackReader.detect(nested)).toEqual({ format: 'slack', layout: 'workspace-export' });
    expect(messagesOf(slackReader.parse(nested, options))).toHaveLength(6);
    const day: InputFile = { kind: 'file', name: 'general/2024-01-05.json', bytes: new Uint8Array(readFileSync(resolve(FIXTURES, 'workspace/general/2024-01-05.json'))) };
    expect(slackReader.detect(day)).toBeUndefined();
  });

  it('users become contacts with e-mail and phone, and --me names the account', () => {
    expect(parsed.source.account).toBe('slack:user/U0JIWOO01');
    expect(parsed.contacts[0]).toEqual({
      id: 'slack:user/U0JIWOO01',
      displayName: '지우',
      name: { given: 'Jiwoo', family: 'Lee' },
      handles: ['slack:user/U0JIWOO01', 'mailto:jiwoo@example.kr'],
      phones: [{ value: '+82 10 0000 0002', types: [] }],
      emails: [{ value: 'jiwoo@example.kr', types: ['work'] }],
      groups: [],
      sourceIds: { 'slack-user': 'U0JIWOO01', 'slack-username': 'jiwoo' },
    });
    expect(parsed.contacts[1]!.displayName).toBe('김민수');
  });

  it('channels and direct messages become conversations with their members', () => {
    expect(general!.conversation).toMatchObject({ id: 'slack:channel/C0GENERAL1', kind: 'channel', title: '#general' });
    expect(dm!.conversation).toMatchObject({
      id: 'slack:channel/D0DM00001',
      kind: 'direct',
      title: '지우, 김민수',
      participants: [
        { handle: 'slack:user/U0JIWOO01', role: 'owner' },
        { handle: 'slack:user/U0MINSU02', role: 'member' },
      ],
    });
  });

  it('mrkdwn mentions and links become plain text with entities; reactions keep who; the ts is the id', () => {
    const m = generalMessages[1]!;
    expect(m).toMatchObject({
      id: 'slack:channel/C0GENERAL1#ts:1704445260.000200',
      sender: 'slack:user/U0JIWOO01',
      timestamp: '2024-01-05T09:01:00Z',
      kind: 'text',
      text: '@김민수 안녕 😀 회의 링크 & @here',
      mentions: ['slack:user/U0MINSU02'],
      reactions: [
        { emoji: '👍', sender: 'slack:user/U0MINSU02' },
        { emoji: ':party-parrot:', sender: 'slack:user/U0JIWOO01' },
      ],
    });
    expect(m.entities).toEqual([
      { type: 'mention', offset: 0, length: 4, handle: 'slack:user/U0MINSU02' },
      { type: 'link', offset: 11, length: 5, url: 'https://example.org/회의' },
    ]);
  });

  it('a thread reply points at the thread\'s first message; a join is a system message', () => {
    expect(generalMessages[0]).toMatchObject({ kind: 'system', sourceIds: { 'slack-subtype': 'channel_join' } });
    expect(generalMessages[2]).toMatchObject({
      replyTo: 'slack:channel/C0GENERAL1#ts:1704445260.000200',
      text: '좋아요 minsu@example.kr',
      entities: [{ type: 'link', offset: 4, length: 16, url: 'mailto:minsu@example.kr' }],
    });
  });

  it('a file downloaded into __uploads is included; one that is only a link is not, and says why', () => {
    const sha = '2b36036fc2aafa6383151ebcd6326d8ee61b77828490d1295d9fd8216ba48c64';
    expect(generalMessages[3]!.attachments).toEqual([
      { fileName: '회의록.txt', mediaType: 'text/plain', size: 20, sha256: sha, path: `attachments/${sha}` },
      { fileName: 'photo.jpg', mediaType: 'image/jpeg', size: 1000, notIncluded: { reason: 'not-downloaded', detail: expect.stringContaining('files.slack.com') } },
    ]);
    expect(new TextDecoder().decode(parsed.attachments.get(sha))).toBe('1. 예산\n2. 일정\n');
  });

  it('a bot message has the bot as sender', () => {
    expect(generalMessages[4]).toMatchObject({ sender: 'slack:bot/B0BOT0001', text: '배포 완료 :rocket:', timestamp: '2024-01-06T09:01:00Z' });
    // Not in users.json: its name comes from the message, as a contact.
    expect(parsed.contacts[2]).toEqual({ id: 'slack:bot/B0BOT0001', displayName: 'deploy-bot', handles: ['slack:bot/B0BOT0001'], groups: [] });
  });

  it('edits without earlier text, reactions without names and files left on Slack are counted', () => {
    expect(parsed.fidelity.map((f) => [f.item, f.count])).toEqual([
      ['message.edits', 1],
      ['message.attachments', 1],
      ['message.reactions', 1],
    ]);
    expectValid(parsed);
  });
});

describe('Slack text and errors', () => {
  it('user mentions with a label, channel links and special mentions read as Slack shows them', () => {
    expect(slackText('<@U1|kim> in <#C1|random>: <!channel> a &lt;b&gt;', () => undefined).text).toBe('@kim in #random: @channel a <b>');
    expect(slackEmoji('thumbsup::skin-tone-3')).toBe('👍');
  });

  it('*bold*, _italic_, ~strike~, `code`, ```pre``` and quotes become entities; markers inside words or links stay', () => {
    const show = (raw: string) => {
      const { text, entities } = slackText(raw, () => undefined);
      return [text, entities.map((e) => [e.type, text.slice(e.offset, e.offset + e.length)])];
    };
    expect(show('😀 *굵게 _기울임_* ~취소~ `a*b*` 끝')).toEqual(['😀 굵게 기울임 취소 a*b* 끝', [['bold', '굵게 기울임'], ['italic', '기울임'], ['strikethrough', '취소'], ['code', 'a*b*']]]);
    expect(show('&gt; 인용\n&gt; 둘째\n```\nx &amp; y\n```')).toEqual(['인용\n둘째\nx & y', [['quote', '인용\n둘째'], ['pre', 'x & y']]]);
    expect(show('snake_case_name 2*3*4 <https://x.org/a_b_c|*링크*>')).toEqual(['snake_case_name 2*3*4 *링크*', [['link', '*링크*']]]);
  });

  it('any mrkdwn-like text gives entities inside the text, and text without markup is unchanged', () => {
    const raw = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 4 }), fc.constantFrom('*', '_', '~', '`', '```', '&gt; ', '&amp;', '\n', ' ', '<@U1>', '<https://a.b|c>', '<', '>')), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(raw, (input) => {
        const { text, entities } = slackText(input, () => undefined);
        for (const e of entities) expect(e.offset >= 0 && e.length > 0 && e.offset + e.length <= text.length).toBe(true);
        if (!/[*_~`<>&]/.test(input)) expect(text).toBe(input);
      }),
      { numRuns: 3000 },
    );
  });

  it('a damaged day file is refused with the file and line inside the export', () => {
    const container = containerOf(resolve(FIXTURES, 'workspace'));
    const siblings = new Map(container.siblings);
    siblings.set('general/2024-01-07.json', new TextEncoder().encode('[\n {"type": "message", "ts": "1.2"\n'));
    let error: unknown;
    try {
      slackReader.parse({ ...container, siblings }, options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConvertError);
    expect((error as Error).message).toMatch(/^slack-export\.zip\/general\/2024-01-07\.json:3: .*not valid JSON at line 3/);
  });

  it('a zip that is not a Slack export is refused with what to give instead', () => {
    const other: InputFile = { kind: 'container', name: 'photos.zip', bytes: new Uint8Array(), siblings: new Map([['a.jpg', new Uint8Array(1)]]) };
    expect(slackReader.detect(other)).toBeUndefined();
    expect(() => slackReader.parse(other, options)).toThrow(/photos\.zip: this is not a Slack export.*Import\/Export data/);
  });
});

describe.skipIf(!existsSync(SAMPLES))('a real Slack export (../shared/samples/slack, slackdump fixtures)', () => {
  it('is read whole: 10 users, one channel, 13 messages, threads and the deleted parent', () => {
    // Read inside the test: a skipped describe still runs its body to collect tests.
    const parsed = slackReader.parse(containerOf(resolve(SAMPLES, 'slackdump-export')), options);
    const messages = messagesOf(parsed);
    expect(parsed.contacts).toHaveLength(10);
    expect(parsed.conversations.map((c) => c.conversation.title)).toEqual(['#B75B4C7']);
    expect(messages).toHaveLength(13);
    expect(parsed.source.account).toBe('slack:team/TOAC06ADF3');
    expect(messages[0]).toMatchObject({ id: 'slack:channel/CO69735E8A#ts:1736478514.897649', sender: 'slack:user/UOF82F39AE', text: 'CYmxt38hm', timestamp: '2025-01-10T03:08:34.897Z' });
    expect(messages.find((m) => m.sourceIds?.['slack-ts'] === '1736554746.482349')).toMatchObject({ replyTo: 'slack:channel/CO69735E8A#ts:1736478630.905399' });
    expect(messages.find((m) => m.sourceIds?.['slack-ts'] === '1736554828.343759')).toMatchObject({ kind: 'deleted', text: '' });
    expect(parsed.fidelity.find((f) => f.item === 'message.attachments')!.count).toBe(2);
    expectValid(parsed);
  });
});
