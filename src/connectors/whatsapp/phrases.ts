/**
 * What a WhatsApp message body means: the phrases WhatsApp prints, in each language it exports
 * in. Each table row names its locale; README.md says which rows come from real exports
 * (../shared/samples/whatsapp) and which from our own fixtures.
 *
 * Fast path first: a body that starts with none of the marker characters (U+200E, "<", a known
 * first letter) and ends without ">" is plain text, decided without any regular expression.
 */
import type { MessageKind } from '../../model/types.js';

export interface PendingAttachment {
  fileName?: string;
  mediaType: string;
  /** True when WhatsApp says it left the file out (not just "the file is elsewhere"). */
  omitted: boolean;
}

export interface Classified {
  kind: MessageKind;
  text: string;
  attachments: PendingAttachment[];
  call?: { durationSeconds?: number; video?: boolean; outcome?: 'answered' | 'missed' | 'declined' | 'cancelled' };
  poll?: { question: string; options: { text: string; votes?: number }[] };
  location?: { latitude: number; longitude: number; name?: string };
  edited?: boolean;
  /** A group notice ("created group", "added"): the chat is a group. */
  groupEvent?: boolean;
  /** The locale a localised phrase in this message belongs to. */
  locale?: string;
}

const MARKS = /^[\u200e\u200f]+/;

