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
import { contactsFromVCard } from '../../src/connectors/vcard/read-contacts.js';
import type { ConvertOptions, InputFile } from '../../src/connectors/contract.js';

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
