/**
 * A made-up XMPP account as a Ferry archive, for loading into a real server through XEP-0227
 * (toXep0227 + import_piefxis): contacts named in Korean and English with groups, and direct
 * conversations with the first few of them, messages dealt round-robin one second apart.
 * Shared by the CLI spec and the #6 benchmark, which need the same shape at different sizes.
 */
import { countOf, SCHEMA_VERSION, type ArchiveContent, type Contact, type Conversation, type Message } from '../../src/model/types.js';

export interface SyntheticXmppAccount {
  /** Bare JID of the account owner; friends live on the same server as friendN@server. */
  owner: string;
  contacts: number;
  /** How many of the contacts have a conversation (the first ones). */
  conversations: number;
  messages: number;
  /** The n-th message's text. */
  text: (n: number) => string;
  /** Time of message 0, in ms since the epoch. */
  startMs: number;
  /** Prefix of message ids. */
  idPrefix: string;
}

export function syntheticXmppAccount(spec: SyntheticXmppAccount): ArchiveContent {
  const me = `xmpp:${spec.owner}`;
  const server = spec.owner.split('@')[1]!;
  const contacts: Contact[] = Array.from({ length: spec.contacts }, (_, i) => ({
    id: `xmpp:friend${i}@${server}`,
    displayName: i % 2 ? `친구 ${i}` : `Friend ${i}`,
    handles: [`xmpp:friend${i}@${server}`],
    groups: i % 3 ? ['Friends'] : ['가족', 'Work'],
  }));
  const conversations: Conversation[] = contacts.slice(0, spec.conversations).map((c) => ({
    id: `${me}#direct:${c.handles[0]}`,
    kind: 'direct',
    title: c.displayName,
    participants: [
      { handle: me, role: 'owner' },
      { handle: c.handles[0]!, contactId: c.id, role: 'member' },
    ],
    source: me,
  }));
  const messages = new Map<string, Message[]>(conversations.map((c) => [c.id, []]));
  for (let n = 0; n < spec.messages; n++) {
    const c = conversations[n % spec.conversations]!;
    messages.get(c.id)!.push({
      id: `${spec.idPrefix}${n}`,
      conversationId: c.id,
      sender: n % 2 ? c.participants[1]!.handle : me,
      timestamp: new Date(spec.startMs + n * 1000).toISOString(),
      kind: 'text',
      text: spec.text(n),
    });
  }
  const content = {
    manifest: {
      format: 'ferry-archive',
      schemaVersion: SCHEMA_VERSION,
      createdBy: { tool: 'ferry-test', version: '0' },
      createdAt: '2026-01-01T00:00:00.000Z',
      sources: [{ service: 'xmpp', account: me, exportedAt: '2026-01-01T00:00:00.000Z', method: 'live-web-client' }],
      counts: { contacts: 0, conversations: 0, messages: 0 },
    },
    contacts,
    conversations,
    messages,
  } as unknown as ArchiveContent;
  content.manifest.counts = countOf(content);
  return content;
}
