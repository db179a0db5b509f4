/**
 * The Ferry archive container: a zip holding manifest.json, contacts.json,
 * conversations.json, fidelity.json, one JSON Lines file per conversation under messages/ and
 * attachments addressed by SHA-256. schemas/README.md is the normative description; this file
 * and stream.ts are one implementation of it.
 *
 * This file holds the whole-archive convenience functions for small archives; stream.ts streams
 * large ones, and layout.ts holds what both share (names, errors, versions, key order).
 * Runs in the browser (extension pages) as well as in Node: Uint8Array, TextEncoder/TextDecoder
 * and fflate only.
 */
import type { ArchiveContent, Message } from '../model/types.js';
import { ArchiveReader, writeArchiveChunks, type MessageLocation, type WriteOptions } from './stream.js';
import type { ByteSource } from './zip-reader.js';
import { concatBytes } from '../model/bytes.js';
import { ArchiveError, isPlainObject } from './layout.js';

// ---------------------------------------------------------------------------
// Whole archives in memory (small archives: the extension, tests)

/**
 * Serializes `content` as a Ferry archive zip (not encrypted). Same content and same
 * Ferry version give identical bytes, whatever the key order of the objects passed in,
 * the Map's insertion order or the machine's time zone. Attachments are written in
 * SHA-256 order.
 *
 * `options` picks the deflater (Node callers pass NODE_WRITE_OPTIONS for native zlib).
 *
 * Throws ArchiveError('inconsistent') instead of writing an archive that would silently
 * lose or move messages. Everything else (schema, counts) is validateArchive's job.
 */
export function writeArchive(content: ArchiveContent, options: WriteOptions = {}): Uint8Array {
  checkWritable(content);
  const chunks: Uint8Array[] = [];
  writeArchiveChunks(
    { manifest: content.manifest, contacts: content.contacts, conversations: content.conversations, fidelity: content.fidelity ?? [] },
    (conversation) => content.messages.get(conversation.id) ?? [],
    [...(content.attachments ?? new Map<string, Uint8Array>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    (chunk) => chunks.push(chunk),
    options,
  );
  return concatBytes(chunks);
}

function checkWritable(content: ArchiveContent): void {
  const ids = new Set<string>();
  for (const conversation of content.conversations) {
    if (ids.has(conversation.id)) {
      throw new ArchiveError(
        'inconsistent',
        `Cannot write the archive: conversation id "${conversation.id}" appears twice in conversations, so its messages would be written twice. Merge the two conversations first.`,
      );
    }
    ids.add(conversation.id);
  }
  for (const [key, list] of content.messages) {
    if (list.length > 0 && !ids.has(key)) {
      throw new ArchiveError(
        'inconsistent',
        `Cannot write the archive: ${list.length} message(s) are filed under conversation "${key}", which is not in conversations, so they would be lost. Add the conversation or drop the messages.`,
      );
    }
  }
}

export type { MessageLocation } from './stream.js';

export interface DetailedRead {
  content: ArchiveContent;
  locations: Map<Message, MessageLocation>;
}

/**
 * Parses a Ferry archive zip (already decrypted) into memory. Checks the container and the
 * version and that each message says which conversation it belongs to; it does not check
 * every field (validateArchive does). Unknown entries are ignored. A 0.x archive is upgraded
 * to the current version on the way in (see ArchiveReader).
 *
 * The returned Map has a list for every conversation in conversations.json, in that order
 * (empty when it has no messages), then lists for conversation ids that only messages
 * mention. Messages are grouped by their conversationId, whichever file they are in.
 *
 * `zip` may be a ByteSource that brings its own inflate and CRC-32 (the extension's Workers do).
 */
export function readArchive(zip: Uint8Array | ByteSource): ArchiveContent {
  return readArchiveDetailed(zip, false).content;
}

/** readArchive plus where each message came from; used by validateArchive to report lines. */
export function readArchiveDetailed(zip: Uint8Array | ByteSource, withLocations = true): DetailedRead {
  const reader = ArchiveReader.open(zip);
  const { manifest, contacts, conversations, fidelity } = reader;
  const messages = new Map<string, Message[]>();
  for (const conversation of conversations) {
    if (isPlainObject(conversation) && typeof conversation.id === 'string' && !messages.has(conversation.id)) {
      messages.set(conversation.id, []);
    }
  }
  const locations = new Map<Message, MessageLocation>();
  for (const { message, location } of reader.messagesWithLocations()) {
    let list = messages.get(message.conversationId);
    if (!list) messages.set(message.conversationId, (list = []));
    list.push(message);
    if (withLocations) locations.set(message, location);
  }
  const attachments = new Map<string, Uint8Array>();
  for (const sha256 of reader.attachmentHashes()) attachments.set(sha256, reader.attachment(sha256)!);
  const content: ArchiveContent = { manifest, contacts, conversations, messages, fidelity };
  if (attachments.size > 0) content.attachments = attachments;
  return { content, locations };
}