// "<Media omitted>" (Android, exported without media).
const MEDIA_OMITTED: Record<string, string> = {
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
const IOS_OMITTED: [RegExp, string][] = [
  [/^(image|video|audio|sticker|GIF|document|Contact card) omitted$/i, 'en'],
  [/^(Bild|Video|Audio|Sticker|GIF|Dokument) weggelassen$|^(Kontaktkarte) ausgelassen$/, 'de'],
  [/^(afbeelding|video|audio|sticker|GIF|document|contactkaart) weggelaten$/i, 'nl'],
  [/^(imagem|vídeo|áudio|figurinha|GIF|documento|cartão de contato) (?:oculta|ocultad[oa]|omitid[oa])$/i, 'pt-BR'],
  [/^(사진|이미지|동영상|오디오|스티커|GIF|문서|연락처) 생략됨$/, 'ko'],
  [/^لم يتم إدراج (الصورة|الفيديوهات|المقاطع الصوتية|صورة GIF|المستند|بطاقة جهة اتصال|الملصق)$|^تم حذف (الملصقات)$/, 'ar'],
];

const NOUN_TYPES: Record<string, string> = {
  image: 'image/*', bild: 'image/*', afbeelding: 'image/*', imagem: 'image/*', 사진: 'image/*', 이미지: 'image/*', الصورة: 'image/*',
  video: 'video/*', vídeo: 'video/*', 동영상: 'video/*', الفيديوهات: 'video/*',
  audio: 'audio/*', áudio: 'audio/*', 오디오: 'audio/*', 'المقاطع الصوتية': 'audio/*',
  gif: 'image/gif', 'صورة gif': 'image/gif',
  sticker: 'image/webp', figurinha: 'image/webp', 스티커: 'image/webp', الملصق: 'image/webp', الملصقات: 'image/webp',
  'contact card': 'text/vcard', kontaktkarte: 'text/vcard', contactkaart: 'text/vcard', 'cartão de contato': 'text/vcard', 연락처: 'text/vcard', 'بطاقة جهة اتصال': 'text/vcard',
};

/** "<attached: 00000035-PHOTO-….jpg>" (iOS, exported with media). */
const ATTACHED = /\u200e?<(?:attached|Anhang|bijgevoegd|anexado|첨부|مرفق): ([^>]+)>$/;
/** "IMG-….jpg (file attached)" (Android, exported with media). */
const FILE_ATTACHED = /^\u200e?(.+?\.[A-Za-z0-9]{1,5}) \((?:file attached|Datei angehängt|bestand bijgevoegd|arquivo anexado|파일 첨부됨|파일 첨부|ملف مرفق)\)$/;
const FILE_ATTACHED_LOCALE: Record<string, string> = { 'file attached': 'en', 'Datei angehängt': 'de', 'bestand bijgevoegd': 'nl', 'arquivo anexado': 'pt-BR', '파일 첨부됨': 'ko', '파일 첨부': 'ko', 'ملف مرفق': 'ar' };

const DELETED: Record<string, string> = {
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

const EDITED = /\s*\u200e?<(?:This message was edited|Diese Nachricht wurde bearbeitet|Dit bericht is bewerkt|Mensagem editada|Esta mensagem foi editada|수정됨|메시지가 수정되었습니다|تم تعديل هذه الرسالة)>$/;

const CALLS: [RegExp, { video: boolean; outcome: 'answered' | 'missed' }, string][] = [
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

const LOCATION = /^\u200e?(location|Location|locatie|Standort|Localização|localização|위치|موقع|Ubicación|ubicación): https:\/\/maps\.google\.com\/\?q=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/;
const LOCATION_LOCALE: Record<string, string> = { location: 'en', Location: 'en', locatie: 'nl', Standort: 'de', Localização: 'pt-BR', localização: 'pt-BR', 위치: 'ko', موقع: 'ar', Ubicación: 'es', ubicación: 'es' };

const FOURSQUARE = /: https:\/\/foursquare\.com\/v\/\S+$/;

const POLL = /^(POLL|ENCUESTA|UMFRAGE|PEILING|ENQUETE|투표|استطلاع):$/;
const POLL_LOCALE: Record<string, string> = { POLL: 'en', ENCUESTA: 'es', UMFRAGE: 'de', PEILING: 'nl', ENQUETE: 'pt-BR', 투표: 'ko', استطلاع: 'ar' };
const OPTION = /^\u200e?(?:OPTION|OPCIÓN|OPTIE|OPÇÃO|옵션|خيار): (.*?)(?: \((\d+) [^()]*\))?$/;

const GROUP_EVENT = /\b(?:created group|added|joined using this group's invite link|hat die Gruppe|heeft groep|criou o grupo|adicionou)\b|님이 .*(?:초대했습니다|그룹을 만들었습니다)|أنشأ المجموعة/;

const ENGLISH_SYSTEM = /^(?:Messages and calls are end-to-end encrypted|Messages to this group are now secured)/;
const LOCALE_SYSTEM: [RegExp, string][] = [
  [ENGLISH_SYSTEM, 'en'],
  [/^Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt/, 'de'],
  [/^Berichten en oproepen worden end-to-end versleuteld/, 'nl'],
  [/^As mensagens e (?:as )?chamadas são protegidas com a criptografia de ponta a ponta/, 'pt-BR'],
  [/^메시지와 통화는 종단간 암호화/, 'ko'],
  [/^الرسائل والمكالمات مشفرة/, 'ar'],
];

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

function restLines(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? '' : text.slice(nl + 1);
}

function durationSeconds(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /(\d+)\s*(sec|s|min|hr|h|Std|Min|Sek)/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  return unit.startsWith('h') || unit === 'std' ? n * 3600 : unit.startsWith('m') ? n * 60 : n;
}

/**
 * What one message body is. `noSender`: the line had no "Name: " (a notice from WhatsApp).
 * Text keeps what the person wrote (captions, document titles); WhatsApp's own placeholders and
 * direction marks are taken out of it.
 */
export function classifyBody(raw: string, noSender: boolean): Classified {
  const lead = raw.charCodeAt(0);
  const newline = raw.indexOf('\n');
  const last = raw.charCodeAt((newline < 0 ? raw.length : newline) - 1);
  // Fast path: ordinary text, told apart with a few string checks and no regular expression
  // over the text: no direction mark, no "<…>" or "(…)" placeholder, no "label: https://" link,
  // no "POLL:" head, and not one of the short fixed phrases (deleted, missed call).
  if (!noSender && lead !== 0x3c && last !== 0x3e && last !== 0x29 && last !== 0x3a && raw.indexOf('\u200e') < 0 && raw.indexOf('\u200f') < 0) {
    const head = newline < 0 ? raw : raw.slice(0, newline);
    if (head.indexOf('://') < 0 && !endsOmitted(head) && !(head.length <= 48 && (SHORT_PHRASES.has(head) || CALL_START.test(head)))) return plainText(raw);
  }
  let text = raw;
  let edited = false;
  const editMatch = raw.charCodeAt(raw.length - 1) === 0x3e ? EDITED.exec(text) : null;
  if (editMatch) {
    edited = true;
    text = text.slice(0, editMatch.index);
  }
  const marked = lead === 0x200e || lead === 0x200f;
  const bare = text.replace(MARKS, '');
  const head = firstLine(bare);
  const base = { edited, attachments: [] as PendingAttachment[] };

  if (noSender) {
    return { ...base, kind: 'system', text: bare, groupEvent: GROUP_EVENT.test(bare), ...localeOfSystem(bare) };
  }
  const headTrim = head.replace(/[.\u200e\u200f]+$/, '').replace(MARKS, '');
  if (DELETED[headTrim] && !restLines(bare)) return { ...base, kind: 'deleted', text: headTrim, locale: DELETED[headTrim] };

  const omitted = MEDIA_OMITTED[head.trim()];
  if (omitted) {
    return { ...base, kind: 'media', text: restLines(bare), attachments: [{ mediaType: 'application/octet-stream', omitted: true }], locale: omitted };
  }
  // iOS: "[title ]‎image omitted" (a document keeps its title in front).
  for (const [pattern, locale] of marked || head.indexOf('\u200e') >= 0 || head.indexOf('\u200f') >= 0 || endsOmitted(head) ? IOS_OMITTED : []) {
    const lrm = head.lastIndexOf('\u200e') >= 0 ? head.lastIndexOf('\u200e') : head.lastIndexOf('\u200f');
    const tail = lrm >= 0 ? head.slice(lrm + 1) : head;
    const m = pattern.exec(tail.trim());
    if (!m) continue;
    const noun = (m[1] ?? m[2] ?? '').toLowerCase();
    const mediaType = NOUN_TYPES[noun] ?? 'application/octet-stream';
    const title = (lrm >= 0 ? head.slice(0, lrm) : '').replace(/[\u200e\u200f]/g, '').trim();
    const rest = restLines(bare);
    const kind: MessageKind = mediaType === 'image/webp' ? 'sticker' : 'media';
    return { ...base, kind, text: [title, rest].filter(Boolean).join('\n'), attachments: [{ mediaType: mediaType.endsWith('/*') ? 'application/octet-stream' : mediaType, omitted: true }], locale };
  }
  const attached = head.indexOf('<') >= 0 ? ATTACHED.exec(head) : null;
  if (attached) {
    const fileName = attached[1]!.trim();
    const title = head.slice(0, attached.index).replace(/[\u200e\u200f]/g, '').trim();
    const kind: MessageKind = /STICKER|^STK-/.test(fileName) ? 'sticker' : 'media';
    return { ...base, kind, text: [title, restLines(bare)].filter(Boolean).join('\n'), attachments: [{ fileName, mediaType: 'application/octet-stream', omitted: false }] };
  }
  const fileAttached = head.charCodeAt(head.length - 1) === 0x29 ? FILE_ATTACHED.exec(head) : null;
  if (fileAttached) {
    const fileName = fileAttached[1]!.trim();
    const phrase = /\(([^)]*)\)$/.exec(head)![1]!;
    const kind: MessageKind = /^STK-/.test(fileName) ? 'sticker' : 'media';
    return { ...base, kind, text: restLines(bare), attachments: [{ fileName, mediaType: 'application/octet-stream', omitted: false }], locale: FILE_ATTACHED_LOCALE[phrase] };
  }
  const location = bare.indexOf('maps.google.com') >= 0 ? LOCATION.exec(bare) : null;
  if (location) {
    return { ...base, kind: 'location', text: bare.trim(), location: { latitude: Number(location[2]), longitude: Number(location[3]) }, locale: LOCATION_LOCALE[location[1]!] };
  }
  const poll = head.trimEnd().endsWith(':') ? POLL.exec(head.trim()) : null;
  if (poll) {
    const lines = bare.split('\n').slice(1);
    const question: string[] = [];
    const options: { text: string; votes?: number }[] = [];
    for (const line of lines) {
      const option = OPTION.exec(line);
      if (option) options.push({ text: option[1]!, ...(option[2] !== undefined ? { votes: Number(option[2]) } : {}) });
      else if (options.length === 0) question.push(line);
      else options[options.length - 1]!.text += `\n${line}`;
    }
    if (options.length > 0) {
      const q = question.join('\n');
      return { ...base, kind: 'poll', text: q, poll: { question: q, options }, locale: POLL_LOCALE[poll[1]!] };
    }
  }
  for (const [pattern, call, locale] of CALL_START.test(headTrim) ? CALLS : []) {
    const m = pattern.exec(headTrim);
    if (!m || restLines(bare)) continue;
    const seconds = durationSeconds(m[1]);
    return { ...base, kind: 'call', text: headTrim, call: { ...call, ...(seconds !== undefined ? { durationSeconds: seconds } : {}) }, locale };
  }
  // A shared place without coordinates ("Name (address): https://foursquare.com/v/…"): text with its link.
  if (head.indexOf('foursquare.com') >= 0 && FOURSQUARE.test(head)) return { ...base, kind: 'text', text: bare };
  // iOS writes WhatsApp's own notices under a name, with a mark in front of the text.
  if (marked) return { ...base, kind: 'system', text: bare, groupEvent: GROUP_EVENT.test(bare), ...localeOfSystem(bare) };
  return { ...base, kind: 'text', text: edited ? text : raw };
}

function localeOfSystem(text: string): { locale?: string } {
  for (const [pattern, locale] of LOCALE_SYSTEM) if (pattern.test(text)) return { locale };
  return {};
}

/** Fixed phrases WhatsApp prints without a mark (Android), with and without a final full stop. */
const SHORT_PHRASES = new Set(Object.keys(DELETED).flatMap((k) => [k, `${k}.`]));
/** Call notices start with one of these words. */
const CALL_START = /^(?:Missed|Voice call|Video call|Verpasster|Sprachanruf|Videoanruf|Gemiste|Chamada|부재중|مكالمة)/;

/** "image omitted" and its translations end with one of these. */
const OMITTED_ENDINGS = ['omitted', 'weggelassen', 'ausgelassen', 'weggelaten', 'oculta', 'ocultada', 'ocultado', 'omitida', 'omitido', '생략됨'];
const OMITTED_LAST = new Set(OMITTED_ENDINGS.map((e) => e.charCodeAt(e.length - 1)));
function endsOmitted(head: string): boolean {
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0x600 && last <= 0x6ff) return head.indexOf('لم يتم إدراج') >= 0 || head.indexOf('تم حذف الملصقات') >= 0;
  if (!OMITTED_LAST.has(last)) return false;
  for (const ending of OMITTED_ENDINGS) if (head.endsWith(ending)) return true;
  return false;
}

/** Plain text: one object shape for all of them, so the caller's property reads stay monomorphic. */
function plainText(text: string): Classified {
  return { kind: 'text', text, attachments: NO_ATTACHMENTS };
}
const NO_ATTACHMENTS: PendingAttachment[] = [];

export const LOCALE_MARKERS = {
  /** 오전/오후 in the bytes: a Korean export even when no other phrase says so. */
  hasKorean(bytes: Uint8Array): boolean {
    const limit = Math.min(bytes.length, 4096);
    for (let i = 0; i + 5 < limit; i++) if (bytes[i] === 0xec && bytes[i + 1] === 0x98 && bytes[i + 2] === 0xa4 && (bytes[i + 3] === 0xec || bytes[i + 3] === 0xed)) return true;
    return false;
  },
};
