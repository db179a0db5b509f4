/** What LINE prints instead of a photo, video, voice message, file, album or sticker, and for a call. */
import type { Attachment, Message, MessageKind } from '../../model/types.js';
import { notIncludedAttachment } from '../kit/files.js';

// Simplified Chinese: 贴图 and 照片 are confirmed (ChatLab's parser); 视频, 文件 and 相册 are LINE's zh-CN words, unconfirmed in an export.
const BRACKETED: { re: RegExp; kind: MessageKind; mediaType: string }[] = [
  { re: /^\[(?:Photo|Foto|写真|照片|사진)\]$/, kind: 'media', mediaType: 'image/jpeg' },
  { re: /^\[(?:Video|動画|影片|视频|동영상)\]$/, kind: 'media', mediaType: 'video/mp4' },
  { re: /^\[(?:Voice message|Sprachnachricht|ボイスメッセージ|語音訊息|음성메시지)\]$/, kind: 'media', mediaType: 'audio/mp4' },
  { re: /^\[(?:File|Datei|ファイル|檔案|文件|파일)\]$/, kind: 'media', mediaType: 'application/octet-stream' },
  { re: /^\[(?:Album|アルバム|相簿|相册|앨범)\]$/, kind: 'media', mediaType: 'image/jpeg' },
  { re: /^\[(?:Sticker|スタンプ|貼圖|贴图|스티커)\]$/, kind: 'sticker', mediaType: 'application/octet-stream' },
];

export function linePlaceholder(text: string): { kind: MessageKind; attachment: Attachment } | undefined {
  for (const p of BRACKETED) {
    if (p.re.test(text.trim()))
      return {
        kind: p.kind,
        attachment: notIncludedAttachment(p.mediaType, `LINE printed "${text.trim()}" instead of the file`),
      };
  }
  return undefined;
}

/** "☎ 通話時間1:16", "☎ Call time 0:45", "☎ 您已取消通話", "☎ Missed call". */
export function lineCall(text: string): Message['call'] | undefined {
  if (!text.startsWith('☎')) return undefined;
  const duration = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (duration) {
    const seconds = duration[3] !== undefined ? +duration[1]! * 3600 + +duration[2]! * 60 + +duration[3] : +duration[1]! * 60 + +duration[2]!;
    return { durationSeconds: seconds, outcome: 'answered' };
  }
  if (/取消|キャンセル|[Cc]ancel|abgebrochen|취소/.test(text)) return { outcome: 'cancelled' };
  if (/未接|不在|[Mm]issed|[Vv]erpasst|부재/.test(text)) return { outcome: 'missed' };
  return {};
}
