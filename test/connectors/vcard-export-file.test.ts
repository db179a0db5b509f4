import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from '../../src/archive/validate.js';
import { vcardReader } from '../../src/connectors/vcard/read.js';
import { ConvertError, type ConvertOptions, type InputFile } from '../../src/connectors/contract.js';

const FIXTURES = resolve(import.meta.dirname, '../../src/connectors/vcard/fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples/contacts');
const options: ConvertOptions = { timeZone: 'Asia/Seoul', now: '2026-11-22T00:00:00Z' };
const fileAt = (path: string, name: string): InputFile => ({ kind: 'file', name, bytes: new Uint8Array(readFileSync(path)) });
const textFile = (name: string, text: string, siblings?: Map<string, Uint8Array>): InputFile => ({ kind: 'file', name, bytes: new TextEncoder().encode(text), ...(siblings ? { siblings } : {}) });

describe('vCard files through ferry convert', () => {
  it('a Korean address book mixing 3.0 and 2.1 is detected as mixed and gives its contacts', () => {
    const file = fileAt(resolve(FIXTURES, 'korean-3.0-and-2.1-mixed.vcf'), 'contacts.vcf');
    expect(vcardReader.detect(file)).toEqual({ format: 'vcard', layout: 'vcard-mixed' });
    const parsed = vcardReader.parse(file, options);
    expect(parsed.contacts[0]).toMatchObject({ displayName: '김민지', groups: ['Friends', '회사'] });
    expect(parsed.contacts[1]).toMatchObject({ displayName: '이수진 🌸 with a long name' });
    expect(parsed.conversations).toEqual([]);
    expect(parsed.source).toEqual({ service: 'vcard', account: 'vcard:me', exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } });
  });

  it('a Shift_JIS card from a Japanese phone reads, and --me with an e-mail names the account', () => {
    const parsed = vcardReader.parse(fileAt(resolve(FIXTURES, 'shift-jis-2.1.vcf'), 'jp.vcf'), { ...options, me: 'me@example.jp' });
    expect(parsed.contacts[0]!.displayName).toBe('安藤 ロイド');
    expect(parsed.source.account).toBe('mailto:me@example.jp');
  });

  it('properties Ferry has no place for become fidelity notes with counts', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:박영희\r\nORG:페리\r\nADR:;;세종대로 110;서울;;;KR\r\nADR;TYPE=work:;;1 Main St;Busan;;;KR\r\nEND:VCARD\r\n';
    const parsed = vcardReader.parse(textFile('a.vcf', text), options);
    expect(parsed.fidelity.map((f) => [f.item, f.count])).toEqual([
      ['contact.vcard.ADR', 2],
      ['contact.vcard.ORG', 1],
    ]);
    for (const f of parsed.fidelity) expect(validateEntity('fidelity', f)).toEqual({ valid: true, errors: [] });
  });

  it('a card cut short is an error naming the line where it starts', () => {
    const text = 'BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:B\n';
    expect(() => vcardReader.parse(textFile('cut.vcf', text), options)).toThrow(ConvertError);
    expect(() => vcardReader.parse(textFile('cut.vcf', text), options)).toThrow(/^cut\.vcf:5: the card that starts at line 5 never ends/);
  });

  it('a card begun inside another without an AGENT is still an error naming both lines', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nBEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n';
    expect(() => vcardReader.parse(textFile('pasted.vcf', text), options)).toThrow(/^pasted\.vcf:4: a new card begins at line 4 before the card that starts at line 1 has ended/);
  });

  describe('I can convert a card with its agent nested in it (vCard 2.1 §2.5.4, RFC 2426 §3.5.4), in all three shapes', () => {
    const outerThenAgent = (text: string) => {
      const parsed = vcardReader.parse(textFile('agent.vcf', text), options);
      for (const c of parsed.contacts) expect(validateEntity('contact', c)).toEqual({ valid: true, errors: [] });
      expect(parsed.warnings).toEqual([]);
      return parsed.contacts;
    };

    it('as Android writes it: AGENT with the card on the lines below, the outer card going on after it', () => {
      const [outer, agent, next] = outerThenAgent('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Fred Friday\r\nTEL;WORK:+1-213-555-1234\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Holly Helper\r\nTEL;FAX:+1-213-555-5678\r\nEND:VCARD\r\nNOTE:call before noon\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Sora Lee\r\nEND:VCARD\r\n');
      expect(outer).toMatchObject({ displayName: 'Fred Friday', phones: [{ value: '+1-213-555-1234' }], notes: 'call before noon\nAgent: Holly Helper' });
      expect(agent).toMatchObject({ displayName: 'Holly Helper', phones: [{ value: '+1-213-555-5678', types: ['fax'] }] });
      expect(agent!.notes).toBeUndefined();
      expect(next).toMatchObject({ displayName: 'Sora Lee' });
    });

    it('with the nested card begun on the AGENT line itself', () => {
      const [outer, agent] = outerThenAgent('BEGIN:VCARD\nVERSION:2.1\nFN:Fred Friday\nAGENT:BEGIN:VCARD\nVERSION:2.1\nFN:Holly Helper\nTEL:+1-213-555-5678\nEND:VCARD\nEMAIL:fred@example.com\nEND:VCARD\n');
      expect(outer).toMatchObject({ displayName: 'Fred Friday', emails: [{ value: 'fred@example.com' }], notes: 'Agent: Holly Helper' });
      expect(outer!.phones).toBeUndefined();
      expect(agent).toMatchObject({ displayName: 'Holly Helper', phones: [{ value: '+1-213-555-5678' }] });
    });

    it('as RFC 2426 writes it: one escaped, folded text value', () => {
      const [outer, agent] = outerThenAgent('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Public\r\nAGENT:BEGIN:VCARD\\nFN:Susan Thomas\\nTEL:+1-919-555-\r\n 1234\\nEMAIL\\;INTERNET:sthomas@host.com\\nEND:VCARD\\n\r\nEND:VCARD\r\n');
      expect(outer).toMatchObject({ displayName: 'John Public', notes: 'Agent: Susan Thomas' });
      expect(agent).toMatchObject({ displayName: 'Susan Thomas', phones: [{ value: '+1-919-555-1234' }], emails: [{ value: 'sthomas@host.com' }] });
    });

    it('an agent given as a link (3.0 VALUE=uri) stays counted as dropped', () => {
      const parsed = vcardReader.parse(textFile('agent.vcf', 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\nAGENT;VALUE=uri:CID:JQPUBLIC.part3.960129T083020.xyzMail@host3.com\r\nEND:VCARD\r\n'), options);
      expect(parsed.contacts).toHaveLength(1);
      expect(parsed.fidelity.map((f) => [f.item, f.count])).toEqual([['contact.vcard.AGENT', 1]]);
    });
  });

  it('a 2.1 quoted-printable soft break keeps the space the next line starts with', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:so lang, dass das Telefon ihn=\r\n umbricht und M=C3=BC=\r\nller\r\nEND:VCARD\r\n';
    expect(vcardReader.parse(textFile('qp.vcf', text), options).contacts[0]!.notes).toBe('so lang, dass das Telefon ihn umbricht und Müller');
  });

  it('files that are not vCards are not claimed, and a .vcf that is a contact card shared inside a chat export stays an attachment', () => {
    expect(vcardReader.detect(textFile('notes.txt', 'hello\nBEGIN:VCARD\n'))).toBeUndefined();
    const shared = textFile('chat.zip/00000012-김민지.vcf', 'BEGIN:VCARD\nVERSION:3.0\nFN:김민지\nEND:VCARD\n', new Map([['_chat.txt', new Uint8Array(1)]]));
    expect(vcardReader.detect(shared)).toBeUndefined();
  });
});

