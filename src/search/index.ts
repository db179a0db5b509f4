/**
 * Full-text search over an archive's messages, in memory, for the viewer (and any tool).
 *
 * Words are runs of letters and digits (Unicode: Hangul, Latin, Arabic, ...), compared after
 * NFKC and lower-casing. A query matches a message when every query word is the beginning of
 * some word of the message, so "부산" finds "부산에" and "부산까지" (Korean attaches particles
 * to the word) and "photo" finds "photos". Words inside a word ("차표" in "기차표") are not found.
 *
 * Layout, chosen for a million messages: one sorted array of distinct words, and for each the
 * ascending list of document numbers, all in one Uint32Array. A query word is a range of that
 * array found by binary search; the ranges are intersected through a stamp per document, so
 * no query allocates per document. Browser-safe: no Node APIs.
 */

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of a text as the index compares them. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

export interface SearchResult {
  /** How many documents match. */
  count: number;
  /** Matching document numbers in ascending order, at most `limit` of them (the first ones). */
  documents: number[];
}

export class SearchIndex {
  /** Distinct words, sorted by UTF-16 code units. */
  private readonly words: string[];
  /** postings[starts[i] .. starts[i + 1]) are the documents holding words[i], ascending. */
  private readonly starts: Uint32Array;
  private readonly postings: Uint32Array;
  private readonly stamps: Uint32Array;
  private generation = 0;
  readonly documentCount: number;

  private constructor(words: string[], starts: Uint32Array, postings: Uint32Array, documentCount: number) {
    this.words = words;
    this.starts = starts;
    this.postings = postings;
    this.documentCount = documentCount;
    this.stamps = new Uint32Array(documentCount);
  }

  /** Indexes texts in order: the n-th text is document n. */
  static build(texts: Iterable<string>): SearchIndex {
    const builder = new SearchIndexBuilder();
    for (const text of texts) builder.add(text);
    return builder.finish();
  }

  /**
   * The same as build(), giving the event loop a turn every `slice` texts so a page stays
   * responsive while a large archive is indexed (a million messages take seconds).
   */
  static async buildInSlices(texts: readonly string[], options: { slice?: number; signal?: AbortSignal } = {}): Promise<SearchIndex> {
    const slice = options.slice ?? 20_000;
    const builder = new SearchIndexBuilder();
    for (let i = 0; i < texts.length; i++) {
      builder.add(texts[i]!);
      if ((i + 1) % slice === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        options.signal?.throwIfAborted();
      }
    }
    return builder.finish();
  }

  /** @internal: SearchIndexBuilder.finish() */
  static fromParts(words: string[], starts: Uint32Array, postings: Uint32Array, documentCount: number): SearchIndex {
    return new SearchIndex(words, starts, postings, documentCount);
  }

  /** First index in `words` not less than `key`. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The range of words beginning with `prefix`. */
  private prefixRange(prefix: string): [number, number] {
    const from = this.lowerBound(prefix);
    let to = from;
    // Words with the prefix are contiguous after `from`; gallop to their end, then bisect.
    let step = 1;
    while (to + step <= this.words.length && this.words[to + step - 1]!.startsWith(prefix)) {
      to += step;
      step *= 2;
    }
    let hi = Math.min(to + step, this.words.length);
    while (to < hi) {
      const mid = (to + hi) >>> 1;
      if (this.words[mid]!.startsWith(prefix)) to = mid + 1;
      else hi = mid;
    }
    return [from, to];
  }

  /** Documents in which every word of `query` begins some word. An empty query matches nothing. */
  search(query: string, options: { limit?: number } = {}): SearchResult {
    const limit = options.limit ?? 100;
    // Longest words first: they are usually the rarest, which keeps the candidate set small.
    const terms = [...new Set(wordsOf(query))].sort((a, b) => b.length - a.length);
    if (terms.length === 0) return { count: 0, documents: [] };
    const ranges = terms.map((term) => this.prefixRange(term));
    if (ranges.some(([from, to]) => from === to)) return { count: 0, documents: [] };
    if (this.generation + terms.length + 1 >= 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 0;
    }
    const base = this.generation;
    this.generation += terms.length;
    const { starts, postings, stamps } = this;
    // After term i, a document that holds terms 0..i carries the stamp base + i + 1.
    for (let i = 0; i < ranges.length; i++) {
      const [from, to] = ranges[i]!;
      const needed = base + i;
      const next = base + i + 1;
      for (let w = from; w < to; w++) {
        for (let p = starts[w]!, end = starts[w + 1]!; p < end; p++) {
          const doc = postings[p]!;
          if (i === 0 ? stamps[doc]! <= base : stamps[doc] === needed) stamps[doc] = next;
        }
      }
    }
    const final = base + terms.length;
    // One pass over the stamps (a few ms for a million) gives the count and the first matches in order.
    let count = 0;
    const documents: number[] = [];
    for (let doc = 0; doc < stamps.length; doc++) {
      if (stamps[doc] === final) {
        count++;
        if (documents.length < limit) documents.push(doc);
      }
    }
    return { count, documents };
  }
}

/** Collects words document by document; finish() lays them out for searching. */
export class SearchIndexBuilder {
  private readonly lists = new Map<string, number[]>();
  private documentCount = 0;

  add(text: string): void {
    const doc = this.documentCount++;
    for (const word of wordsOf(text)) {
      const list = this.lists.get(word);
      if (!list) this.lists.set(word, [doc]);
      // Documents arrive in order, so a repeated word in one text is always the last entry.
      else if (list[list.length - 1] !== doc) list.push(doc);
    }
  }

  finish(): SearchIndex {
    const { lists } = this;
    const words = [...lists.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let total = 0;
    for (const list of lists.values()) total += list.length;
    const starts = new Uint32Array(words.length + 1);
    const postings = new Uint32Array(total);
    let at = 0;
    words.forEach((word, i) => {
      starts[i] = at;
      const list = lists.get(word)!;
      postings.set(list, at);
      at += list.length;
    });
    starts[words.length] = at;
    lists.clear();
    return SearchIndex.fromParts(words, starts, postings, this.documentCount);
  }
}
