/**
 * iOS exports "without media" in the languages WhatsApp's reader had no phrase table for, shaped
 * after real exports of one test chat made by starkdmi/whats_json with the phone set to each
 * language (test/data/languages/*_ios.txt, 2022-2023, GPL-3.0; see SOURCES.md). The placeholder,
 * notice and header wording below is WhatsApp's, as those files print it; the names and the
 * people's own texts are ours. U+200E sits where iOS puts it (the real ../shared/samples/whatsapp
 * files show the pattern): before "[" on omitted-media lines, and before the body of every
 * placeholder, deleted notice, location and system notice.
 */
import { c, file, LRM as L, m, at } from './kit.mjs';


/**
 * The shared shape: 16 messages (15 when the language's file showed no security-code notice).
 * `h(mo, d, yy, hh, mi, ss)` prints a header's date and time inside the brackets.
 */
function iosChat(name, lang, year, h, p, t, extra = {}) {
  const [A, B] = p.names;
  const Y = (yy) => 2000 + yy;
  const iso = (mo, d, yy, hh, mi, ss) => `${Y(yy)}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(hh).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  const H = (...a) => `[${h(...a)}]`;
  const lines = [
    m(`${H(3, 18, 22, 14, 56, 1)} ${B}: ${L}${p.e2e}`, '(system)', iso(3, 18, 22, 14, 56, 1), 'system', p.e2e),
    m(`${H(3, 27, 22, 21, 41, 35)} ${A}: ${t.hello}`, A, iso(3, 27, 22, 21, 41, 35), 'text', t.hello),
    m(`${L}${H(3, 27, 22, 21, 41, 55)} ${A}: ${L}${p.image}`, A, iso(3, 27, 22, 21, 41, 55), 'media', '', { pick: true }),
    m(`${L}${H(3, 27, 22, 21, 44, 16)} ${A}: ${L}${p.video}`, A, iso(3, 27, 22, 21, 44, 16), 'media', ''),
    m(`${L}${H(3, 27, 22, 21, 44, 47)} ${A}: ${L}${p.audio}`, A, iso(3, 27, 22, 21, 44, 47), 'media', ''),
    m(`${H(3, 27, 22, 21, 46, 17)} ${B}: ${t.reply}`, B, iso(3, 27, 22, 21, 46, 17), 'text', t.reply),
    m(`${L}${H(3, 27, 22, 21, 47, 54)} ${A}: ${L}${p.contact}`, A, iso(3, 27, 22, 21, 47, 54), 'media', ''),
    m(`${L}${H(3, 27, 22, 21, 49, 16)} ${A}: ${L}${p.sticker}`, A, iso(3, 27, 22, 21, 49, 16), 'sticker', ''),
    m(`${L}${H(3, 27, 22, 21, 50, 9)} ${A}: ${t.doc} ${L}${p.doc}`, A, iso(3, 27, 22, 21, 50, 9), 'media', t.doc, { pick: true }),
    m(`${H(3, 27, 22, 21, 50, 54)} ${A}: ${L}${p.deletedMine}`, A, iso(3, 27, 22, 21, 50, 54), 'deleted', undefined),
    m(`${L}${H(3, 27, 22, 21, 51, 57)} ${A}: ${L}${p.gif}`, A, iso(3, 27, 22, 21, 51, 57), 'media', ''),
    m(`${H(3, 27, 22, 21, 52, 37)} ${B}: ${t.multi[0]}`, B, iso(3, 27, 22, 21, 52, 37), 'text', t.multi[0], { pick: true }),
    c(t.multi[1]),
    m(`${H(3, 27, 22, 21, 54, 45)} ${B}: ${L}${p.deletedOther}`, B, iso(3, 27, 22, 21, 54, 45), 'deleted', undefined),
    m(`${H(3, 27, 22, 21, 56, 45)} ${A}: ${L}${p.location}: https://maps.google.com/?q=${t.at[0]},${t.at[1]}`, A, iso(3, 27, 22, 21, 56, 45), 'location', undefined, { pick: true, f: at(t.at[0], t.at[1]) }),
  ];
  if (p.security) lines.push(m(`${H(4, 28, 22, 20, 17, 30)} ${B}: ${L}${L}${p.security(B.split(' ')[0])}`, '(system)', iso(4, 28, 22, 20, 17, 30), 'system', undefined));
  lines.push(m(`${H(1, 7, 23, 9, 12, 3)} ${A}: ${t.last}`, A, iso(1, 7, 23, 9, 12, 3), 'text', t.last));
  file(name, {
    about: `iOS ${lang} ${year}, exported without media: every placeholder line starts with U+200E and names its sender; ${extra.about ?? 'the header as this language prints it'}`,
    source: `starkdmi/whats_json ${extra.src} (iOS, region US, phone language ${lang}; GPL-3.0, wording only); U+200E placement inferred from the byte-exact de/en/ar iOS samples in ../shared/samples/whatsapp, not confirmed for this language (the index shows this file without invisible characters)`,
    language: lang,
    platform: 'ios',
    year,
    eol: '\r\n',
    options: extra.options,
  }, lines);
}

