import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { placeholderAddress, PLACEHOLDER_DOMAIN, toXep0227, Xep0227Error } from '../../src/connectors/xmpp/write-xep0227.js';
import { SCHEMA_VERSION, type ArchiveContent, type Message } from '../../src/model/types.js';
import type { WriterResult } from '../../src/connectors/contract.js';

const xmlOf = (r: WriterResult) => new TextDecoder().decode(r.files[0]!.bytes);
const placeholdersOf = (r: WriterResult) => r.notes.flatMap((n) => (n.kind === 'placeholder' ? [{ contactId: n.contactId, displayName: n.displayName, jid: n.jid }] : []));
const droppedOf = (r: WriterResult) => r.fidelity.map((n) => ({ kind: n.item, count: n.count, reason: n.reason }));

const me = 'xmpp:me@old.localhost';
const msg = (id: string, conversationId: string, sender: string, text: string, timestamp = '2024-03-01T09:15:00.000Z'): Message => ({
  id,
  conversationId,
  sender,
  timestamp,
  kind: 'text',
  text,
});

function archive(): ArchiveContent {
  return {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry', version: '0' },
      createdAt: '2024-03-02T00:00:00.000Z',
      sources: [{ service: 'xmpp', account: me, exportedAt: '2024-03-02T00:00:00.000Z', method: 'live-web-client', timeZone: { status: 'instants' } }],
      counts: { contacts: 2, conversations: 3, messages: 5, attachments: 0 },
    },
    contacts: [
      { id: 'xmpp:kim@old.localhost', displayName: '김민준 <& "x">', handles: ['xmpp:kim@old.localhost'], groups: ['가족', 'Friends'] },
      { id: 'kakaotalk:민지', displayName: '민지', handles: ['tel:+821012345678'], groups: [] },
    ],
    conversations: [
      { id: 'c-kim', kind: 'direct', title: '김민준', participants: [{ handle: me, role: 'owner' }, { handle: 'xmpp:kim@old.localhost', role: 'member' }], source: me },
      { id: 'c-minji', kind: 'direct', title: '민지', participants: [{ handle: me, role: 'owner' }, { handle: 'tel:+821012345678', role: 'member' }], source: me },
      { id: 'c-group', kind: 'group', title: 'Team', participants: [{ handle: me, role: 'member' }], source: me },
    ],
    messages: new Map([
      ['c-kim', [msg('m1', 'c-kim', me, '도착하면 연락할게\n\n역에서 <버스> 탈게 👩‍👩‍👧'), msg('m2', 'c-kim', 'xmpp:kim@old.localhost', 'ok\u0007!', '2024-03-01T09:16:30.000Z')]],
      ['c-minji', [msg('m3', 'c-minji', 'tel:+821012345678', '안녕')]],
      ['c-group', [msg('m4', 'c-group', me, 'hi all'), msg('m5', 'c-group', me, 'bye')]],
    ]),
  };
}

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');

