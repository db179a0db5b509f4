/**
 * Files an export refers to: finding them among the entries given with it, and the archive's
 * record of an attachment whose bytes were found or that the export left out. Browser-safe.
 */
import { sha256Hex } from '../../model/ids.js';
import type { Attachment } from '../../model/types.js';
import type { InputFile } from '../contract.js';

/** The last path segment, with either slash. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The folder part of a path ("a/b/c.json" -> "a/b"; "c.json" -> ""). */
function dirOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut);
}

/**
 * Bytes of a file the export refers to by a path relative to the export file itself
 * ("photos/photo_1.jpg" beside result.json), looked up among the entries given with it. For a
 * file inside a zip or folder, `file.name` is "container/inner/path" and siblings are keyed by
 * the inner path; the match must sit in the same folder as the export file.
 */
export function findRelative(file: InputFile, relPath: string): { path: string; bytes: Uint8Array } | undefined {
  const siblings = file.siblings;
  if (!siblings || !relPath) return undefined;
  const rel = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (file.kind === 'container') {
    const bytes = siblings.get(rel);
    return bytes ? { path: rel, bytes } : undefined;
  }
  const ownDir = dirOf(file.name.replace(/\\/g, '/'));
  let atRoot: { path: string; bytes: Uint8Array } | undefined;
  for (const [key, bytes] of siblings) {
    if (key === rel) atRoot = { path: key, bytes };
    else if (key.endsWith(`/${rel}`)) {
      const base = key.slice(0, key.length - rel.length - 1);
      if (ownDir === base || ownDir.endsWith(`/${base}`)) return { path: key, bytes };
    }
  }
  return atRoot;
}

/**
 * An attachment whose bytes were found: adds them to `store` (by SHA-256) and returns the
 * archive's record of it.
 */
export function includedAttachment(bytes: Uint8Array, fileName: string, mediaType: string, store: Map<string, Uint8Array>): Attachment {
  const sha256 = sha256Hex(bytes);
  store.set(sha256, bytes);
  return { fileName, mediaType, size: bytes.length, sha256, path: `attachments/${sha256}` };
}

/** A placeholder the export printed instead of a file ("<Media omitted>", "사진"). */
export function notIncludedAttachment(mediaType: string, detail: string, fileName?: string): Attachment {
  return { ...(fileName ? { fileName } : {}), mediaType, notIncluded: { reason: 'not-downloaded', detail } };
}
