import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { googleContactsReader, outlookContactsReader } from '../../src/connectors/contacts-csv/read.js';
import { contactsToGoogleCsv } from '../../src/connectors/contacts-csv/write.js';
import { ConvertError, type ConvertOptions, type InputFile, type ParsedExport } from '../../src/connectors/contract.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/contacts-csv/fixtures');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };
const fixture = (name: string): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });
const textFile = (name: string, text: string): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(text) });

function expectValid(parsed: ParsedExport) {
  for (const c of parsed.contacts) expect(validateEntity('contact', c)).toEqual({ valid: true, errors: [] });
  for (const f of parsed.fidelity) expect(validateEntity('fidelity', f)).toEqual({ valid: true, errors: [] });
}

describe('Google Contacts CSV', () => {
  const file = fixture('google-ko-en.csv');
  const parsed = googleContactsReader.parse(file, options);
  const [minji, john, pizza] = parsed.contacts;

  it('is detected as Google\'s current layout, and not as Outlook', () => {
    expect(googleContactsReader.detect(file)).toEqual({ format: 'google-contacts', layout: 'google-csv' });
    expect(outlookContactsReader.detect(file)).toBeUndefined();
  });

  it('a Korean contact keeps its name order, readings, several phones in one cell, labels, starred and notes', () => {
    expect(minji).toMatchObject({
      displayName: '김민지',
      name: { given: '민지', family: '김', phoneticGiven: 'Minji', phoneticFamily: 'Kim' },
      emails: [
        { value: 'minji@example.kr', types: ['home', 'pref'] },
        { value: 'minji.kim@ferry.example', types: ['work'] },
      ],
      phones: [
        { value: '+82 10-1234-5678', types: ['cell', 'pref'] },
        { value: '+82 10-8765-4321', types: ['cell', 'pref'] },
        { value: '02-123-4567', types: [], label: '회사' },
      ],
      groups: ['친구', 'Work'],
      favourite: true,
      notes: '대학 동기\n자주 연락',
    });
    expect(minji!.handles).toEqual([
      'xmpp:minji@old.localhost',
      'tel:+82-10-1234-5678',
      'tel:+82-10-8765-4321',
      'tel:02-123-4567',
      'mailto:minji@example.kr',
      'mailto:minji.kim@ferry.example',
    ]);
    expect(minji!.id).toMatch(/^google-contacts:[0-9a-f]{32}$/);
  });

  it('an English contact gets a Western name order; a business gets its organisation as the name', () => {
    expect(john).toMatchObject({ displayName: 'John Q. Public Jr.', name: { given: 'John', additional: 'Q.', family: 'Public', suffix: 'Jr.' }, phones: [{ value: '+1 555 0100', types: ['work', 'fax'] }], emails: [{ value: 'john@example.com', types: [] }], groups: ['Work'] });
    expect(pizza).toMatchObject({ displayName: 'Pizza Place', phones: [{ value: '+1 555 0199', types: ['main'] }], handles: ['tel:+1-555-0199'] });
  });

  it('an empty row is skipped with its line, and the columns Ferry cannot keep are counted', () => {
    expect(parsed.contacts).toHaveLength(3);
    expect(parsed.warnings.map((w) => w.text)).toEqual(['Record 4 (line 6) has no name, phone or e-mail; it was skipped.']);
    expect(Object.fromEntries(parsed.fidelity.map((f) => [f.item, f.count]))).toEqual({
      'contact.csv.Organization_Name': 2,
      'contact.csv.Birthday': 1,
      'contact.csv.Address_1_-_Label': 1,
      'contact.csv.Address_1_-_Formatted': 1,
      'contact.csv.Address_1_-_City': 1,
      'contact.csv.Website': 1,
    });
    expectValid(parsed);
  });

  it('reading the same file again gives the same ids', () => {
    expect(googleContactsReader.parse(file, options).contacts.map((c) => c.id)).toEqual(parsed.contacts.map((c) => c.id));
  });

  it('what Ferry\'s own Google CSV writer produces reads back to the same people', () => {
    const written = contactsToGoogleCsv({ contacts: parsed.contacts }).files[0]!;
    const back = googleContactsReader.parse({ kind: 'file', name: written.name, bytes: written.bytes }, options).contacts;
    const details = (c: (typeof back)[number]) => [c.displayName, c.phones, c.emails, c.groups, c.favourite, c.notes];
    // John is left out: the writer labels his "Work Fax" number "Work" (write.ts picks the first kind), so "fax" is lost on the way.
    expect([back[0], back[2]].map((c) => details(c!))).toEqual([minji, pizza].map((c) => details(c!)));
    expect(back[1]!.phones![0]!.value).toBe('+1 555 0100');
    expect(back[0]!.handles).toContain('xmpp:minji@old.localhost');
  });
});

