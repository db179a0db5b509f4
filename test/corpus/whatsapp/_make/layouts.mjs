/**
 * Header layouts from 2012 to 2026: field order, separators, brackets, the separator before the
 * author, 12-hour marks. Each file is one layout, as a phone writes one layout per export. Where
 * each shape was seen is in the file's `source` and in SOURCES.md.
 */
import { c, file, LRE, PDF, LRM as L, m, more, NBSP, NNBSP, at } from './kit.mjs';

const two = (n) => String(n).padStart(2, '0');
const h12 = (h) => (h % 12 === 0 ? 12 : h % 12);
const ap = (h) => (h < 12 ? 'AM' : 'PM');


// ---------------------------------------------------------------------------------------------
// Brackets without seconds (issue 16, "What failed" 2).

file('ios-2019-bracket-no-seconds-iso.txt', {
  about: 'bracketed year-first dates without seconds and without a comma ("[2019-04-16 02:09] Mary: text"): a layout that was refused outright',
  source: 'issue 16, "What failed" 2 (from the public sample set behind it); which platform and version writes brackets without seconds is not confirmed', language: 'en', platform: 'ios', year: 2019,
}, [
  m('[2019-04-16 02:09] Mary: are you still up?', 'Mary', '2019-04-16T02:09', 'text', 'are you still up?'),
  m('[2019-04-16 02:11] Tom: barely', 'Tom', '2019-04-16T02:11', 'text', 'barely'),
  m('[2019-04-16 02:11] Mary: the flight moved to 7:40', 'Mary', '2019-04-16T02:11', 'text', 'the flight moved to 7:40', { pick: true }),
  c('gate B12, not B21'),
  m('[2019-04-16 02:12] Tom: ok: alarm set', 'Tom', '2019-04-16T02:12', 'text', 'ok: alarm set'),
  m('[2019-04-16 07:05] Mary: boarding', 'Mary', '2019-04-16T07:05', 'text', 'boarding'),
  m('[2019-04-17 23:59] Tom: landed?', 'Tom', '2019-04-17T23:59', 'text', 'landed?', { pick: true }),
  m('[2019-04-18 00:00] Mary: just now', 'Mary', '2019-04-18T00:00', 'text', 'just now'),
  m('[2019-05-01 12:30] Tom: [2019-04-18 00:00] was a long day', 'Tom', '2019-05-01T12:30', 'text', '[2019-04-18 00:00] was a long day', { pick: true }),
  m('[2019-05-01 12:31] Mary: 😴', 'Mary', '2019-05-01T12:31', 'text', '😴'),
  ...more((p, n, t) => `[${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.hh)}:${two(p.mi)}] ${n}: ${t}`, ['Mary', 'Tom'], { y: 2019, mo: 5, d: 2, hh: 9, mi: 0 }, ['coffee?', 'in 10', 'usual place: corner table']),
]);

file('ios-2016-bracket-no-seconds-ymd-slash.txt', {
  about: 'bracketed year-first dates with slashes and no seconds ("[2016/04/15 15:04] Ash: text")',
  source: 'issue 16, "What failed" 2; which platform writes it is not confirmed', language: 'en', platform: 'ios', year: 2016,
}, [
  m('[2016/04/15 15:04] Ash: lunch?', 'Ash', '2016-04-15T15:04', 'text', 'lunch?'),
  m('[2016/04/15 15:05] Misty: give me 10 min', 'Misty', '2016-04-15T15:05', 'text', 'give me 10 min'),
  m('[2016/04/15 15:20] Ash: at the usual place', 'Ash', '2016-04-15T15:20', 'text', 'at the usual place', { pick: true }),
  c(''),
  c('(the one with the red door)'),
  m('[2016/04/16 09:00] Misty: thanks for yesterday', 'Misty', '2016-04-16T09:00', 'text', 'thanks for yesterday'),
  m('[2016/12/31 23:58] Ash: happy new year in 2 minutes', 'Ash', '2016-12-31T23:58', 'text', 'happy new year in 2 minutes', { pick: true }),
  m('[2017/01/01 00:01] Misty: 🎆', 'Misty', '2017-01-01T00:01', 'text', '🎆'),
  ...more((p, n, t) => `[${p.y}/${two(p.mo)}/${two(p.d)} ${two(p.hh)}:${two(p.mi)}] ${n}: ${t}`, ['Ash', 'Misty'], { y: 2017, mo: 1, d: 1, hh: 10, mi: 0 }, ['brunch?', 'yes please', 'the usual at 11', 'see you there', 'running late']),
]);

// ---------------------------------------------------------------------------------------------
// Colon before the author (iOS before 2017), phone numbers wrapped in U+202A/U+202C.

