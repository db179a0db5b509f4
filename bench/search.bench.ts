/**
 * Searching a million messages (issue #8, point 3: a query answers in under 100 ms after
 * indexing). Generated messages, a third Korean, a third English, a third mixed, from fixed
 * vocabularies with a seeded generator so every run indexes the same text. Prints the index
 * build time, the heap it holds, and query p50/p95 over rare, common and two-word queries in
 * both languages. No peer: nothing else in the repository searches archives.
 */
import { SearchIndex } from '../src/search/index.js';
import { report } from './report.js';

const MESSAGES = 1_000_000;

const KOREAN = '안녕 오늘 내일 주말 부산 서울 제주 기차표 예매 사진 회의 점심 저녁 커피 약속 생일 축하 고마워 미안 괜찮아 지금 나중에 시간 어디 같이 먹자 보내줘 확인 했어 할게 좋아 정말 우리 친구 가족 회사 학교 비행기 호텔 날씨 비가 눈이 바다'.split(' ');
const PARTICLES = ['', '', '에', '에서', '으로', '은', '는', '이', '가', '을', '를', '도', '까지', '랑'];
const ENGLISH = 'hello today tomorrow weekend photos meeting lunch dinner coffee birthday thanks sorry later where together send check done sure really friends family office school flight hotel weather rain snow beach train ticket project deadline review release invoice'.split(' ');

/** mulberry32: small, fast, and the same sequence every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* messages(count: number): Generator<string> {
  const next = random(8);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  for (let i = 0; i < count; i++) {
    const words: string[] = [];
    const length = 3 + Math.floor(next() * 12);
    const kind = i % 3;
    for (let w = 0; w < length; w++) {
      const korean = kind === 0 || (kind === 2 && next() < 0.5);
      words.push(korean ? pick(KOREAN) + pick(PARTICLES) : pick(ENGLISH));
    }
    // A serial number now and then: many distinct words, as real archives have (names, links, codes).
    if (next() < 0.2) words.push(`#${i.toString(36)}`);
    yield words.join(' ');
  }
}

const QUERIES = ['부산', '기차표', '제주 사진', '생일 축하', '바다에서', 'photos', 'invoice', 'train ticket', 'coffee 커피', 'rel', '#abc', '비행기 hotel'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<void> {
  const texts = [...messages(MESSAGES)];
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const began = performance.now();
  const index = SearchIndex.build(texts);
  const buildMs = performance.now() - began;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  report({ bench: 'search', metric: 'index build, 1M messages (s)', value: +(buildMs / 1000).toFixed(2), peer: null, ratio: null });
  report({ bench: 'search', metric: 'index heap, 1M messages (MB, approx.)', value: Math.round(heapMb), peer: null, ratio: null });

  for (const q of QUERIES) index.search(q); // warm-up
  const times: number[] = [];
  const counts: Record<string, number> = {};
  for (let round = 0; round < 20; round++) {
    for (const q of QUERIES) {
      const t0 = performance.now();
      counts[q] = index.search(q, { limit: 100 }).count;
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  report({ bench: 'search', metric: 'query p50, 1M messages (ms)', value: +percentile(times, 50).toFixed(2), peer: null, ratio: null });
  report({ bench: 'search', metric: 'query p95, 1M messages (ms)', value: +percentile(times, 95).toFixed(2), peer: null, ratio: null });
  report({ bench: 'search', metric: 'query max, 1M messages (ms)', value: +times[times.length - 1]!.toFixed(2), peer: null, ratio: null });
  // Matches per query, so a reader can see the queries were not trivially empty.
  process.stderr.write(`search: matches per query ${JSON.stringify(counts)}\n`);
}
