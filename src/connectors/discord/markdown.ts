/**
 * Discord's message markdown to plain text with entities, as Discord renders it
 * (https://support.discord.com/hc/en-us/articles/210298617): `**bold**`, `*italic*` / `_italic_`,
 * `__underline__`, `~~strikethrough~~`, `||spoiler||`, `` `code` ``, ```` ```pre``` ```` and
 * `> ` quote lines; a backslash escapes a marker. Markers that do not pair up stay as text, so
 * "2*3" or a lone "**" is never lost. Offsets are UTF-16 code units of the returned text.
 */
import type { TextEntity } from '../../model/types.js';

type Style = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler';

const DELIMITERS: [string, Style][] = [
  ['**', 'bold'],
  ['__', 'underline'],
  ['~~', 'strikethrough'],
  ['||', 'spoiler'],
  ['*', 'italic'],
  ['_', 'italic'],
];

/** A run of characters none of the rules below starts with ("> " quotes start after a line break). */
const PLAIN = /[^\n\\`*_~|]+/y;

const ESCAPABLE = new Set(['\\', '*', '_', '~', '|', '`', '>', '#', '-', '[', ']', '(', ')', ':']);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * Closing scans that found nothing, by delimiter, for one text: scanning is a function of the
 * position alone (besides the start, which may not close an empty span), so a later scan that
 * starts on a position the failed one visited fails too. Without this, "*a *a *a …" rescans its
 * line for every "*" (issue 18: reading must be linear).
 */
type Failures = Map<string, { from: number; until: number; skipped: number[] }>;

/** Whether `at` lies in one of the [start, end) pairs of `skipped` (in order). */
function inSkipped(skipped: number[], at: number): boolean {
  let lo = 0;
  let hi = skipped.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (skipped[mid * 2 + 1]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo < skipped.length / 2 && skipped[lo * 2]! <= at;
}

/** Where the closing `d` of a span opened at `from` is, or -1; the span may not cross a code span or a line for single markers. */
function closing(s: string, d: string, from: number, failures: Failures): number {
  const failed = failures.get(d);
  if (failed && from > failed.from && from < failed.until && !inSkipped(failed.skipped, from)) return -1;
  const skipped: number[] = [];
  const fail = (until: number) => {
    failures.set(d, { from, until, skipped });
    return -1;
  };
  for (let j = from; j <= s.length - d.length; j++) {
    const c = s[j];
    if (c === '\\') {
      skipped.push(j + 1, j + 2);
      j++;
      continue;
    }
    if (c === '`') {
      // A code span inside is opaque: skip to its end, if it has one.
      const end = s.indexOf('`', j + 1);
      if (end > 0) {
        skipped.push(j + 1, end + 1);
        j = end;
      }
      continue;
    }
    if (d.length === 1 && c === '\n') return fail(j);
    if (s.startsWith(d, j)) {
      if (j === from) return -1; // empty
      // "**" inside a "*" span is a bold marker, not our closing.
      if (d.length === 1 && s[j + 1] === d) {
        const inner = closing(s, d + d, j + 2, failures);
        if (inner > 0) {
          skipped.push(j + 1, inner + 2);
          j = inner + 1;
          continue;
        }
      }
      if (d === '*' && isSpace(s[j - 1])) continue;
      if (d === '_' && isWordChar(s[j + 1])) continue;
      return j;
    }
  }
  return fail(s.length);
}

function parseInline(s: string, base: number, entities: TextEntity[], top: boolean): string {
  // The text as pieces joined once at the end, and its length so far: a string grown by += per line is a rope the collector keeps walking.
  const pieces: string[] = [];
  let outLength = 0;
  const emit = (piece: string) => {
    pieces.push(piece);
    outLength += piece.length;
  };
  const failures: Failures = new Map();
  let quoteStart = -1;
  // Only this top level makes quotes: the last one is remembered rather than searched for.
  let last: TextEntity | undefined;
  const endQuote = () => {
    if (quoteStart < 0) return;
    // Consecutive quote lines are one quote.
    if (last && last.offset + last.length + 1 === base + quoteStart) last.length = base + outLength - last.offset;
    else if (outLength > quoteStart) {
      last = { type: 'quote', offset: base + quoteStart, length: outLength - quoteStart };
      entities.push(last);
    }
    quoteStart = -1;
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (top && (i === 0 || s[i - 1] === '\n') && s.startsWith('> ', i)) {
      quoteStart = outLength;
      i += 2;
      continue;
    }
    // Characters no rule starts with are copied as one slice up to the next that may (linear, not a string per character).
    PLAIN.lastIndex = i;
    if (PLAIN.test(s) && PLAIN.lastIndex > i) {
      emit(s.slice(i, PLAIN.lastIndex));
      i = PLAIN.lastIndex;
      continue;
    }
    if (c === '\n') {
      endQuote();
      emit(c);
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < s.length && ESCAPABLE.has(s[i + 1]!)) {
      emit(s[i + 1]!);
      i += 2;
      continue;
    }
    if (s.startsWith('```', i)) {
      const end = s.indexOf('```', i + 3);
      if (end > i + 3) {
        let body = s.slice(i + 3, end);
        // A first line that is a single word is the language name, not code.
        const lang = /^[A-Za-z0-9_+#.-]+\n/.exec(body);
        if (lang) body = body.slice(lang[0].length);
        if (body.endsWith('\n')) body = body.slice(0, -1);
        if (body.length) entities.push({ type: 'pre', offset: base + outLength, length: body.length });
        emit(body);
        i = end + 3;
        continue;
      }
    }
    if (c === '`') {
      const ticks = s.startsWith('``', i) ? '``' : '`';
      const end = s.indexOf(ticks, i + ticks.length);
      if (end > i + ticks.length && !s.slice(i + ticks.length, end).includes('\n\n')) {
        const body = s.slice(i + ticks.length, end);
        entities.push({ type: 'code', offset: base + outLength, length: body.length });
        emit(body);
        i = end + ticks.length;
        continue;
      }
    }
    if (s.startsWith('***', i) && !isSpace(s[i + 3])) {
      const end = s.indexOf('***', i + 3);
      if (end > i + 3 && !s.slice(i + 3, end).includes('\n')) {
        const at = outLength;
        const inner: TextEntity[] = [];
        const text = parseInline(s.slice(i + 3, end), base + at, inner, false);
        // A span whose inside renders to nothing (an empty code block) styles nothing.
        if (text.length) entities.push({ type: 'bold', offset: base + at, length: text.length }, { type: 'italic', offset: base + at, length: text.length });
        entities.push(...inner);
        emit(text);
        i = end + 3;
        continue;
      }
    }
    let matched = false;
    for (const [d, style] of DELIMITERS) {
      if (!s.startsWith(d, i)) continue;
      if (d === '*' && isSpace(s[i + 1])) continue;
      if (d === '_' && isWordChar(s[i - 1])) continue;
      const end = closing(s, d, i + d.length, failures);
      if (end < 0) continue;
      const at = outLength;
      const inner: TextEntity[] = [];
      const text = parseInline(s.slice(i + d.length, end), base + at, inner, false);
      if (text.length) entities.push({ type: style, offset: base + at, length: text.length });
      entities.push(...inner);
      emit(text);
      i = end + d.length;
      matched = true;
      break;
    }
    if (matched) continue;
    emit(c);
    i++;
  }
  endQuote();
  return pieces.join('');
}

export function discordMarkdown(content: string): { text: string; entities: TextEntity[] } {
  const entities: TextEntity[] = [];
  const text = parseInline(content, 0, entities, true);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}