file('ios-2016-colon-phone-numbers.txt', {
  about: 'the 2016 iOS layout without brackets and with ":" before the author ("4/26/16, 16:23:03: +55 61 8121-3457: text"), phone-number authors wrapped in U+202A/U+202C',
  source: 'issue 16, "What failed" 2 (quotes the line and the U+202A/U+202C marks); nmoya/whatsapp-parser#4 (colon layouts 2012-2014)', language: 'pt-BR', platform: 'ios', year: 2016,
  options: { timeZone: 'America/Sao_Paulo' },
}, [
  m(`4/26/16, 16:20:11: ${LRE}+55 61 8121-3457${PDF}: Oi pessoal, tudo certo pro sábado?`, '+55 61 8121-3457', '2016-04-26T16:20:11', 'text', 'Oi pessoal, tudo certo pro sábado?', { pick: true }),
  m('4/26/16, 16:21:40: Carla Souza: Tudo! Levo a salada', 'Carla Souza', '2016-04-26T16:21:40', 'text', 'Tudo! Levo a salada'),
  m(`4/26/16, 16:23:03: ${LRE}+55 61 9988-1122${PDF}: Eu levo o carvão`, '+55 61 9988-1122', '2016-04-26T16:23:03', 'text', 'Eu levo o carvão', { pick: true }),
  m(`4/26/16, 16:23:30: ${LRE}+55 61 8121-3457${PDF}: Fechado: 13h na casa da Carla`, '+55 61 8121-3457', '2016-04-26T16:23:30', 'text', 'Fechado: 13h na casa da Carla'),
  c('Rua das Flores, 120'),
  m('4/27/16, 09:02:00: Carla Souza: Bom dia!', 'Carla Souza', '2016-04-27T09:02:00', 'text', 'Bom dia!'),
  m(`4/27/16, 09:05:14: ${LRE}+55 61 9988-1122${PDF}: 👍`, '+55 61 9988-1122', '2016-04-27T09:05:14', 'text', '👍'),
  m('4/30/16, 13:15:59: Carla Souza: Chegando em 5 min', 'Carla Souza', '2016-04-30T13:15:59', 'text', 'Chegando em 5 min', { pick: true }),
  m(`4/30/16, 18:40:02: ${LRE}+55 61 8121-3457${PDF}: Valeu, galera!`, '+55 61 8121-3457', '2016-04-30T18:40:02', 'text', 'Valeu, galera!'),
  ...more((p, n, t) => `${p.mo}/${p.d}/16, ${two(p.hh)}:${two(p.mi)}:${two(p.ss)}: ${n.startsWith('+') ? `${LRE}${n}${PDF}` : n}: ${t}`, ['Carla Souza', '+55 61 8121-3457'], { y: 2016, mo: 5, d: 1, hh: 10, mi: 0, ss: 5 }, ['Alguém viu meus óculos?', 'Ficaram na mesa da varanda', 'Ufa, obrigada!'], { seconds: true }),
]);

file('ios-2014-colon-12h.txt', {
  about: 'the 2014 layout with ":" before the author and a 12-hour clock with seconds ("3/24/14, 1:59:59 PM: Sender Name: Message"), including 12 AM (midnight) and 12 PM (noon)',
  source: 'nmoya/whatsapp-parser#4 (quotes "3/24/14, 1:59:59 PM: Sender Name: Message")', language: 'en', platform: 'ios', year: 2014,
  options: { timeZone: 'America/New_York' },
}, [
  m('3/24/14, 1:59:59 PM: Sender Name: Message', 'Sender Name', '2014-03-24T13:59:59', 'text', 'Message'),
  m('3/24/14, 2:01:10 PM: Dana Lee: the train is late again', 'Dana Lee', '2014-03-24T14:01:10', 'text', 'the train is late again'),
  m('3/24/14, 11:59:59 PM: Sender Name: still here?', 'Sender Name', '2014-03-24T23:59:59', 'text', 'still here?'),
  m('3/25/14, 12:00:01 AM: Dana Lee: yes, just past midnight', 'Dana Lee', '2014-03-25T00:00:01', 'text', 'yes, just past midnight', { pick: true }),
  m('3/25/14, 12:45:00 AM: Sender Name: go to sleep', 'Sender Name', '2014-03-25T00:45:00', 'text', 'go to sleep'),
  m('3/25/14, 12:00:00 PM: Dana Lee: noon: lunch?', 'Dana Lee', '2014-03-25T12:00:00', 'text', 'noon: lunch?', { pick: true }),
  m('3/25/14, 12:30:00 PM: Sender Name: on my way', 'Sender Name', '2014-03-25T12:30:00', 'text', 'on my way', { pick: true }),
  c('5 minutes'),
  m('3/26/14, 1:00:00 AM: Dana Lee: can\'t sleep', 'Dana Lee', '2014-03-26T01:00:00', 'text', 'can\'t sleep'),
  ...more((p, n, t) => `${p.mo}/${p.d}/14, ${h12(p.hh)}:${two(p.mi)}:${two(p.ss)} ${ap(p.hh)}: ${n}: ${t}`, ['Sender Name', 'Dana Lee'], { y: 2014, mo: 3, d: 26, hh: 9, mi: 0, ss: 10 }, ['morning', 'coffee first', 'then the meeting at 10'], { seconds: true }),
], );

