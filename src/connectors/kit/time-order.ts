/**
 * A conversation's messages in time order, with their content ids. Text exports are almost always
 * in time order already; only when one is not (a clock set back, an hour repeated in autumn) are
 * the messages held at once and sorted. The ids are handed out after sorting, so two equal
 * messages at one instant get ordinals even when the file had others between them: a repeat the
 * ordinal does not tell apart would be two messages under one id, which an archive must not hold.
 */
import type { Message } from '../../model/types.js';
import { HashedContentIds } from './content-ids.js';

export type Unnumbered = Omit<Message, 'id'>;

export function timeOrdered(inFileOrder: () => Iterable<Unnumbered>, ordered: boolean, hash: (text: string) => string): () => Generator<Message> {
  function* numbered(messages: Iterable<Unnumbered>): Generator<Message> {
    const ids = new HashedContentIds(hash);
    for (const m of messages) yield { id: ids.next(m.conversationId, m.sender, m.timestamp, m.text), ...m };
  }
  if (ordered) return () => numbered(inFileOrder());
  return () => {
    const all = [...inFileOrder()].map((m, i) => ({ m, i, t: Date.parse(m.timestamp) }));
    all.sort((a, b) => a.t - b.t || a.i - b.i);
    return numbered(all.map((x) => x.m));
  };
}
