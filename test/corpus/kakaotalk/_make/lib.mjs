// Helpers for writing corpus files byte-exact. Deliberately imports nothing from Ferry's src/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/corpus/, two folders up from this file. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Lines joined with the given end; `last` adds the end after the last line too. */
export function lines(list, { eol = '\n', last = true } = {}) {
  return list.join(eol) + (last ? eol : '');
}

/** Lines with per-line endings: each item is [text, eol]. */
export function mixed(items) {
  return items.map(([t, e]) => t + e).join('');
}

export function write(dir, name, content, expect) {
  mkdirSync(join(ROOT, dir), { recursive: true });
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(join(ROOT, dir, name), bytes);
  if (expect) writeFileSync(join(ROOT, dir, `${name}.expect.json`), JSON.stringify(expect, null, 2) + '\n');
}

/** Ferry's documented handle scheme (connector READMEs): SERVICE: + name, whitespace and % percent-encoded. */
export function handle(service, name) {
  return `${service}:${name.replace(/[%\s]/gu, (c) => encodeURIComponent(c))}`;
}

export function handles(service, names, extra = {}) {
  return Object.fromEntries([...names.map((n) => [n, handle(service, n)]), ...Object.entries(extra)]);
}

const WEEKDAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAY_KO = ['일요일', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일'];
export function weekday(y, m, d) {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
export const weekdayEn = (y, m, d) => WEEKDAY_EN[weekday(y, m, d)];
export const weekdayKo = (y, m, d) => WEEKDAY_KO[weekday(y, m, d)];

/** Unix seconds of a UTC wall clock. */
export function unix(y, mo, d, h, mi, s = 0) {
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

/** Checks an expectation's counts add up, so a typo in a hand count is caught before it is committed. */
export function checkCounts(name, e) {
  if (e.error) return;
  const sum = (o) => Object.values(o ?? {}).reduce((a, b) => a + b, 0);
  if (e.senders && sum(e.senders) !== e.messages) throw new Error(`${name}: senders add up to ${sum(e.senders)}, messages ${e.messages}`);
  if (e.kinds && sum(e.kinds) !== e.messages) throw new Error(`${name}: kinds add up to ${sum(e.kinds)}, messages ${e.messages}`);
}