file('ios-2014-colon-dmy.txt', {
  about: 'the 2014 layout with ":" before the author, day first, 24-hour with seconds ("24/3/14, 13:59:59: Sender Name: Message")',
  source: 'nmoya/whatsapp-parser#4', language: 'en', platform: 'ios', year: 2014,
  options: { timeZone: 'Europe/London' },
}, [
  m('24/3/14, 13:59:59: Sender Name: Message', 'Sender Name', '2014-03-24T13:59:59', 'text', 'Message'),
  m('24/3/14, 14:02:31: Priya Patel: got it, thanks', 'Priya Patel', '2014-03-24T14:02:31', 'text', 'got it, thanks'),
  m('25/3/14, 08:15:00: Sender Name: morning', 'Sender Name', '2014-03-25T08:15:00', 'text', 'morning', { pick: true }),
  m('1/4/14, 19:00:00: Priya Patel: April already: time flies', 'Priya Patel', '2014-04-01T19:00:00', 'text', 'April already: time flies', { pick: true }),
  m('1/4/14, 19:01:12: Sender Name: it does', 'Sender Name', '2014-04-01T19:01:12', 'text', 'it does'),
  c('see you Sunday'),
  m('12/4/14, 10:10:10: Priya Patel: 🎂', 'Priya Patel', '2014-04-12T10:10:10', 'text', '🎂'),
  ...more((p, n, t) => `${p.d}/${p.mo}/14, ${two(p.hh)}:${two(p.mi)}:${two(p.ss)}: ${n}: ${t}`, ['Sender Name', 'Priya Patel'], { y: 2014, mo: 4, d: 12, hh: 11, mi: 0, ss: 20 }, ['ok', 'sounds good', 'what time works for you?', 'let me check: maybe 3', 'see you then', 'cheers'], { seconds: true }),
]);

file('ios-2012-colon-no-comma.txt', {
  about: 'the 2012 layout: a four-digit year, no comma, seconds, ":" before the author ("09/12/2012 17:03:48: Sender Name: Message"); day first, decided by 23/12',
  source: 'nmoya/whatsapp-parser#4 (quotes "09/12/2012 17:03:48: Sender Name: Message")', language: 'en', platform: 'ios', year: 2012,
}, [
  m('09/12/2012 17:03:48: Sender Name: Message', 'Sender Name', '2012-12-09T17:03:48', 'text', 'Message'),
  m('09/12/2012 17:05:02: Lena: did the parcel arrive?', 'Lena', '2012-12-09T17:05:02', 'text', 'did the parcel arrive?'),
  m('10/12/2012 09:30:00: Sender Name: yes, this morning', 'Sender Name', '2012-12-10T09:30:00', 'text', 'yes, this morning', { pick: true }),
  m('23/12/2012 20:00:00: Lena: merry Christmas in advance', 'Lena', '2012-12-23T20:00:00', 'text', 'merry Christmas in advance', { pick: true }),
  m('31/12/2012 23:59:59: Sender Name: last one of the year', 'Sender Name', '2012-12-31T23:59:59', 'text', 'last one of the year'),
  m('01/01/2013 00:00:30: Lena: first one of the next', 'Lena', '2013-01-01T00:00:30', 'text', 'first one of the next'),
  ...more((p, n, t) => `${two(p.d)}/${two(p.mo)}/${p.y} ${two(p.hh)}:${two(p.mi)}:${two(p.ss)}: ${n}: ${t}`, ['Sender Name', 'Lena'], { y: 2013, mo: 1, d: 1, hh: 10, mi: 0, ss: 1 }, ['happy new year!', 'and to you', 'any plans today?', 'sleeping', 'fair'], { seconds: true }),
]);

file('colon-dots-2018.txt', {
  about: 'dots in date and time, ":" before the author, no comma ("13.06.18 21.25.15: a: m")',
  source: 'Pustur/whatsapp-chat-parser src/parser.test.js ("13.06.18 21.25.15: a: m")', language: 'da', platform: 'unknown', year: 2018,
}, [
  m('13.06.18 21.25.15: Mette: Hej! Kommer du i morgen?', 'Mette', '2018-06-13T21:25:15', 'text', 'Hej! Kommer du i morgen?'),
  m('13.06.18 21.26.02: Søren: Ja, kl. 10.30', 'Søren', '2018-06-13T21:26:02', 'text', 'Ja, kl. 10.30', { pick: true }),
  m('13.06.18 21.26.40: Mette: Godt: jeg tager kage med', 'Mette', '2018-06-13T21:26:40', 'text', 'Godt: jeg tager kage med'),
  m('14.06.18 10.31.00: Søren: Jeg er her', 'Søren', '2018-06-14T10:31:00', 'text', 'Jeg er her', { pick: true }),
  c('ved indgangen'),
  m('14.06.18 10.33.09: Mette: 2 min', 'Mette', '2018-06-14T10:33:09', 'text', '2 min'),
  ...more((p, n, t) => `${two(p.d)}.${two(p.mo)}.18 ${two(p.hh)}.${two(p.mi)}.${two(p.ss)}: ${n}: ${t}`, ['Mette', 'Søren'], { y: 2018, mo: 6, d: 14, hh: 11, mi: 0, ss: 3 }, ['Tak for i dag', 'I lige måde', 'Ses på fredag?', 'Ja!', 'Godnat'], { seconds: true }),
]);

