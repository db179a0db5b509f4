/**
 * Damaged inputs that the fuzz tests (test/convert/fuzz.test.ts, json-readers-fuzz.test.ts) found
 * giving an invalid archive or a crash, kept as fixed cases so they are checked on every run and
 * not only when the random search happens to hit them again.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { outlookContactsReader } from '../../src/connectors/contacts-csv/read.js';
import { lineReader } from '../../src/connectors/line/read.js';
import { telegramReader } from '../../src/connectors/telegram/read.js';
import { messengerReader } from '../../src/connectors/messenger/read.js';
import { slackText } from '../../src/connectors/slack/read.js';
import { discordMarkdown } from '../../src/connectors/discord/markdown.js';
import { contactsFromVCard } from '../../src/connectors/vcard/read-contacts.js';
import { ConvertError, type ConvertOptions, type InputFile } from '../../src/connectors/contract.js';
import { prepareConversion } from '../../src/convert/convert.js';

const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };
const file = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(text) });

describe('damaged inputs found by fuzzing', () => {
  it('a vCard TYPE parameter with a NUL in it is left out, the phone kept', () => {
    const { contacts } = contactsFromVCard(new TextEncoder().encode('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nTEL;\u0000OME;VOICE:02-123-4567\r\nEND:VCARD\r\n'));
    expect(contacts[0]!.phones).toEqual([{ value: '02-123-4567', types: ['voice'] }]);
    expect(validateEntity('contact', contacts[0])).toEqual({ valid: true, errors: [] });
  });

  it('a Telegram mime_type that is no media type is replaced by one guessed from the file name', () => {
    const root = { name: 'x', type: 'personal_chat', id: 1, messages: [{ id: 1, type: 'message', date: '2024-01-01T10:00:00', date_unixtime: '1704070800', from: 'A', from_id: 'user1', text: '', file: 'files/a.pdf', mime_type: ':pplication/pdf' }] };
    const parsed = telegramReader.parse(file('result.json', JSON.stringify(root)), options);
    const [message] = [...parsed.conversations[0]!.messages()];
    expect(message!.attachments![0]!.mediaType).toBe('application/pdf');
    expect(validateEntity('message', message)).toEqual({ valid: true, errors: [] });
  });

  it('an Outlook CSV column with an empty header is reported as dropped under a valid item name', () => {
    const csv = 'First Name,Last Name,,E-mail Address\r\n수진,이,something,sujin@example.kr\r\n';
    const parsed = outlookContactsReader.parse(file('contacts.csv', csv), options);
    const note = parsed.fidelity?.find((f) => f.reason.includes('""'));
    expect(note?.item).toBe('contact.csv.unnamed');
    expect(parsed.contacts).toHaveLength(1);
  });

  it('a LINE header whose save time is not a real time (31:09) does not stop the conversion', () => {
    const fixture = readFileSync(resolve(import.meta.dirname, '../../src/connectors/line/fixtures/ja-group.txt'), 'utf8');
    const damaged = fixture.replace(/(保存日時：\d{4}\/\d{1,2}\/\d{1,2} )\d{1,2}(:\d{2})/, '$131$2');
    expect(damaged).not.toBe(fixture);
    const parsed = lineReader.parse(file('ja-group.txt', damaged), options);
    expect(parsed.source.exportedAt).toBe(options.now);
    expect([...parsed.conversations[0]!.messages()].length).toBeGreaterThan(0);
  });
});

/**
 * Hostile and damaged inputs for the JSON, vCard and CSV readers (issue 18, "Readers"): each gives
 * a clear error or a counted, reported repair, never "this is a bug in Ferry". Run through
 * prepareConversion, as ferry convert does, so the runner's own wrapping is covered too.
 */