const pad = (n) => String(n).padStart(2, '0');
const us = (comma) => (mo, d, yy, hh, mi, ss) => `${mo}/${d}/${yy}${comma ? ',' : ''} ${pad(hh)}:${pad(mi)}:${pad(ss)}`;

iosChat('ios-fr-2022.txt', 'fr', 2022, us(false), {
  names: ['Camille Martin', 'Louis Bernard'],
  e2e: 'Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.',
  image: 'image absente', video: 'vidéo absente', audio: 'audio omis', contact: 'Fiche contact manquante', sticker: 'sticker omis',
  doc: 'document manquant', deletedMine: 'Vous avez supprimé ce message.', deletedOther: 'Ce message a été supprimé.', gif: 'GIF retiré', location: 'Localisation',
  security: (n) => `Votre code de sécurité avec ${n} a changé. ${L}Appuyez pour en savoir plus.`,
}, { hello: 'Salut Louis !', reply: 'Super photo 😊', doc: 'Menu.pdf', multi: ['On se voit demain ?', 'Je peux passer vers 10 h.'], at: [48.8583701, 2.2944813], last: 'Bonne année à vous deux !' },
{ src: 'test/data/languages/french_ios.txt @ab337967', about: 'no comma between date and time ("[3/18/22 14:56:00]")' });

iosChat('ios-es-2022.txt', 'es', 2022, us(true), {
  names: ['Lucía Gómez', 'Mateo Ruiz'],
  e2e: 'Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.',
  image: 'imagen omitida', video: 'Video omitido', audio: 'audio omitido', contact: 'Tarjeta de contacto omitida', sticker: 'sticker omitido',
  doc: 'documento omitido', deletedMine: 'Eliminaste este mensaje.', deletedOther: 'Se eliminó este mensaje.', gif: 'GIF omitido', location: 'Ubicación',
}, { hello: '¡Hola Mateo!', reply: 'Qué bonita foto 😊', doc: 'Entradas.pdf', multi: ['¿Nos vemos mañana?', 'Paso a las diez.'], at: [40.4169473, -3.7035285], last: '¡Feliz año nuevo!' }, { src: 'test/data/languages/spanish_ios.txt @ab337967' });

iosChat('ios-it-2022.txt', 'it', 2022, us(true), {
  names: ['Giulia Rossi', 'Marco Bianchi'],
  e2e: 'I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa chat, nemmeno WhatsApp, può leggerne o ascoltarne il contenuto.',
  image: 'immagine omessa', video: 'video omesso', audio: 'audio omesso', contact: 'Scheda contatto omessa', sticker: 'sticker non incluso',
  doc: 'documento omesso', deletedMine: 'Hai eliminato questo messaggio.', deletedOther: 'Questo messaggio è stato eliminato.', gif: 'GIF esclusa', location: 'Posizione',
  security: (n) => `Il tuo codice di sicurezza con ${n} è cambiato. ${L}Tocca per saperne di più.`,
}, { hello: 'Ciao Marco!', reply: 'Che bella foto 😊', doc: 'Biglietti.pdf', multi: ['Ci vediamo domani?', 'Passo verso le dieci.'], at: [41.8902102, 12.4922309], last: 'Buon anno!' }, { src: 'test/data/languages/italian_ios.txt @9dfcc88b' });

