import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { discordReader } from '../../src/connectors/discord/read.js';
import { instagramReader, messengerReader } from '../../src/connectors/messenger/read.js';
import { slackReader } from '../../src/connectors/slack/read.js';
import { telegramReader } from '../../src/connectors/telegram/read.js';
import { ConvertError, type ConvertOptions, type FileReader, type InputFile } from '../../src/connectors/contract.js';

const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };

// Values of the wrong type in the places readers look: what a hand-edited or truncated-then-repaired file holds.
// Times as exporters write them and as damage leaves them: ISO with and without zone or milliseconds, impossible days and hours, numbers past any date (issue 18).
const time = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date(0), max: new Date(Date.UTC(2100, 0)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19)),
  fc.tuple(fc.integer({ min: 1960, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom('', 'Z', '+03:00', '-0130', '+15:00', '.248Z'))
    .map(([y, mo, d, h, mi, zone]) => `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00${zone}`),
  fc.constantFrom(1e20, -1e20, 8.64e15, 99999999999999, '99999999999999', '1e300', Number.MAX_SAFE_INTEGER, -1),
  fc.double(),
);
const value = fc.oneof(
  time,
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('text', 'type', 'id', 'name', 'uri', 'emoji', 'from_id', 'users', 'count', 'reaction', 'actor', 'messageId', 'url', 'latitude', 'question', 'answers'), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 })), { maxKeys: 3 }),
);
const KEYS = ['id', 'type', 'date', 'date_unixtime', 'from', 'from_id', 'actor', 'actor_id', 'action', 'text', 'text_entities', 'photo', 'file', 'media_type', 'poll', 'reactions', 'reply_to_message_id', 'forwarded_from', 'location_information', 'contact_information', 'timestamp', 'author', 'content', 'attachments', 'stickers', 'reference', 'mentions', 'callEndedTimestamp', 'timestampEdited', 'sender_name', 'timestamp_ms', 'photos', 'sticker', 'share', 'call_duration', 'is_unsent', 'user', 'ts', 'thread_ts', 'files', 'subtype', 'edited', 'duration_seconds', 'discard_reason', 'file_name', 'fileName', 'url'];
const message = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 });
const messages = fc.array(fc.oneof(message, value), { maxLength: 5 });

/** Either a ConvertError, or messages and conversations that are valid against the schemas. */
function readsOrRefuses(format: FileReader, file: InputFile) {
  let parsed;
  try {
    parsed = format.parse(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConvertError);
    return;
  }
  for (const c of parsed.conversations) {
    expect(validateEntity('conversation', c.conversation)).toEqual({ valid: true, errors: [] });
    for (const m of c.messages()) expect(validateEntity('message', m)).toEqual({ valid: true, errors: [] });
  }
  for (const c of parsed.contacts) expect(validateEntity('contact', c)).toEqual({ valid: true, errors: [] });
}

const jsonFile = (name: string, root: unknown): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(JSON.stringify(root)) });

describe('JSON export readers on damaged files: a clear refusal or a valid archive, never a crash', () => {
  it('Telegram', () => {
    fc.assert(fc.property(messages, (m) => readsOrRefuses(telegramReader, jsonFile('result.json', { name: 'x', type: 'personal_chat', id: 1, messages: m }))), {
      numRuns: 5000,
      // Found by CI: an empty "file" path gave an attachment whose file name was "".
      examples: [[[{ date_unixtime: '', file: '' }]], [[{ date_unixtime: '1', file_name: '', file: '' }]]],
    });
  });
  it('Discord', () => {
    fc.assert(fc.property(messages, (m) => readsOrRefuses(discordReader, jsonFile('dm.json', { guild: { id: '0' }, channel: { id: '1', type: 'DirectTextChat' }, messages: m }))), { numRuns: 5000 });
  });
  it('Messenger and Instagram', () => {
    fc.assert(fc.property(messages, value, (m, title) => readsOrRefuses(messengerReader, jsonFile('message_1.json', { participants: [{ name: 'a' }, title], title, messages: m }))), {
      numRuns: 4000,
      // Found by fuzzing: a negative call_duration gave a call that lasted -1 s.
      examples: [[[{ call_duration: -1, timestamp_ms: 0 }], {}]],
    });
    fc.assert(fc.property(messages, (m) => readsOrRefuses(instagramReader, jsonFile('instagram/message_1.json', { messages: m }))), { numRuns: 2000 });
  });
  it('Slack', () => {
    fc.assert(
      fc.property(messages, fc.array(value, { maxLength: 3 }), (m, users) => {
        const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
        const siblings = new Map([
          ['users.json', enc(users)],
          ['channels.json', enc([{ id: 'C1', name: 'general', members: users }])],
          ['general/2024-01-01.json', enc(m)],
        ]);
        readsOrRefuses(slackReader, { kind: 'container', name: 'slack.zip', bytes: new Uint8Array(), siblings });
      }),
      { numRuns: 3000 },
    );
  });
});
