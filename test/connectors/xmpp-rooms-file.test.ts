/**
 * The admin route's room file (write-rooms.ts, through toXep0227) and the ejabberd load plan
 * read from it (load-ejabberd.ts). The real servers load it in e2e/group-rooms-admin.spec.ts.
 */
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { toXep0227 } from '../../src/connectors/xmpp/write-xep0227.js';
import { loadRoomsIntoEjabberd, planEjabberdLoad, RoomFileError } from '../../src/connectors/xmpp/load-ejabberd.js';
import { placeholderAddress, roomNodeOf } from '../../src/connectors/xmpp/ids.js';
import { SCHEMA_VERSION, type ArchiveContent, type Message } from '../../src/model/types.js';

const me = 'kakaotalk:me';
const GROUP = 'kakaotalk:room/우리 가족';
const OCCUPANT = 'xmpp:team@conference.old.localhost/Alice';
const msg = (id: string, conversationId: string, sender: string, text: string, timestamp: string, extra: Partial<Message> = {}): Message => ({ id, conversationId, sender, timestamp, kind: 'text', text, ...extra });

function archive(): ArchiveContent {
  return {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry', version: '0' },
      createdAt: '2024-03-02T00:00:00.000Z',
      sources: [{ service: 'kakaotalk', account: me, exportedAt: '2024-03-02T00:00:00.000Z', method: 'export-file', timeZone: { status: 'instants' }, profile: { displayName: '나' } }],
      counts: { contacts: 0, conversations: 3, messages: 7, attachments: 0 },
    },
    contacts: [],
    conversations: [
      { id: GROUP, kind: 'group', title: '우리 가족 🏠', participants: [{ handle: me, role: 'owner' }], source: me },
      { id: 'room-2', kind: 'channel', title: 'Team', participants: [{ handle: me, role: 'member' }], source: me },
      { id: 'empty', kind: 'group', title: 'Nobody wrote', participants: [{ handle: me, role: 'member' }], source: me },
    ],
    messages: new Map([
      [
        GROUP,
        [
          msg('m1', GROUP, me, '추석에 다들 언제 와요?', '2023-09-20T09:00:00.000Z'),
          msg('m2', GROUP, 'kakaotalk:민준', '저는 27일\n도착 <&> "ok"', '2023-09-20T09:01:00.250Z', { reactions: [{ emoji: '❤️', sender: me }] }),
          msg('m3', GROUP, 'kakaotalk:서연', '', '2023-09-20T09:01:00.000Z', { kind: 'media', attachments: [{ mediaType: 'image/jpeg', fileName: 'a.jpg' }] }),
          msg('m4', GROUP, 'kakaotalk:system', '민준님이 들어왔습니다.', '2023-09-20T09:02:00.000Z', { kind: 'system' }),
        ],
      ],
      ['room-2', [msg('t1', 'room-2', OCCUPANT, 'Hello', '2024-01-01T00:00:00.000Z'), msg('t2', 'room-2', 'kakaotalk:민준', 'Hi', '2024-01-01T00:00:01.000Z'), msg('t3', 'room-2', 'whatsapp:name:민준', 'x', '2024-01-01T00:00:02.000Z')]],
    ]),
    attachments: new Map(),
  } as unknown as ArchiveContent;
}

const roomsXml = (r: ReturnType<typeof toXep0227>) => new TextDecoder().decode(r.files.find((f) => f.name.endsWith('.rooms.xml'))!.bytes);
const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
const MUC_USER = 'http://jabber.org/protocol/muc#user';