file('ios-2018-bracket-mdy-dots.txt', {
  about: 'bracketed, month first with dots in the date, no comma ("[06.13.18 21:25:15] a: m"); month first decided by 13',
  source: 'Pustur/whatsapp-chat-parser src/parser.test.js ("[06.13.18 21:25:15] a: m")', language: 'en', platform: 'ios', year: 2018,
}, [
  m('[06.12.18 08:00:00] Ray: new week, new plan', 'Ray', '2018-06-12T08:00:00', 'text', 'new week, new plan'),
  m('[06.13.18 21:25:15] Ann: m', 'Ann', '2018-06-13T21:25:15', 'text', 'm', { pick: true }),
  m('[06.13.18 21:26:00] Ray: what does m mean', 'Ray', '2018-06-13T21:26:00', 'text', 'what does m mean'),
  m('[06.14.18 07:45:31] Ann: maybe', 'Ann', '2018-06-14T07:45:31', 'text', 'maybe', { pick: true }),
  m('[07.01.18 12:00:00] Ray: July!', 'Ray', '2018-07-01T12:00:00', 'text', 'July!'),
  ...more((p, n, t) => `[${two(p.mo)}.${two(p.d)}.18 ${two(p.hh)}:${two(p.mi)}:${two(p.ss)}] ${n}: ${t}`, ['Ann', 'Ray'], { y: 2018, mo: 7, d: 1, hh: 13, mi: 0, ss: 0 }, ['fireworks on the 4th?', 'always', 'bring chairs', 'and snacks', 'deal'], { seconds: true }),
]);

// ---------------------------------------------------------------------------------------------
// Android 2013: the time first, then the date with the month's name in the file's language.

file('android-en-2013-time-first-month-names.txt', {
  about: 'the 2013 Android layout: time first, then the date with an English month name ("19:23, 28 Aug 2013 - Name: text")',
  source: 'issue 16, "What failed" 2 (quotes "19:23, 28 Aug 2013 - Name: text")', language: 'en', platform: 'android', year: 2013,
  options: { timeZone: 'Europe/London' },
}, [
  m('19:20, 28 Aug 2013 - Tom created group "Flatmates"', '(system)', '2013-08-28T19:20', 'system', 'Tom created group "Flatmates"'),
  m('19:23, 28 Aug 2013 - Tom: rent is due on Monday', 'Tom', '2013-08-28T19:23', 'text', 'rent is due on Monday', { pick: true }),
  m('19:25, 28 Aug 2013 - Jess: already paid', 'Jess', '2013-08-28T19:25', 'text', 'already paid'),
  m('08:02, 2 Sep 2013 - Raj: who finished the milk', 'Raj', '2013-09-02T08:02', 'text', 'who finished the milk', { pick: true }),
  c('again'),
  m('08:03, 2 Sep 2013 - Jess: not me', 'Jess', '2013-09-02T08:03', 'text', 'not me'),
  m('22:47, 30 Sep 2013 - Tom: bins go out tomorrow', 'Tom', '2013-09-30T22:47', 'text', 'bins go out tomorrow'),
  m('00:05, 1 Oct 2013 - Raj: done', 'Raj', '2013-10-01T00:05', 'text', 'done', { pick: true }),
  m('13:30, 24 Dec 2013 - Jess: merry Christmas all', 'Jess', '2013-12-24T13:30', 'text', 'merry Christmas all'),
  ...more((p, n, t) => `${two(p.hh)}:${two(p.mi)}, ${p.d} Dec 2013 - ${n}: ${t}`, ['Tom', 'Raj'], { y: 2013, mo: 12, d: 24, hh: 14, mi: 0 }, ['and to you', 'who is cooking tomorrow', 'me: turkey']),
]);

file('android-es-2013-time-first-month-names.txt', {
  about: 'the 2013 Android layout with Spanish month names ("19:23, 28 ago 2013 - Nombre: texto")',
  source: 'issue 16 ("month names in the file\'s language"); Spanish abbreviations from CLDR (ago, oct, dic): not confirmed from a real 2013 export', language: 'es', platform: 'android', year: 2013,
  options: { timeZone: 'Europe/Madrid' },
}, [
  m('19:23, 28 ago 2013 - Marta: ¿quién trae la tortilla?', 'Marta', '2013-08-28T19:23', 'text', '¿quién trae la tortilla?'),
  m('19:24, 28 ago 2013 - Pablo: yo', 'Pablo', '2013-08-28T19:24', 'text', 'yo', { pick: true }),
  m('10:00, 2 oct 2013 - Marta: feliz cumple, Pablo', 'Marta', '2013-10-02T10:00', 'text', 'feliz cumple, Pablo', { pick: true }),
  c('🎂'),
  m('21:15, 24 dic 2013 - Pablo: feliz Navidad', 'Pablo', '2013-12-24T21:15', 'text', 'feliz Navidad'),
  ...more((p, n, t) => `${two(p.hh)}:${two(p.mi)}, ${p.d} dic 2013 - ${n}: ${t}`, ['Marta', 'Pablo'], { y: 2013, mo: 12, d: 24, hh: 21, mi: 30 }, ['igualmente', '¿a qué hora mañana?', 'a las dos', 'perfecto', 'llevo el turrón', '¡genial!']),
]);

// ---------------------------------------------------------------------------------------------
// Finnish and Swedish-in-Finland: "klo", dots in time, ISO dates.

