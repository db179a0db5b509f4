/**
 * What a chat holds besides text: polls, edits, calls, locations, contact cards, stickers,
 * documents, deleted messages, group notices, mentions, and exports "with media" (zip folders).
 */
import { c, file, FSI, LRM as L, m, NNBSP, PDI, at } from './kit.mjs';

const GROUP_E2E_2024 = 'Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.';

file('ios-en-gb-2024-group-features.txt', {
  about: 'iOS en-GB 2024 group: notices under the group\'s name after U+200E (created, added, joined by link, left), a poll with votes, an edited message, missed and answered calls, location, contact card, sticker, document, both deleted notices, a mention',
  source: 'timelinize/timelinize datasources/whatsapp/testdata/fixtures/_chat.txt (poll, edit, call and 2024 notice wording; AGPL-3.0, shape only) and linuswillner/whatsapp-export-inconsistencies (group notices authored by the group on iOS)', language: 'en', platform: 'ios', year: 2024,
  eol: '\r\n', options: { timeZone: 'Europe/London', me: 'Ann' },
}, [
  m(`[01/03/2024, 09:00:00] Book Club: ${L}${GROUP_E2E_2024}`, '(system)', '2024-03-01T09:00:00', 'system', GROUP_E2E_2024),
  m(`[01/03/2024, 09:00:00] Book Club: ${L}Ann created group “Book Club”`, '(system)', '2024-03-01T09:00:00', 'system', 'Ann created group “Book Club”', { pick: true }),
  m(`[01/03/2024, 09:00:01] Book Club: ${L}Ann added Ben and Cleo`, '(system)', '2024-03-01T09:00:01', 'system', 'Ann added Ben and Cleo'),
  m('[01/03/2024, 09:05:12] Ann: Welcome! First book:', 'Ann', '2024-03-01T09:05:12', 'text', 'Welcome! First book:'),
  c('“Piranesi”'),
  m(`${L}[01/03/2024, 09:06:00] Ann: ${L}image omitted`, 'Ann', '2024-03-01T09:06:00', 'media', ''),
  m('[01/03/2024, 09:07:30] Ben: Nice 👍', 'Ben', '2024-03-01T09:07:30', 'text', 'Nice 👍'),
  m(`[01/03/2024, 09:10:00] Ann: ${L}POLL:`, 'Ann', '2024-03-01T09:10:00', 'poll', 'When shall we meet?', { fixedText: true, pick: true, f: { poll: { question: 'When shall we meet?', options: [{ text: 'Friday', votes: 2 }, { text: 'Saturday', votes: 1 }, { text: 'Sunday', votes: 0 }] } } }),
  c('When shall we meet?'),
  c(`${L}OPTION: Friday (2 votes)`),
  c(`${L}OPTION: Saturday (1 vote)`),
  c(`${L}OPTION: Sunday (0 votes)`),
  m(`[01/03/2024, 09:12:00] Cleo: Friday works. ${L}<This message was edited>`, 'Cleo', '2024-03-01T09:12:00', 'text', 'Friday works.', { pick: true }),
  m(`[01/03/2024, 18:00:00] Ben: ${L}Missed voice call`, 'Ben', '2024-03-01T18:00:00', 'call', undefined, { f: { call: { video: false, outcome: 'missed' } } }),
  m(`[01/03/2024, 18:05:00] Cleo: ${L}Video call, ${L}12 min`, 'Cleo', '2024-03-01T18:05:00', 'call', undefined, { pick: true, f: { call: { video: true, durationSeconds: 720 } } }),
  m(`[02/03/2024, 10:00:00] Cleo: ${L}Location: https://maps.google.com/?q=51.529972,-0.127676`, 'Cleo', '2024-03-02T10:00:00', 'location', undefined, { f: at(51.529972, -0.127676) }),
  m(`${L}[02/03/2024, 10:01:00] Cleo: ${L}Contact card omitted`, 'Cleo', '2024-03-02T10:01:00', 'media', ''),
  m(`${L}[02/03/2024, 10:02:00] Ann: ${L}sticker omitted`, 'Ann', '2024-03-02T10:02:00', 'sticker', ''),
  m(`[02/03/2024, 10:03:00] Ben: ${L}This message was deleted.`, 'Ben', '2024-03-02T10:03:00', 'deleted', undefined),
  m(`[02/03/2024, 10:04:00] Ann: ${L}You deleted this message.`, 'Ann', '2024-03-02T10:04:00', 'deleted', undefined),
  m(`${L}[02/03/2024, 10:05:00] Cleo: Notes.pdf • ${L}3 pages ${L}document omitted`, 'Cleo', '2024-03-02T10:05:00', 'media', undefined),
  m(`[02/03/2024, 10:06:00] Book Club: ${L}Dan joined using this group's invite link`, '(system)', '2024-03-02T10:06:00', 'system', 'Dan joined using this group\'s invite link'),
  m('[02/03/2024, 10:07:00] Dan: hi all', 'Dan', '2024-03-02T10:07:00', 'text', 'hi all'),
  m(`[02/03/2024, 11:00:00] Book Club: ${L}Ben left`, '(system)', '2024-03-02T11:00:00', 'system', 'Ben left'),
  m(`[13/03/2024, 20:00:00] Ann: See you Friday @${FSI}Cleo${PDI}`, 'Ann', '2024-03-13T20:00:00', 'text', `See you Friday @${FSI}Cleo${PDI}`),
]);

