import { describe, expect, it } from 'vitest';
import { richContent, KAKAO_MINJI } from './writers-fixture.js';
import { importXmppContacts, memoryLedger, contactLedgerKey } from '../../src/connectors/xmpp/import.js';
import { placeholderAddress } from '../../src/connectors/xmpp/ids.js';
import { addressProblem, editRow, initialMapping, normalizeAddress, prefillFromServer, toContactMapping } from '../../src/connectors/xmpp/mapping.js';
import { previewXmppImport } from '../../src/connectors/xmpp/preview.js';
import type { AddContactRequest, RosterItem, VCardResult, XmppClientPort } from '../../src/connectors/xmpp/port.js';
import type { Contact } from '../../src/model/types.js';

const TARGET = 'me@new.localhost';
const KIM = 'xmpp:kim@old.localhost';
const LEE = 'xmpp:이수진@example.kr';
/** Where the KakaoTalk friend without an address goes while nobody maps her. */
const MINJI_PLACEHOLDER = placeholderAddress(KAKAO_MINJI);

/** A mock of the target account's session: a roster the test can inspect and edit, and the profiles its server holds. */
function mockTargetPort(vcards: Record<string, VCardResult> = {}) {
  const roster: RosterItem[] = [];
  const added: AddContactRequest[] = [];
  const asked: string[] = [];
  const port: XmppClientPort = {
    account: async () => TARGET,
    roster: async () => roster.map((r) => ({ ...r })),
    archivePage: async () => ({ messages: [], complete: true }),
    vcard: async (jid) => {
      asked.push(jid);
      return vcards[jid] ?? { none: true };
    },
    addContact: async (request) => {
      added.push(request);
      roster.push({ jid: request.jid, name: request.name, groups: request.groups, subscription: 'none' });
    },
    noteToSelf: async () => undefined,
  };
  return { port, roster, added, asked };
}

describe('import preview', () => {
  it('says my own profile is not published by the live import', () => {
    const content = richContent();
    content.manifest.sources[0]!.profile = { displayName: '나' };
    const row = previewXmppImport(content, TARGET).rows.find((r) => r.kind === 'own-profile');
    expect(row).toMatchObject({ count: 1, fidelity: 'none', how: 'not-written' });
  });

  it('counts per kind what the rich fixture archive brings into an XMPP account and what it cannot take', () => {
    const preview = previewXmppImport(richContent(), 'Me@new.localhost/converse');
    expect(preview.target).toBe(TARGET);
    const row = (kind: string) => preview.rows.find((r) => r.kind === kind);
    // Contacts: 김민지 and 이수진 have XMPP addresses; 민지 (KakaoTalk) has none and goes in under her name on a placeholder.
    expect(row('contacts')).toMatchObject({ count: 2, fidelity: 'full', how: 'roster' });
    expect(row('contacts-placeholder')).toMatchObject({ count: 1, fidelity: 'partial', how: 'roster-placeholder' });
    expect(row('contacts-skipped')).toBeUndefined();
    // Groups of the contacts that arrive: Friends and 회사 (김민지, and 민지 on her placeholder).
    expect(row('contact-groups')).toMatchObject({ count: 2, fidelity: 'full' });
    // 이수진 has a structured name, an email and is a favourite: none of it fits a roster item.
    expect(row('contact-details')).toMatchObject({ count: 1, fidelity: 'none' });
    expect(row('contact-avatars')).toBeUndefined();
    expect(row('own-profile')).toBeUndefined();
    // Two direct chats (one empty) with 6 messages; a MUC and a KakaoTalk group with 3 + 5.
    expect(row('direct-conversations')).toMatchObject({ count: 2, detail: 6, fidelity: 'partial', how: 'notes-to-self' });
    expect(row('group-conversations')).toMatchObject({ count: 2, detail: 8, how: 'notes-or-rooms' });
    expect(row('messages')).toMatchObject({ count: 14 });
    // The photo + clip message, and the KakaoTalk photo: 2 messages, 3 files.
    expect(row('attachments')).toMatchObject({ count: 2, detail: 3, fidelity: 'none' });
    expect(row('reactions')).toMatchObject({ count: 5, fidelity: 'none' });
    expect(row('edits')).toMatchObject({ count: 1, detail: 1, how: 'latest-text' });
    expect(row('replies')).toMatchObject({ count: 3 });
    expect(row('forwards')).toBeUndefined();
    expect(row('formatting')).toMatchObject({ count: 1 }); // a mention
    expect(row('special-messages')).toMatchObject({ count: 3 }); // two media, one location
    expect(row('empty-messages')).toMatchObject({ count: 2 });
    expect(preview.rows.every((r) => r.count > 0)).toBe(true);
  });

  it('counts the same messages the archive manifest does', () => {
    const content = richContent();
    const preview = previewXmppImport(content, TARGET);
    expect(preview.rows.find((r) => r.kind === 'messages')!.count).toBe(content.manifest.counts.messages);
    const conversations = preview.rows.filter((r) => r.kind.endsWith('conversations')).reduce((n, r) => n + r.count, 0);
    expect(conversations).toBe(content.manifest.counts.conversations);
  });

  it('follows the mapping: a typed address brings a KakaoTalk friend in, an emptied one leaves a friend out', () => {
    const content = richContent();
    let rows = initialMapping(content.contacts, TARGET);
    rows = editRow(rows, KAKAO_MINJI, ' xmpp:Minji@new.localhost ');
    rows = editRow(rows, LEE, '');
    const preview = previewXmppImport(content, TARGET, toContactMapping(rows));
    expect(preview.rows.find((r) => r.kind === 'contacts')).toMatchObject({ count: 2 });
    expect(preview.rows.find((r) => r.kind === 'contacts-skipped')).toMatchObject({ count: 1, reasons: { 'skipped-by-you': 1 } });
    expect(preview.rows.find((r) => r.kind === 'contact-groups')).toMatchObject({ count: 2 }); // Friends, 회사
  });

  it('predicts exactly what the import then adds to an empty roster', async () => {
    const content = richContent();
    const rows = editRow(initialMapping(content.contacts, TARGET), KAKAO_MINJI, 'minji@new.localhost');
    const mapping = toContactMapping(rows);
    const preview = previewXmppImport(content, TARGET, mapping);
    const { port } = mockTargetPort();
    const report = await importXmppContacts(port, content.contacts, memoryLedger(), { mapping });
    expect(report.added).toBe(preview.rows.find((r) => r.kind === 'contacts')!.count);
  });
});