file('android-fi-2018-klo.txt', {
  about: 'Finnish Android: "klo" between date and time, dots in the time, seconds ("13.6.2018 klo 21.25.15 - a: m")',
  source: 'Pustur/whatsapp-chat-parser src/parser.test.js ("13.6.2018 klo 21.25.15 - a: m")', language: 'fi', platform: 'android', year: 2018,
  options: { timeZone: 'Europe/Helsinki' },
}, [
  m('13.6.2018 klo 21.25.15 - Aino: Moi! Nähdäänkö huomenna?', 'Aino', '2018-06-13T21:25:15', 'text', 'Moi! Nähdäänkö huomenna?'),
  m('13.6.2018 klo 21.26.30 - Eero: Joo, klo 10', 'Eero', '2018-06-13T21:26:30', 'text', 'Joo, klo 10', { pick: true }),
  m('14.6.2018 klo 9.58.00 - Aino: Olen jo täällä', 'Aino', '2018-06-14T09:58:00', 'text', 'Olen jo täällä', { pick: true }),
  m('14.6.2018 klo 10.02.45 - Eero: Tulossa', 'Eero', '2018-06-14T10:02:45', 'text', 'Tulossa'),
  c('bussi myöhässä'),
  ...more((p, n, t) => `${p.d}.${p.mo}.${p.y} klo ${p.hh}.${two(p.mi)}.${two(p.ss)} - ${n}: ${t}`, ['Aino', 'Eero'], { y: 2018, mo: 6, d: 14, hh: 11, mi: 0, ss: 0 }, ['Kiitos kahvista', 'Kiitos itsellesi', 'Ensi viikolla uudestaan?', 'Sopii', 'Hyvää juhannusta!', 'Samoin!'], { seconds: true }),
]);

file('ios-fi-2019-dots.txt', {
  about: 'iOS with dots in the date and the time ("[1.1.2019, 12.00.00] John Doe: Hello"); a phone number as sender',
  source: 'linuswillner/whatsapp-export-inconsistencies (Unlicense; mirrored at AyazKhuraishi/whatsapp-export-inconsistencies), inconsistencies-messages/message-format.md', language: 'fi', platform: 'ios', year: 2019,
  options: { timeZone: 'Europe/Helsinki' },
}, [
  m('[1.1.2019, 12.00.00] John Doe: Hello 😄', 'John Doe', '2019-01-01T12:00:00', 'text', 'Hello 😄'),
  m('[1.1.2019, 12.00.05] Jane Doe: Hey!', 'Jane Doe', '2019-01-01T12:00:05', 'text', 'Hey!', { pick: true }),
  c('P.S. Nice emoji 👀'),
  m('[1.1.2019, 12.01.00] +1 (000) 000-0000: Good day!', '+1 (000) 000-0000', '2019-01-01T12:01:00', 'text', 'Good day!', { pick: true }),
  m('[13.1.2019, 9.05.00] John Doe: Hyvää huomenta', 'John Doe', '2019-01-13T09:05:00', 'text', 'Hyvää huomenta'),
  ...more((p, n, t) => `[${p.d}.${p.mo}.${p.y}, ${p.hh}.${two(p.mi)}.${two(p.ss)}] ${n}: ${t}`, ['Jane Doe', 'John Doe'], { y: 2019, mo: 1, d: 13, hh: 10, mi: 0, ss: 0 }, ['Huomenta!', 'Lähdetkö hiihtämään?', 'Kyllä, klo 12', 'Hyvä', 'Nähdään', '👋'], { seconds: true }),
]);

file('android-sv-FI-2019-iso.txt', {
  about: 'Android with ISO dates and no comma ("2019-01-01 12:00 - John Doe: Hello"); multi-line',
  source: 'linuswillner/whatsapp-export-inconsistencies, message-format.md (device J5, sv_FI)', language: 'sv', platform: 'android', year: 2019,
  options: { timeZone: 'Europe/Helsinki' },
}, [
  m('2019-01-01 12:00 - John Doe: Hej 😄', 'John Doe', '2019-01-01T12:00', 'text', 'Hej 😄'),
  m('2019-01-01 12:00 - Jane Doe: Hej!', 'Jane Doe', '2019-01-01T12:00', 'text', 'Hej!', { pick: true }),
  c('P.S. Fin emoji 👀'),
  m('2019-01-01 12:00 - +1 (000) 000-0000: God dag!', '+1 (000) 000-0000', '2019-01-01T12:00', 'text', 'God dag!'),
  m('2019-02-28 23:59 - John Doe: sista februari', 'John Doe', '2019-02-28T23:59', 'text', 'sista februari', { pick: true }),
  ...more((p, n, t) => `${p.y}-${two(p.mo)}-${two(p.d)} ${two(p.hh)}:${two(p.mi)} - ${n}: ${t}`, ['Jane Doe', 'John Doe'], { y: 2019, mo: 3, d: 1, hh: 9, mi: 0 }, ['God morgon', 'Hej hej', 'Fika kl. 15?', 'Gärna', 'Ses', '☕']),
]);
// (the x of "Hej!" above is completed by its continuation line: "Hej!\nP.S. Fin emoji 👀")

// ---------------------------------------------------------------------------------------------
// 12-hour marks: U+202F, "a. m."/"p. m.", "a.m.", lower case, NBSP.