file('android-en-us-2024-group-features.txt', {
  about: 'Android en-US 2024 group, 12-hour with U+202F: poll, edit, media with and without captions, sticker, contact card, calls, location, both deleted notices, notices (created, added, subject, icon, joined by link, removed, left, security code), a phone-number sender',
  source: 'starkdmi/whats_json test/data/android/WhatsApp Chat with Group Chat XXX Android.txt (notice wording); ../shared/samples/whatsapp/android-en-gb-2022-media.txt (placeholders)', language: 'en', platform: 'android', year: 2024,
  options: { timeZone: 'America/Chicago' },
}, [
  m(`3/1/24, 9:00${NNBSP}AM - ${GROUP_E2E_2024} Learn more.`, '(system)', '2024-03-01T09:00', 'system', `${GROUP_E2E_2024} Learn more.`),
  m(`3/1/24, 9:00${NNBSP}AM - Ann created group "Book Club"`, '(system)', '2024-03-01T09:00', 'system', 'Ann created group "Book Club"'),
  m(`3/1/24, 9:00${NNBSP}AM - Ann added you`, '(system)', '2024-03-01T09:00', 'system', 'Ann added you'),
  m(`3/1/24, 9:05${NNBSP}AM - Ann: POLL:`, 'Ann', '2024-03-01T09:05', 'poll', 'When shall we meet?', { fixedText: true, pick: true, f: { poll: { question: 'When shall we meet?', options: [{ text: 'Friday', votes: 2 }, { text: 'Saturday', votes: 1 }] } } }),
  c('When shall we meet?'),
  c('OPTION: Friday (2 votes)'),
  c('OPTION: Saturday (1 vote)'),
  m(`3/1/24, 9:06${NNBSP}AM - Ben: Friday works <This message was edited>`, 'Ben', '2024-03-01T09:06', 'text', 'Friday works', { pick: true }),
  m(`3/1/24, 9:10${NNBSP}AM - Cleo: <Media omitted>`, 'Cleo', '2024-03-01T09:10', 'media', ''),
  m(`3/1/24, 9:11${NNBSP}AM - Cleo: IMG-20240301-WA0002.jpg (file attached)`, 'Cleo', '2024-03-01T09:11', 'media', '', { cap: true, pick: true, f: { attachments: [{ fileName: 'IMG-20240301-WA0002.jpg' }] } }),
  c('Cover art'),
  m(`3/1/24, 9:12${NNBSP}AM - Ann: This message was deleted`, 'Ann', '2024-03-01T09:12', 'deleted', undefined),
  m(`3/1/24, 9:13${NNBSP}AM - Ben: You deleted this message`, 'Ben', '2024-03-01T09:13', 'deleted', undefined),
  m(`3/1/24, 6:00${NNBSP}PM - Ben: Missed voice call`, 'Ben', '2024-03-01T18:00', 'call', undefined, { f: { call: { video: false, outcome: 'missed' } } }),
  m(`3/1/24, 6:05${NNBSP}PM - Ann: Missed video call`, 'Ann', '2024-03-01T18:05', 'call', undefined, { f: { call: { video: true, outcome: 'missed' } } }),
  m(`3/1/24, 7:00${NNBSP}PM - Cleo: location: https://maps.google.com/?q=51.529972,-0.127676`, 'Cleo', '2024-03-01T19:00', 'location', undefined, { f: at(51.529972, -0.127676) }),
  m(`3/1/24, 7:01${NNBSP}PM - Cleo: Ben.vcf (file attached)`, 'Cleo', '2024-03-01T19:01', 'media', ''),
  m(`3/1/24, 7:02${NNBSP}PM - Ann: STK-20240301-WA0003.webp (file attached)`, 'Ann', '2024-03-01T19:02', 'sticker', ''),
  m(`3/1/24, 7:03${NNBSP}PM - Dan joined using this group's invite link`, '(system)', '2024-03-01T19:03', 'system', 'Dan joined using this group\'s invite link'),
  m(`3/1/24, 7:04${NNBSP}PM - Ann changed the subject from "Book Club" to "Book Club 📚"`, '(system)', '2024-03-01T19:04', 'system', 'Ann changed the subject from "Book Club" to "Book Club 📚"'),
  m(`3/1/24, 7:05${NNBSP}PM - Ann changed this group's icon`, '(system)', '2024-03-01T19:05', 'system', 'Ann changed this group\'s icon'),
  m(`3/1/24, 7:06${NNBSP}PM - +44 7700 900123 joined using this group's invite link`, '(system)', '2024-03-01T19:06', 'system', '+44 7700 900123 joined using this group\'s invite link'),
  m(`3/1/24, 7:07${NNBSP}PM - +44 7700 900123: hello from an unsaved number`, '+44 7700 900123', '2024-03-01T19:07', 'text', 'hello from an unsaved number', { pick: true }),
  m(`3/1/24, 7:08${NNBSP}PM - Ann removed +44 7700 900123`, '(system)', '2024-03-01T19:08', 'system', 'Ann removed +44 7700 900123'),
  m(`3/2/24, 10:00${NNBSP}AM - Ben left`, '(system)', '2024-03-02T10:00', 'system', 'Ben left'),
  m(`3/13/24, 8:00${NNBSP}PM - Ann: See you Friday @${FSI}Cleo${PDI}`, 'Ann', '2024-03-13T20:00', 'text', `See you Friday @${FSI}Cleo${PDI}`),
  m(`3/13/24, 8:01${NNBSP}PM - Your security code with Cleo changed. Tap to learn more.`, '(system)', '2024-03-13T20:01', 'system', 'Your security code with Cleo changed. Tap to learn more.'),
]);

