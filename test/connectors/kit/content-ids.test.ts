/**
 * The readers' fast content ids (kit/content-ids.ts) are the model's ids exactly, with either
 * hash: the extension hashes with @noble/hashes, the CLI with node:crypto, and converting the
 * same file in either must give the same archive.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeSha256Hex } from '../../../src/cli/node-hash.js';
import { HashedContentIds, nobleSha256Hex } from '../../../src/connectors/kit/content-ids.js';
import { ContentIds } from '../../../src/model/ids.js';

const message = fc.record({
  conversationId: fc.constantFrom('c1', 'kakaotalk:room/1', 'whatsapp:chat/"q"'),
  sender: fc.constantFrom('a', 'whatsapp:name:Min%20ji', 'tel:+821000000000', '"\\'),
  timestamp: fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z'),
  text: fc.oneof(fc.constantFrom('', 'ㅋㅋ', 'hi'), fc.string()),
});

describe('content ids for readers', () => {
  it('HashedContentIds gives the same ids as the model, with the browser hash and with node:crypto', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 40 }), (messages) => {
        const model = new ContentIds();
        const noble = new HashedContentIds(nobleSha256Hex);
        const node = new HashedContentIds(nodeSha256Hex);
        const expected = messages.map((m) => model.next(m));
        expect(messages.map((m) => noble.next(m.conversationId, m.sender, m.timestamp, m.text))).toEqual(expected);
        expect(messages.map((m) => node.next(m.conversationId, m.sender, m.timestamp, m.text))).toEqual(expected);
      }),
    );
  });
});
