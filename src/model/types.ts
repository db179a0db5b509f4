/**
 * The portable data model: what a Ferry archive holds, independent of any messenger.
 *
 * These types mirror the JSON Schemas in `schemas/` (the schemas are the contract for
 * anyone reading or writing an archive without Ferry; these types are the same contract
 * for Ferry's own code). Change both together and bump SCHEMA_VERSION when you do.
 */

/** Major.minor. Readers refuse an unknown major version; minor versions only add optional fields. */
export const SCHEMA_VERSION = '1.1';

/**
 * What the source said about time zones. Chat exports disagree: servers stamp instants,
 * while many export files (KakaoTalk, WhatsApp, LINE) print wall-clock times with no zone, and
 * a reader must know whether an offset was stated by the source or guessed by the exporter.
 */
export interface TimeZoneFacts {
  /**
   * "instants": the source stamps absolute instants (zone irrelevant);
   * "known": wall-clock times in a zone the source stated;
   * "assumed": wall-clock times with no zone in the source; the exporter assumed `zone`.
   */
  status: 'instants' | 'known' | 'assumed';
  /** IANA zone name, e.g. "Asia/Seoul"; present for "known" and "assumed". */
  zone?: string;
}

/** Where the data came from: one entry per export run merged into the archive. */
export interface Source {
  /** Service family, e.g. "xmpp". */
  service: string;
  /** The account the data was exported from, as a URI, e.g. "xmpp:me@old.localhost". */
  account: string;
  /** ISO 8601 instant the export finished. */
  exportedAt: string;
  /** How the data was obtained: live through the web client, or from an export file. */
  method: 'live-web-client' | 'export-file';
  timeZone: TimeZoneFacts;
  /** Since 1.1: the account's own published profile (XMPP: its vCard), when the exporter read one. */
  profile?: OwnProfile;
}

/** The profile the owner published on one account; the same fields as a contact's. */
export interface OwnProfile {
  displayName?: string;
  name?: StructuredName;
  phones?: LabelledValue[];
  emails?: LabelledValue[];
  avatar?: Attachment;
}

export interface Counts {
  contacts: number;
  conversations: number;
  messages: number;
  /** Files stored under attachments/ (each distinct content once). */
  attachments: number;
}

export interface Manifest {
  /** Always "ferry-archive": lets a reader tell a Ferry manifest from any other JSON. */
  format: 'ferry-archive';
  schemaVersion: string;
  createdBy: { tool: string; version: string };
  createdAt: string;
  sources: Source[];
  counts: Counts;
}

/** Why a file the source mentioned is not in the archive. */
export type NotIncludedReason = 'not-downloaded' | 'too-large' | 'expired' | 'excluded' | 'unavailable';

/** A file belonging to a message (or a contact's avatar). The bytes, when included, are at `path`. */
export interface Attachment {
  fileName?: string;
  /** IANA media type, e.g. "image/jpeg"; "application/octet-stream" when unknown. */
  mediaType: string;
  size?: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256?: string;
  /** "attachments/" + sha256, when the bytes are in the archive. */
  path?: string;
  /** Present exactly when `path` is absent. */
  notIncluded?: { reason: NotIncludedReason; detail?: string };
}

export interface StructuredName {
  family?: string;
  given?: string;
  additional?: string;
  prefix?: string;
  suffix?: string;
  /** How the name is read (furigana, or a romanization), as the source gave it. */
  phoneticFamily?: string;
  phoneticGiven?: string;
}

export interface LabelledValue {
  value: string;
  /** Lower-case kinds such as "cell", "home", "work", "fax"; empty when the source gave none. */
  types: string[];
  /** A free label the person typed (e.g. "Office in Busan"). */
  label?: string;
}

export interface Contact {
  /** Stable id: the same contact exported twice gets the same id. */
  id: string;
  displayName: string;
  name?: StructuredName;
  /** Addresses of this person as URIs, e.g. "xmpp:kim@old.localhost", "tel:+82-10-1234-5678". */
  handles: string[];
  phones?: LabelledValue[];
  emails?: LabelledValue[];
  avatar?: Attachment;
  groups: string[];
  favourite?: boolean;
  blocked?: boolean;
  /** Since 1.1, XMPP rosters: the presence subscription between the owner and the contact (RFC 6121). */
  subscription?: 'none' | 'to' | 'from' | 'both';
  notes?: string;
  /** Ids the source service gave this contact. */
  sourceIds?: Record<string, string>;
}

