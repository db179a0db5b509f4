/** Files a message names: found in the zip or folder beside the chat, or marked as not included. */
import { mediaTypeOf } from '../kit/media-types.js';
import { sha256Hex } from '../../model/ids.js';
import type { Attachment } from '../../model/types.js';
import type { State } from './read-messages.js';

const NOT_IN_EXPORT = 'WhatsApp named this file, but it is not in the export; export the chat "with media" (as a zip) to include it';
const OMITTED = 'WhatsApp left this file out of the export (exported "without media")';

export function resolveAttachment(state: State, a: { fileName?: string; mediaType: string; omitted: boolean }): Attachment {
  if (a.fileName !== undefined && !a.omitted) {
    const found = state.media.get(a.fileName);
    if (found) {
      found.sha256 ??= sha256Hex(found.bytes);
      return { fileName: a.fileName, mediaType: a.fileName ? mediaTypeOf(a.fileName) : a.mediaType, size: found.bytes.length, sha256: found.sha256, path: `attachments/${found.sha256}` };
    }
  }
  return {
    ...(a.fileName ? { fileName: a.fileName } : {}),
    mediaType: a.fileName ? mediaTypeOf(a.fileName) : a.mediaType,
    notIncluded: { reason: 'not-downloaded', detail: a.omitted || !a.fileName ? OMITTED : NOT_IN_EXPORT },
  };
}