file('ios-es-2025-poll.txt', {
  about: 'iOS Spanish 2025, day first with a four-digit year: a poll (ENCUESTA / OPCIÓN, "votos"), the encryption notice under the contact\'s name',
  source: 'timelinize/timelinize datasources/whatsapp/testdata/fixtures/_chat.txt (ENCUESTA/OPCIÓN lines); starkdmi/whats_json spanish_ios.txt (notice)', language: 'es', platform: 'ios', year: 2025,
  eol: '\r\n', options: { timeZone: 'Europe/Madrid' },
}, [
  m(`[01/07/2025, 12:00:00] Carmen López: ${L}Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.`, '(system)', '2025-07-01T12:00:00', 'system', 'Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.'),
  m('[01/07/2025, 12:00:05] Carmen López: Hola, ¿cenamos el viernes?', 'Carmen López', '2025-07-01T12:00:05', 'text', 'Hola, ¿cenamos el viernes?'),
  m('[01/07/2025, 12:00:19] Diego: Vale', 'Diego', '2025-07-01T12:00:19', 'text', 'Vale'),
  m(`[01/07/2025, 12:01:00] Carmen López: ${L}ENCUESTA:`, 'Carmen López', '2025-07-01T12:01:00', 'poll', '¿Dónde?', { fixedText: true, pick: true, f: { poll: { question: '¿Dónde?', options: [{ text: 'Casa', votes: 0 }, { text: 'Restaurante', votes: 1 }, { text: 'Terraza', votes: 2 }] } } }),
  c('¿Dónde?'),
  c(`${L}OPCIÓN: Casa (0 votos)`),
  c(`${L}OPCIÓN: Restaurante (1 voto)`),
  c(`${L}OPCIÓN: Terraza (2 votos)`),
  m('[01/07/2025, 12:05:00] Diego: Terraza', 'Diego', '2025-07-01T12:05:00', 'text', 'Terraza'),
  m('[01/07/2025, 12:06:00] Carmen López: Perfecto: reservo a las 21:30', 'Carmen López', '2025-07-01T12:06:00', 'text', 'Perfecto: reservo a las 21:30', { pick: true }),
  m('[04/07/2025, 21:25:00] Diego: Llego en cinco', 'Diego', '2025-07-04T21:25:00', 'text', 'Llego en cinco'),
  m(`${L}[04/07/2025, 21:26:00] Carmen López: ${L}imagen omitida`, 'Carmen López', '2025-07-04T21:26:00', 'media', '', { pick: true }),
  m(`[04/07/2025, 21:27:00] Diego: ${L}Se eliminó este mensaje.`, 'Diego', '2025-07-04T21:27:00', 'deleted', undefined),
  m('[13/07/2025, 10:00:00] Carmen López: ¡Gracias por la cena!', 'Carmen López', '2025-07-13T10:00:00', 'text', '¡Gracias por la cena!'),
]);