describe('the room file for the server admin', () => {
  const mapped = () => toXep0227(archive(), { owner: 'me@new.localhost', addressMap: new Map([['kakaotalk:민준', 'minjun@new.localhost']]) });

  it('makes each group conversation with messages a room on conference.DOMAIN, with its messages in order under their senders as nicks and their original times', () => {
    const result = mapped();
    const doc = parse(roomsXml(result));
    const node = roomNodeOf('me@new.localhost', GROUP);
    const room = Array.from(doc.getElementsByTagNameNS('urn:ferry:pie-muc:0', 'room')).find((r) => r.getAttribute('name') === node)!;
    expect(room.parentNode && (room.parentNode as unknown as { getAttribute(n: string): string }).getAttribute('jid')).toBe('conference.new.localhost');
    const messages = Array.from(room.getElementsByTagName('message')).map((m) => ({
      from: m.getAttribute('from'),
      body: m.getElementsByTagName('body')[0]!.textContent,
      real: m.getElementsByTagNameNS(MUC_USER, 'item')[0]?.getAttribute('jid'),
      stamp: (m.parentNode as unknown as typeof room).getElementsByTagName('delay')[0]!.getAttribute('stamp'),
    }));
    const jid = `${node}@conference.new.localhost`;
    expect(messages).toEqual([
      { from: `${jid}/나`, body: '추석에 다들 언제 와요?', real: 'me@new.localhost', stamp: '2023-09-20T09:00:00Z' },
      { from: `${jid}/민준`, body: '저는 27일\n도착 <&> "ok"', real: 'minjun@new.localhost', stamp: '2023-09-20T09:01:00.250Z' },
      { from: `${jid}/서연`, body: '[file: a.jpg, not in the archive]', real: placeholderAddress('kakaotalk:서연'), stamp: '2023-09-20T09:01:00Z' },
    ]);
    // Members: the owner and whoever has a real address; a placeholder is never a member.
    expect(Array.from(room.getElementsByTagName('affiliations')[0]!.getElementsByTagName('item')).map((i) => [i.getAttribute('jid'), i.getAttribute('affiliation'), i.getAttribute('nick')])).toEqual([
      ['me@new.localhost', 'owner', '나'],
      ['minjun@new.localhost', 'member', '민준'],
    ]);
    const fields = Object.fromEntries(Array.from(room.getElementsByTagName('field')).map((f) => [f.getAttribute('var'), f.getElementsByTagName('value')[0]!.textContent]));
    expect(fields).toMatchObject({ 'muc#roomconfig_roomname': '우리 가족 🏠', 'muc#roomconfig_membersonly': '1', 'muc#roomconfig_publicroom': '0', 'muc#roomconfig_persistentroom': '1', 'muc#roomconfig_whois': 'anyone' });
  });

  it('gives a nick-only occupant of an old room no address, and a second person of the same name a nick of their own', () => {
    const doc = parse(roomsXml(toXep0227(archive(), { owner: 'me@new.localhost' })));
    const node = roomNodeOf('me@new.localhost', 'room-2');
    const room = Array.from(doc.getElementsByTagNameNS('urn:ferry:pie-muc:0', 'room')).find((r) => r.getAttribute('name') === node)!;
    const messages = Array.from(room.getElementsByTagName('message'));
    expect(messages[0]!.getAttribute('from')).toBe(`${node}@conference.new.localhost/Alice`);
    expect(messages[0]!.getElementsByTagNameNS(MUC_USER, 'x').length).toBe(0);
    expect(messages.map((m) => m.getAttribute('from')!.split('/')[1])).toEqual(['Alice', '민준', '민준 (2)']);
  });

  it('counts what went in and what was left out, and bookmarks every room for the owner in both files', () => {
    const result = mapped();
    expect(result.kept).toMatchObject({ conversations: 2, messages: 6, rooms: 2, members: 2 });
    const dropped = Object.fromEntries(result.fidelity.map((n) => [n.item, n.count]));
    expect(dropped).toMatchObject({ 'conversation.empty': 1, 'message.kind.system': 1, 'message.reactions': 1, 'message.attachments': 1, 'message.timestamp.milliseconds': 1 });
    expect(result.notes).toContainEqual({ kind: 'rooms', service: 'conference.new.localhost', rooms: 2, messages: 6, owner: 'me@new.localhost' });
    for (const xml of [new TextDecoder().decode(result.files[0]!.bytes), roomsXml(result)]) {
      const doc = parse(xml);
      expect(Array.from(doc.getElementsByTagNameNS('storage:bookmarks', 'conference')).map((c) => c.getAttribute('jid'))).toEqual([GROUP, 'room-2'].map((id) => `${roomNodeOf('me@new.localhost', id)}@conference.new.localhost`));
      expect(doc.getElementsByTagNameNS('urn:xmpp:bookmarks:1', 'conference').length).toBe(2);
    }
  });

  it('takes another group chat service with --muc-host, and refuses one that is not an address', () => {
    expect(roomsXml(toXep0227(archive(), { owner: 'me@new.localhost', mucHost: 'rooms.example.org' }))).toContain(`<host jid='rooms.example.org'>`);
    expect(() => toXep0227(archive(), { owner: 'me@new.localhost', mucHost: 'not a host' })).toThrow(/--muc-host/);
  });

  it('writes no room file for an archive without group conversations', () => {
    const content = archive();
    content.conversations = [];
    const result = toXep0227(content, { owner: 'me@new.localhost' });
    expect(result.files).toHaveLength(1);
    expect(result.kept).not.toHaveProperty('rooms');
  });
});

describe('loading the room file into ejabberd', () => {
  it('plans one archive row per message, with the nick, the real address as peer (the room for a nick-only sender) and the time in microseconds, unique per room', () => {
    const plan = planEjabberdLoad(roomsXml(toXep0227(archive(), { owner: 'me@new.localhost' })), 'new.localhost');
    expect(plan.rooms.map((r) => r.rows.length)).toEqual([3, 3]);
    const [family, team] = plan.rooms;
    expect(family!.rows[1]).toContain(`1695200460250000, 'ferry-`);
    expect(family!.rows[1]).toContain(`'groupchat', '민준'`);
    expect(team!.rows[0]).toContain(`'${team!.jid}', '${team!.jid}'`);
    expect(family!.options).toContainEqual(['members_only', 'true']);
    expect(family!.options).toContainEqual(['mam', 'true']);
    expect(plan.users.map((u) => u.getAttribute('name'))).toEqual(['me']);
  });

  it('refuses a file that is not a room file before calling any ejabberd tool', async () => {
    const calls: string[] = [];
    const recordingToolsMock = { ctl: async (...a: string[]) => (calls.push(a[0]!), ''), sql: async () => 0 };
    await expect(loadRoomsIntoEjabberd(recordingToolsMock, '<server-data xmlns="urn:xmpp:pie:0"><host jid="c.x"><room xmlns="urn:ferry:pie-muc:0" name="Bad Name"/></host></server-data>', 'x')).rejects.toThrow(RoomFileError);
    await expect(loadRoomsIntoEjabberd(recordingToolsMock, 'not xml <', 'x')).rejects.toThrow(RoomFileError);
    expect(calls).toEqual([]);
  });
});

describe('where the command line writes the room file', () => {
  it('puts it next to the account file, named after it', async () => {
    const { besideOutput } = await import('../../src/cli/commands/export-format.js');
    expect(besideOutput('/srv/me@example.org.xml', 'me@example.org.rooms.xml')).toBe('/srv/me@example.org.rooms.xml');
    expect(besideOutput('out/me', 'me@example.org.rooms.xml')).toBe('out/me.rooms.xml');
  });
});
