/**
 * Android exports in the languages of issue 16 ("What must work" 3). Android writes WhatsApp's
 * own notices with no "Name: " (so they are system notices whatever their wording), and
 * placeholders after the sender's name. The placeholder wording is only used where a real export
 * or several independent parsers show it (SOURCES.md names them); otherwise the file holds plain
 * text and notices, whose kinds do not depend on a phrase table.
 */
import { c, file, LRM as L, RLM, m, more, at } from './kit.mjs';

const two = (n) => String(n).padStart(2, '0');

file('android-de-2021.txt', {
  about: 'Android German 2021: "03.08.21, 12:30 - " (two-digit year), <Medien ausgeschlossen>, "(Datei angehängt)" with a caption, deleted, missed call, location, a group with notices',
  source: 'Duelion/whatsapp-wrapped#12 (layout); <Medien ausgeschlossen>, "(Datei angehängt)" and the 2021 encryption notice in several parsers\' tests (SOURCES.md)', language: 'de', platform: 'android', year: 2021,
  options: { timeZone: 'Europe/Berlin' },
}, [
  m('03.08.21, 12:28 - Nachrichten, die du in diesem Chat sendest, sowie Anrufe, sind jetzt mit Ende-zu-Ende-Verschlüsselung geschützt. Tippe für mehr Infos.', '(system)', '2021-08-03T12:28', 'system', 'Nachrichten, die du in diesem Chat sendest, sowie Anrufe, sind jetzt mit Ende-zu-Ende-Verschlüsselung geschützt. Tippe für mehr Infos.'),
  m('03.08.21, 12:29 - Jonas Weber hat die Gruppe „Wandern 2021“ erstellt', '(system)', '2021-08-03T12:29', 'system', 'Jonas Weber hat die Gruppe „Wandern 2021“ erstellt'),
  m('03.08.21, 12:29 - Jonas Weber hat dich hinzugefügt', '(system)', '2021-08-03T12:29', 'system', 'Jonas Weber hat dich hinzugefügt'),
  m('03.08.21, 12:30 - Jonas Weber: Hallo zusammen!', 'Jonas Weber', '2021-08-03T12:30', 'text', 'Hallo zusammen!'),
  m('03.08.21, 12:31 - Lea Schmidt: Hi! Wann geht es los?', 'Lea Schmidt', '2021-08-03T12:31', 'text', 'Hi! Wann geht es los?'),
  m('03.08.21, 12:33 - Jonas Weber: Samstag, 8:00 Uhr am Bahnhof', 'Jonas Weber', '2021-08-03T12:33', 'text', 'Samstag, 8:00 Uhr am Bahnhof\nBitte Wanderschuhe mitbringen', { fixedText: true, pick: true }),
  c('Bitte Wanderschuhe mitbringen'),
  m('03.08.21, 12:35 - Lea Schmidt: <Medien ausgeschlossen>', 'Lea Schmidt', '2021-08-03T12:35', 'media', '', { pick: true }),
  m('03.08.21, 12:36 - Jonas Weber: IMG-20210803-WA0004.jpg (Datei angehängt)', 'Jonas Weber', '2021-08-03T12:36', 'media', '', { cap: true, pick: true }),
  c('Die Route'),
  m('03.08.21, 12:40 - Lea Schmidt: Diese Nachricht wurde gelöscht', 'Lea Schmidt', '2021-08-03T12:40', 'deleted', undefined),
  m('03.08.21, 12:41 - Jonas Weber: Du hast diese Nachricht gelöscht', 'Jonas Weber', '2021-08-03T12:41', 'deleted', undefined),
  m('04.08.21, 18:02 - Lea Schmidt: Standort: https://maps.google.com/?q=47.421,10.985', 'Lea Schmidt', '2021-08-04T18:02', 'location', undefined, { pick: true, f: at(47.421, 10.985) }),
  m('04.08.21, 18:05 - Tim Becker ist über den Einladungslink dieser Gruppe beigetreten', '(system)', '2021-08-04T18:05', 'system', undefined),
  m('04.08.21, 18:06 - Tim Becker: Servus! Bin dabei', 'Tim Becker', '2021-08-04T18:06', 'text', 'Servus! Bin dabei'),
  m('14.08.21, 07:55 - Lea Schmidt hat die Gruppe verlassen', '(system)', '2021-08-14T07:55', 'system', undefined),
  m('14.08.21, 08:01 - Jonas Weber: Wo seid ihr?', 'Jonas Weber', '2021-08-14T08:01', 'text', 'Wo seid ihr?'),
]);

file('android-fr-2025.txt', {
  about: 'Android French 2025: "12/03/2025 11:04 - " (no comma), <Médias omis>, "(fichier joint)" with a caption, a group',
  source: '"<Médias omis>" and "(fichier joint)" in several French parsers\' tests and tables (SOURCES.md); group notice wording not confirmed', language: 'fr', platform: 'android', year: 2025,
  options: { timeZone: 'Europe/Paris' },
}, [
  m('12/03/2025 10:00 - Marie a créé le groupe « Famille : été »', '(system)', '2025-03-12T10:00', 'system', undefined),
  m('12/03/2025 10:01 - Marie vous a ajouté', '(system)', '2025-03-12T10:01', 'system', undefined),
  m('12/03/2025 10:02 - Marie: Bonjour à tous !', 'Marie', '2025-03-12T10:02', 'text', 'Bonjour à tous !'),
  c('On part le 14 juillet ?'),
  m('12/03/2025 10:03 - Paul: IMG-20250312-WA0001.jpg (fichier joint)', 'Paul', '2025-03-12T10:03', 'media', '', { cap: true, pick: true }),
  c('La plage'),
  m('12/03/2025 11:04 - Fatou: <Médias omis>', 'Fatou', '2025-03-12T11:04', 'media', '', { pick: true }),
  m('12/03/2025 11:30 - Fatou: Merci : à bientôt', 'Fatou', '2025-03-12T11:30', 'text', 'Merci : à bientôt', { pick: true }),
  m('13/03/2025 08:10 - Paul: Qui réserve la maison ?', 'Paul', '2025-03-13T08:10', 'text', 'Qui réserve la maison ?'),
  m('13/03/2025 08:12 - Marie: Moi', 'Marie', '2025-03-13T08:12', 'text', 'Moi'),
  m('13/03/2025 08:15 - Sophie: 😍', 'Sophie', '2025-03-13T08:15', 'text', '😍'),
  m('20/03/2025 19:45 - Paul a quitté le groupe', '(system)', '2025-03-20T19:45', 'system', undefined),
]);