describe('readers never blame themselves (issue 18)', () => {
  const json = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(text) });
  const DEEP = '['.repeat(100_000) + ']'.repeat(100_000);
  /** The error prepareConversion gives, as text; fails the test when it converts or blames Ferry. */
  const refusal = (inputs: InputFile[]): string => {
    let message: string | undefined;
    try {
      prepareConversion(inputs, options);
    } catch (error) {
      expect(error).toBeInstanceOf(ConvertError);
      message = (error as Error).message;
    }
    expect(message, 'expected a refusal').toBeDefined();
    expect(message).not.toMatch(/bug in Ferry/);
    return message!;
  };
  const slack = (day: string): InputFile => ({
    kind: 'container',
    name: 'slack.zip',
    bytes: new Uint8Array(),
    siblings: new Map([
      ['users.json', new TextEncoder().encode('[{"id":"U1","name":"a"}]')],
      ['channels.json', new TextEncoder().encode('[{"id":"C1","name":"general"}]')],
      ['general/2024-01-01.json', new TextEncoder().encode(day)],
    ]),
  });

  it('100,000-deep JSON nesting is refused with the place, in every JSON reader, instead of "Maximum call stack size exceeded"', () => {
    const cases: InputFile[] = [
      json('result.json', `{"name":"x","type":"personal_chat","id":1,"messages":[{"id":1,"type":"service","date_unixtime":"1700000000","action":"create_group","title":${DEEP}}]}`),
      json('facebook/message_1.json', `{"participants":[{"name":"a"}],"messages":[{"sender_name":"a","timestamp_ms":1700000000000,"content":"x","extra":${DEEP}}]}`),
      json('dm.json', `{"guild":{"id":"0"},"channel":{"id":"1","type":"DirectTextChat"},"messages":[{"id":"1","timestamp":"2024-01-01T00:00:00Z","author":{"id":${DEEP}},"content":"x"}]}`),
      slack(`[{"ts":"1700000000.000100","user":"U1","text":"x","files":[{"name":${DEEP}}]}]`),
    ];
    for (const input of cases) expect(refusal([input]), input.name).toMatch(/nest more than 512 levels deep \(at line 1, column \d+\).*export it again/);
  });

  it('NUL characters in Telegram, Discord, Messenger and Slack names and texts are removed and counted', () => {
    const cases: [InputFile, number][] = [
      [json('result.json', '{"name":"x","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1700000000","from":"A\\u0000B","from_id":"user1","text":"x\\u0000y\\u0000"}]}'), 3],
      [json('dm.json', '{"guild":{"id":"0"},"channel":{"id":"1","type":"DirectTextChat"},"messages":[{"id":"1","timestamp":"2024-01-01T00:00:00Z","author":{"id":"1","name":"A\\u0000"},"content":"\\u0000x"}]}'), 2],
      [json('facebook/message_1.json', '{"participants":[{"name":"a"}],"messages":[{"sender_name":"a","timestamp_ms":1700000000000,"content":"x\\u0000"}]}'), 1],
      [slack('[{"ts":"1700000000.000100","user":"U1","text":"x\\u0000y"}]'), 1],
    ];
    for (const [input, count] of cases) {
      const combined = prepareConversion([input], options);
      const warning = combined.reports[0]!.warnings.find((w) => w.code === 'nul_removed');
      expect(warning?.args, input.name).toEqual([String(count)]);
      for (const c of combined.header.contacts) expect(c.displayName).not.toContain('\u0000');
      combined.header.conversations.forEach((c, i) => {
        for (const m of combined.messagesOf(c, i)) {
          expect(m.text, input.name).not.toContain('\u0000');
          expect(validateEntity('message', m)).toEqual({ valid: true, errors: [] });
        }
      });
    }
  });

  it('an escaped backslash before "u0000" is text, not a NUL', () => {
    const parsed = telegramReader.parse(json('result.json', '{"name":"x","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date_unixtime":"1700000000","from":"A","from_id":"user1","text":"C:\\\\u0000"}]}'), options);
    expect([...parsed.conversations[0]!.messages()][0]!.text).toBe('C:\\u0000');
    expect(parsed.warnings.map((w) => w.code)).not.toContain('nul_removed');
  });

  it('NUL bytes in a vCard and a contacts CSV are removed and counted', () => {
    const vcf = prepareConversion([file('a.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\u0000B\r\nNOTE:x\u0000y\r\nEND:VCARD\r\n')], options);
    expect(vcf.header.contacts[0]).toMatchObject({ displayName: 'AB', notes: 'xy' });
    expect(vcf.reports[0]!.warnings.find((w) => w.code === 'nul_removed')?.args).toEqual(['2']);
    const csv = prepareConversion([file('contacts.csv', 'First Name,Last Name,E-mail Address\r\n수\u0000진,이,sujin@example.kr\r\n')], options);
    expect(csv.header.contacts[0]!.displayName).toBe('이수진');
    expect(csv.reports[0]!.warnings.find((w) => w.code === 'nul_removed')?.args).toEqual(['1']);
  });
});

