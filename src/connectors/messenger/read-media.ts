/**
 * Files a message names (`photos`, `videos`, `gifs`, `audio_files`, `files`, the e2ee layout's
 * `media`, and `sticker`), looked up by their path from the export's top folder.
 */
import type { Attachment } from '../../model/types.js';
import { isRecord } from '../kit/json-input.js';
import { baseName, includedAttachment } from '../kit/files.js';
import { mediaTypeOf } from '../kit/media-types.js';
import type { InputFile } from '../contract.js';
import type { ThreadContext } from './read-messages.js';

type Json = Record<string, unknown>;

/** A file named by the export, looked up by its path from the export's top folder. */
export function findByUri(file: InputFile, uri: string): Uint8Array | undefined {
  if (!file.siblings || !uri) return undefined;
  const rel = uri.replace(/\\/g, '/').replace(/^\/+/, '');
  const exact = file.siblings.get(rel);
  if (exact) return exact;
  for (const [key, bytes] of file.siblings) if (key.endsWith(`/${rel}`)) return bytes;
  return undefined;
}

/** The photos, videos, gifs, audio and files of a message; `count` only on the first run. */
export function mediaOf(ctx: ThreadContext, m: Json, count: boolean): Attachment[] {
  const out: Attachment[] = [];
  const lists: [unknown, string | undefined][] = [
    [m.photos, 'image/jpeg'],
    [m.videos, 'video/mp4'],
    [m.gifs, 'image/gif'],
    [m.audio_files, undefined],
    [m.files, undefined],
    [m.media, undefined],
  ];
  for (const [list, fallback] of lists) {
    for (const item of Array.isArray(list) ? list.filter(isRecord) : []) {
      const uri = typeof item.uri === 'string' ? item.uri : '';
      const name = baseName(uri) || 'file';
      let type = mediaTypeOf(name) !== 'application/octet-stream' ? mediaTypeOf(name) : fallback ?? 'application/octet-stream';
      if (list === m.audio_files) type = type.replace(/^video\//, 'audio/');
      const bytes = /^https?:/.test(uri) ? undefined : findByUri(ctx.file, uri);
      if (bytes) out.push(includedAttachment(bytes, name, type, ctx.attachments));
      else {
        if (count) ctx.stats.add('attachments missing');
        out.push({ fileName: name, mediaType: type, notIncluded: { reason: 'unavailable', detail: `${uri} is named by the export but was not among the files given: give the whole "Download your information" zip` } });
      }
    }
  }
  return out;
}

/** A message's sticker, or undefined when it has none. */
export function stickerOf(ctx: ThreadContext, m: Json, count: boolean): Attachment | undefined {
  if (!isRecord(m.sticker) || typeof m.sticker.uri !== 'string') return undefined;
  const uri = m.sticker.uri;
  const bytes = findByUri(ctx.file, uri);
  const sticker: Attachment = bytes
    ? includedAttachment(bytes, baseName(uri) || 'sticker', mediaTypeOf(uri), ctx.attachments)
    : { fileName: baseName(uri) || 'sticker', mediaType: mediaTypeOf(uri), notIncluded: { reason: 'unavailable', detail: `${uri} is named by the export but was not among the files given` } };
  if (!bytes && count) ctx.stats.add('attachments missing');
  return sticker;
}
