import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { contactsToGoogleCsv } from '../../src/connectors/contacts-csv/write.js';
import type { Contact } from '../../src/model/types.js';
import { richContent } from './writers-fixture.js';

function readBack(bytes: Uint8Array): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const extra: Contact[] = [
  {
    id: 'tel:+82-10-1234-5678',
    displayName: '박지훈, "PJ"',
    name: { family: '박', given: '지훈', phoneticFamily: 'パク', phoneticGiven: 'ジフン' },
    handles: ['tel:+82-10-1234-5678', 'tel:+82-2-555-0100'],
    phones: [{ value: '+82 10-1234-5678', types: ['cell', 'pref'] }],
    notes: '첫 줄\n둘째 줄',
    avatar: { mediaType: 'image/png', notIncluded: { reason: 'unavailable' } },
    blocked: true,
    groups: ['가족'],
  },
];

describe('Google Contacts CSV export', () => {
  it('I can read the CSV back with papaparse and find every contact with its names, e-mails, phones and labels', () => {
    const content = richContent();
    content.contacts.push(...extra);
    const rows = readBack(contactsToGoogleCsv(content).files[0]!.bytes);
    expect(rows.map((r) => [r['First Name'], r['Last Name'], r['File As']])).toEqual([
      ['김민지', '', ''],
      ['수진', '이', '이수진 🌸'],
      ['민지: 회사', '', ''],
      ['지훈', '박', '박지훈, "PJ"'],
    ]);
    expect(rows.map((r) => r.Labels)).toEqual(['* myContacts ::: Friends ::: 회사', '* myContacts ::: * starred', '* myContacts ::: 회사', '* myContacts ::: 가족']);
    expect([rows[1]!['E-mail 1 - Label'], rows[1]!['E-mail 1 - Value'], rows[1]!['E-mail 2 - Value']]).toEqual(['회사', 'sujin@example.kr', undefined]);
    expect([rows[3]!['Phone 1 - Label'], rows[3]!['Phone 1 - Value'], rows[3]!['Phone 2 - Label'], rows[3]!['Phone 2 - Value']]).toEqual(['* Mobile', '+82 10-1234-5678', '', '+82-2-555-0100']);
    expect([rows[3]!['Phonetic First Name'], rows[3]!['Phonetic Last Name'], rows[3]!.Notes]).toEqual(['ジフン', 'パク', '첫 줄\n둘째 줄']);
    expect([rows[0]!['Website 1 - Label'], rows[0]!['Website 1 - Value']]).toEqual(['XMPP', 'xmpp:kim@old.localhost']);
  });

  it('the fidelity report counts the photos and blocked states Google cannot take', () => {
    const content = richContent();
    content.contacts.push(...extra, { ...extra[0]!, id: 'x', blocked: false });
    const result = contactsToGoogleCsv(content, { account: 'google:me@gmail.com' });
    expect(result.fidelity.map((n) => [n.stage, n.account, n.item, n.count])).toEqual([
      ['import', 'google:me@gmail.com', 'contact.avatar', 2],
      ['import', 'google:me@gmail.com', 'contact.blocked', 1],
    ]);
    expect(result.kept).toEqual({ contacts: 5 });
  });
});
