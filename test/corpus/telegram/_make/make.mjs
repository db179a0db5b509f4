// Writes this folder's corpus files and their X.expect.json, byte-exact (explicit \u escapes, CRLF where
// the layout has it). Run: node test/corpus/<folder>/_make/make.mjs. The expectations below are written by
// reading each file as a person would; nothing here imports Ferry's src/.
import { write, unix, checkCounts } from '../../kakaotalk/_make/lib.mjs';

const D = 'telegram';
const out = [];
const json = (v, indent = 1) => JSON.stringify(v, null, indent);
const file = (name, content, expect) => { checkCounts(name, expect); write(D, name, content, expect); out.push(name); };
const NOT_INCLUDED = '(File not included. Change data exporting settings to download.)';
const pad = (n) => String(n).padStart(2, '0');
/** tdesktop's pair: `date` is the exporting computer's wall clock, `date_unixtime` the instant. */
function when(y, mo, d, h, mi, s, offsetHours) {
  const u = unix(y, mo, d, h, mi, s) - offsetHours * 3600;
  return { date: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`, date_unixtime: String(u) };
}
const plain = (t) => [{ type: 'plain', text: t }];

// T1: tdesktop 2023, one personal chat, exported on a computer in Moscow (UTC+3) ----------------
const olga = 'user5123456789', max = 'user987654321';
file('desktop-2023-personal-chat-unixtime.json', json({
  name: 'Ольга',
  type: 'personal_chat',
  id: 5123456789,
  messages: [
    { id: 101, type: 'message', ...when(2023, 5, 14, 9, 0, 0, 3), from: 'Ольга', from_id: olga, text: 'Привет! Ты уже дома?', text_entities: plain('Привет! Ты уже дома?') },
    { id: 102, type: 'message', ...when(2023, 5, 14, 9, 1, 30, 3), from: 'Max', from_id: max, reply_to_message_id: 101, text: 'Да, только что пришёл', text_entities: plain('Да, только что пришёл') },
    { id: 103, type: 'message', ...when(2023, 5, 14, 9, 2, 0, 3), from: 'Max', from_id: max, photo: NOT_INCLUDED, width: 1280, height: 960, text: '', text_entities: [] },
    { id: 104, type: 'message', ...when(2023, 5, 14, 9, 2, 40, 3), from: 'Ольга', from_id: olga, file: NOT_INCLUDED, thumbnail: NOT_INCLUDED, media_type: 'sticker', sticker_emoji: '😂', width: 512, height: 512, text: '', text_entities: [] },
    { id: 105, type: 'message', ...when(2023, 5, 14, 9, 5, 0, 3), from: 'Ольга', from_id: olga,
      text: ['Смотри: ', { type: 'link', text: 'https://example.org' }, ' и ', { type: 'bold', text: 'срочно' }],
      text_entities: [{ type: 'plain', text: 'Смотри: ' }, { type: 'link', text: 'https://example.org' }, { type: 'plain', text: ' и ' }, { type: 'bold', text: 'срочно' }] },
    { id: 106, type: 'service', ...when(2023, 5, 14, 9, 10, 0, 3), actor: 'Max', actor_id: max, action: 'phone_call', duration_seconds: 125, discard_reason: 'hangup', text: '', text_entities: [] },
    { id: 107, type: 'message', ...when(2023, 5, 14, 9, 12, 0, 3), edited: '2023-05-14T09:13:00', edited_unixtime: String(unix(2023, 5, 14, 6, 13, 0)), from: 'Max', from_id: max, text: 'Перезвоню позже', text_entities: plain('Перезвоню позже') },
    { id: 108, type: 'message', ...when(2023, 5, 14, 23, 59, 59, 3), from: 'Ольга', from_id: olga, file: NOT_INCLUDED, media_type: 'voice_message', mime_type: 'audio/ogg', duration_seconds: 4, text: '', text_entities: [] },
  ],
}), {
  about: 'Telegram Desktop 2023 one-chat export made on a computer in Moscow: "date" is that computer\'s wall clock (UTC+3), "date_unixtime" the instant; the reader must take the instant. A reply, a photo and a voice message left out of the export, a sticker, links and bold in text_entities, a phone call, an edited message',
  source: 'telegramdesktop/tdesktop export_output_json.cpp field shapes; shared/samples/telegram/single-chat-DM_2A_7M.json (see SOURCES.md)',
  platform: 'telegram-desktop', year: 2023,
  detection: { format: 'telegram' },
  messages: 8,
  conversations: 1,
  senders: { 'Ольга': 4, Max: 4 },
  kinds: { text: 4, media: 2, sticker: 1, call: 1 },
  samples: [
    { index: 0, sender: 'Ольга', time: '2023-05-14T06:00:00', kind: 'text', text: 'Привет! Ты уже дома?' },
    { index: 2, sender: 'Max', time: '2023-05-14T06:02:00', kind: 'media', text: '' },
    { index: 4, sender: 'Ольга', time: '2023-05-14T06:05:00', kind: 'text', text: 'Смотри: https://example.org и срочно' },
    { index: 5, sender: 'Max', time: '2023-05-14T06:10:00', kind: 'call', fields: { call: { durationSeconds: 125, outcome: 'answered' } } },
    { index: 6, sender: 'Max', time: '2023-05-14T06:12:00', kind: 'text', text: 'Перезвоню позже' },
    { index: 7, sender: 'Ольга', time: '2023-05-14T20:59:59', kind: 'media', text: '' },
  ],
});

// T2: tdesktop 2019 whole-account export, old layout ---------------------------------------------
file('desktop-2019-account-old-layout.json', json({
  about: 'Here is the data you requested. Remember: Telegram is ad free, it doesn\'t sell your data to anybody.',
  personal_information: { user_id: 111, first_name: 'Lucía', last_name: 'García', phone_number: '+34 600 000 001', bio: '' },
  contacts: { about: 'This is your contacts list.', list: [{ first_name: 'Pablo', last_name: '', phone_number: '+34 600 000 002', date: '2018-01-01T10:00:00' }] },
  chats: {
    about: 'This page lists all chats from this export.',
    list: [
      { name: 'Pablo', type: 'personal_chat', id: 222, messages: [
        { id: 1, type: 'message', date: '2019-03-31T01:59:00', edited: '1970-01-01T01:00:00', from: 'Pablo', from_id: 222, text: '¿Sigues despierta?' },
        { id: 2, type: 'message', date: '2019-03-31T03:01:00', edited: '1970-01-01T01:00:00', from: 'Lucía García', from_id: 111, text: ['Sí, ', { type: 'italic', text: 'casi' }, ' dormida'] },
        { id: 3, type: 'message', date: '2019-03-31T10:00:00', edited: '1970-01-01T01:00:00', from: 'Pablo', from_id: 222, photo: 'chats/chat_01/photos/photo_1@31-03-2019_10-00-00.jpg', width: 1280, height: 720, text: '' },
      ] },
      { name: 'Familia', type: 'private_group', id: 333, messages: [
        { id: 10, type: 'service', date: '2019-04-01T12:00:00', edited: '1970-01-01T01:00:00', actor: 'Lucía García', actor_id: 111, action: 'create_group', title: 'Familia', members: ['Lucía García', 'Pablo', 'Mamá'], text: '' },
        { id: 11, type: 'message', date: '2019-04-01T12:01:00', edited: '1970-01-01T01:00:00', from: 'Mamá', from_id: 444, text: 'Hola a todos' },
        { id: 12, type: 'message', date: '2019-04-01T12:02:00', edited: '1970-01-01T01:00:00', from: 'Pablo', from_id: 222, text: '👋' },
      ] },
    ],
  },
  left_chats: {
    about: 'This page lists all supergroups and channels from this export that you have left.',
    list: [
      { name: 'Viaje 2018', type: 'private_supergroup', id: 555, messages: [
        { id: 20, type: 'message', date: '2019-05-02T18:30:00', edited: '1970-01-01T01:00:00', from: 'Lucía García', from_id: 111, text: 'Me salgo del grupo' },
        { id: 21, type: 'service', date: '2019-05-02T18:31:00', edited: '1970-01-01T01:00:00', actor: 'Lucía García', actor_id: 111, action: 'remove_members', members: ['Lucía García'], text: '' },
      ] },
    ],
  },
}), {
  about: 'Telegram Desktop 2019 whole-account export in the old layout: numeric from_id, only "date" (the computer\'s wall clock, read in the given zone; two messages either side of the 2019 spring-forward gap), text as an array of strings and entity objects, the placeholder edited date of 1970, a photo named but not given, a group and a left supergroup',
  source: 'telegramdesktop/tdesktop export_output_json.cpp; shared/samples/telegram/saved-messages-2021-richtext.json (old layout) and full-export-MultiChat_2C_6M.json (account shape), see SOURCES.md',
  platform: 'telegram-desktop', year: 2019,
  options: { timeZone: 'Europe/Madrid' },
  detection: { format: 'telegram' },
  messages: 8,
  conversations: 3,
  senders: { Pablo: 3, 'Lucía García': 2, 'Mamá': 1, '(system)': 2 },
  kinds: { text: 5, media: 1, system: 2 },
  samples: [
    { index: 0, conversation: 0, sender: 'Pablo', time: '2019-03-31T01:59:00', kind: 'text', text: '¿Sigues despierta?' },
    { index: 1, conversation: 0, sender: 'Lucía García', time: '2019-03-31T03:01:00', kind: 'text', text: 'Sí, casi dormida' },
    { index: 2, conversation: 0, sender: 'Pablo', time: '2019-03-31T10:00:00', kind: 'media', text: '' },
    { index: 0, conversation: 1, sender: '(system)', time: '2019-04-01T12:00:00', kind: 'system' },
    { index: 1, conversation: 1, sender: 'Mamá', time: '2019-04-01T12:01:00', kind: 'text', text: 'Hola a todos' },
    { index: 0, conversation: 2, sender: 'Lucía García', time: '2019-05-02T18:30:00', kind: 'text', text: 'Me salgo del grupo' },
  ],
});

// T3: a JavaScript exporter writing Date#toISOString() ------------------------------------------
file('js-exporter-2017-iso-ms-z.json', json({
  name: 'Dev chat',
  type: 'private_group',
  id: 777,
  messages: [
    { id: 1, type: 'message', date: '2017-01-01T06:20:09.248Z', from: 'Anna', from_id: 'user1001', text: 'Happy new year!' },
    { id: 2, type: 'message', date: '2017-01-01T06:21:00.000Z', from: 'Boris', from_id: 'user1002', text: 'Same to you' },
    { id: 3, type: 'message', date: '2017-01-01T23:59:59.999Z', from: 'Anna', from_id: 'user1001', text: ['see ', { type: 'bold', text: 'this' }] },
    { id: 4, type: 'service', date: '2017-01-02T00:00:00.000Z', actor: 'Boris', actor_id: 'user1002', action: 'invite_members', members: ['Chen'], text: '' },
    { id: 5, type: 'message', date: '2017-01-02T08:15:30.500Z', from: 'Chen', from_id: 'user1003', text: 'Hi all' },
  ],
}, 2), {
  about: 'A Telegram-Desktop-shaped chat written by a JavaScript exporter: every "date" is Date#toISOString() (milliseconds and Z, an instant), there is no date_unixtime; the reader takes the instant instead of refusing the file',
  source: 'issue 16 class 5 ("date": "2017-01-01T06:20:09.248Z"), see SOURCES.md',
  platform: 'telegram-json-third-party', year: 2017,
  detection: { format: 'telegram' },
  messages: 5,
  conversations: 1,
  senders: { Anna: 2, Boris: 1, Chen: 1, '(system)': 1 },
  kinds: { text: 4, system: 1 },
  samples: [
    { index: 0, sender: 'Anna', time: '2017-01-01T06:20:09', kind: 'text', text: 'Happy new year!' },
    { index: 2, sender: 'Anna', time: '2017-01-01T23:59:59', kind: 'text', text: 'see this' },
    { index: 3, sender: '(system)', time: '2017-01-02T00:00:00', kind: 'system' },
    { index: 4, sender: 'Chen', time: '2017-01-02T08:15:30', kind: 'text', text: 'Hi all' },
  ],
});

// T4: a tool writing local time with its UTC offset ---------------------------------------------
file('iso-offset-2021-plus0300.json', json({
  name: 'Семья',
  type: 'private_supergroup',
  id: 888,
  messages: [
    { id: 10, type: 'message', date: '2021-03-05T10:15:00+03:00', from: 'Мама', from_id: 'user2001', text: 'Купи хлеб' },
    { id: 11, type: 'message', date: '2021-03-05T10:16:30+03:00', from: 'Сын', from_id: 'user2002', text: 'Ок' },
    { id: 12, type: 'service', date: '2021-03-05T10:17:00+03:00', actor: 'Мама', actor_id: 'user2001', action: 'pin_message', message_id: 10, text: '' },
    { id: 13, type: 'message', date: '2021-03-05T23:30:00+03:00', from: 'Мама', from_id: 'user2001', forwarded_from: 'Новости', text: 'Завтра снег' },
    { id: 14, type: 'message', date: '2021-03-06T02:00:00+03:00', from: 'Сын', from_id: 'user2002', text: 'Не сплю' },
  ],
}, 2), {
  about: 'A Telegram-Desktop-shaped chat whose "date" carries its UTC offset ("2021-03-05T10:15:00+03:00", as ISO writers with a zone give it) and no date_unixtime: the offset decides the instant (10:15+03:00 is 07:15 UTC; 02:00+03:00 on the 6th is still the 5th in UTC)',
  source: 'issue 16 class 5 ("ISO dates with or without milliseconds and zone"), see SOURCES.md',
  platform: 'telegram-json-third-party', year: 2021,
  detection: { format: 'telegram' },
  messages: 5,
  conversations: 1,
  senders: { 'Мама': 2, 'Сын': 2, '(system)': 1 },
  kinds: { text: 4, system: 1 },
  samples: [
    { index: 0, sender: 'Мама', time: '2021-03-05T07:15:00', kind: 'text', text: 'Купи хлеб' },
    { index: 1, sender: 'Сын', time: '2021-03-05T07:16:30', kind: 'text', text: 'Ок' },
    { index: 3, sender: 'Мама', time: '2021-03-05T20:30:00', kind: 'text', text: 'Завтра снег' },
    { index: 4, sender: 'Сын', time: '2021-03-05T23:00:00', kind: 'text', text: 'Не сплю' },
  ],
});

// T5: tdesktop 2022 export re-saved by a script with json.dump(sort_keys=True, indent=1) --------
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
const many = [];
for (let i = 0; i < 220; i++) {
  const minute = i;
  const h = 8 + Math.floor(minute / 60), mi = minute % 60;
  const from = i % 2 === 0 ? ['Ana', 'user6001'] : ['Ben', 'user6002'];
  const text = `message ${i + 1} of the long walk planning thread`;
  many.push({ id: 1000 + i, type: 'message', ...when(2022, 6, 1, h, mi, 0, 0), from: from[0], from_id: from[1], text, text_entities: plain(text) });
}
const sorted = json(sortKeys({ name: 'Walkers', type: 'private_group', id: 6000, messages: many }), 1);
if (sorted.indexOf('"private_group"') < 65536) throw new Error('T5: the chat type must come after the first 64 KiB');
file('desktop-2022-resaved-sorted-keys.json', sorted, {
  about: 'A Telegram Desktop 2022 chat export that a script re-saved with sorted keys (json.dump(sort_keys=True, indent=1)): "messages" comes before "name" and "type", and the chat type only appears after 64 KiB of messages; field order must not matter',
  source: 'mnemocron\'s Telegram statistics scripts write json.dump(..., sort_keys=True); issue 16 ("any field order"), see SOURCES.md',
  platform: 'telegram-desktop', year: 2022,
  detection: { format: 'telegram' },
  messages: 220,
  conversations: 1,
  senders: { Ana: 110, Ben: 110 },
  kinds: { text: 220 },
  samples: [
    { index: 0, sender: 'Ana', time: '2022-06-01T08:00:00', kind: 'text', text: 'message 1 of the long walk planning thread' },
    { index: 1, sender: 'Ben', time: '2022-06-01T08:01:00', kind: 'text', text: 'message 2 of the long walk planning thread' },
    { index: 200, sender: 'Ana', time: '2022-06-01T11:20:00', kind: 'text', text: 'message 201 of the long walk planning thread' },
    { index: 219, sender: 'Ben', time: '2022-06-01T11:39:00', kind: 'text', text: 'message 220 of the long walk planning thread' },
  ],
});

// T6: optional fields missing --------------------------------------------------------------------
file('desktop-2020-optional-fields-missing.json', json({
  name: 'Old friends',
  type: 'private_group',
  id: 4100,
  messages: [
    { id: 1, type: 'message', date: '2020-08-01T22:01:49', from: 'Ben', from_id: 4201, text: 'old layout, no text_entities' },
    { id: 2, type: 'message', date: '2020-08-01T22:05:00', from: null, from_id: 4242, text: 'from an account that was deleted' },
    { id: 3, type: 'message', date: '2020-08-01T22:06:00', from: 'Ben', from_id: 4201, file: NOT_INCLUDED, media_type: 'sticker', sticker_emoji: '👍', width: 512, height: 512 },
    { id: 4, type: 'service', date: '2020-08-01T22:07:00', actor: null, actor_id: 4242, action: 'pin_message', message_id: 2, text: '' },
    { id: 5, type: 'message', date: '2020-08-02T09:00:00', from: 'Cleo', from_id: 4203, reply_to_message_id: 99, text: 'replying to something older than the export' },
  ],
}), {
  about: 'Telegram Desktop 2020 group export with optional fields missing or null: "from" and "actor" null (a deleted account), a sticker with no "text" at all, no text_entities anywhere, a reply to a message outside the export',
  source: 'telegramdesktop/tdesktop export_output_json.cpp (null names of deleted accounts); issue 16 ("fields missing that are optional"), see SOURCES.md',
  platform: 'telegram-desktop', year: 2020,
  options: { timeZone: 'Europe/London' },
  detection: { format: 'telegram' },
  messages: 5,
  conversations: 1,
  senders: { Ben: 2, '(deleted account)': 1, Cleo: 1, '(system)': 1 },
  kinds: { text: 3, sticker: 1, system: 1 },
  handles: { '(deleted account)': 'telegram:user4242' },
  samples: [
    { index: 0, sender: 'Ben', time: '2020-08-01T22:01:49', kind: 'text', text: 'old layout, no text_entities' },
    { index: 1, sender: '(deleted account)', time: '2020-08-01T22:05:00', kind: 'text', text: 'from an account that was deleted' },
    { index: 2, sender: 'Ben', time: '2020-08-01T22:06:00', kind: 'sticker' },
    { index: 3, sender: '(system)', time: '2020-08-01T22:07:00', kind: 'system' },
    { index: 4, sender: 'Cleo', time: '2020-08-02T09:00:00', kind: 'text', text: 'replying to something older than the export' },
  ],
});

// T7: old layout across the autumn clock change ------------------------------------------------
file('desktop-2020-date-only-dst-fall-back.json', json({
  name: 'Emma',
  type: 'personal_chat',
  id: 7001,
  messages: [
    { id: 1, type: 'message', date: '2020-10-25T01:30:00', from: 'Emma', from_id: 'user7001', text: 'Noch wach?' },
    { id: 2, type: 'message', date: '2020-10-25T02:10:00', from: 'Klaus', from_id: 'user7002', text: 'Ja, gleich wird die Uhr umgestellt' },
    { id: 3, type: 'message', date: '2020-10-25T02:50:00', from: 'Emma', from_id: 'user7001', text: 'Noch zehn Minuten' },
    { id: 4, type: 'message', date: '2020-10-25T02:05:00', from: 'Klaus', from_id: 'user7002', text: 'Jetzt ist es wieder zwei Uhr fünf' },
    { id: 5, type: 'message', date: '2020-10-25T02:40:00', from: 'Emma', from_id: 'user7001', text: 'Verrückt' },
    { id: 6, type: 'message', date: '2020-10-25T03:10:00', from: 'Klaus', from_id: 'user7002', text: 'Gute Nacht' },
  ],
}), {
  about: 'Telegram Desktop chat in the old layout ("date" only, the computer\'s wall clock in Berlin) across the 2020 autumn clock change: 02:00-03:00 happens twice, the ids and the file order say which 02:05 is the second one; every message is kept, in file order',
  source: 'mlomb/chat-analytics issue #79 ("DST in Telegram exports") and pull request #80, see SOURCES.md',
  platform: 'telegram-desktop', year: 2020,
  options: { timeZone: 'Europe/Berlin' },
  detection: { format: 'telegram' },
  messages: 6,
  conversations: 1,
  senders: { Emma: 3, Klaus: 3 },
  kinds: { text: 6 },
  samples: [
    { index: 0, sender: 'Emma', time: '2020-10-25T01:30:00', kind: 'text', text: 'Noch wach?' },
    { index: 2, sender: 'Emma', time: '2020-10-25T02:50:00', kind: 'text', text: 'Noch zehn Minuten' },
    { index: 3, sender: 'Klaus', time: '2020-10-25T02:05:00', kind: 'text', text: 'Jetzt ist es wieder zwei Uhr fünf' },
    { index: 4, sender: 'Emma', time: '2020-10-25T02:40:00', kind: 'text', text: 'Verrückt' },
    { index: 5, sender: 'Klaus', time: '2020-10-25T03:10:00', kind: 'text', text: 'Gute Nacht' },
  ],
});

// T8: tdesktop 2024 supergroup, new layout with service actions and rich kinds ------------------
const el = 'user3001', marc = 'user3002', so = 'user3003';
file('desktop-2024-supergroup-kinds.json', json({
  name: 'Randonnée Paris',
  type: 'private_supergroup',
  id: 1888000111,
  messages: [
    { id: 1, type: 'service', ...when(2024, 2, 10, 9, 0, 0, 1), actor: 'Élodie', actor_id: el, action: 'join_group_by_link', inviter: 'Group', text: '', text_entities: [] },
    { id: 2, type: 'message', ...when(2024, 2, 10, 9, 1, 0, 1), from: 'Élodie', from_id: el, text: 'Bonjour tout le monde', text_entities: plain('Bonjour tout le monde') },
    { id: 3, type: 'service', ...when(2024, 2, 10, 9, 5, 0, 1), actor: 'Marc', actor_id: marc, action: 'invite_members', members: ['Sophie'], text: '', text_entities: [] },
    { id: 4, type: 'message', ...when(2024, 2, 10, 9, 6, 0, 1), from: 'Marc', from_id: marc, poll: { question: 'Pizza ou sushi ?', closed: false, total_voters: 3, answers: [{ text: 'Pizza', voters: 2, chosen: false }, { text: 'Sushi', voters: 1, chosen: true }] }, text: '', text_entities: [] },
    { id: 5, type: 'message', ...when(2024, 2, 10, 9, 7, 0, 1), from: 'Sophie', from_id: so, location_information: { latitude: 48.858093, longitude: 2.294694 }, text: '', text_entities: [] },
    { id: 6, type: 'message', ...when(2024, 2, 10, 9, 8, 0, 1), from: 'Sophie', from_id: so, contact_information: { first_name: 'Paul', last_name: 'Martin', phone_number: '+33 6 12 34 56 78' }, contact_vcard: NOT_INCLUDED, text: '', text_entities: [] },
    { id: 7, type: 'service', ...when(2024, 2, 10, 9, 9, 0, 1), actor: 'Marc', actor_id: marc, action: 'pin_message', message_id: 4, text: '', text_entities: [] },
    { id: 8, type: 'service', ...when(2024, 2, 10, 18, 0, 0, 1), actor: 'Élodie', actor_id: el, action: 'remove_members', members: ['Sophie'], text: '', text_entities: [] },
    { id: 9, type: 'message', ...when(2024, 2, 10, 18, 1, 0, 1), from: 'Marc', from_id: marc, text: ['À ce soir ', { type: 'mention', text: '@elodie_r' }], text_entities: [{ type: 'plain', text: 'À ce soir ' }, { type: 'mention', text: '@elodie_r' }] },
  ],
}), {
  about: 'Telegram Desktop 2024 supergroup export exported in Paris (UTC+1): join by link, invite, pin and remove service messages, a poll with votes, a location, a shared contact, a mention; times from date_unixtime',
  source: 'telegramdesktop/tdesktop export_output_json.cpp; shared/samples/telegram/public-channel-2021-service-poll.json (see SOURCES.md)',
  platform: 'telegram-desktop', year: 2024,
  detection: { format: 'telegram' },
  messages: 9,
  conversations: 1,
  senders: { '(system)': 4, 'Élodie': 1, Marc: 2, Sophie: 2 },
  kinds: { system: 4, text: 2, poll: 1, location: 1, contact: 1 },
  samples: [
    { index: 1, sender: 'Élodie', time: '2024-02-10T08:01:00', kind: 'text', text: 'Bonjour tout le monde' },
    { index: 3, sender: 'Marc', time: '2024-02-10T08:06:00', kind: 'poll', fields: { poll: { question: 'Pizza ou sushi ?', options: [{ text: 'Pizza', votes: 2 }, { text: 'Sushi', votes: 1 }] } } },
    { index: 4, sender: 'Sophie', time: '2024-02-10T08:07:00', kind: 'location', fields: { location: { latitude: 48.858093, longitude: 2.294694 } } },
    { index: 5, sender: 'Sophie', time: '2024-02-10T08:08:00', kind: 'contact', fields: { contactCard: { displayName: 'Paul Martin' } } },
    { index: 8, sender: 'Marc', time: '2024-02-10T17:01:00', kind: 'text', text: 'À ce soir @elodie_r' },
  ],
});

console.log(out.length, 'telegram files');