file('android-es-2020.txt', {
  about: 'Android Spanish 2020: "26/9/20 13:15 - " (no comma, short year), <Multimedia omitido>, both deleted notices',
  source: '"<Multimedia omitido>" in a real export quoted in a parser\'s comments and many Spanish parsers; rwhatsapp#9 (no comma)', language: 'es', platform: 'android', year: 2020,
  options: { timeZone: 'America/Argentina/Buenos_Aires' },
}, [
  m('16/6/20 19:35 - Seba: Tal cual', 'Seba', '2020-06-16T19:35', 'text', 'Tal cual'),
  m('22/9/20 15:03 - Seba: Lo querés hacer calentar, ¿no?', 'Seba', '2020-09-22T15:03', 'text', 'Lo querés hacer calentar, ¿no?'),
  m('22/9/20 15:08 - Lautaro: siempre', 'Lautaro', '2020-09-22T15:08', 'text', 'siempre'),
  m('26/9/20 13:15 - Seba: <Multimedia omitido>', 'Seba', '2020-09-26T13:15', 'media', '', { pick: true }),
  m('26/9/20 13:15 - Seba: <Multimedia omitido>', 'Seba', '2020-09-26T13:15', 'media', ''),
  m('26/9/20 13:35 - Lautaro: <Multimedia omitido>', 'Lautaro', '2020-09-26T13:35', 'media', ''),
  m('26/9/20 13:36 - Lautaro: Se eliminó este mensaje', 'Lautaro', '2020-09-26T13:36', 'deleted', undefined, { pick: true }),
  m('26/9/20 13:52 - Seba: Eliminaste este mensaje', 'Seba', '2020-09-26T13:52', 'deleted', undefined),
  m('26/9/20 13:53 - Seba: jajaja', 'Seba', '2020-09-26T13:53', 'text', 'jajaja\nperdón, era para otro chat', { fixedText: true, pick: true }),
  c('perdón, era para otro chat'),
  m('27/9/20 9:01 - Lautaro: dale', 'Lautaro', '2020-09-27T09:01', 'text', 'dale'),
]);

file('android-it-2017.txt', {
  about: 'Android Italian 2017: "18/06/17, 21:16 - ", <Media omessi>, a group with notices',
  source: '"18/06/17, 21:16 - Andrea Frenda: <Media omessi>" quoted in a parser\'s test comment; "ha aggiunto" / "ha creato il gruppo" in Italian parsers (SOURCES.md)', language: 'it', platform: 'android', year: 2017,
  options: { timeZone: 'Europe/Rome' },
}, [
  m('17/06/17, 20:00 - Pier ha creato il gruppo "Calcetto"', '(system)', '2017-06-17T20:00', 'system', undefined),
  m('17/06/17, 20:00 - Pier ha aggiunto Andrea', '(system)', '2017-06-17T20:00', 'system', undefined),
  m('18/06/17, 21:16 - Andrea: <Media omessi>', 'Andrea', '2017-06-18T21:16', 'media', '', { pick: true }),
  m('18/06/17, 21:19 - Pier: Nome: Pier', 'Pier', '2017-06-18T21:19', 'text', 'Nome: Pier\nRuolo: ala\nPartite giocate: tante', { fixedText: true, pick: true }),
  c('Ruolo: ala'),
  c('Partite giocate: tante'),
  m('18/06/17, 21:20 - Andrea: 😂', 'Andrea', '2017-06-18T21:20', 'text', '😂'),
  m('19/06/17, 09:00 - Luca: Domani si gioca?', 'Luca', '2017-06-19T09:00', 'text', 'Domani si gioca?'),
  m('19/06/17, 09:05 - Pier: Sì, alle 19', 'Pier', '2017-06-19T09:05', 'text', 'Sì, alle 19'),
  m('19/06/17, 09:10 - Luca ha abbandonato', '(system)', '2017-06-19T09:10', 'system', undefined),
  m('20/06/17, 19:02 - Andrea: Dove siete?', 'Andrea', '2017-06-20T19:02', 'text', 'Dove siete?'),
  ...more((p, n, t) => `${two(p.d)}/${two(p.mo)}/17, ${two(p.hh)}:${two(p.mi)} - ${n}: ${t}`, ['Pier', 'Andrea'], { y: 2017, mo: 6, d: 20, hh: 19, mi: 10 }, ['Al campo 2', 'Arrivo']),
]);

file('android-pt-BR-2020.txt', {
  about: 'Android Brazilian Portuguese 2020: "12/01/2020 08:00 - " (no comma), <Arquivo de mídia oculto>, "(arquivo anexado)" with a caption, encryption notice',
  source: '"<Arquivo de mídia oculto>" and "(arquivo anexado)" in several Brazilian parsers since 2019 (SOURCES.md); notice wording follows Ferry\'s phrase table, not confirmed', language: 'pt-BR', platform: 'android', year: 2020,
  options: { timeZone: 'America/Sao_Paulo' },
}, [
  m('12/01/2020 07:59 - As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta e ficam somente entre você e os participantes desta conversa. Nem mesmo o WhatsApp pode ler ou ouvi-las. Toque para saber mais.', '(system)', '2020-01-12T07:59', 'system', undefined),
  m('12/01/2020 08:00 - Ana Paula: Bom dia!', 'Ana Paula', '2020-01-12T08:00', 'text', 'Bom dia!'),
  m('12/01/2020 08:02 - Rafael: Bom dia, tudo bem?', 'Rafael', '2020-01-12T08:02', 'text', 'Bom dia, tudo bem?'),
  m('12/01/2020 08:05 - Ana Paula: <Arquivo de mídia oculto>', 'Ana Paula', '2020-01-12T08:05', 'media', '', { pick: true }),
  m('12/01/2020 08:06 - Rafael: IMG-20200112-WA0003.jpg (arquivo anexado)', 'Rafael', '2020-01-12T08:06', 'media', '', { cap: true, pick: true }),
  c('Olha o bolo'),
  m('12/01/2020 08:07 - Ana Paula: Que lindo!', 'Ana Paula', '2020-01-12T08:07', 'text', 'Que lindo!'),
  m('12/01/2020 08:10 - Rafael: Obs: é de cenoura', 'Rafael', '2020-01-12T08:10', 'text', 'Obs: é de cenoura', { pick: true }),
  m('13/01/2020 19:30 - Ana Paula: <Arquivo de mídia oculto>', 'Ana Paula', '2020-01-13T19:30', 'media', ''),
  m('13/01/2020 19:31 - Rafael: kkkkk', 'Rafael', '2020-01-13T19:31', 'text', 'kkkkk'),
  m('13/01/2020 19:40 - Ana Paula: Boa noite', 'Ana Paula', '2020-01-13T19:40', 'text', 'Boa noite'),
]);