describe('contact mapping', () => {
  it('prefills from the archive only what the archive says: own XMPP addresses, blank for friends without one', () => {
    const extra: Contact = { id: 'xmpp:park@old.localhost', displayName: 'Park', handles: ['xmpp:park@old.localhost', 'xmpp:Park@new.localhost'], groups: [] };
    const rows = initialMapping([...richContent().contacts, extra], TARGET);
    expect(rows.map((r) => [r.displayName, r.newAddress, r.basis])).toEqual([
      ['김민지', 'kim@old.localhost', 'archive'],
      ['이수진 🌸', '이수진@example.kr', 'archive'],
      ['민지: 회사', '', 'none'],
      // Another handle on the target's own server wins over the first one.
      ['Park', 'park@new.localhost', 'archive'],
    ]);
  });

  it('prefills the new address where the new server holds a profile for the same name, and only there', async () => {
    const { port, asked } = mockTargetPort({
      'kim@new.localhost': { found: { fullName: '김민지', emails: [], phones: [] } },
      '이수진@new.localhost': { failed: 'remote-server-timeout' },
    });
    const content = richContent();
    const start = editRow(initialMapping(content.contacts, TARGET), KAKAO_MINJI, 'typed@new.localhost');
    const { rows, found, failed, asked: count } = await prefillFromServer(start, port, TARGET);
    expect(asked.sort()).toEqual(['kim@new.localhost', '이수진@new.localhost']); // the typed row is never asked about
    expect({ count, found, failed }).toEqual({ count: 2, found: 1, failed: 1 });
    expect(rows.map((r) => [r.newAddress, r.basis, r.profileName])).toEqual([
      ['kim@new.localhost', 'server-profile', '김민지'],
      ['이수진@example.kr', 'archive', undefined],
      ['typed@new.localhost', 'typed', undefined],
    ]);
  });

  it('tells a typed address that is not one, or is the target itself, from an empty one that means skip', () => {
    const [row] = initialMapping(richContent().contacts, TARGET);
    const at = (typed: string) => addressProblem({ ...row!, newAddress: typed }, TARGET);
    expect(at('kim@new.localhost')).toBeNull();
    expect(at('')).toBeNull();
    expect(at('kim at new.localhost')).toBe('not-an-address');
    expect(at('kim@new.localhost/phone')).toBe('not-an-address');
    expect(at('ME@new.localhost')).toBe('target-itself');
    expect(normalizeAddress('XMPP:Kim@New.Localhost ')).toBe('kim@new.localhost');
  });
});