iosChat('ios-pt-PT-2022.txt', 'pt-PT', 2022, us(false), {
  names: ['Inês Silva', 'João Costa'],
  e2e: 'As mensagens e chamadas são encriptadas ponto a ponto. Ninguém fora desta conversa, nem mesmo o WhatsApp, pode ler ou ouvi-las.',
  image: 'imagem não revelada', video: 'vídeo não revelado', audio: 'ficheiro de áudio não revelado', contact: 'Contacto não revelado', sticker: 'sticker não revelado',
  doc: 'documento não revelado', deletedMine: 'Apagou esta mensagem.', deletedOther: 'Esta mensagem foi apagada.', gif: 'GIF não revelada', location: 'Localização',
}, { hello: 'Olá João!', reply: 'Que foto gira 😊', doc: 'Bilhetes.pdf', multi: ['Vemo-nos amanhã?', 'Passo aí às dez.'], at: [38.6916, -9.2160], last: 'Feliz ano novo!' },
{ src: 'test/data/languages/portugal_ios.txt @ab337967', about: 'no comma between date and time' });

iosChat('ios-ru-2022.txt', 'ru', 2022, us(true), {
  names: ['Анна Иванова', 'Dmitry S'],
  e2e: 'Сообщения и звонки защищены сквозным шифрованием. Третьи лица, включая WhatsApp, не могут прочитать ваши сообщения или прослушать звонки.',
  image: 'изображение отсутствует', video: 'видео отсутствует', audio: 'аудиофайл отсутствует', contact: 'Карточка контакта отсутствует', sticker: 'стикер не добавлен',
  doc: 'документ отсутствует', deletedMine: 'Вы удалили данное сообщение.', deletedOther: 'Данное сообщение удалено.', gif: 'GIF отсутствует', location: 'Местоположение',
}, { hello: 'Привет, Дима!', reply: 'Классное фото 😊', doc: 'Билеты.pdf', multi: ['Увидимся завтра?', 'Зайду около десяти.'], at: [55.7539303, 37.620795], last: 'С Новым годом!' },
{ src: 'test/data/languages/russian_ios.txt @ab337967', about: 'Cyrillic sender name, one Latin' });

iosChat('ios-uk-2022.txt', 'uk', 2022, us(true), {
  names: ['Оксана Коваль', 'Тарас Мельник'],
  e2e: 'Повідомлення й дзвінки захищено наскрізним шифруванням. Прочитати чи прослухати їх не зможе жодна стороння особа, навіть із WhatsApp.',
  image: 'зображення відсутнє', video: 'відео відсутнє', audio: 'аудіо відсутнє', contact: 'Картка контакту відсутня', sticker: 'Наклейку не додано',
  doc: 'документ пропущено', deletedMine: 'Ви видалили це повідомлення.', deletedOther: 'Це повідомлення було видалено.', gif: 'GIF-анімацію пропущено', location: 'Розташування',
}, { hello: 'Привіт, Тарасе!', reply: 'Гарне фото 😊', doc: 'Квитки.pdf', multi: ['Побачимось завтра?', 'Зайду о десятій.'], at: [50.4501, 30.5234], last: 'З Новим роком!' }, { src: 'test/data/languages/ukrainian_ios.txt @ab337967' });

iosChat('ios-cs-2022.txt', 'cs', 2022, us(false), {
  names: ['Jana Nováková', 'Petr Svoboda'],
  e2e: 'Zprávy a hovory jsou opatřeny koncovým šifrováním. Nikdo, kdo není přímým účastníkem této konverzace, ji nemůže sledovat ani poslouchat. Dokonce ani WhatsApp.',
  image: 'obrázek vynechán', video: 'video vynecháno', audio: 'zvukový soubor vynechán', contact: 'Vizitka vynechána', sticker: 'nálepka vynechána',
  doc: 'dokument vynechán', deletedMine: 'Tuto zprávu jste smazal/a.', deletedOther: 'Tato zpráva byla smazána.', gif: 'GIF vynechán', location: 'Poloha',
  security: (n) => `Bezpečnostní kód mezi vámi a uživatelem ${n} byl změněn. ${L}Další informace zobrazíte klepnutím.`,
}, { hello: 'Ahoj Petře!', reply: 'Hezká fotka 😊', doc: 'Vstupenky.pdf', multi: ['Uvidíme se zítra?', 'Přijdu kolem desáté.'], at: [50.0864, 14.4114], last: 'Šťastný nový rok!' },
{ src: 'test/data/languages/czech_ios.txt @9dfcc88b', about: 'no comma between date and time' });