describe('XEP-0227 export', () => {
  it('writes the roster with names and groups, and a stable placeholder for friends without an XMPP address', () => {
    const result = toXep0227(archive(), { owner: 'me@new.localhost' });
    const doc = parse(xmlOf(result));
    const items = Array.from(doc.getElementsByTagNameNS('jabber:iq:roster', 'item')).map((item) => ({
      jid: item.getAttribute('jid'),
      name: item.getAttribute('name'),
      groups: Array.from(item.getElementsByTagName('group')).map((g) => g.textContent),
    }));
    expect(items).toEqual([
      { jid: 'kim@old.localhost', name: '김민준 <& "x">', groups: ['가족', 'Friends'] },
      { jid: placeholderAddress('kakaotalk:민지'), name: '민지', groups: [] },
    ]);
    expect(placeholderAddress('kakaotalk:민지')).toMatch(new RegExp(`^ferry-[0-9a-f]{20}@${PLACEHOLDER_DOMAIN.replace(/\./g, '\\.')}$`));
    expect(placeholdersOf(result)).toEqual([{ contactId: 'kakaotalk:민지', displayName: '민지', jid: placeholderAddress('kakaotalk:민지') }]);
    const user = doc.getElementsByTagName('user')[0]!;
    expect([user.getAttribute('name'), doc.getElementsByTagName('host')[0]!.getAttribute('jid')]).toEqual(['me', 'new.localhost']);
  });

  it('keeps original senders, timestamps and text byte-exact in the owner archive', () => {
    const result = toXep0227(archive(), { owner: 'me@new.localhost', password: 's3cret' });
    const doc = parse(xmlOf(result));
    const messages = Array.from(doc.getElementsByTagName('result')).map((r) => {
      const m = r.getElementsByTagName('message')[0]!;
      return {
        from: m.getAttribute('from'),
        to: m.getAttribute('to'),
        stamp: r.getElementsByTagName('delay')[0]!.getAttribute('stamp'),
        body: m.getElementsByTagName('body')[0]!.textContent,
      };
    });
    expect(messages).toEqual([
      { from: 'me@new.localhost', to: 'kim@old.localhost', stamp: '2024-03-01T09:15:00Z', body: '도착하면 연락할게\n\n역에서 <버스> 탈게 👩‍👩‍👧' },
      { from: 'kim@old.localhost', to: 'me@new.localhost', stamp: '2024-03-01T09:16:30Z', body: 'ok!' },
      { from: placeholderAddress('kakaotalk:민지'), to: 'me@new.localhost', stamp: '2024-03-01T09:15:00Z', body: '안녕' },
    ]);
    expect(doc.getElementsByTagName('user')[0]!.getAttribute('password')).toBe('s3cret');
  });

  it('writes my own profile from the archive as the account\'s vCard, photo included, and counts it', () => {
    const content = archive();
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    content.attachments = new Map([['ab'.repeat(32), photo]]);
    content.manifest.sources[0]!.profile = {
      displayName: '나 <자신>',
      name: { family: '나', given: '자신' },
      phones: [{ value: '+82-10-0000-0000', types: [] }],
      emails: [{ value: 'me@example.org', types: [] }],
      avatar: { mediaType: 'image/jpeg', size: photo.length, sha256: 'ab'.repeat(32), path: `attachments/${'ab'.repeat(32)}` },
    };
    const result = toXep0227(content, { owner: 'me@new.localhost' });
    const card = parse(xmlOf(result)).getElementsByTagName('vCard')[0]!;
    expect(card.namespaceURI).toBe('vcard-temp');
    expect(card.parentNode!.nodeName).toBe('user');
    const textOf = (tag: string) => card.getElementsByTagName(tag)[0]?.textContent;
    expect([textOf('FN'), textOf('FAMILY'), textOf('GIVEN'), textOf('NUMBER'), textOf('USERID'), textOf('TYPE')]).toEqual(['나 <자신>', '나', '자신', '+82-10-0000-0000', 'me@example.org', 'image/jpeg']);
    expect(Uint8Array.from(atob(textOf('BINVAL')!), (c) => c.charCodeAt(0))).toEqual(photo);
    expect(result.kept.profile).toBe(1);
  });

  it('from a merged archive, the newest export\'s profile becomes the vCard, and older copies of it are not counted as left out', () => {
    const content = archive();
    const older = { ...content.manifest.sources[0]!, exportedAt: '2023-01-01T00:00:00.000Z', profile: { displayName: 'Old name' } };
    content.manifest.sources = [older, { ...content.manifest.sources[0]!, profile: { displayName: 'New name' } }];
    const result = toXep0227(content, { owner: 'me@new.localhost' });
    expect(parse(xmlOf(result)).getElementsByTagName('FN')[0]?.textContent).toBe('New name');
    expect(droppedOf(result).filter((d) => d.kind === 'profiles')).toEqual([]);
  });

  it('an archive without a profile of mine writes no vCard and counts none', () => {
    const result = toXep0227(archive(), { owner: 'me@new.localhost' });
    expect(xmlOf(result)).not.toContain('vcard-temp');
    expect(result.kept).not.toHaveProperty('profile');
  });

  it('reports what XMPP user archives cannot take, with counts, and counts the group conversation as a room of the room file', () => {
    const result = toXep0227(archive(), { owner: 'me@new.localhost' });
    expect(result.kept).toEqual({ contacts: 2, conversations: 3, messages: 5, rooms: 1, members: 0 });
    expect(result.files.map((f) => f.name)).toEqual(['me@new.localhost.xml', 'me@new.localhost.rooms.xml']);
    expect(droppedOf(result)).toEqual(expect.arrayContaining([{ kind: 'characters', count: 1, reason: expect.stringContaining('control characters') }]));
    expect(droppedOf(result).map((d) => d.kind)).not.toContain('messages');
    expect(droppedOf(result).map((d) => d.kind)).not.toContain('conversations');
  });

  it('maps friends who moved to their new addresses when told', () => {
    const result = toXep0227(archive(), { owner: 'me@new.localhost', addressMap: new Map([['xmpp:kim@old.localhost', 'kim@new.localhost'], ['kakaotalk:민지', 'minji@new.localhost']]) });
    expect(xmlOf(result)).toContain(`jid='kim@new.localhost'`);
    expect(xmlOf(result)).toContain(`from='minji@new.localhost'`);
    expect(placeholdersOf(result)).toEqual([]);
  });

  it('gives identical output for the same archive, so a re-import addresses the same items', () => {
    expect(xmlOf(toXep0227(archive(), { owner: 'me@new.localhost' }))).toBe(xmlOf(toXep0227(archive(), { owner: 'me@new.localhost' })));
  });

  it('refuses an owner that is not a bare JID', () => {
    expect(() => toXep0227(archive(), { owner: 'me' })).toThrow(Xep0227Error);
  });
});