describe('impossible dates and times are refused, never "Invalid time value" (issue 18)', () => {
  const json = (name: string, value: unknown): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(JSON.stringify(value)) });
  const refused = (input: InputFile, pattern: RegExp) => {
    expect(() => prepareConversion([input], options), input.name).toThrow(ConvertError);
    expect(() => prepareConversion([input], options), input.name).toThrow(pattern);
    expect(() => prepareConversion([input], options), input.name).not.toThrow(/bug in Ferry/);
  };

  it('a Messenger timestamp no clock shows is refused, naming the sender', () => {
    refused(json('facebook/message_1.json', { participants: [{ name: 'a' }], messages: [{ sender_name: 'a', timestamp_ms: 1e20, content: 'x' }] }), /a message from "a" has an impossible "timestamp_ms"/);
  });

  it('a Messenger reaction with a time no clock shows keeps the reaction without its time', () => {
    const combined = prepareConversion([json('facebook/message_1.json', { participants: [{ name: 'a' }], messages: [{ sender_name: 'a', timestamp_ms: 1.7e12, content: 'x', reactions: [{ reaction: '👍', actor: 'a', timestamp: 1e18 }] }] })], options);
    const [message] = [...combined.messagesOf(combined.header.conversations[0]!, 0)];
    expect(message!.reactions).toEqual([{ emoji: '👍', sender: 'messenger:name/a' }]);
  });

  it('a Telegram date or Unix time no clock shows is refused, naming the message', () => {
    const chat = (m: object) => json('result.json', { name: 'x', type: 'personal_chat', id: 1, messages: [{ id: 5, type: 'message', from: 'A', from_id: 'user1', text: 'hi', ...m }] });
    refused(chat({ date_unixtime: '99999999999999' }), /message 5 in chat 1 has an impossible "date_unixtime"/);
    refused(chat({ date: '2024-01-01T25:61:00' }), /message 5 in chat 1 has an impossible "date"/);
  });

  it('a Discord timestamp past the year 9999 and a Slack ts past 2200 are refused', () => {
    refused(json('dm.json', { guild: { id: '0' }, channel: { id: '1', type: 'DirectTextChat' }, messages: [{ id: '1', timestamp: '+010000-01-01T00:00:00Z', author: { id: '1' }, content: 'x' }] }), /no readable "timestamp"/);
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const slack: InputFile = { kind: 'container', name: 'slack.zip', bytes: new Uint8Array(), siblings: new Map([['users.json', enc([])], ['channels.json', enc([{ id: 'C1', name: 'general' }])], ['general/2024-01-01.json', enc([{ ts: '999999999999.000100', text: 'x' }])]]) };
    refused(slack, /an impossible "ts"/);
  });
});

describe('large hostile texts are read whole (issue 18; the linearity figures are bench/readers-linear.bench.ts)', () => {
  // Timing belongs in benchmarks: these check that the texts that once went quadratic are read
  // right at a size where a quadratic reader would not finish within the test's timeout.
  it('Slack mrkdwn with 100,000 unclosed markers, tokens and code marks reads to the same text', () => {
    for (const unit of ['*a ', 'a* ', '_a ', '`a\n', 'plain text ']) expect(slackText(unit.repeat(100_000), () => undefined).text.length, JSON.stringify(unit)).toBeGreaterThan(0);
  }, 60_000);

  it('Discord markdown with 100,000 unclosed markers and code marks reads', () => {
    for (const unit of ['*a ', '_a ', '**a ', '`a\n', '> a\n']) expect(discordMarkdown(unit.repeat(100_000)).text.length, JSON.stringify(unit)).toBeGreaterThan(0);
  }, 60_000);

  it('I can convert one 5 MB Slack message, its text whole', () => {
    const text = 'lorem *ipsum* dolor <https://example.org|sit> amet, '.repeat(100_000);
    const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    const combined = prepareConversion([{ kind: 'container', name: 'slack.zip', bytes: new Uint8Array(), siblings: new Map([['users.json', enc([{ id: 'U1', name: 'a' }])], ['channels.json', enc([{ id: 'C1', name: 'general' }])], ['general/2024-01-01.json', enc([{ ts: '1700000000.000100', user: 'U1', text }])]]) }], options);
    const [message] = [...combined.messagesOf(combined.header.conversations[0]!, 0)];
    expect(message!.text).toBe('lorem ipsum dolor sit amet, '.repeat(100_000));
    expect(message!.entities).toHaveLength(200_000);
  }, 60_000);

  it('a contacts CSV of 20,000 rows it skips, and a Messenger thread of 20,000 senders', () => {
    const csv = outlookContactsReader.parse(file('c.csv', `First Name,Last Name,E-mail Address\r\n${',,not-an-address\r\n'.repeat(20_000)}`), options);
    expect(csv.contacts).toEqual([]);
    const thread = JSON.stringify({ participants: [], messages: Array.from({ length: 20_000 }, (_, i) => ({ sender_name: `p${i}`, timestamp_ms: 1.7e12 + i, content: 'x' })) });
    const parsed = messengerReader.parse(file('facebook/message_1.json', thread), options);
    expect([...parsed.conversations[0]!.messages()]).toHaveLength(20_000);
  }, 60_000);

  it('vCard: a quoted-printable note of 80,000 soft-broken lines and a long structured name', () => {
    const n = 80_000;
    const card = new TextEncoder().encode(`BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nNOTE;ENCODING=QUOTED-PRINTABLE:${'abc=3D=\r\n'.repeat(n)}x\r\nN:${'a\\;'.repeat(n)};b\r\nEND:VCARD\r\n`);
    const { contacts } = contactsFromVCard(card);
    expect(contacts[0]!.notes).toBe(`${'abc='.repeat(n)}x`);
  }, 60_000);
});