iosChat('ios-hi-2022.txt', 'hi', 2022, us(true), {
  names: ['Priya Sharma', 'राहुल वर्मा'],
  e2e: 'मैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं. इस चैट में शामिल लोगों के अलावा कोई भी इन्हें पढ़ या सुन नहीं सकता, WhatsApp भी नहीं.',
  image: 'फ़ोटो हटाई गई', video: 'वीडियो छोड़ा गया', audio: 'ऑडियो हटाई गयी', contact: 'कॉन्टैक्ट कार्ड छोड़ा गया', sticker: 'स्टिकर छोड़ा गया',
  doc: 'डॉक्यूमेंट छोड़ा गया', deletedMine: 'आपने यह मैसेज डिलीट किया.', deletedOther: 'यह मैसेज डिलीट कर दिया गया है.', gif: 'GIF छोड़ा गया', location: 'लोकेशन',
  security: (n) => `${n} के लिए आपका सुरक्षा कोड बदल गया है. ${L}ज़्यादा जानने के लिए टैप करें.`,
}, { hello: 'नमस्ते राहुल!', reply: 'बहुत सुंदर फ़ोटो 😊', doc: 'Tickets.pdf', multi: ['कल मिलते हैं?', 'मैं दस बजे आऊँगी।'], at: [28.6129, 77.2295], last: 'नया साल मुबारक!' }, { src: 'test/data/languages/hindi_ios.txt @9dfcc88b' });

iosChat('ios-id-2022-dots.txt', 'id', 2022, (mo, d, yy, hh, mi, ss) => `${mo}/${d}/${yy} ${pad(hh)}.${pad(mi)}.${pad(ss)}`, {
  names: ['Siti Rahma', 'Budi Santoso'],
  e2e: 'Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.',
  image: 'gambar tidak disertakan', video: 'video tidak disertakan', audio: 'audio tidak disertakan', contact: 'Kartu kontak tidak disertakan', sticker: 'stiker tidak disertakan',
  doc: 'dokumen tidak disertakan', deletedMine: 'Anda menghapus pesan ini.', deletedOther: 'Pesan ini dihapus.', gif: 'GIF tidak disertakan', location: 'Lokasi',
  security: (n) => `Kode keamanan Anda dengan ${n} telah berubah. ${L}Ketuk untuk info selengkapnya.`,
}, { hello: 'Halo Budi!', reply: 'Fotonya bagus 😊', doc: 'Tiket.pdf', multi: ['Besok ketemu?', 'Aku datang jam sepuluh.'], at: [-6.1753924, 106.8271528], last: 'Selamat tahun baru!' },
{ src: 'test/data/languages/indonesian_ios.txt @9dfcc88b', about: 'dots in the time ("[3/18/22 14.56.01]"), no comma' });

iosChat('ios-ja-2022.txt', 'ja', 2022, us(false), {
  names: ['佐藤 花子', 'Dmitry S'],
  e2e: 'メッセージと通話はエンドツーエンド暗号化されています。チャットの参加者以外は、たとえWhatsAppでも読んだり聞いたりすることはできません。',
  image: '画像は含まれていません', video: 'ビデオは含まれていません', audio: '音声は含まれていません', contact: '連絡先カードを省略', sticker: 'スタンプは含まれていません',
  doc: 'ドキュメントは含まれていません', deletedMine: 'このメッセージを削除しました。', deletedOther: 'このメッセージは削除されました。', gif: 'GIFは含まれていません', location: '位置情報',
}, { hello: 'こんにちは！', reply: 'いい写真ですね😊', doc: 'チケット.pdf', multi: ['明日会えますか？', '10時ごろ行きます。'], at: [35.6585805, 139.7454329], last: 'あけましておめでとう！' },
{ src: 'test/data/languages/japanese_ios.txt @ab337967', about: 'no comma; a space inside the sender name' });

iosChat('ios-th-2022.txt', 'th', 2022, us(false), {
  names: ['สมชาย ใจดี', 'Dmitry S'],
  e2e: 'ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง ผู้ที่ไม่ได้อยู่ในแชทนี้จะไม่สามารถอ่านหรือฟังได้แม้แต่ WhatsApp เอง',
  image: 'ไม่มีรูปภาพ', video: 'วิดีโอถูกลบ', audio: 'ไม่มีไฟล์เสียง', contact: 'บัตรรายชื่อที่ละเว้น', sticker: 'ไม่มีสติกเกอร์',
  doc: 'ละเว้นเอกสาร', deletedMine: 'คุณได้ลบข้อความนี้', deletedOther: 'ข้อความนี้ถูกลบแล้ว', gif: 'ละเว้น GIF', location: 'ตำแหน่งที่ตั้ง',
  security: (n) => `รหัสความปลอดภัยของคุณกับ ${n} มีการเปลี่ยนแปลง ${L}แตะเพื่อเรียนรู้เพิ่มเติม`,
}, { hello: 'สวัสดีครับ', reply: 'รูปสวยมาก 😊', doc: 'ตั๋ว.pdf', multi: ['พรุ่งนี้เจอกันไหม', 'ผมจะไปถึงสิบโมง'], at: [13.7500, 100.4913], last: 'สวัสดีปีใหม่' },
{ src: 'test/data/languages/thai_ios.txt @9dfcc88b', about: 'Gregorian years, no comma' });

