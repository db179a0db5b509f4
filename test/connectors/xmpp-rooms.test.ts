/**
 * The rooms route (history-rooms.ts) and what it stands on: the people of an export file, the
 * command line's mapping, placeholder addresses and room nodes. The route runs against a mock
 * group chat service that keeps rooms the way a server does (created on first entry, owner,
 * configuration, members, an archive that keeps each message's id); e2e/group-rooms.spec.ts
 * runs the same route against real Prosody and ejabberd.
 */
import { describe, expect, it } from 'vitest';
import { importGroupsAsRooms, originalTime, ownNick, roomConfigSubmission, roomText, RoomSetupError } from '../../src/connectors/xmpp/history-rooms.js';
import { isPlaceholderAddress, placeholderAddress, roomNodeOf } from '../../src/connectors/xmpp/ids.js';
import { memoryLedger } from '../../src/connectors/xmpp/import.js';
import { editRow, initialMapping, mappingFromPairs, MappingInputError, parseMappingCsv, toContactMapping } from '../../src/connectors/xmpp/mapping.js';
import { peopleOf, personName } from '../../src/connectors/xmpp/people.js';
import type { ArchivePage, RoomConfigField, XmppClientPort, XmppRoomPort } from '../../src/connectors/xmpp/port.js';
import { placeholderAddress as xep0227Placeholder } from '../../src/connectors/xmpp/write-xep0227.js';
import { itemLabel } from '../../extension/ui/target-items.js';
import { SCHEMA_VERSION, countOf, type ArchiveContent, type Message } from '../../src/model/types.js';

const TARGET = 'me@new.localhost';
const MUC = 'conference.new.localhost';
const ROOM_ID = 'kakaotalk:room/우리%20가족%20🏠';

/** A KakaoTalk group export as the reader gives it: no contacts, four people who wrote, one photo placeholder. */
function kakaoFamily(): ArchiveContent {
  const source = 'kakaotalk:me';
  const at = (minute: number) => `2023-09-20T18:${String(minute).padStart(2, '0')}:00+09:00`;
  const m = (n: number, sender: string, text: string, extra: Partial<Message> = {}): Message => ({ id: `${ROOM_ID}#c:${n}`, conversationId: ROOM_ID, sender, timestamp: at(n), kind: 'text', text, ...extra });
  const messages = [
    m(0, source, '추석에 다들 언제 와요?'),
    m(1, 'kakaotalk:민준', '저는 27일 저녁에 도착해요.\n기차표 예매했어요 🚄', { reactions: [{ emoji: '👍', sender: source }] }),
    m(3, 'kakaotalk:서연', '', { kind: 'media', attachments: [{ mediaType: 'image/jpeg', notIncluded: { reason: 'not-downloaded', detail: 'KakaoTalk printed "사진"' } }] }),
    m(4, 'kakaotalk:서연', '우리는 28일 아침! <&> "따옴표"'),
    m(5, 'kakaotalk:할머니', '다들 조심히 와라\u0007'),
    m(6, source, '네 할머니 ❤️'),
  ];
  const partial = {
    contacts: [],
    conversations: [
      {
        id: ROOM_ID,
        kind: 'group' as const,
        title: '우리 가족 🏠',
        participants: [{ handle: source, role: 'owner' as const }, ...['민준', '서연', '할머니'].map((n) => ({ handle: `kakaotalk:${n}`, role: 'member' as const }))],
        source,
      },
      { id: 'kakaotalk:room/empty', kind: 'group' as const, title: 'empty', participants: [], source },
    ],
    messages: new Map([[ROOM_ID, messages]]),
  };
  return {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'test', version: '0' },
      createdAt: '2023-09-28T12:10:05.000Z',
      sources: [{ service: 'kakaotalk', account: source, exportedAt: '2023-09-28T12:10:05.000Z', method: 'export-file', timeZone: { status: 'assumed', zone: 'Asia/Seoul' } }],
      counts: countOf(partial),
    },
    ...partial,
  };
}

interface MockRoom {
  owner: string;
  config: Map<string, string[]>;
  subject: string;
  members: Set<string>;
  archive: { id: string; body: string }[];
  occupants: Set<string>;
}

