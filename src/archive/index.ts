/**
 * The archive container (browser-safe). validate.ts is deliberately not re-exported here:
 * it pulls in Ajv, which extension pages cannot run; Node code imports it directly.
 */
export {
  ArchiveError,
  readArchive,
  writeArchive,
  messagesEntryName,
  parseSchemaVersion,
  SUPPORTED_VERSION,
  MANIFEST_ENTRY,
  CONTACTS_ENTRY,
  CONVERSATIONS_ENTRY,
  MESSAGES_DIR,
  type ArchiveErrorCode,
  type SchemaVersion,
} from './container.js';
