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
const value = fc.oneof(
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
