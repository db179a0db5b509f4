/**
 * The portable data model: what a Ferry archive holds, independent of any messenger.
 *
 * These types mirror the JSON Schemas in `schemas/` (the schemas are the contract for
 * anyone reading or writing an archive without Ferry; these types are the same contract
 * for Ferry's own code). Change both together and bump SCHEMA_VERSION when you do.
 */

/** Major.minor. Readers refuse an unknown major version; minor versions only add optional fields. */
export const SCHEMA_VERSION = '0.1';

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
}

export interface Counts {
  contacts: number;
  conversations: number;
  messages: number;
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

export interface Contact {
  /** Stable id: the same contact exported twice gets the same id. */
  id: string;
  displayName: string;
  /** Addresses of this person as URIs, e.g. "xmpp:kim@old.localhost". */
  handles: string[];
  groups: string[];
}

export type ConversationKind = 'direct' | 'group' | 'channel';

export interface Participant {
  /** Handle URI of the participant. */
  handle: string;
  /** Contact id when the participant is in the contact list. */
  contactId?: string;
  /** "owner": whoever the conversation belongs to (the group's owner, or the exported account in a direct chat). */
  role: 'owner' | 'member';
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  title: string;
  participants: Participant[];
  /** The Source.account this conversation was exported from; must equal one of the manifest's sources. */
  source: string;
}

export interface Message {
  /** Unique across the whole archive (XMPP ids are scoped by the exported account for that reason). */
  id: string;
  conversationId: string;
  /** Handle URI of the sender. */
  sender: string;
  /** ISO 8601 with offset (UTC "Z" when the source gives an instant). */
  timestamp: string;
  kind: 'text';
  text: string;
  /** Ids the source service gave this message, kept so later tools can match it again. */
  sourceIds?: Record<string, string>;
}

/*
 * Conventions for every entity: optional fields are absent, never null.
 */

/** A whole archive in memory. Fine for the walking skeleton; streaming comes with the format issue. */
export interface ArchiveContent {
  manifest: Manifest;
  contacts: Contact[];
  conversations: Conversation[];
  /** Every message, grouped by conversation id, each list in time order (by instant; ties keep the source's order). */
  messages: Map<string, Message[]>;
}

export function countOf(content: Pick<ArchiveContent, 'contacts' | 'conversations' | 'messages'>): Counts {
  let messages = 0;
  for (const list of content.messages.values()) messages += list.length;
  return { contacts: content.contacts.length, conversations: content.conversations.length, messages };
}
