/**
 * A message's `photo` or `file`: the bytes when the file is among those given (the export's
 * folder or zip), otherwise a record of why it is missing ("File not included" is Telegram
 * Desktop's own note for files its export settings left out).
 */
import type { Attachment } from '../../model/types.js';
import { baseName, findRelative, includedAttachment } from '../kit/files.js';
import { mediaTypeOf } from '../kit/media-types.js';
import type { ChatContext } from './read-messages.js';

const NOT_INCLUDED_RE = /^\(File (not included|exceeds maximum size|unavailable)[^)]*\)$/i;

export function attachmentOf(ctx: ChatContext, pathOrNote: string, mediaType: string | undefined, fileName: string | undefined): Attachment {
  const notIncluded = NOT_INCLUDED_RE.exec(pathOrNote);
  if (notIncluded) {
    ctx.stats.add('attachments not included');
    const tooLarge = /exceeds/i.test(pathOrNote);
    return {
      ...(fileName ? { fileName } : {}),
      mediaType: mediaType ?? 'application/octet-stream',
      notIncluded: { reason: tooLarge ? 'too-large' : 'excluded', detail: `Telegram Desktop wrote "${pathOrNote}"` },
    };
  }
  // An empty "file" or "file_name" (a hand-edited export) names nothing: the schema wants a non-empty file name or none.
  const name = fileName || baseName(pathOrNote) || 'attachment';
  const type = mediaType ?? mediaTypeOf(name);
  const found = pathOrNote ? findRelative(ctx.file, pathOrNote) : undefined;
  if (found) return includedAttachment(found.bytes, name, type, ctx.attachments);
  ctx.stats.add('attachments missing');
  if (!pathOrNote) {
    return { mediaType: type, notIncluded: { reason: 'unavailable', detail: 'the export names this attachment with an empty path' } };
  }
  return {
    fileName: name,
    mediaType: type,
    notIncluded: { reason: 'unavailable', detail: `${pathOrNote} is named by the export but was not among the files given: give the whole export folder or zip` },
  };
}