/**
 * A mock group chat service with the behaviour the route relies on, checked against Prosody 0.12
 * and ejabberd 23.01 while writing it: a room is created by its first entry (status 201, the
 * creator owns it), archives only when configured to, keeps each message's id, answers the
 * owner's member list. `fail` lets a test stop a step the way a closed tab would.
 */
function mockMucServer(opts: { service?: string | undefined; archives?: boolean; fail?: { sendAfter?: number } } = {}) {
  const rooms = new Map<string, MockRoom>();
  const log: string[] = [];
  let sendCalls = 0;
  const form = (): RoomConfigField[] =>
    ['muc#roomconfig_roomname', 'muc#roomconfig_persistentroom', 'muc#roomconfig_publicroom', 'muc#roomconfig_membersonly', 'muc#roomconfig_moderatedroom', ...(opts.archives === false ? [] : ['muc#roomconfig_enablearchiving'])].map((v) => ({ var: v, values: [] }));
  const roomOf = (jid: string) => {
    const room = rooms.get(jid);
    if (!room) throw new Error(`mock: no room ${jid}`);
    return room;
  };
  const on = (room: MockRoom, name: string) => room.config.get(name)?.[0] === '1';
  const port: XmppRoomPort = {
    mucService: async () => ('service' in opts ? opts.service : MUC),
    roomInfo: async (jid) => {
      const room = rooms.get(jid);
      if (!room) return { exists: false };
      const features = [on(room, 'muc#roomconfig_persistentroom') ? 'muc_persistent' : 'muc_temporary', on(room, 'muc#roomconfig_membersonly') ? 'muc_membersonly' : 'muc_open', on(room, 'muc#roomconfig_publicroom') ? 'muc_public' : 'muc_hidden', ...(on(room, 'muc#roomconfig_enablearchiving') ? ['urn:xmpp:mam:2'] : [])];
      const name = room.config.get('muc#roomconfig_roomname')?.[0];
      return { exists: true, features, ...(name ? { name } : {}) };
    },
    enterRoom: async (jid, nick) => {
      log.push(`enter ${jid}`);
      let room = rooms.get(jid);
      const created = !room;
      // A new room on a server without locking: usable at once, public and open until configured.
      if (!room) rooms.set(jid, (room = { owner: TARGET, config: new Map([['muc#roomconfig_publicroom', ['1']]]), subject: '', members: new Set(), archive: [], occupants: new Set() }));
      room.occupants.add(nick);
      return { created, affiliation: room.owner === TARGET ? 'owner' : 'none', nick, subject: room.subject };
    },
    roomConfigForm: async () => form(),
    submitRoomConfig: async (jid, fields) => {
      log.push(`configure ${jid}`);
      for (const f of fields) if (f.var !== 'FORM_TYPE') roomOf(jid).config.set(f.var, f.values);
    },
    setRoomSubject: async (jid, subject) => {
      log.push(`subject ${jid}`);
      roomOf(jid).subject = subject;
    },
    roomAffiliations: async (jid) => [...roomOf(jid).members],
    setRoomAffiliation: async (jid, member) => void roomOf(jid).members.add(member),
    inviteToRoom: async (jid, member) => void log.push(`invite ${member} to ${jid}`),
    sendToRoom: async (jid, messages) => {
      const room = roomOf(jid);
      for (const m of messages) if (on(room, 'muc#roomconfig_enablearchiving')) room.archive.push(m);
      // The messages reached the room, then the tab closed before Ferry heard back.
      if (opts.fail?.sendAfter !== undefined && ++sendCalls > opts.fail.sendAfter) throw new Error('mock: the messenger tab was closed');
    },
    leaveRoom: async (jid, nick) => void roomOf(jid).occupants.delete(nick),
    bookmarkRoom: async (b) => void log.push(`bookmark ${b.jid} ${b.name} ${b.nick} ${b.autojoin}`),
  };
  const client: XmppClientPort = {
    account: async () => TARGET,
    roster: async () => [],
    archivePage: async () => ({ messages: [], complete: true }),
    vcard: async () => ({ none: true }),
    addContact: async () => undefined,
    noteToSelf: async () => undefined,
    roomArchivePage: async (jid, { after, max }): Promise<ArchivePage> => {
      const archive = roomOf(jid).archive;
      const start = after ? archive.findIndex((m) => m.id === after) + 1 : 0;
      const page = archive.slice(start, start + max);
      return {
        messages: page.map((m) => ({ archiveId: m.id, stamp: '2026-12-07T00:00:00Z', from: jid, to: TARGET, type: 'groupchat', body: m.body, originId: m.id, nick: 'me' })),
        ...(page.length ? { last: page.at(-1)!.id } : {}),
        complete: start + page.length >= archive.length,
        items: page.length,
      };
    },
    rooms: port,
  };
  return { client, rooms, log };
}