file('android-en-us-2023-nnbsp.txt', {
  about: 'Android en-US 2023: U+202F (narrow no-break space) before AM/PM, including 12:xx AM and 12:xx PM',
  source: 'ChatLab/ChatLab#131, lucasrodes/whatstk#140 (U+202F before AM/PM)', language: 'en', platform: 'android', year: 2023,
  options: { timeZone: 'America/Chicago' },
}, [
  m(`1/5/23, 9:41${NNBSP}PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.`, '(system)', '2023-01-05T21:41', 'system', 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.'),
  m(`1/5/23, 9:41${NNBSP}PM - Jordan: you up?`, 'Jordan', '2023-01-05T21:41', 'text', 'you up?'),
  m(`1/5/23, 11:59${NNBSP}PM - Casey: now I am`, 'Casey', '2023-01-05T23:59', 'text', 'now I am'),
  m(`1/6/23, 12:00${NNBSP}AM - Jordan: midnight exactly`, 'Jordan', '2023-01-06T00:00', 'text', 'midnight exactly', { pick: true }),
  m(`1/6/23, 12:30${NNBSP}AM - Casey: ok bed`, 'Casey', '2023-01-06T00:30', 'text', 'ok bed'),
  m(`1/6/23, 12:05${NNBSP}PM - Jordan: lunch at 12:30${NNBSP}PM?`, 'Jordan', '2023-01-06T12:05', 'text', `lunch at 12:30${NNBSP}PM?`, { pick: true }),
  m(`1/6/23, 1:15${NNBSP}PM - Casey: <Media omitted>`, 'Casey', '2023-01-06T13:15', 'media', '', { pick: true }),
  m(`1/13/23, 8:02${NNBSP}AM - Jordan: Missed voice call`, 'Jordan', '2023-01-13T08:02', 'call', undefined, { pick: true, f: { call: { video: false, outcome: 'missed' } } }),
  ...more((p, n, t) => `${p.mo}/${p.d}/23, ${h12(p.hh)}:${two(p.mi)}${NNBSP}${ap(p.hh)} - ${n}: ${t}`, ['Casey', 'Jordan'], { y: 2023, mo: 1, d: 13, hh: 9, mi: 0 }, ['sorry, was driving', 'no worries']),
]);

file('android-en-gb-2023-lower-am-nnbsp.txt', {
  about: 'Android en-GB 2023 12-hour: lower-case am/pm after U+202F, day first, a phone-number author',
  source: 'lucasrodes/whatstk#140 (quotes "09/10/2023, 11:11 am - +44 7123 456789: <Media omitted>", U+202F before am)', language: 'en', platform: 'android', year: 2023,
  options: { timeZone: 'Europe/London' },
}, [
  m(`09/10/2023, 11:11${NNBSP}am - +44 7123 456789: <Media omitted>`, '+44 7123 456789', '2023-10-09T11:11', 'media', '', { pick: true }),
  m(`09/10/2023, 12:57${NNBSP}pm - +44 7123 456789: <Media omitted>`, '+44 7123 456789', '2023-10-09T12:57', 'media', ''),
  m(`09/10/2023, 1:02${NNBSP}pm - Olivia: who is this?`, 'Olivia', '2023-10-09T13:02', 'text', 'who is this?'),
  m(`09/10/2023, 1:05${NNBSP}pm - +44 7123 456789: sorry, wrong chat`, '+44 7123 456789', '2023-10-09T13:05', 'text', 'sorry, wrong chat', { pick: true }),
  m(`13/10/2023, 12:01${NNBSP}am - Olivia: no worries`, 'Olivia', '2023-10-13T00:01', 'text', 'no worries', { pick: true }),
  ...more((p, n, t) => `${two(p.d)}/${two(p.mo)}/${p.y}, ${h12(p.hh)}:${two(p.mi)}${NNBSP}${ap(p.hh).toLowerCase()} - ${n}: ${t}`, ['Olivia', '+44 7123 456789'], { y: 2023, mo: 10, d: 13, hh: 9, mi: 0 }, ['morning', 'morning! all sorted now', 'great', 'have a good day', 'you too']),
]);

file('android-en-CA-2023-dotted-pm.txt', {
  about: 'Android en-CA: ISO date with a comma and dotted lower-case marks ("2023-12-20, 5:46 p.m. - Farid: 👋🏼")',
  source: 'dimagi/open-chat-studio#221 (English (Canada))', language: 'en', platform: 'android', year: 2023,
  options: { timeZone: 'America/Toronto' },
}, [
  m('2023-12-20, 5:46 p.m. - Farid: 👋🏼', 'Farid', '2023-12-20T17:46', 'text', '👋🏼'),
  m('2023-12-20, 5:47 p.m. - Noor: hi! are we still on for 8?', 'Noor', '2023-12-20T17:47', 'text', 'hi! are we still on for 8?', { pick: true }),
  m('2023-12-20, 11:58 p.m. - Farid: yes', 'Farid', '2023-12-20T23:58', 'text', 'yes'),
  m('2023-12-21, 12:03 a.m. - Noor: 👍', 'Noor', '2023-12-21T00:03', 'text', '👍', { pick: true }),
  m('2023-12-21, 9:00 a.m. - Farid: This message was deleted', 'Farid', '2023-12-21T09:00', 'deleted', undefined, { pick: true }),
  ...more((p, n, t) => `${p.y}-${two(p.mo)}-${two(p.d)}, ${h12(p.hh)}:${two(p.mi)} ${p.hh < 12 ? 'a.m.' : 'p.m.'} - ${n}: ${t}`, ['Noor', 'Farid'], { y: 2023, mo: 12, d: 21, hh: 10, mi: 0 }, ['what was that?', 'wrong photo', 'ha', 'see you at 8', 'yes']),
]);

file('android-en-ZA-2023-lower-pm.txt', {
  about: 'Android en-ZA: year first with slashes and lower-case am/pm ("2023/12/20, 5:46 pm - Farid: 👋🏼")',
  source: 'dimagi/open-chat-studio#221 (English (South Africa))', language: 'en', platform: 'android', year: 2023,
  options: { timeZone: 'Africa/Johannesburg' },
}, [
  m('2023/12/20, 5:46 pm - Farid: 👋🏼', 'Farid', '2023-12-20T17:46', 'text', '👋🏼'),
  m('2023/12/20, 5:50 pm - Thandi: Sawubona!', 'Thandi', '2023-12-20T17:50', 'text', 'Sawubona!', { pick: true }),
  m('2023/12/21, 12:15 am - Farid: (past midnight)', 'Farid', '2023-12-21T00:15', 'text', '(past midnight)', { pick: true }),
  m('2023/12/21, 7:30 am - Thandi: Good morning', 'Thandi', '2023-12-21T07:30', 'text', 'Good morning'),
  ...more((p, n, t) => `${p.y}/${two(p.mo)}/${two(p.d)}, ${h12(p.hh)}:${two(p.mi)} ${ap(p.hh).toLowerCase()} - ${n}: ${t}`, ['Farid', 'Thandi'], { y: 2023, mo: 12, d: 21, hh: 8, mi: 0 }, ['Morning!', 'Braai on Saturday?', 'Count me in', 'Bring the boerewors', 'Will do', 'Lekker']),
], );

file('android-en-2019-dotted-pm-no-comma.txt', {
  about: 'Android 12-hour with "p.m." and "p. m.", four-digit year and no comma ("9/24/2019 11:30 p.m. - John Doe: Hello world")',
  source: 'joweich/chat-miner test/whatsapp/testlog.txt', language: 'en', platform: 'android', year: 2019,
  options: { timeZone: 'America/Los_Angeles' },
}, [
  m('9/24/2019 11:30 a.m. - John Doe: Testing am', 'John Doe', '2019-09-24T11:30', 'text', 'Testing am'),
  m('9/24/2019 11:30 p.m. - John Doe: Hello world', 'John Doe', '2019-09-24T23:30', 'text', 'Hello world', { pick: true }),
  m('9/25/2019 12:10 a.m. - Mary Roe: late', 'Mary Roe', '2019-09-25T00:10', 'text', 'late'),
  m('12/24/2019 11:30 p. m. - John Doe: Testing spacing in pm', 'John Doe', '2019-12-24T23:30', 'text', 'Testing spacing in pm', { pick: true }),
  m('12/25/2019 8:00 a. m. - Mary Roe: merry Christmas', 'Mary Roe', '2019-12-25T08:00', 'text', 'merry Christmas'),
  ...more((p, n, t) => `${p.mo}/${p.d}/${p.y} ${h12(p.hh)}:${two(p.mi)} ${p.hh < 12 ? 'a.m.' : 'p.m.'} - ${n}: ${t}`, ['John Doe', 'Mary Roe'], { y: 2019, mo: 12, d: 25, hh: 9, mi: 0 }, ['merry Christmas!', 'presents at 10', 'coffee first', 'obviously', 'ok']),
]);

file('android-en-2022-dashes-seconds-pm.txt', {
  about: 'Android-style dash before the author with dashes in the date, seconds and "p.m." ("09-10-2022 10:37:00 p.m. - John Doe: ...")',
  source: 'joweich/chat-miner test/whatsapp/testlog.txt', language: 'en', platform: 'android', year: 2022,
}, [
  m('09-10-2022 10:37:00 p.m. - John Doe: Testing date dashes', 'John Doe', '2022-10-09T22:37:00', 'text', 'Testing date dashes'),
  m('09-10-2022 10:38:12 p.m. - John-John Doe: Testing dash - in message body', 'John-John Doe', '2022-10-09T22:38:12', 'text', 'Testing dash - in message body', { pick: true }),
  m('10-10-2022 6:00:00 a.m. - John Doe: early', 'John Doe', '2022-10-10T06:00:00', 'text', 'early'),
  m('28-10-2022 12:00:59 p.m. - John-John Doe: noon', 'John-John Doe', '2022-10-28T12:00:59', 'text', 'noon', { pick: true }),
  ...more((p, n, t) => `${two(p.d)}-${two(p.mo)}-${p.y} ${h12(p.hh)}:${two(p.mi)}:${two(p.ss)} ${p.hh < 12 ? 'a.m.' : 'p.m.'} - ${n}: ${t}`, ['John Doe', 'John-John Doe'], { y: 2022, mo: 10, d: 28, hh: 13, mi: 0, ss: 30 }, ['ok', 'sounds good', 'what time works for you?', 'let me check: maybe 3', 'see you then', 'thanks!'], { seconds: true }),
]);

file('ios-en-2022-bracket-dotted-pm.txt', {
  about: 'bracketed 12-hour with "p.m." and no comma ("[09/10/22 10:37:00 p.m.] John Doe: Testing brackets"); day first, decided by 28/10',
  source: 'joweich/chat-miner test/whatsapp/testlog.txt', language: 'en', platform: 'ios', year: 2022,
}, [
  m('[09/10/22 10:37:00 p.m.] John Doe: Testing brackets', 'John Doe', '2022-10-09T22:37:00', 'text', 'Testing brackets'),
  m('[09/10/22 10:40:00 p.m.] Ann Lee: works', 'Ann Lee', '2022-10-09T22:40:00', 'text', 'works', { pick: true }),
  m('[28/10/22 12:15:00 a.m.] John Doe: past midnight', 'John Doe', '2022-10-28T00:15:00', 'text', 'past midnight', { pick: true }),
  m('[28/10/22 1:15:00 p.m.] Ann Lee: after lunch', 'Ann Lee', '2022-10-28T13:15:00', 'text', 'after lunch'),
  ...more((p, n, t) => `[${two(p.d)}/${two(p.mo)}/22 ${h12(p.hh)}:${two(p.mi)}:${two(p.ss)} ${p.hh < 12 ? 'a.m.' : 'p.m.'}] ${n}: ${t}`, ['John Doe', 'Ann Lee'], { y: 2022, mo: 10, d: 28, hh: 14, mi: 0, ss: 0 }, ['ok', 'sounds good', 'what time works for you?', 'let me check: maybe 3', 'see you then', 'thanks!'], { seconds: true }),
]);

file('android-es-CO-2017-p-m-nbsp.txt', {
  about: 'Android Spanish 12-hour "p. m." with a no-break space (U+00A0) between the time and the mark ("20/6/2017 8:28 p. m. - Michelle: test"), no comma',
  source: 'Pustur/whatsapp-chat-parser#224 (quotes "20/6/2017 8:28 p. m. - Michelle: test"; the maintainer found a non-breaking space)', language: 'es', platform: 'android', year: 2017,
  options: { timeZone: 'America/Bogota' },
}, [
  m(`20/6/2017 8:28${NBSP}p. m. - Michelle: test`, 'Michelle', '2017-06-20T20:28', 'text', 'test', { pick: true }),
  m(`20/6/2017 8:30${NBSP}p. m. - Andrés: ¿qué es eso?`, 'Andrés', '2017-06-20T20:30', 'text', '¿qué es eso?'),
  m(`21/6/2017 12:05${NBSP}a. m. - Michelle: una prueba`, 'Michelle', '2017-06-21T00:05', 'text', 'una prueba', { pick: true }),
  c('no le hagas caso'),
  m(`21/6/2017 12:40${NBSP}p. m. - Andrés: <Multimedia omitido>`, 'Andrés', '2017-06-21T12:40', 'media', '', { pick: true }),
  m(`21/6/2017 1:02${NBSP}p. m. - Michelle: jaja`, 'Michelle', '2017-06-21T13:02', 'text', 'jaja'),
  ...more((p, n, t) => `${p.d}/${p.mo}/${p.y} ${h12(p.hh)}:${two(p.mi)}${NBSP}${p.hh < 12 ? 'a. m.' : 'p. m.'} - ${n}: ${t}`, ['Andrés', 'Michelle'], { y: 2017, mo: 6, d: 21, hh: 14, mi: 0 }, ['¿vamos al cine?', 'dale', 'a las 7: función de estreno', 'compro las boletas', '¡gracias!']),
]);

file('android-es-MX-2026-a-m-nnbsp.txt', {
  about: 'Android Spanish (Mexico) 2026: two-digit year, no comma, U+202F before "a. m." and U+00A0 inside it (as CLDR writes "a. m."); location and an attached file with its caption',
  source: 'hotosm/chatmap#211 (quotes "19/08/26 8:26 a. m. - Don Rafael Alvarado: ubicación: https://maps.google.com/?q=…" and "(archivo adjunto)")', language: 'es', platform: 'android', year: 2026,
  options: { timeZone: 'America/Mexico_City' },
}, [
  m(`19/08/26 8:20${NNBSP}a.${NBSP}m. - Don Rafael: Buenos días`, 'Don Rafael', '2026-08-19T08:20', 'text', 'Buenos días'),
  m(`19/08/26 8:26${NNBSP}a.${NBSP}m. - Don Rafael: ubicación: https://maps.google.com/?q=19.6228056,-99.1226566`, 'Don Rafael', '2026-08-19T08:26', 'location', undefined, { pick: true, f: at(19.6228056, -99.1226566) }),
  m(`19/08/26 8:27${NNBSP}a.${NBSP}m. - Don Rafael: IMG-20260819-WA0007.jpg (archivo adjunto)`, 'Don Rafael', '2026-08-19T08:27', 'media', '', { cap: true, pick: true, f: { attachments: [{ fileName: 'IMG-20260819-WA0007.jpg' }] } }),
  c('Pirul vereda calpulli.'),
  m(`19/08/26 12:01${NNBSP}p.${NBSP}m. - Lupita: Gracias, don Rafael`, 'Lupita', '2026-08-19T12:01', 'text', 'Gracias, don Rafael'),
  m(`20/08/26 12:30${NNBSP}a.${NBSP}m. - Lupita: (ya es otro día)`, 'Lupita', '2026-08-20T00:30', 'text', '(ya es otro día)', { pick: true }),
  ...more((p, n, t) => `${two(p.d)}/${two(p.mo)}/26 ${h12(p.hh)}:${two(p.mi)}${NNBSP}${p.hh < 12 ? `a.${NBSP}m.` : `p.${NBSP}m.`} - ${n}: ${t}`, ['Don Rafael', 'Lupita'], { y: 2026, mo: 8, d: 20, hh: 9, mi: 0 }, ['Buenos días, Lupita', 'Buenos días', '¿Ya llegó la brigada?', 'Sí, a las 10', 'Gracias']),
], );
