/**
 * Message text is Slack "mrkdwn" (https://api.slack.com/reference/surfaces/formatting): `<@U123>`
 * mentions, `<url|label>` links and `&amp;`-style escapes are turned into plain text with mention
 * and link entities, and `*bold*`, `_italic_`, `~strike~`, code and quotes into entities.
 */
import type { TextEntity } from '../../model/types.js';
import { slackHandleOf } from './read-ids.js';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const STYLES: Record<string, TextEntity['type']> = { '*': 'bold', _: 'italic', '~': 'strikethrough' };
const PUNCT_OR_SPACE = /[\s.,;:!?'"()[\]{}<>/-]/;
const boundary = (c: string | undefined) => c === undefined || PUNCT_OR_SPACE.test(c);

/** End of the `<...>` token starting at `i`, or -1. */
function tokenEnd(raw: string, i: number): number {
  const m = /^<([^<>\n]+)>/.exec(raw.slice(i, i + 4096));
  return m ? i + m[0].length : -1;
}

/** The closing marker of a span opened at `from`: on the same line, followed by a boundary, skipping tokens. */
function closingMarker(raw: string, marker: string, from: number): number {
  for (let j = from; j < raw.length; j++) {
    const c = raw[j];
    if (c === '\n') return -1;
    if (c === '<') {
      const end = tokenEnd(raw, j);
      if (end > 0) j = end - 1;
      continue;
    }
    if (c === marker && j > from && !/\s/.test(raw[j - 1]!) && boundary(raw[j + 1])) return j;
  }
  return -1;
}

/**
 * mrkdwn to plain text with entities (https://api.slack.com/reference/surfaces/formatting):
 * `<@U…>` mentions, `<url|label>` links, `*bold*`, `_italic_`, `~strike~`, `` `code` ``,
 * ```` ```pre``` ````, `&gt; ` quote lines and `&amp;`-style escapes. Markers that do not pair up
 * at word boundaries stay as text. Offsets are UTF-16 code units of the result.
 */
export function slackText(raw: string, nameOf: (userId: string) => string | undefined): { text: string; entities: TextEntity[]; mentions: string[] } {
  const entities: TextEntity[] = [];
  const mentions: string[] = [];
  const text = mrkdwn(raw, 0, true, entities, mentions, nameOf);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities, mentions };
}

function mrkdwn(raw: string, base: number, top: boolean, entities: TextEntity[], mentions: string[], nameOf: (userId: string) => string | undefined): string {
  let text = '';
  let quoteStart = -1;
  const endQuote = () => {
    if (quoteStart < 0) return;
    let last: TextEntity | undefined;
    for (let k = entities.length - 1; k >= 0 && !last; k--) if (entities[k]!.type === 'quote') last = entities[k];
    if (last && last.type === 'quote' && last.offset + last.length + 1 === base + quoteStart) last.length = base + text.length - last.offset;
    else if (text.length > quoteStart) entities.push({ type: 'quote', offset: base + quoteStart, length: text.length - quoteStart });
    quoteStart = -1;
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (top && (i === 0 || raw[i - 1] === '\n') && (raw.startsWith('&gt; ', i) || raw.startsWith('> ', i))) {
      quoteStart = text.length;
      i += raw.startsWith('&gt; ', i) ? 5 : 2;
      continue;
    }
    if (c === '\n') {
      endQuote();
      text += c;
      i++;
      continue;
    }
    if (c === '<') {
      const end = tokenEnd(raw, i);
      if (end > 0) {
        const [target, label] = raw.slice(i + 1, end - 1).split('|', 2) as [string, string | undefined];
        const offset = base + text.length;
        if (target.startsWith('@U') || target.startsWith('@W')) {
          const id = target.slice(1);
          const shown = `@${label ?? nameOf(id) ?? id}`;
          text += shown;
          const handle = slackHandleOf(id);
          entities.push({ type: 'mention', offset, length: shown.length, handle });
          mentions.push(handle);
        } else if (target.startsWith('#C') || target.startsWith('#G')) {
          text += `#${label ?? target.slice(1)}`;
        } else if (target.startsWith('!')) {
          // <!here>, <!channel>, <!subteam^ID|@team>, <!date^...|fallback>
          text += label ? unescape(label) : `@${target.slice(1).split('^')[0]}`;
        } else {
          const url = unescape(target);
          const shown = label ? unescape(label) : url.replace(/^mailto:/, '');
          text += shown;
          if (shown.length) entities.push({ type: 'link', offset, length: shown.length, url });
        }
        i = end;
        continue;
      }
    }
    if (c === '&') {
      const m = /^&(amp|lt|gt);/.exec(raw.slice(i, i + 5));
      if (m) {
        text += m[1] === 'amp' ? '&' : m[1] === 'lt' ? '<' : '>';
        i += m[0].length;
        continue;
      }
    }
    if (raw.startsWith('```', i)) {
      const end = raw.indexOf('```', i + 3);
      if (end > i + 3) {
        let body = unescape(raw.slice(i + 3, end));
        if (body.startsWith('\n')) body = body.slice(1);
        if (body.endsWith('\n')) body = body.slice(0, -1);
        if (body.length) entities.push({ type: 'pre', offset: base + text.length, length: body.length });
        text += body;
        i = end + 3;
        continue;
      }
    }
    if (c === '`') {
      const end = raw.indexOf('`', i + 1);
      if (end > i + 1 && !raw.slice(i + 1, end).includes('\n')) {
        const body = unescape(raw.slice(i + 1, end));
        entities.push({ type: 'code', offset: base + text.length, length: body.length });
        text += body;
        i = end + 1;
        continue;
      }
    }
    const style = STYLES[c];
    if (style && boundary(raw[i - 1]) && raw[i + 1] !== undefined && !/\s/.test(raw[i + 1]!)) {
      const end = closingMarker(raw, c, i + 1);
      if (end > 0) {
        const at = text.length;
        const inner = mrkdwn(raw.slice(i + 1, end), base + at, false, entities, mentions, nameOf);
        if (inner.length) entities.push({ type: style, offset: base + at, length: inner.length });
        text += inner;
        i = end + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  endQuote();
  return text;
}