file('android-pt-PT-2022.txt', {
  about: 'Android European Portuguese 2022: "18/03/22, 14:56 - ", plain texts and a group with notices (placeholders left out: their Android wording is not confirmed)',
  source: 'layout as other day-first Android exports; notice wording not confirmed (kinds do not depend on it)', language: 'pt-PT', platform: 'android', year: 2022,
  options: { timeZone: 'Europe/Lisbon' },
}, [
  m('18/03/22, 14:50 - Inês criou o grupo "Jantar de sexta"', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('18/03/22, 14:50 - Inês adicionou-o', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('18/03/22, 14:56 - Inês: Olá a todos!', 'Inês', '2022-03-18T14:56', 'text', 'Olá a todos!'),
  m('18/03/22, 14:57 - João: Olá! Onde é?', 'João', '2022-03-18T14:57', 'text', 'Olá! Onde é?', { pick: true }),
  m('18/03/22, 14:58 - Inês: No sítio do costume', 'Inês', '2022-03-18T14:58', 'text', 'No sítio do costume\nàs 20h', { fixedText: true, pick: true }),
  c('às 20h'),
  m('18/03/22, 15:02 - Rita: Levo a sobremesa', 'Rita', '2022-03-18T15:02', 'text', 'Levo a sobremesa'),
  m('18/03/22, 15:03 - João: 👍', 'João', '2022-03-18T15:03', 'text', '👍'),
  m('19/03/22, 10:00 - Rita saiu', '(system)', '2022-03-19T10:00', 'system', undefined),
  m('19/03/22, 10:05 - Inês: Obrigada pela noite!', 'Inês', '2022-03-19T10:05', 'text', 'Obrigada pela noite!'),
  m('19/03/22, 10:06 - João: Até à próxima', 'João', '2022-03-19T10:06', 'text', 'Até à próxima'),
]);

file('android-nl-2023.txt', {
  about: 'Android Dutch 2023: "23-03-2023 13:31 - " (dashes, no comma), <Media weggelaten>, "(bestand bijgevoegd)" after U+200E, both deleted notices, a group',
  source: 'starkdmi/whats_json test/data/languages/deutch_android_media.txt (a Dutch export; also ../shared/samples/whatsapp/android-nl-2022-media.txt)', language: 'nl', platform: 'android', year: 2023,
  options: { timeZone: 'Europe/Amsterdam' },
}, [
  m('23-03-2023 13:31 - Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.', '(system)', '2023-03-23T13:31', 'system', 'Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.'),
  m('23-03-2023 13:32 - Sanne: Hoi! Zin in de verjaardag?', 'Sanne', '2023-03-23T13:32', 'text', 'Hoi! Zin in de verjaardag?'),
  m('23-03-2023 13:33 - Daan: <Media weggelaten>', 'Daan', '2023-03-23T13:33', 'media', '', { pick: true }),
  m(`23-03-2023 13:34 - Daan: ${L}PTT-20230323-WA0000.opus (bestand bijgevoegd)`, 'Daan', '2023-03-23T13:34', 'media', '', { pick: true, f: { attachments: [{ fileName: 'PTT-20230323-WA0000.opus' }] } }),
  m('23-03-2023 13:35 - Sanne: Dit bericht is verwijderd', 'Sanne', '2023-03-23T13:35', 'deleted', undefined),
  m('23-03-2023 13:36 - Daan: U hebt dit bericht verwijderd', 'Daan', '2023-03-23T13:36', 'deleted', undefined),
  m(`23-03-2023 13:40 - Daan: ${L}Daan.vcf (bestand bijgevoegd)`, 'Daan', '2023-03-23T13:40', 'media', '', { pick: true }),
  m('23-03-2023 13:41 - Sanne: locatie: https://maps.google.com/?q=52.3731,4.8922', 'Sanne', '2023-03-23T13:41', 'location', undefined, { f: at(52.3731, 4.8922) }),
  m('24-03-2023 09:15 - Sanne: Tot zaterdag!', 'Sanne', '2023-03-24T09:15', 'text', 'Tot zaterdag!'),
  m('24-03-2023 09:16 - Daan: 🎉', 'Daan', '2023-03-24T09:16', 'text', '🎉'),
]);

file('android-ru-2022.txt', {
  about: 'Android Russian 2022: "23.03.2022, 13:31 - ", <Без медиафайлов>, "(файл добавлен)", both deleted notices, missed audio calls, location',
  source: 'starkdmi/whats_json test/data/languages/russian_android.txt (a real Russian export)', language: 'ru', platform: 'android', year: 2022,
  options: { timeZone: 'Europe/Moscow' },
}, [
  m('18.03.2022, 14:50 - Сообщения и звонки защищены сквозным шифрованием. Третьи лица, включая WhatsApp, не могут прочитать ваши сообщения или прослушать звонки. Нажмите, чтобы узнать подробнее.', '(system)', '2022-03-18T14:50', 'system', 'Сообщения и звонки защищены сквозным шифрованием. Третьи лица, включая WhatsApp, не могут прочитать ваши сообщения или прослушать звонки. Нажмите, чтобы узнать подробнее.'),
  m('18.03.2022, 14:56 - Dmitry S: Привет', 'Dmitry S', '2022-03-18T14:56', 'text', 'Привет'),
  m('18.03.2022, 15:10 - Dmitry S: <Без медиафайлов>', 'Dmitry S', '2022-03-18T15:10', 'media', '', { pick: true }),
  m('18.03.2022, 15:10 - Dmitry S: <Без медиафайлов>', 'Dmitry S', '2022-03-18T15:10', 'media', '', { cap: true }),
  c('Подпись к фото'),
  m('18.03.2022, 15:13 - Dmitry S: местоположение: https://maps.google.com/?q=55.7539303,37.620795', 'Dmitry S', '2022-03-18T15:13', 'location', undefined, { pick: true, f: at(55.7539303, 37.620795) }),
  m('23.03.2022, 13:33 - Ольга: 😊😙', 'Ольга', '2022-03-23T13:33', 'text', '😊😙'),
  m('23.03.2022, 13:33 - Ольга: Alex.vcf (файл добавлен)', 'Ольга', '2022-03-23T13:33', 'media', '', { pick: true }),
  m('27.03.2022, 13:44 - Dmitry S: Данное сообщение удалено', 'Dmitry S', '2022-03-27T13:44', 'deleted', undefined),
  m('27.03.2022, 15:14 - Ольга: Вы удалили данное сообщение', 'Ольга', '2022-03-27T15:14', 'deleted', undefined),
  m('27.03.2022, 21:46 - Dmitry S: Кафе «Пушкин»', 'Dmitry S', '2022-03-27T21:46', 'text', 'Кафе «Пушкин»\nТверской бульвар, 26А', { fixedText: true }),
  c('Тверской бульвар, 26А'),
  m('07.01.2023, 23:32 - Dmitry S: Пропущенный аудиозвонок', 'Dmitry S', '2023-01-07T23:32', 'call', undefined, { pick: true, f: { call: { video: false, outcome: 'missed' } } }),
  m('07.01.2023, 23:33 - Ольга: С Рождеством!', 'Ольга', '2023-01-07T23:33', 'text', 'С Рождеством!'),
]);

file('android-uk-2023.txt', {
  about: 'Android Ukrainian 2023: "05.01.2023, 09:41 - ", plain texts and authorless notices (Android placeholder wording in Ukrainian not confirmed, so none)',
  source: 'layout as the Russian Android export; notice wording not confirmed (kinds do not depend on it)', language: 'uk', platform: 'android', year: 2023,
  options: { timeZone: 'Europe/Kyiv' },
}, [
  m('05.01.2023, 09:40 - Оксана створила групу «Сусіди»', '(system)', '2023-01-05T09:40', 'system', undefined),
  m('05.01.2023, 09:41 - Оксана додала вас', '(system)', '2023-01-05T09:41', 'system', undefined),
  m('05.01.2023, 09:41 - Оксана: Доброго ранку, сусіди!', 'Оксана', '2023-01-05T09:41', 'text', 'Доброго ранку, сусіди!'),
  m('05.01.2023, 09:45 - Тарас: Доброго! Світло вже є?', 'Тарас', '2023-01-05T09:45', 'text', 'Доброго! Світло вже є?', { pick: true }),
  m('05.01.2023, 09:46 - Оксана: Так, з 9:00', 'Оксана', '2023-01-05T09:46', 'text', 'Так, з 9:00\nдо 13:00 за графіком', { fixedText: true, pick: true }),
  c('до 13:00 за графіком'),
  m('05.01.2023, 10:10 - Марія: Дякую!', 'Марія', '2023-01-05T10:10', 'text', 'Дякую!'),
  m('05.01.2023, 10:11 - Тарас: 🙏', 'Тарас', '2023-01-05T10:11', 'text', '🙏'),
  m('13.01.2023, 18:00 - Марія вийшла', '(system)', '2023-01-13T18:00', 'system', undefined),
  m('13.01.2023, 18:02 - Оксана: Гарного вечора', 'Оксана', '2023-01-13T18:02', 'text', 'Гарного вечора'),
  m('13.01.2023, 18:03 - Тарас: Навзаєм', 'Тарас', '2023-01-13T18:03', 'text', 'Навзаєм'),
]);

file('android-pl-2022.txt', {
  about: 'Android Polish 2022: "07.10.2022, 18:02 - ", <Pominięto multimedia>, "(plik załączony)" with a caption, deleted notice',
  source: '"<Pominięto multimedia>", "(plik załączony)" and "Ta wiadomość została usunięta" in several Polish parsers\' tests (SOURCES.md)', language: 'pl', platform: 'android', year: 2022,
  options: { timeZone: 'Europe/Warsaw' },
}, [
  m('07.10.2022, 18:00 - Pani Ania utworzyła grupę „Klasa 2b”', '(system)', '2022-10-07T18:00', 'system', undefined),
  m('07.10.2022, 18:02 - Pani Ania: W piątek bal jesienny!', 'Pani Ania', '2022-10-07T18:02', 'text', 'W piątek bal jesienny!\nProsimy o przebrania.\nZbiórka o 9:00.', { fixedText: true, pick: true }),
  c('Prosimy o przebrania.'),
  c('Zbiórka o 9:00.'),
  m('07.10.2022, 18:05 - Mama Zosi: IMG-20221007-WA0003.jpg (plik załączony)', 'Mama Zosi', '2022-10-07T18:05', 'media', '', { cap: true, pick: true }),
  c('Plan na październik'),
  m('07.10.2022, 18:06 - Tata Kuby: <Pominięto multimedia>', 'Tata Kuby', '2022-10-07T18:06', 'media', '', { pick: true }),
  m('07.10.2022, 18:07 - Tata Kuby: Ta wiadomość została usunięta', 'Tata Kuby', '2022-10-07T18:07', 'deleted', undefined),
  m('07.10.2022, 18:08 - Mama Zosi: Dziękujemy!', 'Mama Zosi', '2022-10-07T18:08', 'text', 'Dziękujemy!'),
  m('07.10.2022, 18:10 - Tata Kuby: Czy trzeba coś przynieść?', 'Tata Kuby', '2022-10-07T18:10', 'text', 'Czy trzeba coś przynieść?'),
  m('07.10.2022, 18:12 - Pani Ania: Tylko dobry humor 🙂', 'Pani Ania', '2022-10-07T18:12', 'text', 'Tylko dobry humor 🙂'),
  m('13.10.2022, 07:30 - Pani Ania: Jutro wycieczka', 'Pani Ania', '2022-10-13T07:30', 'text', 'Jutro wycieczka'),
  ...more((p, n, t) => `${two(p.d)}.${two(p.mo)}.${p.y}, ${two(p.hh)}:${two(p.mi)} - ${n}: ${t}`, ['Mama Zosi', 'Pani Ania'], { y: 2022, mo: 10, d: 13, hh: 7, mi: 40 }, ['Czy potrzebne są kanapki?', 'Tak, i coś do picia']),
]);

file('android-tr-2022.txt', {
  about: 'Android Turkish 2022: "18.03.2022 14:56 - " (no comma), <Medya dahil edilmedi>, both deleted notices, encryption notice',
  source: '"<Medya dahil edilmedi>", "Bu mesaj silindi", "Bu mesajı sildiniz" and the notice start in several Turkish parsers (SOURCES.md); layout "dd.MM.yyyy HH:mm" not confirmed from a real file', language: 'tr', platform: 'android', year: 2022,
  options: { timeZone: 'Europe/Istanbul' },
}, [
  m('18.03.2022 14:50 - Mesajlar ve aramalar uçtan uca şifrelidir. WhatsApp dahil olmak üzere bu sohbetin dışında bulunan hiç kimse mesajlarınızı okuyamaz ve aramalarınızı dinleyemez. Daha fazla bilgi edinmek için dokunun.', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('18.03.2022 14:56 - Ayşe: Merhaba!', 'Ayşe', '2022-03-18T14:56', 'text', 'Merhaba!'),
  m('18.03.2022 14:57 - Mehmet: Selam, nasılsın?', 'Mehmet', '2022-03-18T14:57', 'text', 'Selam, nasılsın?'),
  m('18.03.2022 14:58 - Ayşe: <Medya dahil edilmedi>', 'Ayşe', '2022-03-18T14:58', 'media', '', { pick: true }),
  m('18.03.2022 14:59 - Mehmet: Çok güzel 😍', 'Mehmet', '2022-03-18T14:59', 'text', 'Çok güzel 😍'),
  m('18.03.2022 15:00 - Ayşe: Bu mesaj silindi', 'Ayşe', '2022-03-18T15:00', 'deleted', undefined, { pick: true }),
  m('18.03.2022 15:01 - Mehmet: Bu mesajı sildiniz', 'Mehmet', '2022-03-18T15:01', 'deleted', undefined),
  m('18.03.2022 15:05 - Ayşe: Not: yarın 10:00', 'Ayşe', '2022-03-18T15:05', 'text', 'Not: yarın 10:00\nKadıköy iskelesi', { fixedText: true, pick: true }),
  c('Kadıköy iskelesi'),
  m('19.03.2022 09:58 - Mehmet: Geldim', 'Mehmet', '2022-03-19T09:58', 'text', 'Geldim'),
  m('19.03.2022 10:01 - Ayşe: İki dakika', 'Ayşe', '2022-03-19T10:01', 'text', 'İki dakika'),
]);

file('android-id-2025-dots-no-comma.txt', {
  about: 'Android Indonesian 2025: dots in the time and no comma ("30/08/25 18.00 - "), <Media tidak disertakan>, "(file terlampir)"',
  source: 'mtln/chat-export#28 (quotes "30/08/25 18.00 - ..."); "<Media tidak disertakan>" and "(file terlampir)" in several Indonesian parsers (SOURCES.md)', language: 'id', platform: 'android', year: 2025,
  options: { timeZone: 'Asia/Jakarta' },
}, [
  m('30/08/25 17.58 - Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya. Ketuk untuk mempelajari selengkapnya.', '(system)', '2025-08-30T17:58', 'system', undefined),
  m('30/08/25 18.00 - Rina: Assalamualaikum', 'Rina', '2025-08-30T18:00', 'text', 'Assalamualaikum'),
  m('30/08/25 18.01 - Agus: Waalaikumsalam', 'Agus', '2025-08-30T18:01', 'text', 'Waalaikumsalam'),
  m('30/08/25 18.02 - Rina: <Media tidak disertakan>', 'Rina', '2025-08-30T18:02', 'media', '', { pick: true }),
  m('30/08/25 18.03 - Agus: IMG-20250830-WA0012.jpg (file terlampir)', 'Agus', '2025-08-30T18:03', 'media', '', { cap: true, pick: true }),
  c('Foto rapat tadi'),
  m('30/08/25 18.05 - Rina: Catatan: rapat jam 19.30', 'Rina', '2025-08-30T18:05', 'text', 'Catatan: rapat jam 19.30', { pick: true }),
  m('30/08/25 18.06 - Agus: Siap', 'Agus', '2025-08-30T18:06', 'text', 'Siap'),
  m('31/08/25 07.00 - Rina: Selamat pagi', 'Rina', '2025-08-31T07:00', 'text', 'Selamat pagi'),
  m('31/08/25 07.01 - Agus: Pagi!', 'Agus', '2025-08-31T07:01', 'text', 'Pagi!'),
  m('31/08/25 23.59 - Rina: Selamat tidur', 'Rina', '2025-08-31T23:59', 'text', 'Selamat tidur'),
]);

file('android-ko-2023.txt', {
  about: 'Android Korean 2023: "2023. 1. 5. 오후 3:25 - 이름: 텍스트" (year first with ". " separators, 오전/오후 before the time), 오전 12시 and 오후 12시, authorless notices',
  source: 'Ferry\'s own android-ko fixture and CLDR ko ("y. M. d. a h:mm"); not confirmed from a real export; notices\' wording not confirmed (kinds do not depend on it)', language: 'ko', platform: 'android', year: 2023,
  options: { timeZone: 'Asia/Seoul' },
}, [
  m('2023. 1. 5. 오후 3:20 - 김민지님이 그룹을 만들었습니다.', '(system)', '2023-01-05T15:20', 'system', undefined),
  m('2023. 1. 5. 오후 3:20 - 김민지님이 이준호님을 초대했습니다.', '(system)', '2023-01-05T15:20', 'system', undefined),
  m('2023. 1. 5. 오후 3:25 - 김민지: 안녕하세요!', '김민지', '2023-01-05T15:25', 'text', '안녕하세요!'),
  m('2023. 1. 5. 오후 3:26 - 이준호: 반가워요 😊', '이준호', '2023-01-05T15:26', 'text', '반가워요 😊'),
  m('2023. 1. 5. 오후 11:59 - 김민지: 내일 회의는 10시예요', '김민지', '2023-01-05T23:59', 'text', '내일 회의는 10시예요\n장소: 3층 회의실', { fixedText: true, pick: true }),
  c('장소: 3층 회의실'),
  m('2023. 1. 6. 오전 12:01 - 이준호: 네 알겠습니다', '이준호', '2023-01-06T00:01', 'text', '네 알겠습니다', { pick: true }),
  m('2023. 1. 6. 오전 9:58 - 박서연: 저도 참석할게요', '박서연', '2023-01-06T09:58', 'text', '저도 참석할게요'),
  m('2023. 1. 6. 오후 12:00 - 김민지: 점심 같이 드실 분?', '김민지', '2023-01-06T12:00', 'text', '점심 같이 드실 분?', { pick: true }),
  m('2023. 1. 6. 오후 12:02 - 박서연: 저요!', '박서연', '2023-01-06T12:02', 'text', '저요!'),
  m('2023. 1. 12. 오후 6:30 - 이준호님이 나갔습니다.', '(system)', '2023-01-12T18:30', 'system', undefined),
]);

file('android-ja-2022.txt', {
  about: 'Android Japanese 2022: year first with slashes, 24-hour, no comma ("2022/03/18 14:56 - 名前: テキスト")',
  source: 'CLDR ja ("y/MM/dd H:mm"); not confirmed from a real export; notices\' wording not confirmed (kinds do not depend on it)', language: 'ja', platform: 'android', year: 2022,
  options: { timeZone: 'Asia/Tokyo' },
}, [
  m('2022/03/18 14:50 - 佐藤さんがグループ「旅行」を作成しました', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('2022/03/18 14:56 - 佐藤 花子: こんにちは', '佐藤 花子', '2022-03-18T14:56', 'text', 'こんにちは'),
  m('2022/03/18 14:57 - 鈴木 一郎: こんにちは！', '鈴木 一郎', '2022-03-18T14:57', 'text', 'こんにちは！'),
  m('2022/03/18 15:00 - 佐藤 花子: 集合は8:30です', '佐藤 花子', '2022-03-18T15:00', 'text', '集合は8:30です\n東京駅 丸の内北口', { fixedText: true, pick: true }),
  c('東京駅 丸の内北口'),
  m('2022/03/18 15:01 - 鈴木 一郎: 了解です', '鈴木 一郎', '2022-03-18T15:01', 'text', '了解です'),
  m('2022/03/18 15:02 - 高橋 美咲: 楽しみ！', '高橋 美咲', '2022-03-18T15:02', 'text', '楽しみ！', { pick: true }),
  m('2022/03/19 08:25 - 佐藤 花子: 着きました', '佐藤 花子', '2022-03-19T08:25', 'text', '着きました'),
  m('2022/03/19 08:31 - 鈴木 一郎: すみません、5分遅れます', '鈴木 一郎', '2022-03-19T08:31', 'text', 'すみません、5分遅れます'),
  m('2022/03/19 23:59 - 高橋 美咲: ありがとう！', '高橋 美咲', '2022-03-19T23:59', 'text', 'ありがとう！'),
  ...more((p, n, t) => `${p.y}/${two(p.mo)}/${two(p.d)} ${two(p.hh)}:${two(p.mi)} - ${n}: ${t}`, ['佐藤 花子', '鈴木 一郎'], { y: 2022, mo: 3, d: 20, hh: 9, mi: 0 }, ['写真を送ります', 'ありがとう！']),
]);

file('ios-ja-2023-12h.txt', {
  about: 'iOS Japanese 12-hour: 午前/午後 before the time, which runs 0-11 as Japanese writes it ("[2023/01/05 午後9:41:07]", 午前0:15 is 00:15)',
  source: 'issue 16 ("午前/午後"); CLDR ja 12-hour pattern "aK:mm:ss"; not confirmed from a real export', language: 'ja', platform: 'ios', year: 2023,
  options: { timeZone: 'Asia/Tokyo' },
}, [
  m('[2023/01/05 午後9:41:07] 佐藤 花子: 起きてる？', '佐藤 花子', '2023-01-05T21:41:07', 'text', '起きてる？'),
  m('[2023/01/05 午後9:45:30] Ken: 起きてるよ', 'Ken', '2023-01-05T21:45:30', 'text', '起きてるよ'),
  m('[2023/01/05 午後11:59:59] 佐藤 花子: もうすぐ日付が変わる', '佐藤 花子', '2023-01-05T23:59:59', 'text', 'もうすぐ日付が変わる', { pick: true }),
  m('[2023/01/06 午前0:15:00] Ken: おやすみ', 'Ken', '2023-01-06T00:15:00', 'text', 'おやすみ', { pick: true }),
  m('[2023/01/06 午前7:02:11] 佐藤 花子: おはよう', '佐藤 花子', '2023-01-06T07:02:11', 'text', 'おはよう'),
  m('[2023/01/06 午後0:30:00] Ken: お昼どうする？', 'Ken', '2023-01-06T12:30:00', 'text', 'お昼どうする？', { pick: true }),
  m('[2023/01/06 午後0:31:45] 佐藤 花子: ラーメン', '佐藤 花子', '2023-01-06T12:31:45', 'text', 'ラーメン'),
  c('駅前の店で'),
  m('[2023/01/06 午後1:00:00] Ken: 👍', 'Ken', '2023-01-06T13:00:00', 'text', '👍'),
  m('[2023/01/06 午後1:05:00] 佐藤 花子: 今出ます', '佐藤 花子', '2023-01-06T13:05:00', 'text', '今出ます'),
  m('[2023/01/06 午後1:20:00] Ken: 着いた', 'Ken', '2023-01-06T13:20:00', 'text', '着いた'),
]);

file('android-zh-CN-2022.txt', {
  about: 'Android Simplified Chinese 2022, 12-hour: 上午/下午 before the time, year first ("2022/3/18 下午2:56 - 王伟: 你好"), 上午12点 is after midnight',
  source: 'issue 16 (Chinese among the locales); CLDR zh "y/M/d ah:mm"; not confirmed from a real export', language: 'zh-CN', platform: 'android', year: 2022,
  options: { timeZone: 'Asia/Shanghai' },
}, [
  m('2022/3/18 下午2:50 - 王伟创建了群组“周末爬山”', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('2022/3/18 下午2:56 - 王伟: 你好', '王伟', '2022-03-18T14:56', 'text', '你好'),
  m('2022/3/18 下午2:57 - 李娜: 你好！周六几点？', '李娜', '2022-03-18T14:57', 'text', '你好！周六几点？', { pick: true }),
  m('2022/3/18 下午3:00 - 王伟: 早上8:00', '王伟', '2022-03-18T15:00', 'text', '早上8:00\n地铁站B出口', { fixedText: true }),
  c('地铁站B出口'),
  m('2022/3/18 下午11:58 - 李娜: 好的', '李娜', '2022-03-18T23:58', 'text', '好的'),
  m('2022/3/19 上午12:03 - 张强: 我也去', '张强', '2022-03-19T00:03', 'text', '我也去', { pick: true }),
  m('2022/3/19 上午7:55 - 王伟: 到了', '王伟', '2022-03-19T07:55', 'text', '到了'),
  m('2022/3/19 上午8:02 - 张强: 马上到', '张强', '2022-03-19T08:02', 'text', '马上到'),
  m('2022/3/19 下午12:10 - 李娜: 吃午饭吧', '李娜', '2022-03-19T12:10', 'text', '吃午饭吧', { pick: true }),
  m('2022/3/19 下午6:30 - 张强退出了群组', '(system)', '2022-03-19T18:30', 'system', undefined),
]);

file('android-zh-TW-2023.txt', {
  about: 'Android Traditional Chinese 2023, 12-hour: 上午/下午 before the time ("2023/1/5 下午9:41 - 陳美玲: 你好")',
  source: 'issue 16 (zh-TW among the locales); CLDR zh-Hant "y/M/d ah:mm"; not confirmed from a real export', language: 'zh-TW', platform: 'android', year: 2023,
  options: { timeZone: 'Asia/Taipei' },
}, [
  m('2023/1/5 下午9:41 - 陳美玲: 你好，明天有空嗎？', '陳美玲', '2023-01-05T21:41', 'text', '你好，明天有空嗎？'),
  m('2023/1/5 下午9:43 - 林志豪: 有啊', '林志豪', '2023-01-05T21:43', 'text', '有啊'),
  m('2023/1/5 下午9:44 - 陳美玲: 那我們10:30見', '陳美玲', '2023-01-05T21:44', 'text', '那我們10:30見\n老地方', { fixedText: true, pick: true }),
  c('老地方'),
  m('2023/1/5 下午9:45 - 林志豪: 好', '林志豪', '2023-01-05T21:45', 'text', '好'),
  m('2023/1/6 上午12:20 - 陳美玲: 晚安', '陳美玲', '2023-01-06T00:20', 'text', '晚安', { pick: true }),
  m('2023/1/6 上午10:25 - 林志豪: 我到了', '林志豪', '2023-01-06T10:25', 'text', '我到了'),
  m('2023/1/6 上午10:31 - 陳美玲: 抱歉遲到', '陳美玲', '2023-01-06T10:31', 'text', '抱歉遲到'),
  m('2023/1/6 下午12:45 - 林志豪: 午餐很好吃', '林志豪', '2023-01-06T12:45', 'text', '午餐很好吃', { pick: true }),
  m('2023/1/6 下午1:00 - 陳美玲: 下次再來', '陳美玲', '2023-01-06T13:00', 'text', '下次再來'),
  m('2023/1/6 下午1:02 - 林志豪: 👍', '林志豪', '2023-01-06T13:02', 'text', '👍'),
]);

file('ios-zh-TW-2023-12h.txt', {
  about: 'iOS Traditional Chinese 12-hour with seconds: "[2023/1/5 下午9:41:07] 名字: 文字"',
  source: 'CLDR zh-Hant "y/M/d ah:mm:ss"; not confirmed from a real export', language: 'zh-TW', platform: 'ios', year: 2023,
  options: { timeZone: 'Asia/Taipei' },
}, [
  m('[2023/1/5 下午9:41:07] 陳美玲: 在嗎？', '陳美玲', '2023-01-05T21:41:07', 'text', '在嗎？'),
  m('[2023/1/5 下午9:41:30] 林志豪: 在', '林志豪', '2023-01-05T21:41:30', 'text', '在'),
  m('[2023/1/5 下午9:42:02] 陳美玲: 照片傳給你了', '陳美玲', '2023-01-05T21:42:02', 'text', '照片傳給你了', { pick: true }),
  m('[2023/1/6 上午12:00:00] 林志豪: 新的一天', '林志豪', '2023-01-06T00:00:00', 'text', '新的一天', { pick: true }),
  m('[2023/1/6 上午8:15:45] 陳美玲: 早安', '陳美玲', '2023-01-06T08:15:45', 'text', '早安'),
  m('[2023/1/6 下午12:00:01] 林志豪: 中午了', '林志豪', '2023-01-06T12:00:01', 'text', '中午了', { pick: true }),
  m('[2023/1/6 下午12:10:00] 陳美玲: 吃飯囉', '陳美玲', '2023-01-06T12:10:00', 'text', '吃飯囉'),
  c('我在樓下'),
  m('[2023/1/6 下午5:30:00] 林志豪: 下班了', '林志豪', '2023-01-06T17:30:00', 'text', '下班了'),
  m('[2023/1/6 下午5:31:00] 陳美玲: 辛苦了', '陳美玲', '2023-01-06T17:31:00', 'text', '辛苦了'),
  m('[2023/1/6 下午11:59:59] 林志豪: 晚安', '林志豪', '2023-01-06T23:59:59', 'text', '晚安'),
]);

file('ios-ko-2022.txt', {
  about: 'iOS Korean 2022: "[2022. 3. 18. 오후 2:56:01] 이름: 텍스트" (year first with ". ", 오전/오후 before the time, seconds)',
  source: 'Ferry\'s own ios-ko fixture and CLDR ko; not confirmed from a real export', language: 'ko', platform: 'ios', year: 2022,
  options: { timeZone: 'Asia/Seoul' },
}, [
  m('[2022. 3. 18. 오후 2:56:01] 김민지: 안녕하세요', '김민지', '2022-03-18T14:56:01', 'text', '안녕하세요'),
  m('[2022. 3. 18. 오후 2:57:12] 이준호: 네 안녕하세요!', '이준호', '2022-03-18T14:57:12', 'text', '네 안녕하세요!'),
  m('[2022. 3. 18. 오후 3:00:00] 김민지: 자료 보내드렸어요', '김민지', '2022-03-18T15:00:00', 'text', '자료 보내드렸어요\n확인 부탁드려요', { fixedText: true, pick: true }),
  c('확인 부탁드려요'),
  m('[2022. 3. 18. 오후 11:59:00] 이준호: 확인했습니다', '이준호', '2022-03-18T23:59:00', 'text', '확인했습니다'),
  m('[2022. 3. 19. 오전 12:00:30] 김민지: 감사합니다', '김민지', '2022-03-19T00:00:30', 'text', '감사합니다', { pick: true }),
  m('[2022. 3. 19. 오전 9:00:00] 이준호: 좋은 아침이에요', '이준호', '2022-03-19T09:00:00', 'text', '좋은 아침이에요'),
  m('[2022. 3. 19. 오후 12:30:00] 김민지: 점심 드셨어요?', '김민지', '2022-03-19T12:30:00', 'text', '점심 드셨어요?', { pick: true }),
  m('[2022. 3. 19. 오후 12:31:10] 이준호: 네!', '이준호', '2022-03-19T12:31:10', 'text', '네!'),
  m('[2022. 3. 21. 오전 10:10:10] 김민지: 회의 시작합니다', '김민지', '2022-03-21T10:10:10', 'text', '회의 시작합니다'),
  m('[2022. 3. 21. 오전 10:11:00] 이준호: 들어갑니다', '이준호', '2022-03-21T10:11:00', 'text', '들어갑니다'),
]);

file('android-ar-2022-12h.txt', {
  about: 'Android Arabic 12-hour: U+200F after the day and month, the Arabic comma, ص/م after the time ("18‏/3‏/2022، 2:56 م - أحمد: مرحبا")',
  source: 'issue 16 ("ص/م"); U+200F and U+060C placement as in the real iOS Arabic export (../shared/samples/whatsapp/ios-ar-2022-rlm.txt); Android 12-hour shape not confirmed from a real export', language: 'ar', platform: 'android', year: 2022,
  options: { timeZone: 'Asia/Riyadh' },
}, [
  m(`18${RLM}/3${RLM}/2022، 2:50 م - أنشأ أحمد المجموعة "العائلة"`, '(system)', '2022-03-18T14:50', 'system', undefined),
  m(`18${RLM}/3${RLM}/2022، 2:56 م - أحمد: مرحبا`, 'أحمد', '2022-03-18T14:56', 'text', 'مرحبا'),
  m(`18${RLM}/3${RLM}/2022، 2:57 م - فاطمة: أهلا وسهلا`, 'فاطمة', '2022-03-18T14:57', 'text', 'أهلا وسهلا', { pick: true }),
  m(`18${RLM}/3${RLM}/2022، 11:59 م - أحمد: تصبحون على خير`, 'أحمد', '2022-03-18T23:59', 'text', 'تصبحون على خير'),
  m(`19${RLM}/3${RLM}/2022، 12:10 ص - فاطمة: وأنت من أهله`, 'فاطمة', '2022-03-19T00:10', 'text', 'وأنت من أهله', { pick: true }),
  m(`19${RLM}/3${RLM}/2022، 8:00 ص - أحمد: صباح الخير`, 'أحمد', '2022-03-19T08:00', 'text', 'صباح الخير'),
  m(`19${RLM}/3${RLM}/2022، 12:30 م - فاطمة: الغداء جاهز`, 'فاطمة', '2022-03-19T12:30', 'text', 'الغداء جاهز\nتعالوا', { fixedText: true, pick: true }),
  c('تعالوا'),
  m(`19${RLM}/3${RLM}/2022، 12:31 م - يوسف: قادم`, 'يوسف', '2022-03-19T12:31', 'text', 'قادم'),
  m(`19${RLM}/3${RLM}/2022، 1:00 م - أحمد: 👍`, 'أحمد', '2022-03-19T13:00', 'text', '👍'),
  m(`20${RLM}/3${RLM}/2022، 9:15 م - يوسف: شكرا`, 'يوسف', '2022-03-20T21:15', 'text', 'شكرا'),
]);

file('ios-ar-2023-12h-rlm.txt', {
  about: 'iOS Arabic 12-hour: U+200F inside the bracketed date, the Arabic comma, ص/م after the seconds',
  source: 'the real iOS Arabic export (../shared/samples/whatsapp/ios-ar-2022-rlm.txt, starkdmi/whats_json) for the marks; ص/م from issue 16; the 12-hour iOS shape is not confirmed from a real export', language: 'ar', platform: 'ios', year: 2023,
  options: { timeZone: 'Africa/Cairo' },
}, [
  m(`[${RLM}5${RLM}/1${RLM}/2023، 9:41:07 م] سارة: مساء الخير`, 'سارة', '2023-01-05T21:41:07', 'text', 'مساء الخير'),
  m(`[${RLM}5${RLM}/1${RLM}/2023، 9:42:00 م] عمر: مساء النور`, 'عمر', '2023-01-05T21:42:00', 'text', 'مساء النور'),
  m(`[${RLM}5${RLM}/1${RLM}/2023، 11:59:59 م] سارة: غدا الساعة 10`, 'سارة', '2023-01-05T23:59:59', 'text', 'غدا الساعة 10', { pick: true }),
  m(`[${RLM}6${RLM}/1${RLM}/2023، 12:05:00 ص] عمر: تمام`, 'عمر', '2023-01-06T00:05:00', 'text', 'تمام', { pick: true }),
  m(`[${RLM}6${RLM}/1${RLM}/2023، 10:00:00 ص] سارة: وصلت`, 'سارة', '2023-01-06T10:00:00', 'text', 'وصلت'),
  m(`[${RLM}6${RLM}/1${RLM}/2023، 12:00:00 م] عمر: الظهر`, 'عمر', '2023-01-06T12:00:00', 'text', 'الظهر', { pick: true }),
  m(`[${RLM}13${RLM}/1${RLM}/2023، 3:30:00 م] سارة: شكرا لك`, 'سارة', '2023-01-13T15:30:00', 'text', 'شكرا لك'),
  c('كان يوما جميلا'),
  m(`[${RLM}13${RLM}/1${RLM}/2023، 3:31:00 م] عمر: 🌹`, 'عمر', '2023-01-13T15:31:00', 'text', '🌹'),
  m(`[${RLM}13${RLM}/1${RLM}/2023، 3:32:00 م] سارة: إلى اللقاء`, 'سارة', '2023-01-13T15:32:00', 'text', 'إلى اللقاء'),
  m(`[${RLM}13${RLM}/1${RLM}/2023، 3:33:00 م] عمر: مع السلامة`, 'عمر', '2023-01-13T15:33:00', 'text', 'مع السلامة'),
]);

file('android-fa-2022.txt', {
  about: 'Android Persian 2022 (Gregorian calendar, Latin digits, as a phone with a non-Iranian region writes it): "2022/03/18, 14:56 - علی: سلام", right-to-left names and texts',
  source: 'layout as other year-first Android exports; not confirmed from a real Persian export (a phone with the Iranian region would print the Solar Hijri calendar, which this corpus does not cover)', language: 'fa', platform: 'android', year: 2022,
  options: { timeZone: 'Asia/Tehran' },
}, [
  m('2022/03/18, 14:50 - علی گروه «خانواده» را ایجاد کرد', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('2022/03/18, 14:56 - علی: سلام', 'علی', '2022-03-18T14:56', 'text', 'سلام'),
  m('2022/03/18, 14:57 - مریم: سلام، خوبی؟', 'مریم', '2022-03-18T14:57', 'text', 'سلام، خوبی؟', { pick: true }),
  m('2022/03/18, 14:58 - علی: ممنون، نوروز مبارک!', 'علی', '2022-03-18T14:58', 'text', 'ممنون، نوروز مبارک!'),
  m('2022/03/18, 15:00 - رضا: نوروز مبارک 🌷', 'رضا', '2022-03-18T15:00', 'text', 'نوروز مبارک 🌷'),
  m('2022/03/19, 09:00 - مریم: ساعت ۱۰ خانه مادربزرگ', 'مریم', '2022-03-19T09:00', 'text', 'ساعت ۱۰ خانه مادربزرگ\nشیرینی فراموش نشود', { fixedText: true, pick: true }),
  c('شیرینی فراموش نشود'),
  m('2022/03/19, 09:05 - علی: چشم', 'علی', '2022-03-19T09:05', 'text', 'چشم'),
  m('2022/03/19, 09:06 - رضا: 👍', 'رضا', '2022-03-19T09:06', 'text', '👍'),
  m('2022/03/20, 20:00 - مریم: شب بخیر', 'مریم', '2022-03-20T20:00', 'text', 'شب بخیر', { pick: true }),
  m('2022/03/20, 20:01 - علی: شب بخیر', 'علی', '2022-03-20T20:01', 'text', 'شب بخیر'),
]);

file('android-hi-2023-12h.txt', {
  about: 'Android Hindi 2023 with the Indian 12-hour layout ("18/03/23, 2:56 pm - राहुल: नमस्ते"), Devanagari names and texts',
  source: 'the Indian English layout of most exports in starkdmi/whats_json test/data/chats_unique (lower-case am/pm); not confirmed with the phone set to Hindi', language: 'hi', platform: 'android', year: 2023,
  options: { timeZone: 'Asia/Kolkata' },
}, [
  m('18/03/23, 2:50 pm - राहुल ने ग्रुप "परिवार" बनाया', '(system)', '2023-03-18T14:50', 'system', undefined),
  m('18/03/23, 2:56 pm - राहुल: नमस्ते', 'राहुल', '2023-03-18T14:56', 'text', 'नमस्ते'),
  m('18/03/23, 2:57 pm - प्रिया: नमस्ते भैया', 'प्रिया', '2023-03-18T14:57', 'text', 'नमस्ते भैया', { pick: true }),
  m('18/03/23, 3:00 pm - राहुल: होली की शुभकामनाएँ!', 'राहुल', '2023-03-18T15:00', 'text', 'होली की शुभकामनाएँ!'),
  m('18/03/23, 11:58 pm - अमित: बहुत मज़ा आया', 'अमित', '2023-03-18T23:58', 'text', 'बहुत मज़ा आया'),
  m('19/03/23, 12:05 am - प्रिया: शुभ रात्रि', 'प्रिया', '2023-03-19T00:05', 'text', 'शुभ रात्रि', { pick: true }),
  m('19/03/23, 9:30 am - राहुल: सुप्रभात', 'राहुल', '2023-03-19T09:30', 'text', 'सुप्रभात'),
  m('19/03/23, 12:15 pm - अमित: खाना तैयार है', 'अमित', '2023-03-19T12:15', 'text', 'खाना तैयार है\nजल्दी आओ', { fixedText: true, pick: true }),
  c('जल्दी आओ'),
  m('19/03/23, 12:16 pm - प्रिया: आ रही हूँ', 'प्रिया', '2023-03-19T12:16', 'text', 'आ रही हूँ'),
  m('19/03/23, 6:00 pm - अमित ने ग्रुप छोड़ दिया', '(system)', '2023-03-19T18:00', 'system', undefined),
]);

file('android-vi-2022-time-first.txt', {
  about: 'Android Vietnamese 2022 with the time before the date ("14:56 18/03/2022 - Tên: tin nhắn"), as Vietnamese writes date and time',
  source: 'issue 16 (time before date, seen on Vietnamese iOS); CLDR vi date-time pattern "{0} {1}" (time first); the Android shape is not confirmed from a real export', language: 'vi', platform: 'android', year: 2022,
  options: { timeZone: 'Asia/Ho_Chi_Minh' },
}, [
  m('14:50 18/03/2022 - Lan đã tạo nhóm "Gia đình"', '(system)', '2022-03-18T14:50', 'system', undefined),
  m('14:56 18/03/2022 - Lan: Chào cả nhà', 'Lan', '2022-03-18T14:56', 'text', 'Chào cả nhà'),
  m('14:57 18/03/2022 - Minh: Chào em', 'Minh', '2022-03-18T14:57', 'text', 'Chào em', { pick: true }),
  m('15:00 18/03/2022 - Lan: Tối nay 19:00 ăn cơm nhé', 'Lan', '2022-03-18T15:00', 'text', 'Tối nay 19:00 ăn cơm nhé\nở nhà bà', { fixedText: true, pick: true }),
  c('ở nhà bà'),
  m('15:01 18/03/2022 - Hoa: Dạ vâng', 'Hoa', '2022-03-18T15:01', 'text', 'Dạ vâng'),
  m('23:59 18/03/2022 - Minh: Ngủ ngon', 'Minh', '2022-03-18T23:59', 'text', 'Ngủ ngon'),
  m('00:01 19/03/2022 - Hoa: Ngủ ngon anh', 'Hoa', '2022-03-19T00:01', 'text', 'Ngủ ngon anh', { pick: true }),
  m('08:00 19/03/2022 - Lan: Chào buổi sáng', 'Lan', '2022-03-19T08:00', 'text', 'Chào buổi sáng'),
  m('08:02 19/03/2022 - Minh: ☀️', 'Minh', '2022-03-19T08:02', 'text', '☀️'),
  m('20:00 21/03/2022 - Hoa đã rời khỏi nhóm', '(system)', '2022-03-21T20:00', 'system', undefined),
]);
