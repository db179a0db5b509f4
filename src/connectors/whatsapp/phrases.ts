/**
 * The phrases WhatsApp prints in an export, per language: placeholders for media left out or
 * attached, deleted and edited messages, calls, locations, polls, and its own notices. Where
 * each row comes from, and which are confirmed, is in README.md ("Phrase tables"):
 *
 *   C  seen in a real export (../shared/samples/whatsapp) or the field corpus (test/corpus/whatsapp,
 *      shaped after exports in public parser projects, test/corpus/SOURCES.md)
 *   W  WhatsApp's own string files (iOS Localizable.strings, Android strings.xml) as collected in
 *      starkdmi/whats_json lib/src/patterns.dart (wording only; the language of a row is ours)
 *   P  quoted by other parsers' code or tests (find_string over public repositories)
 *   U  unconfirmed: written from the app, no file seen
 *
 * Rows only add recognition: a phrase that is missing leaves the message as the author's text,
 * never drops it, and a line with an author stays that author's message whatever its wording.
 */

import { OMITTED_PHRASES, type OmittedPhrases } from '../kit/omitted.js';

export interface LocalePhrases extends Partial<OmittedPhrases> {
  /** Android, exported without media: the whole body, with its angle brackets. */
  mediaOmitted?: string[];
  /* iOS, exported without media, by kind (image, video, ... contact): kit/omitted.ts, shared with the writers. */
  /** Android, exported with media: "IMG-….jpg (file attached)", the words in the parentheses. */
  fileAttached?: string[];
  /** iOS, exported with media: "<attached: 00000035-PHOTO-….jpg>", the word before the colon. */
  attached?: string[];
  /** "This message was deleted" (someone else's) and "You deleted this message". */
  deleted?: string[];
  /** "<This message was edited>" at the end of a message, without the angle brackets. */
  edited?: string[];
  missedVoice?: string[];
  missedVideo?: string[];
  /** An answered call's label before ", 12 min". */
  voiceCall?: string[];
  videoCall?: string[];
  /** The label before ": https://maps.google.com/?q=LAT,LON". */
  location?: string[];
  /** "POLL:" and its "OPTION: text (n votes)" lines. */
  poll?: string[];
  option?: string[];
  /** How the end-to-end encryption notice starts. */
  encrypted?: string[];
  /** "Your security code with NAME changed": the words before and after the name. */
  securityCode?: [string, string][];
  /** Group notices WhatsApp writes (under the group's name on iOS), as words they contain. */
  groupNotices?: string[];
}