describe('Google Contacts CSV, older layout', () => {
  it('"Name", "Given Name", "Group Membership" and "E-mail 1 - Type" are read like the current layout', () => {
    const header = 'Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value';
    const row = '박영희,영희,,박,,,,,,,,,,,,,,,,,,,,,,,,,* myContacts ::: 가족,* Home,younghee@example.kr,Mobile,010-1111-2222 ::: 010-3333-4444';
    const file = textFile('google.csv', `${header}\r\n${row}\r\n`);
    expect(googleContactsReader.detect(file)).toEqual({ format: 'google-contacts', layout: 'google-legacy-csv' });
    const [c] = googleContactsReader.parse(file, options).contacts;
    expect(c).toMatchObject({
      displayName: '박영희',
      name: { given: '영희', family: '박' },
      emails: [{ value: 'younghee@example.kr', types: ['home', 'pref'] }],
      phones: [
        { value: '010-1111-2222', types: ['cell'] },
        { value: '010-3333-4444', types: ['cell'] },
      ],
      groups: ['가족'],
    });
  });
});

describe('Outlook CSV', () => {
  it('UTF-8 with a BOM: Korean and English contacts with their phones by kind and categories', () => {
    const file = fixture('outlook-ko-en.csv');
    expect(outlookContactsReader.detect(file)).toEqual({ format: 'outlook-contacts', layout: 'outlook-csv' });
    expect(googleContactsReader.detect(file)).toBeUndefined();
    const parsed = outlookContactsReader.parse(file, options);
    const [sujin, mary] = parsed.contacts;
    expect(sujin).toMatchObject({
      displayName: '이수진',
      name: { given: '수진', family: '이' },
      emails: [
        { value: 'sujin@example.kr', types: [] },
        { value: 'sujin.lee@work.example', types: [] },
      ],
      phones: [
        { value: '010-2222-3333', types: ['cell'] },
        { value: '02-987-6543', types: ['home'] },
        { value: '02-555-0000', types: ['work'] },
      ],
      groups: ['거래처', 'VIP'],
      notes: '부산 출장 때 만남',
    });
    expect(mary).toMatchObject({ displayName: 'Dr. Mary Smith', name: { prefix: 'Dr.', given: 'Mary', family: 'Smith' }, phones: [{ value: '+1 555 0111', types: ['cell'] }, { value: '+1 555 0112', types: ['work', 'fax'] }], groups: ['Work'] });
    expect(parsed.source).toMatchObject({ service: 'outlook-contacts', account: 'outlook-contacts:me' });
    expect(parsed.fidelity.map((f) => [f.item, f.count])).toEqual([
      ['contact.csv.Job_Title', 1],
      ['contact.csv.Company', 1],
      ['contact.csv.Birthday', 1],
    ]);
    expect(parsed.warnings).toEqual([]);
    expectValid(parsed);
  });

  it('a file from Korean Windows in CP949 is decoded, and the encoding is reported', () => {
    const parsed = outlookContactsReader.parse(fixture('outlook-ko-cp949.csv'), options);
    expect(parsed.contacts[0]).toMatchObject({ displayName: '이수진', groups: ['거래처', 'VIP'], notes: '부산 출장 때 만남' });
    expect(parsed.warnings.map((w) => w.text)).toEqual(['The file is not UTF-8; it was read as EUC-KR / CP949 (Korean Windows).']);
  });
});

describe('contacts CSV errors', () => {
  it('a CSV that is not a contacts export is not claimed, and parsing it says what header was expected', () => {
    const file = textFile('chat.csv', 'Date,User,Message\n2021-01-27 09:00:31,"min","hi"\n');
    expect(googleContactsReader.detect(file)).toBeUndefined();
    expect(outlookContactsReader.detect(file)).toBeUndefined();
    expect(() => googleContactsReader.parse(file, options)).toThrow(ConvertError);
    expect(() => googleContactsReader.parse(file, options)).toThrow(/^chat\.csv:1: the first line is not a Google Contacts CSV header.*contacts\.google\.com/);
  });

  it('a quoted value that never closes is reported at the line its record starts', () => {
    const file = textFile('contacts.csv', 'First Name,Last Name,Labels,E-mail 1 - Value\nA,B,* myContacts,a@example.com\nC,D,"* myContacts,c@example.com\n');
    expect(() => googleContactsReader.parse(file, options)).toThrow(/^contacts\.csv:3: a quoted value is never closed/);
  });
});

describe('contacts CSV on arbitrary cells', () => {
  it('any cells under a Google or Outlook header give a refusal or valid contacts, never a crash', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('* Mobile', '* myContacts ::: 친구', '+82 10 1234 5678 ::: ', 'a b@c', ' ::: ', '"', 'xmpp:a b'));
    const headers = [
      ['First Name', 'Last Name', 'Labels', 'E-mail 1 - Label', 'E-mail 1 - Value', 'Phone 1 - Label', 'Phone 1 - Value', 'Website 1 - Value'],
      ['First Name', 'Last Name', 'E-mail Address', 'Mobile Phone', 'Categories', 'Company'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(0, 1), fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 4 }), (h, rows) => {
        const text = [headers[h]!, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        const format = h === 0 ? googleContactsReader : outlookContactsReader;
        try {
          expectValid(format.parse(textFile('c.csv', text), options));
        } catch (error) {
          expect(error).toBeInstanceOf(ConvertError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