iosChat('ios-vi-2022-time-first.txt', 'vi', 2022, (mo, d, yy, hh, mi, ss) => `${pad(hh)}:${pad(mi)}:${pad(ss)}, ${mo}/${d}/${yy}`, {
  names: ['Nguyễn Lan', 'Trần Minh'],
  e2e: 'Tin nhắn và cuộc gọi được mã hóa đầu cuối. Những người bên ngoài cuộc trò chuyện này, kể cả WhatsApp, sẽ không đọc hoặc nghe được.',
  image: 'đã bỏ qua hình ảnh', video: 'đã bỏ video', audio: 'bỏ qua tệp âm thanh', contact: 'Bỏ qua thẻ liên lạc', sticker: 'đã bỏ sticker',
  doc: 'đã bỏ qua tài liệu', deletedMine: 'Bạn đã xoá tin nhắn này.', deletedOther: 'Tin nhắn này đã bị xóa.', gif: 'Đã bỏ qua ảnh GIF', location: 'Vị trí',
  security: (n) => `Mã bảo mật của bạn với ${n} đã thay đổi. ${L}Nhấn để tìm hiểu thêm.`,
}, { hello: 'Chào anh Minh!', reply: 'Ảnh đẹp quá 😊', doc: 'Vé.pdf', multi: ['Mai gặp nhau nhé?', 'Em đến lúc mười giờ.'], at: [21.0285, 105.8542], last: 'Chúc mừng năm mới!' },
{ src: 'test/data/languages/vietnamese_ios.txt @9dfcc88b', about: 'the time before the date ("[14:56:01, 3/18/22]")' });

// Calendars: the same chat exported with the phone's calendar set to Buddhist or Japanese (English UI).
const en = {
  e2e: 'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
  image: 'image omitted', video: 'video omitted', audio: 'audio omitted', contact: 'Contact card omitted', sticker: 'sticker omitted',
  doc: 'document omitted', deletedMine: 'You deleted this message.', deletedOther: 'This message was deleted.', gif: 'GIF omitted', location: 'Location',
  security: (n) => `Your security code with ${n} changed. ${L}Tap to learn more.`,
};
iosChat('ios-en-buddhist-2565.txt', 'en', 2022, (mo, d, yy, hh, mi, ss) => `${mo}/${d}/${2000 + yy + 543} BE, ${pad(hh)}:${pad(mi)}:${pad(ss)}`, { ...en, names: ['Niran K', 'Ploy S'] },
  { hello: 'Hello World', reply: 'Nice one 😊', doc: 'Itinerary.pdf', multi: ['Dinner at 7?', 'I booked the usual place.'], at: [13.7563, 100.5018], last: 'Happy new year! (2566 here)' },
  { src: 'test/data/calendars/Buddhist iOS.txt @6737d0c6', about: 'Buddhist-era years ("[3/18/2565 BE, 14:56:01]", 2565 BE = 2022; the last message is in 2566 BE = 2023)', options: { timeZone: 'Asia/Bangkok' } });

// Japanese era: Reiwa 4 = 2022, Reiwa 5 = 2023.
iosChat('ios-en-japanese-era-R4.txt', 'en', 2022, (mo, d, yy, hh, mi, ss) => `${mo}/${d}/R${yy - 18}, ${pad(hh)}:${pad(mi)}:${pad(ss)}`, { ...en, names: ['Kenji T', 'Dmitry S'] },
  { hello: 'Hello World', reply: 'Looks great 😊', doc: 'Schedule.pdf', multi: ['See you at the station?', 'North exit, 10am.'], at: [35.6812, 139.7671], last: 'Happy new year, R5!' },
  { src: 'test/data/chats_unique/Japanese iOS.txt @a698930d', about: 'Japanese-era years ("[3/18/R4, 14:56:01]", Reiwa 4 = 2022, R5 = 2023)', options: { timeZone: 'Asia/Tokyo' } });