// ---------------------------------------------------------------------------------------------
// Exports "with media": folders zipped in memory by the runner.

const jpeg = (n) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(n, 0x2a), Buffer.from([0xff, 0xd9])]);
const opus = (n) => Buffer.concat([Buffer.from('OggS'), Buffer.alloc(n, 0x01)]);
const webp = (n) => Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4, 0), Buffer.from('WEBP'), Buffer.alloc(n, 0x07)]);
const vcf = Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Noah Kim\r\nTEL;TYPE=CELL:+82 10-1234-5678\r\nEND:VCARD\r\n');

file('android-en-2022-media.zip.d/WhatsApp Chat with Kim.txt', {
  about: 'an Android export with media, as the zip WhatsApp writes ("WhatsApp Chat with Kim.txt" beside the files): attached photo with caption, voice note, sticker and contact card found in the zip with their bytes; one attached file missing from the zip',
  source: '../shared/samples/whatsapp/android-en-gb-2022-media.txt ("(file attached)" lines); zip layout as Android writes it', language: 'en', platform: 'android', year: 2022,
  expectName: 'android-en-2022-media.zip.expect.json', options: { timeZone: 'Asia/Seoul' },
  extraFiles: { 'IMG-20220318-WA0001.jpg': jpeg(60), 'PTT-20220318-WA0002.opus': opus(40), 'STK-20220318-WA0003.webp': webp(20), 'Noah Kim.vcf': vcf },
}, [
  m('18/03/2022, 14:50 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.', '(system)', '2022-03-18T14:50', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.'),
  m('18/03/2022, 14:56 - Kim: look at this', 'Kim', '2022-03-18T14:56', 'text', 'look at this'),
  m('18/03/2022, 14:57 - Kim: IMG-20220318-WA0001.jpg (file attached)', 'Kim', '2022-03-18T14:57', 'media', '', { cap: true, pick: true, f: { attachments: [{ fileName: 'IMG-20220318-WA0001.jpg', mediaType: 'image/jpeg', size: 66 }] } }),
  c('Namsan tower at night'),
  m('18/03/2022, 14:58 - Sam: wow', 'Sam', '2022-03-18T14:58', 'text', 'wow'),
  m('18/03/2022, 14:59 - Kim: PTT-20220318-WA0002.opus (file attached)', 'Kim', '2022-03-18T14:59', 'media', '', { pick: true, f: { attachments: [{ fileName: 'PTT-20220318-WA0002.opus', size: 44 }] } }),
  m('18/03/2022, 15:00 - Sam: STK-20220318-WA0003.webp (file attached)', 'Sam', '2022-03-18T15:00', 'sticker', '', { f: { attachments: [{ fileName: 'STK-20220318-WA0003.webp', size: 32 }] } }),
  m('18/03/2022, 15:01 - Kim: Noah Kim.vcf (file attached)', 'Kim', '2022-03-18T15:01', 'media', '', { pick: true, f: { attachments: [{ fileName: 'Noah Kim.vcf', size: vcf.length }] } }),
  m('18/03/2022, 15:02 - Kim: VID-20220318-WA0004.mp4 (file attached)', 'Kim', '2022-03-18T15:02', 'media', '', { pick: true, f: { attachments: [{ fileName: 'VID-20220318-WA0004.mp4', notIncluded: {} }] } }),
  m('18/03/2022, 15:03 - Sam: the video did not come through', 'Sam', '2022-03-18T15:03', 'text', 'the video did not come through'),
  m('18/03/2022, 15:04 - Kim: <Media omitted>', 'Kim', '2022-03-18T15:04', 'media', ''),
  m('18/03/2022, 15:05 - Sam: thanks!', 'Sam', '2022-03-18T15:05', 'text', 'thanks!'),
]);

file('ios-en-2022-media.zip.d/_chat.txt', {
  about: 'an iOS export with media (_chat.txt beside the files): "<attached: …>" after U+200E, photo and audio found in the zip, a document with its title, one attached file missing from the zip, an omitted image',
  source: '../shared/samples/whatsapp/ios-en-2022-attached-media.txt (starkdmi/whats_json, real iOS export with media)', language: 'en', platform: 'ios', year: 2022,
  expectName: 'ios-en-2022-media.zip.expect.json', eol: '\r\n', options: { timeZone: 'Europe/London' },
  extraFiles: { '00000003-PHOTO-2022-03-27-21-41-55.jpg': jpeg(100), '00000004-AUDIO-2022-03-27-21-44-47.opus': opus(30), '00000006-Menu.pdf': Buffer.from('%PDF-1.4\n%%EOF\n') },
}, [
  m(`[3/18/22, 14:56:01] Elena: ${L}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`, '(system)', '2022-03-18T14:56:01', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.'),
  m('[3/27/22, 21:41:35] Dmitry S: Hello World', 'Dmitry S', '2022-03-27T21:41:35', 'text', 'Hello World'),
  m(`${L}[3/27/22, 21:41:55] Dmitry S: ${L}<attached: 00000003-PHOTO-2022-03-27-21-41-55.jpg>`, 'Dmitry S', '2022-03-27T21:41:55', 'media', '', { pick: true, f: { attachments: [{ fileName: '00000003-PHOTO-2022-03-27-21-41-55.jpg', mediaType: 'image/jpeg', size: 106 }] } }),
  m(`${L}[3/27/22, 21:44:47] Dmitry S: ${L}<attached: 00000004-AUDIO-2022-03-27-21-44-47.opus>`, 'Dmitry S', '2022-03-27T21:44:47', 'media', '', { f: { attachments: [{ fileName: '00000004-AUDIO-2022-03-27-21-44-47.opus', size: 34 }] } }),
  m('[3/27/22, 21:46:17] Elena: 😊', 'Elena', '2022-03-27T21:46:17', 'text', '😊'),
  m(`${L}[3/27/22, 21:50:09] Dmitry S: Menu.pdf ${L}<attached: 00000006-Menu.pdf>`, 'Dmitry S', '2022-03-27T21:50:09', 'media', 'Menu.pdf', { pick: true, f: { attachments: [{ fileName: '00000006-Menu.pdf', size: 15 }] } }),
  m(`${L}[3/27/22, 21:53:56] Dmitry S: ${L}<attached: 00000007-PHOTO-2022-03-27-21-53-56.jpg>`, 'Dmitry S', '2022-03-27T21:53:56', 'media', '', { pick: true, f: { attachments: [{ fileName: '00000007-PHOTO-2022-03-27-21-53-56.jpg', notIncluded: {} }] } }),
  m(`${L}[3/27/22, 21:54:10] Elena: ${L}image omitted`, 'Elena', '2022-03-27T21:54:10', 'media', ''),
  m(`[3/27/22, 21:54:45] Elena: ${L}This message was deleted.`, 'Elena', '2022-03-27T21:54:45', 'deleted', undefined),
  m('[3/27/22, 21:55:00] Dmitry S: the second photo did not make it', 'Dmitry S', '2022-03-27T21:55:00', 'text', 'the second photo did not make it', { pick: true }),
  m('[3/27/22, 21:56:00] Elena: no worries', 'Elena', '2022-03-27T21:56:00', 'text', 'no worries'),
]);
