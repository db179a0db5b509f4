/** What KakaoTalk prints instead of a photo, video, voice message, emoticon or file, and for a deleted message. */
import type { Attachment, MessageKind } from '../../model/types.js';
import { notIncludedAttachment } from '../kit/files.js';
import { mediaTypeOfExtension } from '../kit/media-types.js';

const PLACEHOLDERS: { re: RegExp; kind: MessageKind; mediaType: string }[] = [
  {
    re: /^(?:사진|<사진>|\(사진\)|사진 \d+장|photo|<photo>|\(photo\)|\d+ photos)$/i,
    kind: 'media',
    mediaType: 'image/jpeg',
  },
  {
    re: /^(?:동영상|<동영상>|\(동영상\)|video|<video>|\(video\))$/i,
    kind: 'media',
    mediaType: 'video/mp4',
  },
  {
    re: /^(?:음성메시지|<음성메시지>|\(음성메시지\)|voice message|<voice message>)$/i,
    kind: 'media',
    mediaType: 'audio/mp4',
  },
  {
    re: /^(?:이모티콘|<이모티콘>|\(이모티콘\)|emoticon|<emoticon>|\(emoticon\)|sticker|\(sticker\))$/i,
    kind: 'sticker',
    mediaType: 'application/octet-stream',
  },
];

/** What KakaoTalk prints for a message its sender deleted for everyone. */
export const DELETED = /^(?:삭제된 메시지입니다\.?|This message has been deleted\.?|Message deleted\.?)$/;

/** A placeholder KakaoTalk printed instead of a file, as kind and attachment record; undefined for real text. */
export function placeholder(text: string): { kind: MessageKind; attachment: Attachment } | undefined {
  const trimmed = text.trim();
  const file = /^(?:파일|File): (.+)$/.exec(trimmed);
  if (file) {
    const name = file[1]!.trim();
    const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
    return {
      kind: 'media',
      attachment: notIncludedAttachment(mediaTypeOfExtension(ext) ?? 'application/octet-stream', `KakaoTalk printed "${trimmed}" instead of the file`, name),
    };
  }
  for (const p of PLACEHOLDERS) {
    if (p.re.test(trimmed))
      return {
        kind: p.kind,
        attachment: notIncludedAttachment(p.mediaType, `KakaoTalk printed "${trimmed}" instead of the file`),
      };
  }
  return undefined;
}
