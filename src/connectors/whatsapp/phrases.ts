/**
 * The phrases WhatsApp prints (placeholders, deleted, edited, calls, polls, locations, notices),
 * in each language it exports in. Each table row names its locale; README.md says which rows
 * come from real exports (../shared/samples/whatsapp) and which from our own fixtures.
 */

export const MARKS = /^[\u200e\u200f]+/;

// "<Media omitted>" (Android, exported without media).
export const MEDIA_OMITTED: Record<string, string> = {
  '<Media omitted>': 'en',
  '<Medien ausgeschlossen>': 'de',
  '<Medien weggelassen>': 'de',
  '<Media weggelaten>': 'nl',
  '<Mídia oculta>': 'pt-BR',
  '<Arquivo de mídia oculto>': 'pt-BR',
  '<미디어 파일 생략>': 'ko',
  '<미디어 생략>': 'ko',
  '<تم استبعاد الوسائط>': 'ar',
};

// iOS "image omitted" and its translations: noun -> media type.
export const IOS_OMITTED: [RegExp, string][] = [
  [/^(image|video|audio|sticker|GIF|document|Contact card) omitted$/i, 'en'],
  [/^(Bild|Video|Audio|Sticker|GIF|Dokument) weggelassen$|^(Kontaktkarte) ausgelassen$/, 'de'],
  [/^(afbeelding|video|audio|sticker|GIF|document|contactkaart) weggelaten$/i, 'nl'],
  [/^(imagem|vídeo|áudio|figurinha|GIF|documento|cartão de contato) (?:oculta|ocultad[oa]|omitid[oa])$/i, 'pt-BR'],
  [/^(사진|이미지|동영상|오디오|스티커|GIF|문서|연락처) 생략됨$/, 'ko'],
  [/^لم يتم إدراج (الصورة|الفيديوهات|المقاطع الصوتية|صورة GIF|المستند|بطاقة جهة اتصال|الملصق)$|^تم حذف (الملصقات)$/, 'ar'],
];

export const NOUN_TYPES: Record<string, string> = {
  image: 'image/*', bild: 'image/*', afbeelding: 'image/*', imagem: 'image/*', 사진: 'image/*', 이미지: 'image/*', الصورة: 'image/*',
  video: 'video/*', vídeo: 'video/*', 동영상: 'video/*', الفيديوهات: 'video/*',
  audio: 'audio/*', áudio: 'audio/*', 오디오: 'audio/*', 'المقاطع الصوتية': 'audio/*',
  gif: 'image/gif', 'صورة gif': 'image/gif',
  sticker: 'image/webp', figurinha: 'image/webp', 스티커: 'image/webp', الملصق: 'image/webp', الملصقات: 'image/webp',
  'contact card': 'text/vcard', kontaktkarte: 'text/vcard', contactkaart: 'text/vcard', 'cartão de contato': 'text/vcard', 연락처: 'text/vcard', 'بطاقة جهة اتصال': 'text/vcard',
};

/** "<attached: 00000035-PHOTO-….jpg>" (iOS, exported with media). */
export const ATTACHED = /\u200e?<(?:attached|Anhang|bijgevoegd|anexado|첨부|مرفق): ([^>]+)>$/;
/** "IMG-….jpg (file attached)" (Android, exported with media). */
export const FILE_ATTACHED = /^\u200e?(.+?\.[A-Za-z0-9]{1,5}) \((?:file attached|Datei angehängt|bestand bijgevoegd|arquivo anexado|파일 첨부됨|파일 첨부|ملف مرفق)\)$/;
export const FILE_ATTACHED_LOCALE: Record<string, string> = { 'file attached': 'en', 'Datei angehängt': 'de', 'bestand bijgevoegd': 'nl', 'arquivo anexado': 'pt-BR', '파일 첨부됨': 'ko', '파일 첨부': 'ko', 'ملف مرفق': 'ar' };

export const DELETED: Record<string, string> = {
  'This message was deleted': 'en',
  'You deleted this message': 'en',
  'Diese Nachricht wurde gelöscht': 'de',
  'Du hast diese Nachricht gelöscht': 'de',
  'Dit bericht is verwijderd': 'nl',
  'U hebt dit bericht verwijderd': 'nl',
  'Je hebt dit bericht verwijderd': 'nl',
  'Mensagem apagada': 'pt-BR',
  'Esta mensagem foi apagada': 'pt-BR',
  'Você apagou esta mensagem': 'pt-BR',
  '삭제된 메시지입니다': 'ko',
  '메시지를 삭제했습니다': 'ko',
  'تم حذف هذه الرسالة': 'ar',
  'لقد حذفت هذه الرسالة': 'ar',
  'لقد حذَفت هذه الرسالة': 'ar',
};

export const EDITED = /\s*\u200e?<(?:This message was edited|Diese Nachricht wurde bearbeitet|Dit bericht is bewerkt|Mensagem editada|Esta mensagem foi editada|수정됨|메시지가 수정되었습니다|تم تعديل هذه الرسالة)>$/;

