/**
 * A message's `files[]`: the bytes when a download tool put them beside the export, otherwise a
 * record of the link Slack's export gives instead of the file.
 */
import type { Attachment } from '../../model/types.js';
import { findRelative, includedAttachment } from '../kit/files.js';
import { mediaTypeFrom, mediaTypeOf } from '../kit/media-types.js';
import type { Context } from './read-messages.js';

type Json = Record<string, unknown>;

export function fileOf(ctx: Context, f: Json): Attachment {
  const name = (typeof f.name === 'string' && f.name) || (typeof f.title === 'string' && f.title) || String(f.id ?? '') || 'file';
  const mediaType = mediaTypeFrom(f.mimetype) ?? mediaTypeOf(name);
  const id = String(f.id ?? '');
  // Where tools that download files put them: slackdump's "__uploads/ID/NAME", and "CHANNEL/attachments/ID-NAME".
  for (const rel of [`${ctx.root}__uploads/${id}/${name}`, `${ctx.root}${ctx.folder}/attachments/${id}-${name}`]) {
    const found = findRelative(ctx.container, rel);
    if (found) return includedAttachment(found.bytes, name, mediaType, ctx.attachments);
  }
  if (f.mode === 'tombstone' || f.mode === 'hidden_by_limit') {
    ctx.stats.add('files gone');
    return { fileName: name, mediaType, notIncluded: { reason: 'unavailable', detail: `Slack no longer has this file (mode "${String(f.mode)}")` } };
  }
  ctx.stats.add('files not downloaded');
  const url = typeof f.url_private === 'string' && f.url_private ? f.url_private : undefined;
  return {
    fileName: name,
    mediaType,
    ...(typeof f.size === 'number' ? { size: f.size } : {}),
    notIncluded: { reason: 'not-downloaded', detail: `Slack exports only a link to each file${url ? ` (${url})` : ''}; a tool such as slackdump can download them into __uploads/` },
  };
}