export type ConversationKind = 'direct' | 'group' | 'channel';

export interface Participant {
  /** Handle URI of the participant. */
  handle: string;
  /** Contact id when the participant is in the contact list. */
  contactId?: string;
  /** "owner": whoever the conversation belongs to (the group's owner, or the exported account in a direct chat). */
  role: 'owner' | 'admin' | 'member';
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  title: string;
  participants: Participant[];
  /** The Source.account this conversation was exported from; must equal one of the manifest's sources. */
  source: string;
  sourceIds?: Record<string, string>;
}

export type MessageKind =
  | 'text'
  | 'media'
  | 'system'
  | 'call'
  | 'poll'
  | 'location'
  | 'sticker'
  | 'contact'
  | 'deleted';

export interface TextEntity {
  type: 'bold' | 'italic' | 'underline' | 'strikethrough' | 'code' | 'pre' | 'spoiler' | 'quote' | 'link' | 'mention';
  /** Start in UTF-16 code units of `text` (what JavaScript, Java and Telegram count). */
  offset: number;
  length: number;
  /** For "link": the target. */
  url?: string;
  /** For "mention": the handle URI mentioned. */
  handle?: string;
}

export interface Reaction {
  emoji: string;
  /** Handle URI of who reacted. */
  sender: string;
  timestamp?: string;
}

export interface Edit {
  /** When this earlier version was written. */
  timestamp: string;
  text: string;
}

export interface Message {
  /** Unique across the whole archive (XMPP ids are scoped by the exported account for that reason). */
  id: string;
  conversationId: string;
  /** Handle URI of the sender. */
  sender: string;
  /** ISO 8601 with offset (UTC "Z" when the source gives an instant). */
  timestamp: string;
  /** The time exactly as the source printed it, when the source gave no zone (see TimeZoneFacts). */
  wallClock?: string;
  kind: MessageKind;
  text: string;
  entities?: TextEntity[];
  mentions?: string[];
  /** Id of the message this one answers (it may be outside the archive). */
  replyTo?: string;
  forwardedFrom?: { sender?: string; name?: string; timestamp?: string };
  /** Earlier versions of `text`, oldest first. */
  edits?: Edit[];
  reactions?: Reaction[];
  attachments?: Attachment[];
  call?: { durationSeconds?: number; video?: boolean; outcome?: 'answered' | 'missed' | 'declined' | 'cancelled' };
  poll?: { question: string; options: { text: string; votes?: number }[] };
  location?: { latitude: number; longitude: number; name?: string };
  contactCard?: { displayName: string; handles: string[] };
  /** Ids the source service gave this message, kept so later tools can match it again. */
  sourceIds?: Record<string, string>;
}

/** What the source could not provide ("export") or a target could not take ("import"). */
export interface FidelityNote {
  stage: 'export' | 'import';
  /** For "export" the source account; for "import" the account imported into. */
  account: string;
  /** What is affected, e.g. "message.reactions", "message.kind.call", "contact.avatar". */
  item: string;
  /** How many items are affected. */
  count: number;
  reason: string;
  /** When the export or import ran. */
  at?: string;
}

/*
 * Conventions for every entity: optional fields are absent, never null.
 */

/** A whole archive in memory: for small archives (the extension, tests). Large ones stream (src/archive/stream.ts). */
export interface ArchiveContent {
  manifest: Manifest;
  contacts: Contact[];
  conversations: Conversation[];
  /** Every message, grouped by conversation id, each list in time order (by instant; ties keep the source's order). */
  messages: Map<string, Message[]>;
  /** Absent = none. */
  fidelity?: FidelityNote[];
  /** Attachment bytes by lower-case hex SHA-256. Absent = none. */
  attachments?: Map<string, Uint8Array>;
}

export function countOf(
  content: Pick<ArchiveContent, 'contacts' | 'conversations' | 'messages' | 'attachments'>,
): Counts {
  let messages = 0;
  for (const list of content.messages.values()) messages += list.length;
  return {
    contacts: content.contacts.length,
    conversations: content.conversations.length,
    messages,
    attachments: content.attachments?.size ?? 0,
  };
}