describe('contact import with a mapping', () => {
  const content = richContent();

  it('adds mapped friends under their new address and says why the others were not imported', async () => {
    const { port, added } = mockTargetPort();
    let rows = initialMapping(content.contacts, TARGET);
    rows = editRow(rows, KIM, 'kim@new.localhost');
    rows = editRow(rows, LEE, '');
    const report = await importXmppContacts(port, content.contacts, memoryLedger(), { mapping: toContactMapping(rows) });
    expect(added).toEqual([
      { jid: 'kim@new.localhost', name: '김민지', groups: ['Friends', '회사'] },
      { jid: MINJI_PLACEHOLDER, name: '민지: 회사', groups: ['회사'], subscribe: false },
    ]);
    expect(report.items.map((i) => [i.displayName, i.outcome, 'reason' in i ? i.reason : null, 'via' in i ? i.via : null])).toEqual([
      ['김민지', 'added', null, 'mapped'],
      ['이수진 🌸', 'skipped', 'skipped-by-you', null],
      ['민지: 회사', 'added', null, 'placeholder'],
    ]);
    expect(report.notImported.map((n) => n.reason)).toEqual(['skipped-by-you']);
    expect(report).toMatchObject({ mapped: 1, placeholders: 1 });
  });

  it('importing twice adds nothing twice, also after the mapping was edited', async () => {
    const { port, added, roster } = mockTargetPort();
    const ledger = memoryLedger();
    const run = (rows: ReturnType<typeof initialMapping>) => importXmppContacts(port, content.contacts, ledger, { mapping: toContactMapping(rows) });
    const first = editRow(initialMapping(content.contacts, TARGET), KIM, 'kim@new.localhost');
    expect((await run(first)).added).toBe(3);
    expect(await run(first)).toMatchObject({ added: 0, alreadyPresent: 3 });
    // An edit is honoured: the friend is added under the new address, once.
    const edited = editRow(first, KIM, 'kim2@new.localhost');
    expect(await run(edited)).toMatchObject({ added: 1, alreadyPresent: 2 });
    expect(await run(edited)).toMatchObject({ added: 0, alreadyPresent: 3 });
    // Additions run in parallel: the order within one run is not fixed.
    expect(added.map((a) => a.jid).slice(0, 3).sort()).toEqual(['kim@new.localhost', '이수진@example.kr', MINJI_PLACEHOLDER].sort());
    expect(added[3]?.jid).toBe('kim2@new.localhost');
    // The user removed kim@new.localhost from the roster and edits back: the ledger still knows it went in.
    roster.splice(roster.findIndex((r) => r.jid === 'kim@new.localhost'), 1);
    const back = await run(first);
    expect(back.items[0]).toMatchObject({ outcome: 'present', reason: 'imported-before', address: 'kim@new.localhost' });
    expect(added).toHaveLength(4);
  });

  it('recognises contacts a ledger written before mappings existed already holds', async () => {
    const { port, added } = mockTargetPort();
    const ledger = memoryLedger();
    await ledger.record(TARGET, KIM); // the old key: the bare contact id
    const report = await importXmppContacts(port, content.contacts, ledger);
    expect(report.items[0]).toMatchObject({ outcome: 'present', reason: 'imported-before' });
    expect(added.map((a) => a.jid).sort()).toEqual(['이수진@example.kr', MINJI_PLACEHOLDER].sort());
    expect(await ledger.has(TARGET, contactLedgerKey(LEE, '이수진@example.kr'))).toBe(true);
  });

  it('adds an address two friends were mapped to once, and says the second is already there', async () => {
    const { port, added } = mockTargetPort();
    const rows = editRow(editRow(initialMapping(content.contacts, TARGET), KIM, 'same@new.localhost'), LEE, 'SAME@new.localhost');
    const report = await importXmppContacts(port, content.contacts, memoryLedger(), { mapping: toContactMapping(rows), parallel: 1 });
    expect(added.map((a) => a.jid)).toEqual(['same@new.localhost', MINJI_PLACEHOLDER]);
    expect(report.items[1]).toMatchObject({ outcome: 'present', reason: 'same-address-as-another', address: 'same@new.localhost' });
  });

  it('never falls back to the old address when the typed one is bad, and adds one address only once', async () => {
    const { port, added } = mockTargetPort();
    let rows = initialMapping(content.contacts, TARGET);
    rows = editRow(rows, KIM, 'not an address');
    rows = editRow(rows, KAKAO_MINJI, '이수진@example.kr');
    rows = editRow(rows, LEE, TARGET);
    const report = await importXmppContacts(port, content.contacts, memoryLedger(), { mapping: toContactMapping(rows), parallel: 1 });
    expect(added.map((a) => a.jid)).toEqual(['이수진@example.kr']);
    expect(report.items.map((i) => [i.outcome, 'reason' in i ? i.reason : null])).toEqual([
      ['skipped', 'invalid-address'],
      ['skipped', 'target-itself'],
      ['added', null],
    ]);
  });
});