describe.skipIf(!existsSync(SAMPLES))('real vCards (../shared/samples/contacts)', () => {
  it('every real file is detected with its version and gives valid contacts', () => {
    const expected: Record<string, [string, number]> = {
      'vcard21-android-qp-utf8-ezvcard.vcf': ['vcard-2.1', 6],
      'vcard21-outlook-ezvcard.vcf': ['vcard-2.1', 1],
      'vcard21-shiftjis-qp-aosp.vcf': ['vcard-2.1', 1],
      'vcard30-gmail-ezvcard.vcf': ['vcard-3.0', 1],
      'vcard30-ios613-crcrlf-photo-aosp.vcf': ['vcard-3.0', 1],
      'vcard40-rfc6350-ezvcard.vcf': ['vcard-4.0', 1],
      'vcard40-sort-as-cjk-aosp.vcf': ['vcard-4.0', 1],
    };
    expect(readdirSync(SAMPLES).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [layout, count]] of Object.entries(expected)) {
      const file = fileAt(resolve(SAMPLES, name), name);
      expect(vcardReader.detect(file), name).toEqual({ format: 'vcard', layout });
      const parsed = vcardReader.parse(file, options);
      expect(parsed.contacts.length, name).toBe(count);
      for (const c of parsed.contacts) expect(validateEntity('contact', c)).toEqual({ valid: true, errors: [] });
    }
  });

  it('the iOS card\'s photo becomes an attachment addressed by its SHA-256', () => {
    const parsed = vcardReader.parse(fileAt(resolve(SAMPLES, 'vcard30-ios613-crcrlf-photo-aosp.vcf'), 'ios.vcf'), options);
    const avatar = parsed.contacts[0]!.avatar!;
    expect(avatar.path).toBe(`attachments/${avatar.sha256}`);
    expect(parsed.attachments.get(avatar.sha256!)?.length).toBe(avatar.size);
  });
});
