/**
 * Message text is Slack "mrkdwn" (https://api.slack.com/reference/surfaces/formatting): `<@U123>`
 * mentions, `<url|label>` links and `&amp;`-style escapes are turned into plain text with mention
 * and link entities, and `*bold*`, `_italic_`, `~strike~`, code and quotes into entities.
 *
 * Linear in the text (issue 18: one 50 MB message took 28.6 s and 2.9 GB when the text was built
 * a character at a time and every unclosed `*` rescanned its line): plain runs are copied as
 * slices, a span is a range of the one string rather than a copy, and a search that found nothing
 * is not repeated for a later start it cannot answer differently.
 */
import type { TextEntity } from '../../model/types.js';
import { slackHandleOf } from './read-ids.js';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const STYLES: Record<string, TextEntity['type']> = { '*': 'bold', _: 'italic', '~': 'strikethrough' };
const PUNCT_OR_SPACE = /[\s.,;:!?'"()[\]{}<>/-]/;
const boundary = (c: string | undefined) => c === undefined || PUNCT_OR_SPACE.test(c);
const SPACE = /\s/;
/** Characters the loop must stop at; everything between them is copied as one slice. */
const SPECIAL = /[\n<&`*_~]/g;
/**
 * Styles nest at most this deep; a marker deeper than that is text. Real messages nest two or
 * three; the cap keeps "****…a****…" (each level a pass over its span) linear.
 */
const MAX_STYLE_DEPTH = 16;

/** A `<...>` token: at most 4096 characters in all, with no line break or angle bracket inside. */
const TOKEN = /<[^<>\n]{1,4094}>/y;

type NameOf = (userId: string) => string | undefined;

/**
 * mrkdwn to plain text with entities (https://api.slack.com/reference/surfaces/formatting):
 * `<@U…>` mentions, `<url|label>` links, `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * ```` ```pre``` ````, `&gt; ` quote lines and `&amp;`-style escapes. Markers that do not pair up
 * at word boundaries stay as text. Offsets are UTF-16 code units of the result.
 */
export function slackText(raw: string, nameOf: NameOf): { text: string; entities: TextEntity[]; mentions: string[] } {
  const entities: TextEntity[] = [];
  const mentions: string[] = [];
  const text = new Span(raw, 0, raw.length, 0, entities, mentions, nameOf).read(0);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities, mentions };
}

/**
 * One range [start, end) of the raw text read as mrkdwn: the whole message (depth 0, where quote
 * lines count), or the inside of a style span. Outside its range the text does not exist for it:
 * a span's first character has no character before it, its last none after (as if it were cut out).
 */
class Span {
  /** Memos of searches whose answer holds for every later start (see `next` and `closing`). */
  private readonly found = new Map<string, { from: number; at: number }>();
  private readonly noCloser = new Map<string, { from: number; until: number }>();

  constructor(
    private readonly raw: string,
    private readonly start: number,
    private readonly end: number,
    private readonly base: number,
    private readonly entities: TextEntity[],
    private readonly mentions: string[],
    private readonly nameOf: NameOf,
  ) {}

  private at(k: number): string | undefined {
    return k >= this.start && k < this.end ? this.raw[k] : undefined;
  }

  /** The first `needle` at or after `from` that lies wholly in the range, or -1. Later starts reuse the answer while it holds. */
  private next(needle: string, from: number): number {
    const memo = this.found.get(needle);
    let at: number;
    if (memo && from >= memo.from && (memo.at < 0 || from <= memo.at)) at = memo.at;
    else {
      at = this.raw.indexOf(needle, from);
      this.found.set(needle, { from, at });
    }
    return at >= 0 && at + needle.length <= this.end ? at : -1;
  }

  /** End of the `<...>` token starting at `i` (inside the range), or -1. */
  private tokenEnd(i: number): number {
    TOKEN.lastIndex = i;
    return TOKEN.test(this.raw) && TOKEN.lastIndex <= this.end ? TOKEN.lastIndex : -1;
  }

  /**
   * The closing marker of a span opened at `from - 1`: on the same line, after a non-space,
   * followed by a boundary, skipping tokens; -1 when there is none. A scan that found none up to
   * the line's end answers every later start before that end too (the loop never stands inside a
   * token outside a code span, which clears the memo, so a later scan sees a subset of what this
   * one saw).
   */
  private closing(marker: string, from: number): number {
    const memo = this.noCloser.get(marker);
    if (memo && from > memo.from && from < memo.until) return -1;
    const raw = this.raw;
    for (let j = from; j < this.end; j++) {
      const c = raw[j];
      if (c === '\n') {
        this.noCloser.set(marker, { from, until: j });
        return -1;
      }
      if (c === '<') {
        const end = this.tokenEnd(j);
        if (end > 0) j = end - 1;
        continue;
      }
      if (c === marker && j > from && !SPACE.test(raw[j - 1]!) && boundary(this.at(j + 1))) return j;
    }
    this.noCloser.set(marker, { from, until: this.end });
    return -1;
  }

  /** The range as plain text; entities are added with offsets from `base`. */
  read(depth: number): string {
    const { raw, entities, mentions, nameOf } = this;
    const top = depth === 0;
    const parts: string[] = [];
    // Text is the parts, then raw[run, i): characters copied as they are wait in the run, so a
    // stretch of ordinary text (and markers that stay text) is one slice, not a string per character.
    let flushed = 0;
    let run = this.start;
    let i = this.start;
    const length = () => flushed + (i - run);
    /** Ends the run at `i` and adds `piece` (text that is not a copy of raw). */
    const put = (piece: string) => {
      if (i > run) parts.push(raw.slice(run, i));
      flushed += i - run;
      run = i;
      if (piece.length) parts.push(piece);
      flushed += piece.length;
    };
    /** Moves past raw[i, to) without copying it; the run starts again there. */
    const skipTo = (to: number) => {
      i = to;
      run = to;
    };
    let quoteStart = -1;
    let lastQuote: TextEntity | undefined;
    const endQuote = () => {
      if (quoteStart < 0) return;
      const now = length();
      if (lastQuote && lastQuote.offset + lastQuote.length + 1 === this.base + quoteStart) lastQuote.length = this.base + now - lastQuote.offset;
      else if (now > quoteStart) {
        lastQuote = { type: 'quote', offset: this.base + quoteStart, length: now - quoteStart };
        entities.push(lastQuote);
      }
      quoteStart = -1;
    };
    while (i < this.end) {
      if (top && (i === this.start || raw[i - 1] === '\n') && (raw.startsWith('&gt; ', i) || raw.startsWith('> ', i))) {
        put('');
        quoteStart = length();
        skipTo(i + (raw.startsWith('&gt; ', i) ? 5 : 2));
        continue;
      }
      // Past the ordinary characters, to the next one that may mean something.
      SPECIAL.lastIndex = i;
      const stop = SPECIAL.test(raw) ? SPECIAL.lastIndex - 1 : this.end;
      if (stop > i) {
        i = Math.min(stop, this.end);
        continue;
      }
      const c = raw[i]!;
      if (c === '\n') {
        endQuote();
        i++;
        continue;
      }
      if (c === '<') {
        const end = this.tokenEnd(i);
        if (end > 0) {
          const [target, label] = raw.slice(i + 1, end - 1).split('|', 2) as [string, string | undefined];
          const offset = this.base + length();
          let shown: string;
          if (target.startsWith('@U') || target.startsWith('@W')) {
            const id = target.slice(1);
            shown = `@${label ?? nameOf(id) ?? id}`;
            const handle = slackHandleOf(id);
            entities.push({ type: 'mention', offset, length: shown.length, handle });
            mentions.push(handle);
          } else if (target.startsWith('#C') || target.startsWith('#G')) {
            shown = `#${label ?? target.slice(1)}`;
          } else if (target.startsWith('!')) {
            // <!here>, <!channel>, <!subteam^ID|@team>, <!date^...|fallback>
            shown = label ? unescape(label) : `@${target.slice(1).split('^')[0]}`;
          } else {
            const url = unescape(target);
            shown = label ? unescape(label) : url.replace(/^mailto:/, '');
            if (shown.length) entities.push({ type: 'link', offset, length: shown.length, url });
          }
          put(shown);
          skipTo(end);
          continue;
        }
      }
      if (c === '&') {
        const m = /^&(amp|lt|gt);/.exec(raw.slice(i, Math.min(i + 5, this.end)));
        if (m) {
          put(m[1] === 'amp' ? '&' : m[1] === 'lt' ? '<' : '>');
          skipTo(i + m[0].length);
          continue;
        }
      }
      if (raw.startsWith('```', i) && i + 3 <= this.end) {
        const end = this.next('```', i + 3);
        if (end > i + 3) {
          let body = unescape(raw.slice(i + 3, end));
          if (body.startsWith('\n')) body = body.slice(1);
          if (body.endsWith('\n')) body = body.slice(0, -1);
          if (body.length) entities.push({ type: 'pre', offset: this.base + length(), length: body.length });
          put(body);
          skipTo(end + 3);
          // A code span may end inside a token; what the closer memo assumed of the loop no longer holds.
          this.noCloser.clear();
          continue;
        }
      }
      if (c === '`') {
        const end = this.next('`', i + 1);
        if (end > i + 1) {
          const newline = this.next('\n', i + 1);
          if (newline < 0 || newline > end) {
            const body = unescape(raw.slice(i + 1, end));
            entities.push({ type: 'code', offset: this.base + length(), length: body.length });
            put(body);
            skipTo(end + 1);
            this.noCloser.clear();
            continue;
          }
        }
      }
      const style = STYLES[c];
      if (style && depth < MAX_STYLE_DEPTH && boundary(this.at(i - 1)) && this.at(i + 1) !== undefined && !SPACE.test(raw[i + 1]!)) {
        const end = this.closing(c, i + 1);
        if (end > 0) {
          const at = length();
          const inner = new Span(raw, i + 1, end, this.base + at, entities, mentions, nameOf).read(depth + 1);
          if (inner.length) entities.push({ type: style, offset: this.base + at, length: inner.length });
          put(inner);
          skipTo(end + 1);
          continue;
        }
      }
      // Not markup after all: the character stays, as part of the run.
      i++;
    }
    endQuote();
    put('');
    return parts.length === 1 ? parts[0]! : parts.join('');
  }
}
