/**
 * What the export page holds of the content it saves: the archive's header (manifest, contacts,
 * conversations, fidelity) and, per conversation, the few facts its steps show (how many
 * messages and when, who wrote them), not the messages themselves.
 *
 * Converted files can hold a million messages; cloning them from the conversion Worker to the
 * page as objects took longer than the conversion (bench/extension-convert.bench.ts), and the
 * page only counts them. Their messages stay in the zip the Worker wrote and checked, which the
 * save encrypts as it is or, when the person chose less, reads again in the save's Worker to
 * write the selection (extension/ui/seal.ts). A live export is small and keeps its content.
 */
import type { ArchiveReader } from '../../src/archive/stream.js';
import type { ArchiveContent, Contact, Conversation, FidelityNote, Manifest, Message } from '../../src/model/types.js';

/** One conversation's messages as the page shows them. */
export interface ConversationFacts {
  /** Each message's instant (Date.parse of its timestamp: NaN when it is none), in archive order. */
  instants: Float64Array;
  /** Messages by sender, in order of first appearance; system notices are counted apart. */
  senders: Map<string, number>;
  notices: number;
}

/** The archive's header and the facts of its messages, without them. */
export interface PageFacts {
  manifest: Manifest;
  contacts: Contact[];
  conversations: Conversation[];
  fidelity: FidelityNote[];
  /** By conversation id, as ArchiveContent.messages: every conversation listed, then ids only messages name. */
  facts: Map<string, ConversationFacts>;
}

export interface PageContent extends PageFacts {
  /** Where the save gets the messages: the content itself, or the checked zip it was read from. */
  archive: { content: ArchiveContent } | { zip: Uint8Array };
}

/** Facts gathered one message at a time (the Worker reads a million from the zip, never holding them). */
class FactsBuilder {
  private instants = new Float64Array(1024);
  private count = 0;
  readonly senders = new Map<string, number>();
  notices = 0;

  add(message: Message): void {
    if (this.count === this.instants.length) {
      const grown = new Float64Array(this.instants.length * 2);
      grown.set(this.instants);
      this.instants = grown;
    }
    this.instants[this.count++] = Date.parse(message.timestamp);
    if (message.kind === 'system') this.notices++;
    else this.senders.set(message.sender, (this.senders.get(message.sender) ?? 0) + 1);
  }

  done(): ConversationFacts {
    return { instants: this.instants.slice(0, this.count), senders: this.senders, notices: this.notices };
  }
}

/** Facts grouped as readArchive groups messages: a list per listed conversation, then by conversationId. */
function factsOf(conversations: readonly Conversation[], messages: Iterable<Message>): Map<string, ConversationFacts> {
  const builders = new Map<string, FactsBuilder>();
  for (const conversation of conversations) {
    if (typeof conversation?.id === 'string' && !builders.has(conversation.id)) builders.set(conversation.id, new FactsBuilder());
  }
  for (const message of messages) {
    let builder = builders.get(message.conversationId);
    if (!builder) builders.set(message.conversationId, (builder = new FactsBuilder()));
    builder.add(message);
  }
  return new Map([...builders].map(([id, b]) => [id, b.done()]));
}

/** The page's view of content it holds whole (a live export): the facts of each list under its key. */
export function pageContentOf(content: ArchiveContent): PageContent {
  const facts = new Map<string, ConversationFacts>();
  for (const [id, list] of content.messages) {
    const builder = new FactsBuilder();
    for (const message of list) builder.add(message);
    facts.set(id, builder.done());
  }
  return { manifest: content.manifest, contacts: content.contacts, conversations: content.conversations, fidelity: content.fidelity ?? [], facts, archive: { content } };
}

/**
 * The facts of an archive read through `reader`, with everything readArchive checks checked:
 * every message parsed and filed, every attachment read (its CRC-32 checked). Throws as it does.
 */
export function pageFactsOf(reader: ArchiveReader): PageFacts {
  const { manifest, contacts, conversations, fidelity } = reader;
  const facts = factsOf(conversations, reader.messages());
  for (const sha256 of reader.attachmentHashes()) reader.attachment(sha256);
  return { manifest, contacts, conversations, fidelity, facts };
}

/** The buffers of `facts` to move to the page instead of copying. */
export function factsBuffers(facts: PageFacts): ArrayBuffer[] {
  return [...facts.facts.values()].map((f) => f.instants.buffer as ArrayBuffer);
}

/** Per conversation listed: its id, title and number of messages (as summarizeConversations gives them). */
export function conversationSummaries(content: PageFacts): { id: string; title: string; messages: number }[] {
  return content.conversations.map((c) => ({ id: c.id, title: c.title ?? c.id, messages: content.facts.get(c.id)?.instants.length ?? 0 }));
}