const ROOM = `${roomNodeOf(TARGET, ROOM_ID)}@${MUC}`;
const MINJUN = 'minjun@new.localhost';
/** The user typed 민준's new address; 서연 and 할머니 have none. */
const mapping = () => mappingFromPairs([{ key: '민준', address: MINJUN, where: 'test' }], peopleOf(kakaoFamily()));

describe('people and addresses', () => {
  it('takes the people who wrote in an export file as friends under the names it printed, never the account itself', () => {
    const people = peopleOf(kakaoFamily());
    expect(people.map((p) => [p.id, p.displayName])).toEqual([
      ['kakaotalk:민준', '민준'],
      ['kakaotalk:서연', '서연'],
      ['kakaotalk:할머니', '할머니'],
    ]);
  });

  it('names a person known by handle only as a person reads the name', () => {
    expect(personName('kakaotalk:박%20서준')).toBe('박 서준');
    expect(personName('whatsapp:name:Ann%20Lee')).toBe('Ann Lee');
    expect(personName('tel:+821012345678')).toBe('+821012345678');
    expect(personName('xmpp:team@conference.old.localhost/Alice%20W.')).toBe('Alice W.');
    expect(personName('xmpp:kim@old.localhost')).toBe('kim@old.localhost');
  });

  it('gives the same placeholder address as the XEP-0227 file, and a stable ASCII room node per owner and conversation', () => {
    expect(placeholderAddress('kakaotalk:민준')).toBe(xep0227Placeholder('kakaotalk:민준'));
    expect(isPlaceholderAddress(placeholderAddress('x'))).toBe(true);
    expect(roomNodeOf('Me@New.localhost', ROOM_ID)).toBe(roomNodeOf(TARGET, ROOM_ID));
    expect(roomNodeOf(TARGET, ROOM_ID)).toMatch(/^ferry-[0-9a-f]{20}$/);
    expect(roomNodeOf('other@new.localhost', ROOM_ID)).not.toBe(roomNodeOf(TARGET, ROOM_ID));
  });

  it('leaves a friend who never had an address out of the page mapping while the field is empty, so the placeholder default applies', () => {
    const rows = initialMapping(peopleOf(kakaoFamily()), TARGET);
    expect(rows[0]).toMatchObject({ basis: 'none', newAddress: '', placeholder: placeholderAddress('kakaotalk:민준') });
    expect(toContactMapping(rows).size).toBe(0);
    // Typed in and cleared again: still no address, still the placeholder; a typed one maps.
    expect(toContactMapping(editRow(editRow(rows, 'kakaotalk:민준', 'x@y.z'), 'kakaotalk:민준', '')).size).toBe(0);
    expect([...toContactMapping(editRow(rows, 'kakaotalk:민준', 'minjun@new.localhost'))]).toEqual([['kakaotalk:민준', 'minjun@new.localhost']]);
  });
});