export const CALLS: [RegExp, { video: boolean; outcome: 'answered' | 'missed' }, string][] = [
  [/^Missed (?:group )?voice call$/i, { video: false, outcome: 'missed' }, 'en'],
  [/^Missed (?:group )?video call$/i, { video: true, outcome: 'missed' }, 'en'],
  [/^Voice call(?:, \u200e?(.+))?$/, { video: false, outcome: 'answered' }, 'en'],
  [/^Video call(?:, \u200e?(.+))?$/, { video: true, outcome: 'answered' }, 'en'],
  [/^Verpasster Sprachanruf$/, { video: false, outcome: 'missed' }, 'de'],
  [/^Verpasster Videoanruf$/, { video: true, outcome: 'missed' }, 'de'],
  [/^Sprachanruf(?:, \u200e?(.+))?$/, { video: false, outcome: 'answered' }, 'de'],
  [/^Videoanruf(?:, \u200e?(.+))?$/, { video: true, outcome: 'answered' }, 'de'],
  [/^Gemiste spraakoproep$/, { video: false, outcome: 'missed' }, 'nl'],
  [/^Gemiste video-oproep$/, { video: true, outcome: 'missed' }, 'nl'],
  [/^Chamada de voz perdida$/, { video: false, outcome: 'missed' }, 'pt-BR'],
  [/^Chamada de vídeo perdida$/, { video: true, outcome: 'missed' }, 'pt-BR'],
  [/^부재중 음성 통화$/, { video: false, outcome: 'missed' }, 'ko'],
  [/^부재중 영상 통화$/, { video: true, outcome: 'missed' }, 'ko'],
  [/^مكالمة صوتية فائتة$/, { video: false, outcome: 'missed' }, 'ar'],
  [/^مكالمة فيديو فائتة$/, { video: true, outcome: 'missed' }, 'ar'],
];

export const LOCATION = /^\u200e?(location|Location|locatie|Standort|Localização|localização|위치|موقع|Ubicación|ubicación): https:\/\/maps\.google\.com\/\?q=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/;
export const LOCATION_LOCALE: Record<string, string> = { location: 'en', Location: 'en', locatie: 'nl', Standort: 'de', Localização: 'pt-BR', localização: 'pt-BR', 위치: 'ko', موقع: 'ar', Ubicación: 'es', ubicación: 'es' };

export const FOURSQUARE = /: https:\/\/foursquare\.com\/v\/\S+$/;

export const POLL = /^(POLL|ENCUESTA|UMFRAGE|PEILING|ENQUETE|투표|استطلاع):$/;
export const POLL_LOCALE: Record<string, string> = { POLL: 'en', ENCUESTA: 'es', UMFRAGE: 'de', PEILING: 'nl', ENQUETE: 'pt-BR', 투표: 'ko', استطلاع: 'ar' };
export const OPTION = /^\u200e?(?:OPTION|OPCIÓN|OPTIE|OPÇÃO|옵션|خيار): (.*?)(?: \((\d+) [^()]*\))?$/;

export const GROUP_EVENT = /\b(?:created group|added|joined using this group's invite link|hat die Gruppe|heeft groep|criou o grupo|adicionou)\b|님이 .*(?:초대했습니다|그룹을 만들었습니다)|أنشأ المجموعة/;

export const ENGLISH_SYSTEM = /^(?:Messages and calls are end-to-end encrypted|Messages to this group are now secured)/;
export const LOCALE_SYSTEM: [RegExp, string][] = [
  [ENGLISH_SYSTEM, 'en'],
  [/^Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt/, 'de'],
  [/^Berichten en oproepen worden end-to-end versleuteld/, 'nl'],
  [/^As mensagens e (?:as )?chamadas são protegidas com a criptografia de ponta a ponta/, 'pt-BR'],
  [/^메시지와 통화는 종단간 암호화/, 'ko'],
  [/^الرسائل والمكالمات مشفرة/, 'ar'],
];
/** Fixed phrases WhatsApp prints without a mark (Android), with and without a final full stop. */
export const SHORT_PHRASES = new Set(Object.keys(DELETED).flatMap((k) => [k, `${k}.`]));
/** Call notices start with one of these words. */
export const CALL_START = /^(?:Missed|Voice call|Video call|Verpasster|Sprachanruf|Videoanruf|Gemiste|Chamada|부재중|مكالمة)/;

/** "image omitted" and its translations end with one of these. */
export const OMITTED_ENDINGS = ['omitted', 'weggelassen', 'ausgelassen', 'weggelaten', 'oculta', 'ocultada', 'ocultado', 'omitida', 'omitido', '생략됨'];
export const OMITTED_LAST = new Set(OMITTED_ENDINGS.map((e) => e.charCodeAt(e.length - 1)));
export function endsOmitted(head: string): boolean {
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0x600 && last <= 0x6ff) return head.indexOf('لم يتم إدراج') >= 0 || head.indexOf('تم حذف الملصقات') >= 0;
  if (!OMITTED_LAST.has(last)) return false;
  for (const ending of OMITTED_ENDINGS) if (head.endsWith(ending)) return true;
  return false;
}