export const PHRASES: Record<string, LocalePhrases> = {
  en: {
    mediaOmitted: ['<Media omitted>'], // C
    ...OMITTED_PHRASES.en,
    fileAttached: ['file attached'], attached: ['attached'], // C
    deleted: ['This message was deleted', 'You deleted this message', 'This message was deleted by an admin', 'You deleted this message as admin'], // C; admin rows W
    edited: ['This message was edited'], // C
    missedVoice: ['Missed voice call', 'Missed group voice call'], missedVideo: ['Missed video call', 'Missed group video call'], // C, W
    voiceCall: ['Voice call', 'Group voice call'], videoCall: ['Video call', 'Group video call'], // C
    location: ['location', 'Location'], // C
    poll: ['POLL'], option: ['OPTION'], // C
    encrypted: ['Messages and calls are end-to-end encrypted', 'Messages to this group are now secured', 'Messages you send to this chat and calls are now secured', 'Messages and calls in this chat are now end-to-end encrypted'], // C (first two), W, U
    securityCode: [['Your security code with ', ' changed']], // C
    groupNotices: ['created group', 'added', 'removed', 'left', 'joined using this group', 'changed the subject', "changed this group's icon", 'changed the group description', 'changed their phone number', 'turned on disappearing messages', 'turned off disappearing messages', 'now an admin', 'changed to', 'deleted this group', 'pinned a message'], // C, W
  },
  es: {
    mediaOmitted: ['<Multimedia omitido>', '<Archivo omitido>'], // C, W
    ...OMITTED_PHRASES.es,
    fileAttached: ['archivo adjunto', 'archivo adjuntado'], attached: ['adjunto'], // C, W
    deleted: ['Se eliminó este mensaje', 'Eliminaste este mensaje', 'Este mensaje fue eliminado'], // C, W
    edited: ['Se editó este mensaje.', 'Se editó este mensaje'], // P
    missedVoice: ['Llamada perdida', 'Llamada de voz perdida'], missedVideo: ['Videollamada perdida'], // W
    voiceCall: ['Llamada de voz'], videoCall: ['Videollamada'], // U
    location: ['Ubicación', 'ubicación'], // C
    poll: ['ENCUESTA'], option: ['OPCIÓN'], // C
    encrypted: ['Los mensajes y las llamadas están cifrados de extremo a extremo', 'Los mensajes y las llamadas de este chat ahora están protegidos'], // C, U
    securityCode: [['Cambió tu código de seguridad con ', '']], // W
    groupNotices: ['creó el grupo', 'añadió', 'eliminó a', 'salió', 'se unió usando el enlace de invitación', 'cambió el asunto', 'cambió el ícono', 'cambió la descripción'], // P, U
  },
  'pt-BR': {
    mediaOmitted: ['<Arquivo de mídia oculto>', '<Mídia oculta>', '<Mídia omitida>'], // C, W
    ...OMITTED_PHRASES['pt-BR'],
    fileAttached: ['arquivo anexado'], attached: ['anexado'], // C, W
    deleted: ['Mensagem apagada', 'Esta mensagem foi apagada', 'Você apagou esta mensagem'], // W
    edited: ['Mensagem editada', 'Esta mensagem foi editada'], // P
    missedVoice: ['Chamada de voz perdida'], missedVideo: ['Chamada de vídeo perdida', 'Videochamada perdida'], // W
    location: ['localização', 'Localização'], // W
    poll: ['ENQUETE'], option: ['OPÇÃO'], // U
    encrypted: ['As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta', 'As mensagens e chamadas são protegidas com a criptografia de ponta a ponta'], // C, W
    securityCode: [['Seu código de segurança com ', ' mudou']], // W
    groupNotices: ['criou o grupo', 'adicionou', 'removeu', 'saiu', 'entrou usando o link de convite', 'mudou o assunto', 'mudou a imagem', 'mudou a descrição'], // U
  },
  'pt-PT': {
    mediaOmitted: ['<Ficheiro não revelado>'], // W
    ...OMITTED_PHRASES['pt-PT'],
    fileAttached: ['ficheiro anexado'], // W
    deleted: ['Esta mensagem foi apagada', 'Apagou esta mensagem', 'Esta mensagem foi apagada pelo remetente'], // C, W
    edited: ['Esta mensagem foi editada'], // U
    missedVoice: ['Chamada de voz perdida'], missedVideo: ['Videochamada perdida'], // W
    location: ['Localização'], // C
    encrypted: ['As mensagens e chamadas são encriptadas ponto a ponto'], // C, W
    securityCode: [['O seu código de segurança partilhado com ', ' mudou']], // W
    groupNotices: ['criou o grupo', 'adicionou', 'removeu', 'saiu'], // U
  },
  de: {
    mediaOmitted: ['<Medien ausgeschlossen>', '<Medien weggelassen>'], // C, W
    ...OMITTED_PHRASES.de,
    fileAttached: ['Datei angehängt'], attached: ['Anhang', 'angehängt'], // C, W
    deleted: ['Diese Nachricht wurde gelöscht', 'Du hast diese Nachricht gelöscht'], // C
    edited: ['Diese Nachricht wurde bearbeitet'], // C
    missedVoice: ['Verpasster Sprachanruf'], missedVideo: ['Verpasster Videoanruf'], // C, W
    voiceCall: ['Sprachanruf'], videoCall: ['Videoanruf'], // C
    location: ['Standort'], // C
    poll: ['UMFRAGE'], option: ['OPTION'], // U
    encrypted: ['Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt', 'Nachrichten, die du in diesem Chat sendest, sowie Anrufe, sind jetzt mit Ende-zu-Ende-Verschlüsselung geschützt'], // C
    securityCode: [['Deine Sicherheitsnummer für ', ' hat sich geändert']], // C
    groupNotices: ['hat die Gruppe', 'hat dich hinzugefügt', 'hinzugefügt', 'entfernt', 'ist über den Einladungslink', 'hat die Gruppe verlassen', 'hat den Betreff', 'hat das Gruppenbild', 'hat die Gruppenbeschreibung', 'neue Nummer'], // C, U
  },
  fr: {
    mediaOmitted: ['<Médias omis>', '<Fichier omis>'], // C, W
    ...OMITTED_PHRASES.fr,
    fileAttached: ['fichier joint'], attached: ['pièce jointe'], // C, W
    deleted: ['Ce message a été supprimé', 'Vous avez supprimé ce message'], // C, W
    edited: ['Ce message a été modifié'], // P
    missedVoice: ['Appel vocal manqué'], missedVideo: ['Appel vidéo manqué'], // W
    voiceCall: ['Appel vocal'], videoCall: ['Appel vidéo'], // U
    location: ['Localisation', 'localisation'], // C, W
    poll: ['SONDAGE'], option: ['OPTION'], // U
    encrypted: ['Les messages et les appels sont chiffrés de bout en bout'], // C, W
    securityCode: [['Votre code de sécurité avec ', ' a changé']], // C, W
    groupNotices: ['a créé le groupe', 'vous a ajouté', 'a ajouté', 'a retiré', 'est parti', 'a quitté le groupe', "s'est joint", 'a rejoint', 'a changé le sujet', "a changé l'icône", 'a changé la description'], // C (créé, ajouté, quitté), U
  },
  it: {
    mediaOmitted: ['<Media omessi>', '<Media omesso>'], // C, W
    ...OMITTED_PHRASES.it,
    fileAttached: ['file allegato'], attached: ['allegato'], // W
    deleted: ['Questo messaggio è stato eliminato', 'Hai eliminato questo messaggio'], // C, W
    edited: ['Questo messaggio è stato modificato'], // P
    missedVoice: ['Chiamata vocale persa'], missedVideo: ['Videochiamata persa'], // W
    location: ['Posizione', 'posizione'], // C, W
    poll: ['SONDAGGIO'], option: ['OPZIONE'], // U
    encrypted: ['I messaggi e le chiamate sono crittografati end-to-end'], // C, W
    securityCode: [['Il tuo codice di sicurezza con ', ' è cambiato']], // C, W
    groupNotices: ['ha creato il gruppo', 'ha aggiunto', 'ha rimosso', 'è uscito', 'ha abbandonato', 'è entrato usando il link', 'ha cambiato'], // C, P
  },
  nl: {
    mediaOmitted: ['<Media weggelaten>'], // C
    ...OMITTED_PHRASES.nl,
    fileAttached: ['bestand bijgevoegd'], attached: ['bijgevoegd'], // C
    deleted: ['Dit bericht is verwijderd', 'U hebt dit bericht verwijderd', 'Je hebt dit bericht verwijderd'], // C
    edited: ['Dit bericht is bewerkt'], // U
    missedVoice: ['Gemiste spraakoproep', 'Gemist spraakgesprek'], missedVideo: ['Gemiste video-oproep', 'Gemist videogesprek'], // C, W
    location: ['locatie', 'Locatie'], // C
    poll: ['PEILING'], option: ['OPTIE'], // U
    encrypted: ['Berichten en oproepen worden end-to-end versleuteld', 'Berichten en gesprekken worden end-to-end versleuteld'], // C, W
    securityCode: [['Uw beveiligingscode voor ', ' is gewijzigd'], ['Je beveiligingscode voor ', ' is gewijzigd']], // W, U
    groupNotices: ['heeft groep', 'heeft u toegevoegd', 'heeft je toegevoegd', 'toegevoegd', 'verwijderd', 'heeft de groep verlaten', 'is toegetreden'], // U
  },
  ru: {
    mediaOmitted: ['<Без медиафайлов>', '<Файл пропущен>'], // C, W
    ...OMITTED_PHRASES.ru,
    fileAttached: ['файл добавлен'], attached: ['прикреплено'], // C, W
    deleted: ['Данное сообщение удалено', 'Вы удалили данное сообщение', 'Вы удалили это сообщение', 'Это сообщение удалено'], // C, W, P
    edited: ['Сообщение изменено', 'Это сообщение изменено'], // U, P
    missedVoice: ['Пропущенный аудиозвонок'], missedVideo: ['Пропущенный видеозвонок'], // C, W
    location: ['местоположение', 'Местоположение'], // C, W
    poll: ['ОПРОС'], option: ['ВАРИАНТ'], // U
    encrypted: ['Сообщения и звонки защищены сквозным шифрованием'], // C, W
    securityCode: [['Ваш код безопасности с контактом ', ' изменился']], // W
    groupNotices: ['создал(-а) группу', 'создал группу', 'создала группу', 'добавил', 'удалил', 'вышел', 'вышла', 'присоединился', 'присоединилась', 'изменил'], // U
  },
  uk: {
    mediaOmitted: ['<Медіа пропущено>'], // W
    ...OMITTED_PHRASES.uk,
    fileAttached: ['файл додано'], attached: ['додано'], // W
    deleted: ['Це повідомлення було видалено', 'Ви видалили це повідомлення'], // C, W
    missedVoice: ['Пропущений аудіодзвінок'], missedVideo: ['Пропущений відеодзвінок'], // W
    location: ['Розташування', 'місцезнаходження'], // C, W
    encrypted: ['Повідомлення й дзвінки захищено наскрізним шифруванням'], // C, W
    securityCode: [['Код безпеки з контактом ', ' змінився']], // W
    groupNotices: ['створив', 'створила', 'додав', 'додала', 'видалив', 'вийшов', 'вийшла'], // U
  },
  pl: {
    mediaOmitted: ['<Pominięto multimedia>', '<pliki pominięto>'], // C, W
    ...OMITTED_PHRASES.pl,
    fileAttached: ['plik załączony', 'załączony plik'], attached: ['załączono'], // C, W
    deleted: ['Ta wiadomość została usunięta', 'Usunąłeś(-ęłaś) tę wiadomość', 'Usunąłeś(aś) tę wiadomość', 'Usunięto tę wiadomość'], // C, W, P
    edited: ['Ta wiadomość została zmieniona', 'Ta wiadomość została edytowana'], // P, U
    missedVoice: ['Nieodebrane poł. głosowe', 'Nieodebrane połączenie głosowe'], missedVideo: ['Nieodebrane poł. wideo', 'Nieodebrane połączenie wideo'], // W, U
    location: ['położenie', 'lokalizacja'], // W, U
    encrypted: ['Wiadomości i połączenia są w pełni zaszyfrowane'], // W
    securityCode: [['Twój kod zabezpieczeń z użytkownikiem ', ' zmienił się']], // W
    groupNotices: ['utworzył', 'utworzyła', 'dodał', 'dodała', 'usunął', 'usunęła', 'opuścił', 'opuściła', 'dołączył', 'dołączyła'], // C (utworzyła), U
  },
  tr: {
    mediaOmitted: ['<Medya dahil edilmedi>', '<Medya atlanmış>'], // C, W
    ...OMITTED_PHRASES.tr,
    fileAttached: ['dosya ekli'], attached: ['eklendi'], // W
    deleted: ['Bu mesaj silindi', 'Bu mesajı sildiniz'], // C, W
    edited: ['Bu mesaj düzenlendi'], // U
    missedVoice: ['Cevapsız sesli arama'], missedVideo: ['Cevapsız görüntülü arama'], // W
    location: ['konum', 'Konum'], // W
    encrypted: ['Mesajlar ve aramalar uçtan uca şifrelidir'], // C, W
    securityCode: [['', ' ile aranızdaki güvenlik kodu değişti']], // W
    groupNotices: ['grubunu oluşturdu', 'grubu oluşturdu', 'ekledi', 'çıkardı', 'ayrıldı', 'katıldı'], // U
  },
  ar: {
    mediaOmitted: ['<تم استبعاد الوسائط>'], // C (fixture)
    ...OMITTED_PHRASES.ar,
    fileAttached: ['ملف مرفق', 'الملف مرفق'], attached: ['مرفق', 'المُرفق'], // C, W
    deleted: ['تم حذف هذه الرسالة', 'لقد حذفت هذه الرسالة', 'لقد حذَفت هذه الرسالة', 'أنت حذفت هذه الرسالة'], // C, W
    edited: ['تم تعديل هذه الرسالة'], // U
    missedVoice: ['مكالمة صوتية فائتة'], missedVideo: ['مكالمة فيديو فائتة'], // C, W
    location: ['موقع', 'الموقع'], // C, W
    poll: ['استطلاع'], option: ['خيار'], // U
    encrypted: ['الرسائل والمكالمات مشفرة'], // C, W
    securityCode: [['تغيّر رمز أمانك المُستخدَم مع ', '']], // W
    groupNotices: ['أنشأ المجموعة', 'أنشأت المجموعة', 'أضاف', 'أضافت', 'أزال', 'غادر', 'غادرت', 'انضم'], // C (fixture), U
  },
  fa: {
    mediaOmitted: ['<رسانه حذف شد>', '<پیوست نما/آهنگ حذف شد>'], // P, W
    ...OMITTED_PHRASES.fa,
    fileAttached: ['پیوست شد'], attached: ['پیوست'], // W
    deleted: ['این پیام حذف شده است', 'این پیام حذف شد', 'شما این پیام را حذف کردید'], // W
    missedVoice: ['تماس صوتی پاسخ داده نشده'], missedVideo: ['تماس تصویری بی‌پاسخ', 'تماس تصویری بیپاسخ', 'تماس تصویری پاسخ داده نشده'], // W
    location: ['موقعیت', 'مکان'], // W, U
    encrypted: ['پیام‌ها و تماس‌ها سرتاسر رمزگذاری شده‌اند', 'پیامها و تماسها سرتاسر رمزگذاری شدهاند'], // W
    securityCode: [['کد امنیتی شما با ', ' تغییر کرد']], // W
    groupNotices: ['گروه', 'اضافه کرد', 'حذف کرد', 'خارج شد', 'ایجاد کرد'], // C (ایجاد کرد), U
  },
  hi: {
    mediaOmitted: ['<मीडिया के बिना>'], // W
    ...OMITTED_PHRASES.hi,
    fileAttached: ['फाइल अटैच कर दी गई है', 'फाइल संलग्न'], attached: ['अटैच किया गया'], // W
    deleted: ['यह मैसेज डिलीट कर दिया गया है', 'यह संदेश मिटाया गया', 'आपने यह मैसेज डिलीट किया', 'आपने यह संदेश मिटाया'], // C, W
    missedVoice: ['वॉइस कॉल मिस हुई', 'मिस्ड वॉइस कॉल', 'छूटी हुई ध्वनि कॉल'], missedVideo: ['मिस्ड वीडियो कॉल', 'छूटी हुई विडियो कॉल'], // W
    location: ['लोकेशन', 'स्थान'], // C, W
    encrypted: ['मैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं'], // C, W
    securityCode: [['', ' के लिए आपका सुरक्षा कोड बदल गया है']], // C, W
    groupNotices: ['ग्रुप', 'जोड़ा', 'हटाया', 'छोड़ दिया', 'बनाया'], // C (बनाया, छोड़ दिया), U
  },
  id: {
    mediaOmitted: ['<Media tidak disertakan>'], // C, P, W
    ...OMITTED_PHRASES.id,
    fileAttached: ['file terlampir'], attached: ['terlampir'], // C, W
    deleted: ['Pesan ini dihapus', 'Pesan ini telah dihapus', 'Anda menghapus pesan ini', 'Anda telah menghapus pesan ini'], // C, W
    edited: ['Pesan ini diedit'], // U
    missedVoice: ['Panggilan suara tak terjawab'], missedVideo: ['Panggilan video tak terjawab'], // W
    location: ['Lokasi', 'lokasi'], // C, W
    encrypted: ['Pesan dan panggilan terenkripsi secara end-to-end'], // C, W
    securityCode: [['Kode keamanan Anda dengan ', ' telah berubah']], // C, W
    groupNotices: ['membuat grup', 'menambahkan', 'mengeluarkan', 'keluar', 'bergabung'], // U
  },
  vi: {
    mediaOmitted: ['<Bỏ qua Media>', '<bỏ qua tệp phương tiện>'], // W, P
    ...OMITTED_PHRASES.vi,
    fileAttached: ['tệp đính kèm'], attached: ['đính kèm'], // W
    deleted: ['Tin nhắn này đã bị xóa', 'Tin nhắn này đã bị xoá', 'Bạn đã xoá tin nhắn này', 'Bạn đã xóa tin nhắn này'], // C, W
    missedVoice: ['Cuộc gọi nhỡ'], missedVideo: ['Cuộc gọi nhỡ video'], // W
    location: ['Vị trí', 'vị trí'], // C, W
    encrypted: ['Tin nhắn và cuộc gọi được mã hóa đầu cuối'], // C, W
    securityCode: [['Mã bảo mật của bạn với ', ' đã thay đổi']], // C, W
    groupNotices: ['đã tạo nhóm', 'đã thêm', 'đã xóa', 'đã rời khỏi nhóm', 'đã rời', 'đã tham gia'], // C (tạo nhóm, rời khỏi nhóm), U
  },
  th: {
    mediaOmitted: ['<สื่อถูกลบ>', '<ไฟล์สื่อถูกลบ>'], // W, P
    ...OMITTED_PHRASES.th,
    fileAttached: ['ไฟล์ที่แนบ'], attached: ['แนบ'], // W
    deleted: ['ข้อความนี้ถูกลบแล้ว', 'ข้อความนี้ได้ถูกลบ', 'คุณได้ลบข้อความนี้', 'คุณลบข้อความนี้'], // C, W
    missedVoice: ['สายที่ไม่ได้รับ'], missedVideo: ['วิดีโอคอลที่ไม่ได้รับ', 'สายโทรวิดีโอที่ไม่ได้รับ'], // W
    location: ['ตำแหน่งที่ตั้ง'], // C, W
    encrypted: ['ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง'], // C, W
    securityCode: [['รหัสความปลอดภัยของคุณกับ ', ' มีการเปลี่ยนแปลง']], // C, W
    groupNotices: ['สร้างกลุ่ม', 'เพิ่ม', 'ลบ', 'ออกจากกลุ่ม', 'เข้าร่วม'], // U
  },
  ja: {
    mediaOmitted: ['<メディアは含まれていません>', '<メディアなし>'], // W, P
    ...OMITTED_PHRASES.ja,
    fileAttached: ['添付ファイル有り'], attached: ['添付ファイル'], // W
    deleted: ['このメッセージは削除されました', 'このメッセージを削除しました'], // C, W
    missedVoice: ['音声通話不在着信', '不在着信'], missedVideo: ['ビデオ通話不在着信'], // W
    location: ['位置情報'], // C, W
    encrypted: ['メッセージと通話はエンドツーエンド暗号化されています'], // C, W
    securityCode: [['', 'とのセキュリティコードが変更されました']], // W
    groupNotices: ['グループ', '追加しました', '削除しました', '退出しました', '参加しました'], // C (グループ「…」を作成しました), U
  },
  ko: {
    mediaOmitted: ['<미디어 파일 생략>', '<미디어 생략>', '<미디어 파일을 생략한 대화내용>', '<미디어 파일 제외됨>'], // C (fixture), W, P
    ...OMITTED_PHRASES.ko,
    fileAttached: ['파일 첨부됨', '파일 첨부'], attached: ['첨부', '첨부됨'], // C (fixture), W
    deleted: ['삭제된 메시지입니다', '메시지를 삭제했습니다', '이 메시지는 삭제되었습니다', '이 메시지를 삭제했습니다', '삭제한 메시지입니다'], // C (fixture), W
    edited: ['수정됨', '메시지가 수정되었습니다'], // U
    missedVoice: ['부재중 음성 통화', '부재중 전화'], missedVideo: ['부재중 영상 통화', '부재중 영상통화'], // C (fixture), W
    location: ['위치'], // C (fixture)
    poll: ['투표'], option: ['옵션'], // U
    encrypted: ['메시지와 통화는 종단간 암호화', '메시지 및 전화는 종단간 암호화되어 안전합니다'], // C (fixture), W
    securityCode: [['', '님과의 보안 코드가 변경되었습니다']], // W
    groupNotices: ['초대했습니다', '그룹을 만들었습니다', '나갔습니다', '내보냈습니다'], // C (fixture, corpus)
  },
  'zh-CN': {
    mediaOmitted: ['<省略多媒体文件>'], // W
    ...OMITTED_PHRASES['zh-CN'],
    fileAttached: ['文件附件'], attached: ['附件'], // W
    deleted: ['这条消息已被删除', '信息已删除', '您已删除这条消息', '您删除这个信息'], // W
    missedVoice: ['未接语音通话'], missedVideo: ['未接视频通话'], // W
    location: ['位置'], // W
    encrypted: ['消息和通话都进行端到端加密'], // W
    securityCode: [['您和 ', ' 的安全代码已更改']], // W
    groupNotices: ['创建了群组', '添加了', '移除了', '退出了群组', '加入了'], // C (创建了群组, 退出了群组), U
  },
  'zh-TW': {
    mediaOmitted: ['<忽略多媒體檔>'], // W
    ...OMITTED_PHRASES['zh-TW'],
    fileAttached: ['附件檔案'], attached: ['附件'], // W
    deleted: ['此訊息已刪除', '您已刪除此訊息'], // W
    missedVoice: ['未接語音通話'], missedVideo: ['未接視像通話', '未接視訊通話'], // W, U
    location: ['位置'], // W
    encrypted: ['訊息和通話經端對端加密', '訊息已受端對端加密保護'], // W
    securityCode: [['您與 ', ' 的安全碼已變更']], // W
    groupNotices: ['建立了群組', '新增了', '移除了', '離開了', '加入了'], // U
  },
  cs: {
    mediaOmitted: ['<Média vynechána>', '<Média vynechány>'], // W
    ...OMITTED_PHRASES.cs,
    fileAttached: ['soubor byl přiložen'], attached: ['příloha'], // W
    deleted: ['Tato zpráva byla smazána', 'Tuto zprávu jste smazal/a', 'Tato zpráva byla odstraněna', 'Tuto zprávu jste odstranil/a'], // C, W
    missedVoice: ['Zmeškaný hovor', 'Zmeškaný hlasový hovor'], missedVideo: ['Zmeškaný videohovor'], // W
    location: ['Poloha', 'poloha'], // C, W
    encrypted: ['Zprávy a hovory jsou opatřeny koncovým šifrováním'], // C, W
    securityCode: [['Bezpečnostní kód mezi vámi a uživatelem ', ' byl změněn']], // C, W
  },
};

/** Media types of the iOS "omitted" kinds. */
export const OMITTED_TYPES: Record<'image' | 'video' | 'audio' | 'sticker' | 'gif' | 'document' | 'contact', string> = {
  image: 'application/octet-stream',
  video: 'application/octet-stream',
  audio: 'application/octet-stream',
  sticker: 'image/webp',
  gif: 'image/gif',
  document: 'application/octet-stream',
  contact: 'text/vcard',
};
