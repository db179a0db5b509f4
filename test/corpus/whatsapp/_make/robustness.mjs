/**
 * Nothing vanishes silently (issue 16, "What failed" 3, "What must work" 2): byte order marks in
 * the middle of a file (two exports pasted together), impossible 12-hour times and dates that
 * look like headers, invisible marks around and inside headers, a file cut inside a character,
 * a phone clock that jumped, and a file whose dates cannot tell day from month.
 */
import { bad, BOM, c, FSI, file, LRM as L, m, more, NBSP, NNBSP, PDI, RLM } from './kit.mjs';

const two = (n) => String(n).padStart(2, '0');
const h12 = (h) => (h % 12 === 0 ? 12 : h % 12);
const ap = (h) => (h < 12 ? 'AM' : 'PM');

file('ios-en-2022-bom-mid-file.txt', {
  about: 'two iOS exports pasted into one file: a BOM at the start and another U+FEFF at the start of line 9, where the second export begins; no message may vanish into the one before',
  source: 'issue 16, "What failed" 3 (a U+FEFF in the middle of the file swallowed the messages after it)', language: 'en', platform: 'ios', year: 2022,
  bom: true, eol: '\r\n', options: { timeZone: 'Europe/London' },
}, [
  m(`[01/03/2022, 10:00:01] Kim: ${L}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`, '(system)', '2022-03-01T10:00:01', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.'),
  m('[01/03/2022, 10:00:05] Kim: morning!', 'Kim', '2022-03-01T10:00:05', 'text', 'morning!'),
  m('[01/03/2022, 10:01:00] Lee: morning', 'Lee', '2022-03-01T10:01:00', 'text', 'morning'),
  m('[01/03/2022, 10:02:30] Kim: did you book the table?', 'Kim', '2022-03-01T10:02:30', 'text', 'did you book the table?'),
  m('[01/03/2022, 10:03:00] Lee: yes, 8pm', 'Lee', '2022-03-01T10:03:00', 'text', 'yes, 8pm\nunder my name', { fixedText: true, pick: true }),
  c('under my name'),
  m('[01/03/2022, 10:04:10] Kim: 👍', 'Kim', '2022-03-01T10:04:10', 'text', '👍'),
  m('[01/03/2022, 10:05:00] Lee: see you', 'Lee', '2022-03-01T10:05:00', 'text', 'see you'),
  m(`${BOM}[15/03/2022, 09:00:00] Kim: ${L}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`, '(system)', '2022-03-15T09:00:00', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.', { pick: true }),
  m('[15/03/2022, 09:00:10] Kim: second export starts here', 'Kim', '2022-03-15T09:00:10', 'text', 'second export starts here', { pick: true }),
  m('[15/03/2022, 09:01:00] Lee: back from holiday?', 'Lee', '2022-03-15T09:01:00', 'text', 'back from holiday?'),
  m('[15/03/2022, 09:02:00] Kim: yes, yesterday', 'Kim', '2022-03-15T09:02:00', 'text', 'yes, yesterday'),
  m('[15/03/2022, 09:03:00] Lee: photos please', 'Lee', '2022-03-15T09:03:00', 'text', 'photos please'),
  m('[15/03/2022, 09:04:00] Kim: tonight', 'Kim', '2022-03-15T09:04:00', 'text', 'tonight'),
  m('[15/03/2022, 21:30:00] Kim: as promised', 'Kim', '2022-03-15T21:30:00', 'text', 'as promised'),
]);

file('android-en-2021-bom-mid-file.txt', {
  about: 'two Android exports pasted into one file, the second starting with U+FEFF on line 8',
  source: 'issue 16, "What failed" 3', language: 'en', platform: 'android', year: 2021,
  bom: true, options: { timeZone: 'Europe/Dublin' },
}, [
  m('14/02/2021, 08:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.', '(system)', '2021-02-14T08:00', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.'),
  m('14/02/2021, 08:01 - Aoife: happy valentines 💕', 'Aoife', '2021-02-14T08:01', 'text', 'happy valentines 💕'),
  m('14/02/2021, 08:05 - Cian: and to you', 'Cian', '2021-02-14T08:05', 'text', 'and to you'),
  m('14/02/2021, 08:06 - Cian: <Media omitted>', 'Cian', '2021-02-14T08:06', 'media', ''),
  m('14/02/2021, 08:07 - Aoife: 😍', 'Aoife', '2021-02-14T08:07', 'text', '😍'),
  m('14/02/2021, 19:00 - Cian: dinner at 8?', 'Cian', '2021-02-14T19:00', 'text', 'dinner at 8?'),
  m('14/02/2021, 19:02 - Aoife: perfect', 'Aoife', '2021-02-14T19:02', 'text', 'perfect', { pick: true }),
  m(`${BOM}20/02/2021, 10:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.`, '(system)', '2021-02-20T10:00', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.', { pick: true }),
  m('20/02/2021, 10:01 - Aoife: new phone, new export', 'Aoife', '2021-02-20T10:01', 'text', 'new phone, new export', { pick: true }),
  m('20/02/2021, 10:02 - Cian: fancy', 'Cian', '2021-02-20T10:02', 'text', 'fancy'),
  m('20/02/2021, 10:03 - Aoife: This message was deleted', 'Aoife', '2021-02-20T10:03', 'deleted', undefined),
  m('20/02/2021, 10:04 - Cian: ?', 'Cian', '2021-02-20T10:04', 'text', '?'),
  m('20/02/2021, 10:05 - Aoife: never mind', 'Aoife', '2021-02-20T10:05', 'text', 'never mind'),
]);

file('ios-en-us-2023-impossible-times.txt', {
  about: 'iOS en-US 12-hour with two header-shaped lines whose times cannot exist ("23:59:00 PM" on line 3, "00:04:00 AM" on line 6): each stays, verbatim, in the message above it and is reported; nothing else is lost',
  source: 'issue 16, "What failed" 3 ("23:59 PM", "00:04 AM" swallowed with no warning)', language: 'en', platform: 'ios', year: 2023,
  eol: '\r\n', options: { timeZone: 'America/New_York' },
}, [
  m(`[1/5/23, 9:41:07${NNBSP}PM] Ann: are we still on for tomorrow?`, 'Ann', '2023-01-05T21:41:07', 'text', 'are we still on for tomorrow?'),
  m(`[1/5/23, 9:42:10${NNBSP}PM] Ben: yes`, 'Ben', '2023-01-05T21:42:10', 'text', 'yes', { pick: true }),
  bad(`[1/5/23, 23:59:00${NNBSP}PM] Ann: what time?`),
  m(`[1/5/23, 11:02:00${NNBSP}PM] Ann: 10 at the café`, 'Ann', '2023-01-05T23:02:00', 'text', '10 at the café', { pick: true }),
  m(`[1/5/23, 11:03:00${NNBSP}PM] Ben: 👍`, 'Ben', '2023-01-05T23:03:00', 'text', '👍', { pick: true }),
  bad(`[1/6/23, 00:04:00${NNBSP}AM] Ben: night`),
  m(`[1/6/23, 12:04:00${NNBSP}AM] Ann: night`, 'Ann', '2023-01-06T00:04:00', 'text', 'night', { pick: true }),
  m(`[1/6/23, 9:58:00${NNBSP}AM] Ben: here`, 'Ben', '2023-01-06T09:58:00', 'text', 'here'),
  m(`[1/6/23, 10:01:00${NNBSP}AM] Ann: coming`, 'Ann', '2023-01-06T10:01:00', 'text', 'coming'),
  m(`[1/6/23, 12:00:00${NNBSP}PM] Ben: thanks for the coffee`, 'Ben', '2023-01-06T12:00:00', 'text', 'thanks for the coffee'),
  m(`[1/13/23, 8:00:00${NNBSP}PM] Ann: same again next week?`, 'Ann', '2023-01-13T20:00:00', 'text', 'same again next week?'),
  ...more((p, n, t) => `[${p.mo}/${p.d}/23, ${h12(p.hh)}:${two(p.mi)}:${two(p.ss)}${NNBSP}${ap(p.hh)}] ${n}: ${t}`, ['Ben', 'Ann'], { y: 2023, mo: 1, d: 13, hh: 20, mi: 10, ss: 0 }, ['sure', 'same time?', 'yes'], { seconds: true }),
]);

file('android-en-us-2022-impossible-times.txt', {
  about: 'Android en-US 12-hour with header-shaped lines that cannot be headers: "23:59 PM" (line 3), "00:04 AM" (line 6) and 2/30 (line 9); each stays in the message above and is reported',
  source: 'issue 16, "What failed" 3 and "What must work" 2 (impossible time or date)', language: 'en', platform: 'android', year: 2022,
  options: { timeZone: 'America/Denver' },
}, [
  m(`1/5/22, 9:41${NNBSP}PM - Sam: movie tonight?`, 'Sam', '2022-01-05T21:41', 'text', 'movie tonight?'),
  m(`1/5/22, 9:42${NNBSP}PM - Alex: which one`, 'Alex', '2022-01-05T21:42', 'text', `which one\n1/5/22, 23:59${NNBSP}PM - Sam: the new one`, { fixedText: true, pick: true }),
  bad(`1/5/22, 23:59${NNBSP}PM - Sam: the new one`),
  m(`1/5/22, 9:50${NNBSP}PM - Sam: starts at 10:15`, 'Sam', '2022-01-05T21:50', 'text', 'starts at 10:15'),
  m(`1/5/22, 9:51${NNBSP}PM - Alex: ok`, 'Alex', '2022-01-05T21:51', 'text', `ok\n1/6/22, 00:04${NNBSP}AM - Alex: that was great`, { fixedText: true, pick: true }),
  bad(`1/6/22, 00:04${NNBSP}AM - Alex: that was great`),
  m(`1/6/22, 12:10${NNBSP}AM - Sam: agreed`, 'Sam', '2022-01-06T00:10', 'text', 'agreed'),
  m(`1/13/22, 8:00${NNBSP}AM - Alex: rent is due`, 'Alex', '2022-01-13T08:00', 'text', `rent is due\n2/30/22, 10:00${NNBSP}AM - Alex: reminder`, { fixedText: true, pick: true }),
  bad(`2/30/22, 10:00${NNBSP}AM - Alex: reminder`),
  m(`2/1/22, 9:00${NNBSP}AM - Sam: paid`, 'Sam', '2022-02-01T09:00', 'text', 'paid'),
  m(`2/1/22, 9:01${NNBSP}AM - Alex: thanks`, 'Alex', '2022-02-01T09:01', 'text', 'thanks'),
  m(`2/1/22, 9:02${NNBSP}AM - Sam: 👍`, 'Sam', '2022-02-01T09:02', 'text', '👍'),
  ...more((p, n, t) => `${p.mo}/${p.d}/22, ${h12(p.hh)}:${two(p.mi)}${NNBSP}${ap(p.hh)} - ${n}: ${t}`, ['Alex', 'Sam'], { y: 2022, mo: 2, d: 1, hh: 9, mi: 10 }, ['dinner tonight?', 'yes: pizza']),
]);

file('android-en-2020-invisible-marks.txt', {
  about: 'Android with invisible characters where phones and editors leave them: a BOM, U+200E before a header, U+200F after the day and month, U+00A0 between date and time, U+200E before a body, mentions wrapped in U+2068/U+2069',
  source: 'marks seen in real files (U+200E/U+200F in ../shared/samples/whatsapp, U+00A0 in Pustur/whatsapp-chat-parser#224, U+2068/U+2069 around mentions in recent exports); their combination in one Android file is constructed', language: 'en', platform: 'android', year: 2020,
  bom: true, options: { timeZone: 'Europe/London' },
}, [
  m('12/9/20, 23:50 - Alice created group "Some cool group chat"', '(system)', '2020-09-12T23:50', 'system', 'Alice created group "Some cool group chat"'),
  m(`${L}12/9/20, 23:51 - Bob: hello`, 'Bob', '2020-09-12T23:51', 'text', 'hello', { pick: true }),
  m(`12${RLM}/9${RLM}/20, 23:52 - Eve: hi`, 'Eve', '2020-09-12T23:52', 'text', 'hi', { pick: true }),
  m(`12/9/20,${NBSP}23:53 - Alice: boiii`, 'Alice', '2020-09-12T23:53', 'text', 'boiii'),
  m(`12/9/20, 23:54 - Bob: ${L}No idea, lets try it out!`, 'Bob', '2020-09-12T23:54', 'text', 'No idea, lets try it out!', { pick: true }),
  m(`12/9/20, 23:55 - Alice: @${FSI}Eve${PDI} are you coming?`, 'Alice', '2020-09-12T23:55', 'text', `@${FSI}Eve${PDI} are you coming?`, { pick: true }),
  m('12/9/20, 23:56 - Eve: yes', 'Eve', '2020-09-12T23:56', 'text', 'yes'),
  m('13/9/20, 00:10 - Mallory: im mallory', 'Mallory', '2020-09-13T00:10', 'text', 'im mallory'),
  m('13/9/20, 00:11 - Bob: hi mallory', 'Bob', '2020-09-13T00:11', 'text', 'hi mallory'),
  m('13/9/20, 00:12 - Eve: 👋', 'Eve', '2020-09-13T00:12', 'text', '👋'),
]);

file('android-en-2018-lrm-body.txt', {
  about: 'Android with U+200E at the start of an authored body ("1/29/18, 23:49 - Alice: ‎No idea, lets try it out!"): still Alice\'s message',
  source: 'issue 16, "What failed" 1 (quotes this line)', language: 'en', platform: 'android', year: 2018,
  options: { timeZone: 'America/New_York' },
}, [
  m('1/29/18, 23:40 - Bob: should we use the new parser?', 'Bob', '2018-01-29T23:40', 'text', 'should we use the new parser?'),
  m(`1/29/18, 23:49 - Alice: ${L}No idea, lets try it out!`, 'Alice', '2018-01-29T23:49', 'text', 'No idea, lets try it out!', { pick: true }),
  m(`1/29/18, 23:50 - Bob: ${L}ok`, 'Bob', '2018-01-29T23:50', 'text', 'ok', { pick: true }),
  m(`1/29/18, 23:51 - Alice: ${L}${L}two marks in front`, 'Alice', '2018-01-29T23:51', 'text', 'two marks in front', { pick: true }),
  m(`1/30/18, 08:00 - Bob: morning ${L}with a mark inside`, 'Bob', '2018-01-30T08:00', 'text', `morning ${L}with a mark inside`, { pick: true }),
  m('1/30/18, 08:01 - Alice: 👍', 'Alice', '2018-01-30T08:01', 'text', '👍'),
  m('1/30/18, 08:02 - Bob: see you at 9', 'Bob', '2018-01-30T08:02', 'text', 'see you at 9'),
  m('1/30/18, 08:03 - Alice: ok', 'Alice', '2018-01-30T08:03', 'text', 'ok'),
  m('1/30/18, 09:01 - Bob: here', 'Bob', '2018-01-30T09:01', 'text', 'here'),
  m('1/30/18, 09:02 - Alice: coming', 'Alice', '2018-01-30T09:02', 'text', 'coming'),
]);

file('android-en-2022-cut-mid-character.txt', {
  about: 'an Android export cut inside the last character (the second byte of "é" is missing): the messages read, and the cut is reported',
  source: 'issue 16, "What must work" 2 (a truncated file is reported as cut)', language: 'en', platform: 'android', year: 2022,
  finalNewline: false, truncateBytes: 1, truncated: true, options: { timeZone: 'Europe/Paris' },
}, [
  m('18/03/2022, 14:56 - Dmitry S: Hello', 'Dmitry S', '2022-03-18T14:56', 'text', 'Hello'),
  m('18/03/2022, 14:57 - Elon: hi', 'Elon', '2022-03-18T14:57', 'text', 'hi'),
  m('18/03/2022, 14:58 - Dmitry S: lunch?', 'Dmitry S', '2022-03-18T14:58', 'text', 'lunch?'),
  m('18/03/2022, 14:59 - Elon: sure', 'Elon', '2022-03-18T14:59', 'text', 'sure'),
  m('18/03/2022, 15:00 - Dmitry S: where?', 'Dmitry S', '2022-03-18T15:00', 'text', 'where?'),
  m('18/03/2022, 15:01 - Elon: the usual', 'Elon', '2022-03-18T15:01', 'text', 'the usual', { pick: true }),
  m('18/03/2022, 15:02 - Dmitry S: 12:30?', 'Dmitry S', '2022-03-18T15:02', 'text', '12:30?'),
  m('18/03/2022, 15:03 - Elon: ok', 'Elon', '2022-03-18T15:03', 'text', 'ok'),
  m('18/03/2022, 15:04 - Dmitry S: 👍', 'Dmitry S', '2022-03-18T15:04', 'text', '👍'),
  m('18/03/2022, 15:05 - Elon: see you at the café', 'Elon', '2022-03-18T15:05', 'text', undefined),
]);

file('android-en-2021-out-of-order.txt', {
  about: 'a phone clock that jumped back: line 4 is earlier than line 3; the archive lists messages by time and says the file was out of order',
  source: 'Ferry\'s own behaviour contract (src/connectors/whatsapp/README.md, "Time order"); clock jumps are common after travel', language: 'en', platform: 'android', year: 2021,
  timeOrder: true, warnings: ['not_time_ordered'], options: { timeZone: 'Asia/Singapore' },
}, [
  m('05/06/2021, 10:00 - Wei: boarding now', 'Wei', '2021-06-05T10:00', 'text', 'boarding now'),
  m('05/06/2021, 10:01 - Mei: safe flight', 'Mei', '2021-06-05T10:01', 'text', 'safe flight'),
  m('05/06/2021, 18:30 - Wei: landed', 'Wei', '2021-06-05T18:30', 'text', 'landed', { pick: true }),
  m('05/06/2021, 13:30 - Wei: (phone clock fixed) at the hotel', 'Wei', '2021-06-05T13:30', 'text', '(phone clock fixed) at the hotel', { pick: true }),
  m('05/06/2021, 13:31 - Mei: great', 'Mei', '2021-06-05T13:31', 'text', 'great', { pick: true }),
  m('05/06/2021, 13:35 - Wei: <Media omitted>', 'Wei', '2021-06-05T13:35', 'media', ''),
  m('05/06/2021, 13:36 - Mei: nice view', 'Mei', '2021-06-05T13:36', 'text', 'nice view'),
  m('06/06/2021, 09:00 - Wei: breakfast', 'Wei', '2021-06-06T09:00', 'text', 'breakfast'),
  m('06/06/2021, 09:01 - Mei: enjoy', 'Mei', '2021-06-06T09:01', 'text', 'enjoy'),
  m('13/06/2021, 20:00 - Wei: home again', 'Wei', '2021-06-13T20:00', 'text', 'home again'),
]);

file('android-en-2024-undecidable-date-order.txt', {
  about: 'every date reads both ways and both readings are in time order (1/2, 3/4, 5/6 ...): the reader must ask for --date-order; given dmy, the dates are 1 February, 3 April, ...',
  source: 'Ferry\'s contract (issue 16, "What must work" 1: ask only when the file truly cannot decide)', language: 'en', platform: 'android', year: 2024,
  options: { timeZone: 'Europe/London', dateOrder: 'dmy' },
}, [
  m('1/2/24, 10:00 - Ruth: monthly reminder: book club', 'Ruth', '2024-02-01T10:00', 'text', 'monthly reminder: book club'),
  m('1/2/24, 10:05 - Sam: thanks', 'Sam', '2024-02-01T10:05', 'text', 'thanks'),
  m('3/4/24, 10:00 - Ruth: monthly reminder: book club', 'Ruth', '2024-04-03T10:00', 'text', 'monthly reminder: book club', { pick: true }),
  m('3/4/24, 10:07 - Sam: coming', 'Sam', '2024-04-03T10:07', 'text', 'coming'),
  m('5/6/24, 10:00 - Ruth: monthly reminder: book club', 'Ruth', '2024-06-05T10:00', 'text', 'monthly reminder: book club'),
  m('5/6/24, 10:02 - Sam: can\'t make it', 'Sam', '2024-06-05T10:02', 'text', 'can\'t make it', { pick: true }),
  m('7/8/24, 10:00 - Ruth: monthly reminder: book club', 'Ruth', '2024-08-07T10:00', 'text', 'monthly reminder: book club'),
  m('9/10/24, 10:00 - Ruth: monthly reminder: book club', 'Ruth', '2024-10-09T10:00', 'text', 'monthly reminder: book club'),
  m('9/10/24, 10:30 - Sam: see you', 'Sam', '2024-10-09T10:30', 'text', 'see you'),
  m('11/12/24, 10:00 - Ruth: last one this year', 'Ruth', '2024-12-11T10:00', 'text', 'last one this year'),
]);