describe('the command line mapping', () => {
  const people = peopleOf(kakaoFamily());

  it('maps by name or by id, and an empty address skips the friend', () => {
    const map = mappingFromPairs(
      [
        { key: '민준', address: 'XMPP:MinJun@new.localhost', where: '--map' },
        { key: 'kakaotalk:서연', address: '', where: '--map' },
      ],
      people,
    );
    expect([...map]).toEqual([
      ['kakaotalk:민준', 'minjun@new.localhost'],
      ['kakaotalk:서연', null],
    ]);
  });

  it('refuses a name nobody has, a name two people share, a wrong address and two different addresses for one friend, saying where', () => {
    const twins = [...people, { id: 'kakaotalk:민준2', displayName: '민준', handles: ['kakaotalk:민준2'], groups: [] }];
    expect(() => mappingFromPairs([{ key: '민주', address: 'a@b', where: '--map 민주=a@b' }], people)).toThrow(/--map 민주=a@b: nobody in the archive is called "민주".*민준, 서연, 할머니/);
    expect(() => mappingFromPairs([{ key: '민준', address: 'a@b', where: 'x.csv: row 2' }], twins)).toThrow(/x\.csv: row 2: 2 people in the archive are called "민준" \(kakaotalk:민준, kakaotalk:민준2\)/);
    expect(() => mappingFromPairs([{ key: '민준', address: 'minjun at new', where: 'w' }], people)).toThrow(MappingInputError);
    expect(() =>
      mappingFromPairs(
        [
          { key: '민준', address: 'a@b', where: 'first' },
          { key: 'kakaotalk:민준', address: 'c@d', where: 'second' },
        ],
        people,
      ),
    ).toThrow(/second: 민준 is already mapped to a@b by first/);
  });

  it('reads a CSV mapping file with or without a header, quoted names and a byte order mark', () => {
    expect(parseMappingCsv('\uFEFFname,jid\n민준,minjun@new.localhost\n"Kim, Minjun",kim@new.localhost\n\n할머니,\n', 'map.csv')).toEqual([
      { key: '민준', address: 'minjun@new.localhost', where: 'map.csv: row 2' },
      { key: 'Kim, Minjun', address: 'kim@new.localhost', where: 'map.csv: row 3' },
      { key: '할머니', address: '', where: 'map.csv: row 4' },
    ]);
    expect(parseMappingCsv('민준,minjun@new.localhost\n', 'map.csv')).toHaveLength(1);
    expect(() => parseMappingCsv('민준,minjun@new.localhost,extra\n', 'map.csv')).toThrow(/map\.csv: row 1: expected two fields.*found 3/);
  });
});

describe('what the room gets', () => {
  it('leads each message with its sender and its original time in the offset the source printed, and names what it has no text for', () => {
    const content = kakaoFamily();
    const messages = content.messages.get(ROOM_ID)!;
    expect(roomText(messages[1]!, '민준')).toBe('민준 · 2023-09-20 18:01:00 +09:00\n저는 27일 저녁에 도착해요.\n기차표 예매했어요 🚄');
    expect(roomText(messages[2]!, '서연')).toBe('서연 · 2023-09-20 18:03:00 +09:00\n[file: image/jpeg, not in the archive]');
    expect(originalTime('2024-03-01T09:15:00.000Z')).toBe('2024-03-01 09:15:00 UTC');
    expect(originalTime('2024-03-01T01:15:00-08:00')).toBe('2024-03-01 01:15:00 -08:00');
    expect(ownNick(content, TARGET)).toBe('me');
  });

  it('configures what the server offers, under the names Prosody and ejabberd give archiving', () => {
    const prosody = ['muc#roomconfig_roomname', 'muc#roomconfig_persistentroom', 'muc#roomconfig_publicroom', 'muc#roomconfig_membersonly', 'muc#roomconfig_whois', 'muc#roomconfig_enablearchiving'];
    const ejabberd = ['muc#roomconfig_roomname', 'muc#roomconfig_persistentroom', 'muc#roomconfig_publicroom', 'public_list', 'muc#roomconfig_membersonly', 'muc#roomconfig_moderatedroom', 'muc#roomconfig_allowinvites', 'mam'];
    const submitted = (vars: string[]) => Object.fromEntries(roomConfigSubmission(vars.map((v) => ({ var: v, values: [] })), '우리 가족 🏠').map((f) => [f.var, f.values[0]]));
    expect(submitted(prosody)).toEqual({
      FORM_TYPE: 'http://jabber.org/protocol/muc#roomconfig',
      'muc#roomconfig_roomname': '우리 가족 🏠',
      'muc#roomconfig_persistentroom': '1',
      'muc#roomconfig_publicroom': '0',
      'muc#roomconfig_membersonly': '1',
      'muc#roomconfig_enablearchiving': '1',
    });
    expect(submitted(ejabberd)).toMatchObject({ public_list: '0', 'muc#roomconfig_moderatedroom': '0', 'muc#roomconfig_allowinvites': '0', mam: '1' });
  });
});

