import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { parseVCards } from '../../src/connectors/vcard/read-cards.js';
import { contactsFromVCard } from '../../src/connectors/vcard/read-contacts.js';
import { contactsToVCard } from '../../src/connectors/vcard/write.js';
import type { Contact } from '../../src/model/types.js';
import { PHOTO, PHOTO_SHA256, sampleContent } from '../archive/fixtures.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/vcard/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples/contacts');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));
const sample = (name: string) => new Uint8Array(readFileSync(resolve(SAMPLES, name)));

describe('reading vCards', () => {
  it('a 3.0 card with folded lines, escapes, a label and IMPP becomes a contact with every detail', () => {
    const [kim, lee] = contactsFromVCard(fixture('korean-3.0-and-2.1-mixed.vcf')).contacts;
    expect(kim).toMatchObject({
      displayName: '김민지',
      name: { family: '김', given: '민지', phoneticFamily: 'Kim' },
      phones: [{ value: '+82 10-1234-5678', types: ['cell', 'pref'] }],
      emails: [{ value: 'minji@example.kr', types: [], label: 'Other' }],
      groups: ['Friends', '회사'],
      notes: '대학 동기\n자주 연락, 가끔 만남 (folded)',
    });
    expect(kim!.handles).toEqual(['tel:+82-10-1234-5678', 'mailto:minji@example.kr', 'xmpp:kim@old.localhost']);
    // vCard 2.1 in the same file, LF only, quoted-printable UTF-8 with a soft line break.
    expect(lee).toMatchObject({ displayName: '이수진 🌸 with a long name', name: { family: '이', given: '수진' }, phones: [{ value: '02-123-4567', types: ['home', 'voice'] }] });
  });

  it('a Shift_JIS card is decoded, quoted-printable values included', () => {
    const [card] = contactsFromVCard(fixture('shift-jis-2.1.vcf')).contacts;
    expect(card).toMatchObject({ displayName: '安藤 ロイド', notes: 'メモ' });
  });

  it('every contact read from a vCard is valid against the contact schema', () => {
    for (const file of readdirSync(FIXTURES)) {
      for (const contact of contactsFromVCard(fixture(file)).contacts) expect(validateEntity('contact', contact)).toEqual({ valid: true, errors: [] });
    }
  });

  it('reading the same file twice gives the same ids', () => {
    const ids = () => contactsFromVCard(fixture('korean-3.0-and-2.1-mixed.vcf')).contacts.map((c) => c.id);
    expect(ids()).toEqual(ids());
    expect(new Set(ids()).size).toBe(2);
  });
});

describe.skipIf(!existsSync(SAMPLES))('real vCards from phones and address books (../shared/samples/contacts)', () => {
  it('Android 2.1 with quoted-printable UTF-8 and soft line breaks', () => {
    const { contacts } = contactsFromVCard(sample('vcard21-android-qp-utf8-ezvcard.vcf'));
    expect(contacts).toHaveLength(6);
    expect(contacts[3]!.displayName).toBe('Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ');
    expect(contacts[3]!.phones).toHaveLength(4);
  });

  it('AOSP 2.1 in Shift_JIS with the reading in SOUND;X-IRMC-N', () => {
    const [card] = contactsFromVCard(sample('vcard21-shiftjis-qp-aosp.vcf')).contacts;
    expect(card).toMatchObject({ displayName: '安藤 ロイド 1', name: { family: '安藤', given: 'ロイド1', phoneticFamily: 'ｱﾝﾄﾞｳ', phoneticGiven: 'ﾛｲﾄﾞ1' }, notes: 'メモ' });
  });

  it('Gmail 3.0 with phonetic names, escaped commas and a folded note', () => {
    const [card] = contactsFromVCard(sample('vcard30-gmail-ezvcard.vcf')).contacts;
    expect(card!.name).toMatchObject({ additional: 'Richter, James', phoneticGiven: 'Jon', phoneticFamily: 'Dow' });
    expect(card!.notes).toMatch(/^THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND .*LIMITED TO, THE IMPLIED.*\nFavotire Color: Blue$/s);
  });

  it('iOS 6 3.0 with "\\r\\r\\n" line ends and a folded base64 photo', () => {
    const { contacts, attachments } = contactsFromVCard(sample('vcard30-ios613-crcrlf-photo-aosp.vcf'));
    expect(contacts[0]!.displayName).toBe('Bob Smith');
    const avatar = contacts[0]!.avatar!;
    const bytes = attachments.get(avatar.sha256!)!;
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]); // a JPEG
    expect(avatar).toMatchObject({ mediaType: 'image/jpeg', size: bytes.length });
  });

  it('RFC 6350 4.0 with tel: URIs and TYPE lists, and 4.0 SORT-AS readings in CJK', () => {
    const [simon] = contactsFromVCard(sample('vcard40-rfc6350-ezvcard.vcf')).contacts;
    expect(simon!.phones![1]).toEqual({ value: '+1-418-262-6501', types: ['work', 'cell', 'voice', 'video', 'text'] });
    expect(simon!.handles).toContain('tel:+1-418-262-6501');
    const [ando] = contactsFromVCard(sample('vcard40-sort-as-cjk-aosp.vcf')).contacts;
    expect(ando!.name).toMatchObject({ family: '安藤', phoneticFamily: 'あんどう', phoneticGiven: 'ろいど' });
  });

  it('every sample parses into schema-valid contacts', () => {
    for (const file of readdirSync(SAMPLES)) {
      for (const contact of contactsFromVCard(sample(file)).contacts) expect(validateEntity('contact', contact)).toEqual({ valid: true, errors: [] });
    }
  });
});

