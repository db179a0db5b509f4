import { describe, expect, it } from 'vitest';
import { ContentIds, contentMessageId, sha256Hex } from '../../src/model/ids.js';

const chat = [
  { conversationId: 'kakaotalk:room/1', sender: 'kakaotalk:user/민지', timestamp: '2021-03-25T16:03:00+09:00', text: 'ㅋㅋ' },
  { conversationId: 'kakaotalk:room/1', sender: 'kakaotalk:user/민지', timestamp: '2021-03-25T16:03:00+09:00', text: 'ㅋㅋ' },
  { conversationId: 'kakaotalk:room/1', sender: 'kakaotalk:user/나', timestamp: '2021-03-25T16:03:00+09:00', text: 'ㅋㅋ' },
  { conversationId: 'kakaotalk:room/1', sender: 'kakaotalk:user/민지', timestamp: '2021-03-25T16:04:00+09:00', text: 'ㅋㅋ' },
];

describe('content-derived message ids', () => {
  it('exporting the same history again gives the same ids', () => {
    const first = new ContentIds();
    const second = new ContentIds();
    expect(chat.map((m) => first.next(m))).toEqual(chat.map((m) => second.next(m)));
  });

  it('exact repeats in the same minute get different ids, by their ordinal', () => {
    const ids = new ContentIds();
    const out = chat.map((m) => ids.next(m));
    expect(new Set(out).size).toBe(4);
    expect(out[1]).toBe(contentMessageId(chat[1]!.conversationId, chat[1]!.sender, chat[1]!.timestamp, 'ㅋㅋ', 1));
  });

  it('the id is the conversation id, "#c:" and 32 hex digits of SHA-256, as the spec describes', () => {
    const id = contentMessageId('c', 's:x', '2024-01-01T00:00:00Z', 'hi', 0);
    expect(id).toBe(`c#c:${sha256Hex(new TextEncoder().encode('["c","s:x","2024-01-01T00:00:00Z","hi",0]')).slice(0, 32)}`);
  });
});
