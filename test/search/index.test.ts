import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SearchIndex, wordsOf } from '../../src/search/index.js';

const texts = [
  '이번 주말에 부산 가는 거 맞지? 기차표는 내가 예매할게.',
  '응, 토요일 아침 9시 KTX로 하자!',
  'Are the photos from Jeju up yet?',
  'Uploading tonight, promise. PHOTOS of 부산 too',
  '부산까지 세 시간',
  'Ｆｕｌｌｗｉｄｔｈ letters and café',
];
const index = SearchIndex.build(texts);

describe('I can search the messages of an archive', () => {
  it('finds a Korean word with its particle attached ("부산" finds "부산까지")', () => {
    expect(index.search('부산')).toEqual({ count: 3, documents: [0, 3, 4] });
  });

  it('finds English words by their beginning, ignoring case and width', () => {
    expect(index.search('photo').documents).toEqual([2, 3]);
    expect(index.search('FULLWIDTH').documents).toEqual([5]);
    expect(index.search('caf').documents).toEqual([5]);
  });

  it('needs every word of the query, in any order, across languages', () => {
    expect(index.search('photos 부산').documents).toEqual([3]);
    expect(index.search('부산 photos').documents).toEqual([3]);
    expect(index.search('부산 jeju').count).toBe(0);
  });

  it('finds nothing for an empty query, punctuation or an unknown word', () => {
    expect(index.search('').count).toBe(0);
    expect(index.search('?!').count).toBe(0);
    expect(index.search('zebra').count).toBe(0);
  });

  it('gives the first matches up to the limit and the full count', () => {
    const big = SearchIndex.build(Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? `메시지 ${i}` : `other ${i}`)));
    const result = big.search('메시지', { limit: 5 });
    expect(result.count).toBe(334);
    expect(result.documents).toEqual([0, 3, 6, 9, 12]);
  });

  it('builds the same index in slices, letting the page breathe in between', async () => {
    const sliced = await SearchIndex.buildInSlices(texts, { slice: 2 });
    for (const q of ['부산', 'photo', 'photos 부산', 'caf', 'zebra']) expect(sliced.search(q)).toEqual(index.search(q));
  });

  it('answers like a plain scan of every message, for any texts and queries', () => {
    const word = fc.constantFrom('부산', '부산에', '기차', 'photo', 'photos', 'jeju', 'a', 'ab', 'abc', '9시', 'ΚΑΛΗ');
    const text = fc.array(word, { maxLength: 6 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.array(word, { minLength: 1, maxLength: 3 }), (corpus, query) => {
        const idx = SearchIndex.build(corpus);
        const q = query.join(' ');
        const terms = wordsOf(q);
        const expected = corpus.flatMap((t, i) => (terms.every((term) => wordsOf(t).some((w) => w.startsWith(term))) ? [i] : []));
        // Twice: stamps left by one query must not leak into the next.
        for (let round = 0; round < 2; round++) expect(idx.search(q, { limit: 1000 })).toEqual({ count: expected.length, documents: expected });
      }),
    );
  });
});