describe('writing vCard 4.0', () => {
  const rich: Contact = {
    id: 'xmpp:kim@old.localhost',
    displayName: '김민지; "Minji", the 2nd',
    name: { family: '김', given: '민지', phoneticFamily: 'Kim', phoneticGiven: 'Minji' },
    handles: ['xmpp:kim@old.localhost', 'tel:+82-10-1234-5678', 'mailto:minji@example.kr'],
    phones: [{ value: '+82 10-1234-5678', types: ['cell', 'pref'] }],
    emails: [{ value: 'minji@example.kr', types: ['home'], label: '집 메일' }],
    avatar: { mediaType: 'image/png', size: PHOTO.length, sha256: PHOTO_SHA256, path: `attachments/${PHOTO_SHA256}` },
    groups: ['Friends', '회사, 본사'],
    notes: '첫 줄\n둘째 줄; 끝 '.repeat(8),
  };

  it.each(['3.0', '4.0'] as const)('contacts survive a round trip through vCard %s', (version) => {
    const { files } = contactsToVCard([rich], new Map([[PHOTO_SHA256, PHOTO]]), {}, version);
    const { contacts, attachments } = contactsFromVCard(files[0]!.bytes);
    const { sourceIds, ...back } = contacts[0]!;
    expect(sourceIds).toEqual({ 'vcard-uid': rich.id });
    expect({ ...back, handles: [...back.handles].sort() }).toEqual({ ...rich, handles: [...rich.handles].sort() });
    expect(attachments.get(PHOTO_SHA256)).toEqual(PHOTO);
  });

  it('the output is RFC 6350: CRLF, VERSION 4.0 second, lines folded at 75 octets without splitting a character', () => {
    const { files } = contactsToVCard(sampleContent().contacts.concat(rich), new Map([[PHOTO_SHA256, PHOTO]]), {}, '4.0');
    const text = new TextDecoder().decode(files[0]!.bytes);
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[1]).toBe('VERSION:4.0');
    expect(text).toMatch(/^PHOTO:data:image\/png;base64,/m);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(parseVCards(new TextEncoder().encode(text))).toHaveLength(3);
  });

  it('by default the file is vCard 3.0 as phones import it: VERSION 3.0, N in every card, the photo as ENCODING=B', () => {
    const { files } = contactsToVCard(sampleContent().contacts.concat(rich), new Map([[PHOTO_SHA256, PHOTO]]));
    const text = new TextDecoder().decode(files[0]!.bytes);
    const cards = text.split('END:VCARD\r\n').filter(Boolean);
    expect(cards).toHaveLength(3);
    for (const card of cards) {
      expect(card.split('\r\n')[1]).toBe('VERSION:3.0');
      expect(card).toMatch(/^N:/m);
    }
    // AOSP's VCardParser_V30 accepts "B" (compared case-sensitively) and ignores a data: URI.
    expect(text).toMatch(/^PHOTO;ENCODING=B;TYPE=PNG:/m);
    expect(text).not.toContain('data:');
  });

  it('what vCard cannot hold is reported, not silently lost', () => {
    const { fidelity } = contactsToVCard([{ ...rich, favourite: true, blocked: true, avatar: { mediaType: 'image/png', notIncluded: { reason: 'not-downloaded' } } }]);
    expect(fidelity.map((d) => d.item)).toEqual(['contact.favourite', 'contact.blocked', 'contact.avatar']);
  });
});
