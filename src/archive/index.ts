/**
 * The archive container (browser-safe), including the validator: its schemas are compiled at
 * build time (scripts/build-validators.ts), so extension pages may run it too.
 */
export { readArchive, writeArchive } from './container.js';
export {
  ArchiveError,
  messagesEntryName,
  attachmentEntryName,
  parseSchemaVersion,
  SUPPORTED_VERSION,
  MANIFEST_ENTRY,
  CONTACTS_ENTRY,
  CONVERSATIONS_ENTRY,
  FIDELITY_ENTRY,
  MESSAGES_DIR,
  ATTACHMENTS_DIR,
  type ArchiveErrorCode,
  type SchemaVersion,
} from './layout.js';
export { ArchiveReader, writeArchiveStream, type ArchiveHeader, type MessageLocation, type WrittenCounts } from './stream.js';
export { bytesSource, type ByteSource } from './zip-reader.js';
