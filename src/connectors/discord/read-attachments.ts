/**
 * A message's `attachments[]` and `stickers[]`: the file when DiscordChatExporter downloaded it
 * (`--media`) and it is among the files given, otherwise a record of the link or the missing path.
 */
import type { Attachment } from '../../model/types.js';
import { findRelative, includedAttachment } from '../kit/files.js';
import { mediaTypeOf } from '../kit/media-types.js';
import type { Context } from './read-messages.js';

export function fileAttachment(ctx: Context, url: string, fileName: string, size: number | undefined): Attachment {
  const mediaType = mediaTypeOf(fileName);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    const found = findRelative(ctx.file, url);
    if (found) return includedAttachment(found.bytes, fileName, mediaType, ctx.attachments);
    ctx.stats.add('attachments missing');
    return {
      fileName,
      mediaType,
      ...(size !== undefined ? { size } : {}),
      notIncluded: { reason: 'unavailable', detail: `${url.replace(/\\/g, '/')} is named by the export but was not among the files given: give the export's folder or zip with its "_Files" folder` },
    };
  }
  ctx.stats.add('attachments as links');
  return {
    fileName,
    mediaType,
    ...(size !== undefined ? { size } : {}),
    notIncluded: { reason: 'not-downloaded', detail: `exported as a link only (${url}); run DiscordChatExporter with --media to download files` },
  };
}