describe('group conversations as rooms of my own', () => {
  it('creates a members-only hidden room with name and subject, writes the history quoted in order, invites the mapped friend only and bookmarks it', async () => {
    const server = mockMucServer();
    const report = await importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger(), { mapping: mapping(), batch: 4 });
    const room = server.rooms.get(ROOM)!;
    expect(report).toMatchObject({ target: TARGET, service: MUC, sent: 6, alreadyPresent: 0, invited: 1 });
    expect(report.rooms).toEqual([{ conversationId: ROOM_ID, title: '우리 가족 🏠', room: ROOM, created: true, sent: 6, alreadyPresent: 0, invited: [MINJUN], members: [MINJUN], unmapped: ['서연', '할머니'] }]);
    expect(room.config.get('muc#roomconfig_membersonly')).toEqual(['1']);
    expect(room.config.get('muc#roomconfig_publicroom')).toEqual(['0']);
    expect(room.subject).toBe('우리 가족 🏠: 6 messages, 2023-09-20 – 2023-09-20 (moved by Ferry from kakaotalk:me)');
    expect(room.archive.map((m) => m.body.split('\n')[0])).toEqual([
      'me · 2023-09-20 18:00:00 +09:00',
      '민준 · 2023-09-20 18:01:00 +09:00',
      '서연 · 2023-09-20 18:03:00 +09:00',
      '서연 · 2023-09-20 18:04:00 +09:00',
      '할머니 · 2023-09-20 18:05:00 +09:00',
      'me · 2023-09-20 18:06:00 +09:00',
    ]);
    // The control character would end an XMPP stream: removed, and counted.
    expect(room.archive[4]!.body).toBe('할머니 · 2023-09-20 18:05:00 +09:00\n다들 조심히 와라');
    expect(room.archive.map((m) => m.id)).toEqual(kakaoFamily().messages.get(ROOM_ID)!.map((m) => m.id));
    expect([...room.members]).toEqual([MINJUN]);
    expect(server.log.filter((l) => l.startsWith('invite'))).toEqual([`invite ${MINJUN} to ${ROOM}`]);
    expect(server.log.at(-1)).toBe(`bookmark ${ROOM} 우리 가족 🏠 me true`);
    expect(room.occupants.size).toBe(0);
    expect(report.kept).toEqual({ conversations: 1, messages: 6, members: 1 });
    const dropped = Object.fromEntries(report.fidelity.map((n) => [n.item, n.count]));
    expect(dropped).toEqual({ 'conversation.empty': 1, characters: 1, 'message.reactions': 1, 'message.sender': 4, 'message.timestamp': 6, 'conversation.members': 2, 'message.attachments': 1 });
    // Every item the route reports has a name on the import page.
    for (const note of report.fidelity) expect(itemLabel(note.item), note.item).not.toBeNull();
  });

  it('adds nothing twice when run again, and does not even enter the room when the ledger says all is there', async () => {
    const server = mockMucServer();
    const ledger = memoryLedger();
    await importGroupsAsRooms(server.client, kakaoFamily(), ledger, { mapping: mapping() });
    server.log.length = 0;
    const again = await importGroupsAsRooms(server.client, kakaoFamily(), ledger, { mapping: mapping() });
    expect(again).toMatchObject({ sent: 0, alreadyPresent: 6, invited: 0 });
    expect(again.rooms[0]!.created).toBe(false);
    expect(server.log).toEqual([]);
    expect(server.rooms.get(ROOM)!.archive).toHaveLength(6);
  });

  it('resumes an interrupted run: messages that reached the room but were never recorded are found in its archive, not sent again', async () => {
    const server = mockMucServer({ fail: { sendAfter: 1 } });
    const ledger = memoryLedger();
    await expect(importGroupsAsRooms(server.client, kakaoFamily(), ledger, { mapping: mapping(), batch: 2 })).rejects.toThrow(/tab was closed/);
    // The first batch was recorded; the second reached the room, the tab closed before the ledger knew.
    expect(server.rooms.get(ROOM)!.archive).toHaveLength(4);
    const resumed = mockMucServer();
    for (const [jid, room] of server.rooms) resumed.rooms.set(jid, room);
    const report = await importGroupsAsRooms(resumed.client, kakaoFamily(), ledger, { mapping: mapping(), batch: 2 });
    expect(report).toMatchObject({ sent: 2, alreadyPresent: 4, invited: 1 });
    expect(resumed.rooms.get(ROOM)!.archive.map((m) => m.id)).toEqual(kakaoFamily().messages.get(ROOM_ID)!.map((m) => m.id));
  });

  it('with no ledger (the command line) a second run writes nothing, invites nobody again and leaves the room as its owner changed it', async () => {
    const server = mockMucServer();
    await importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger(), { mapping: mapping() });
    // The owner opens the room up afterwards; a re-run must not undo that.
    server.rooms.get(ROOM)!.config.set('muc#roomconfig_membersonly', ['0']);
    server.log.length = 0;
    const again = await importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger(), { mapping: mapping() });
    expect(again).toMatchObject({ sent: 0, alreadyPresent: 6, invited: 0 });
    expect(server.log.filter((l) => /^(configure|invite|subject)/.test(l))).toEqual([]);
    expect(server.rooms.get(ROOM)!.config.get('muc#roomconfig_membersonly')).toEqual(['0']);
    expect(server.rooms.get(ROOM)!.archive).toHaveLength(6);
  });

  it('configures a room an earlier run created but did not configure', async () => {
    const server = mockMucServer();
    await server.client.rooms!.enterRoom(ROOM, 'me');
    await server.client.rooms!.leaveRoom(ROOM, 'me');
    const report = await importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger(), { mapping: mapping() });
    expect(report.rooms[0]!.created).toBe(false);
    expect(server.rooms.get(ROOM)!.config.get('muc#roomconfig_membersonly')).toEqual(['1']);
    expect(server.rooms.get(ROOM)!.archive).toHaveLength(6);
  });

  it('writes nothing into a room the service will not archive, and says what the admin must allow', async () => {
    const server = mockMucServer({ archives: false });
    await expect(importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger())).rejects.toThrow(RoomSetupError);
    await expect(importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger())).rejects.toThrow(/keeps no archive \(XEP-0313\).*Nothing was written into it/);
    expect(server.rooms.get(ROOM)!.archive).toHaveLength(0);
    expect(server.log.some((l) => l.startsWith('invite') || l.startsWith('bookmark'))).toBe(false);
  });

  it('stops before anything when the server has no group chat service, and never writes into a room someone else owns', async () => {
    await expect(importGroupsAsRooms(mockMucServer({ service: undefined }).client, kakaoFamily(), memoryLedger())).rejects.toThrow(/offers no group chat service.*Nothing was written/);
    const server = mockMucServer();
    server.rooms.set(ROOM, { owner: 'someone@new.localhost', config: new Map(), subject: '', members: new Set(), archive: [], occupants: new Set() });
    await expect(importGroupsAsRooms(server.client, kakaoFamily(), memoryLedger())).rejects.toThrow(/is not its owner/);
    expect(server.rooms.get(ROOM)!.archive).toHaveLength(0);
  });

  it('makes no room and asks no server when the archive has no group conversation with messages', async () => {
    const content = kakaoFamily();
    content.messages = new Map();
    const server = mockMucServer({ service: undefined });
    const report = await importGroupsAsRooms(server.client, content, memoryLedger());
    expect(report).toMatchObject({ service: '', rooms: [], sent: 0 });
  });
});
