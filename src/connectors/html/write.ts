/**
 * Archive -> one self-contained HTML file that any browser opens offline: the conversation list,
 * every message with its sender and time, images inline as data: URIs, other files as downloads,
 * reactions, edits and replies, and a search box. Large archives are split into an index page and
 * one page per conversation.
 *
 * Safety: every piece of archive text is HTML-escaped, so a message holding markup or a script
 * shows as text. Names (senders, titles, file names, reactions) sit in <bdi> with their invisible
 * and direction-changing characters shown as code points (src/model/display.ts), so
 * "invoice_\u202Egnp.exe" cannot pass for "invoice_exe.png"; message texts sit in dir="auto". A strict Content-Security-Policy allows only the page's own inline style and
 * search script (by SHA-256 hash) and data: images; the script touches text only through
 * textContent. Pure and browser-safe: content in, files and a fidelity report out.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { offsetMinutes } from '../kit/wall-clock.js';
import type { ArchiveContent, Attachment, Conversation, Message } from '../../model/types.js';
import type { FileWriter, WriterResult } from '../contract.js';
import { DropTally, zoneParam, type WriteStamp } from '../kit/writing.js';
import { isNotice, whoIs } from '../kit/names.js';
import { revealInvisible } from '../../model/display.js';

export interface HtmlOptions extends WriteStamp {
  /** IANA zone for conversations whose source did not state one. */
  timeZone: string;
  /** Above this many bytes the output is split into index.html and one page per conversation. Default 64 MiB. */
  splitAboveBytes?: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/**
 * Text and attribute values alike. NUL cannot appear in an HTML page at all (the parser drops it
 * from text), so it is shown as U+2400 (␀) instead.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!).replace(/\u0000/g, '\u2400');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const cspHash = (text: string) => `'sha256-${base64(sha256(new TextEncoder().encode(text)))}'`;

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;display:flex;height:100vh;color:#1b1b1b;background:#fafafa}
nav{width:18rem;overflow:auto;border-right:1px solid #ddd;padding:.5rem;background:#fff}
nav a{display:block;padding:.3rem .4rem;color:inherit;text-decoration:none;border-radius:4px}
nav a:hover{background:#eef}
main{flex:1;overflow:auto;padding:0 1rem 2rem}
header.top{position:sticky;top:0;background:#fafafa;padding:.6rem 0;border-bottom:1px solid #ddd}
input[type=search]{width:min(30rem,90%);font:inherit;padding:.3rem .5rem}
section{margin-top:1.5rem}
article{margin:.4rem 0;padding:.4rem .6rem;background:#fff;border-radius:6px;box-shadow:0 1px 1px #0001}
article .meta{font-size:.8rem;color:#555}
article .who{font-weight:600;color:#234}
article .text{white-space:pre-wrap;overflow-wrap:anywhere}
article img{max-width:min(24rem,100%);display:block;margin-top:.3rem}
article .reactions,article .reply,article .missing{font-size:.85rem;color:#555}
.system .text{font-style:italic;color:#555}
[hidden]{display:none!important}
@media (max-width:600px){body{display:block;height:auto}nav{width:auto;max-height:40vh;border-right:0;border-bottom:1px solid #ddd}main{overflow:visible;padding:0 .6rem 2rem}article img{max-width:100%}}
@media print{body{display:block;height:auto;background:#fff;font-size:11pt}nav,header.top{display:none}main{overflow:visible;padding:0}article{box-shadow:none;border:1px solid #ccc;break-inside:avoid}section{break-before:page}section:first-of-type{break-before:auto}article[hidden],section[hidden]{display:block!important}details::details-content{content-visibility:visible;display:block}}
`;

/** Filters messages by their text content; touches the page only through textContent and hidden. */
const SCRIPT = `
const box = document.getElementById('search');
const status = document.getElementById('status');
box.addEventListener('input', () => {
  const q = box.value.trim().toLowerCase();
  let shown = 0;
  for (const section of document.querySelectorAll('section')) {
    let any = false;
    for (const a of section.querySelectorAll('article')) {
      const hit = !q || a.textContent.toLowerCase().includes(q);
      a.hidden = !hit;
      if (hit) { any = true; shown++; }
    }
    section.hidden = !any;
  }
  status.textContent = q ? shown + ' found' : '';
});
`;

function page(title: string, body: string, withSearch: boolean): string {
  const csp = `default-src 'none'; img-src data:; style-src ${cspHash(STYLE)}; script-src ${withSearch ? cspHash(SCRIPT) : "'none'"}; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="und">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(revealInvisible(title))}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
${withSearch ? `<script>${SCRIPT}</script>` : ''}
</body>
</html>
`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function wallTime(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const off = offsetMinutes(zone, ms);
  const d = new Date(ms + off * 60_000);
  const sign = off < 0 ? '-' : '+';
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** What kind of file is missing, in words a person reads ("photo"), and why, when the source said. */
function missingLine(a: Attachment): string {
  const t = a.mediaType;
  const kind = t === 'image/gif' ? 'GIF' : t.startsWith('image/') ? 'photo' : t.startsWith('video/') ? 'video' : t.startsWith('audio/') ? 'voice message or audio' : 'file';
  const why: Record<string, string> = { 'not-downloaded': 'it was not downloaded', 'too-large': 'it was too large to export', expired: 'it had expired' };
  const reason = a.notIncluded ? why[a.notIncluded.reason] : undefined;
  return `📎 ${kind}${a.fileName ? ` <bdi>${escapeHtml(revealInvisible(a.fileName))}</bdi>` : ''}, not in the export${reason ? ` (${reason})` : ''}`;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

export function toHtml(content: ArchiveContent, options: HtmlOptions): WriterResult {
  const counts = new DropTally();
  const note = (item: string, reason: string, n = 1) => counts.add(item, reason, n);
  const kept = { conversations: 0, messages: 0, images: 0, files: 0, reactions: 0, edits: 0 };
  // Senders under their display names, or what their handle says (whatsapp:name:Dmitry%20S is "Dmitry S").
  const nameOf = whoIs(content);
  /** A name as the page shows it: isolated, escaped, nothing hidden. */
  const name = (text: string) => `<bdi>${escapeHtml(revealInvisible(text))}</bdi>`;

  const zoneOf = (c: Conversation) => content.manifest.sources.find((s) => s.account === c.source)?.timeZone.zone ?? options.timeZone;
  const titleOf = (c: Conversation) => c.title.trim() || c.participants.filter((p) => p.role !== 'owner').map((p) => nameOf(p.handle)).join(', ') || '(untitled)';

  const attachmentHtml = (a: Attachment): string => {
    const bytes = a.sha256 && a.path ? content.attachments?.get(a.sha256) : undefined;
    const label = name(a.fileName ?? a.mediaType);
    // Attributes cannot hold <bdi>: there the hidden characters are shown, which also keeps a
    // saved file's name from reordering itself on the person's disk.
    const plainLabel = escapeHtml(revealInvisible(a.fileName ?? a.mediaType));
    if (!bytes) {
      note('message.attachments.notIncluded', 'files the archive has no bytes for are shown as a line saying what is missing');
      return `<div class="missing">${missingLine(a)}</div>`;
    }
    const type = MEDIA_TYPE.test(a.mediaType) ? a.mediaType : 'application/octet-stream';
    const uri = `data:${type};base64,${base64(bytes)}`;
    if (/^image\/(png|jpeg|gif|webp|avif|bmp)$/i.test(type)) {
      kept.images++;
      return `<img alt="${plainLabel}" src="${uri}">`;
    }
    kept.files++;
    return `<div><a download="${escapeHtml(revealInvisible(a.fileName ?? 'file'))}" href="${uri}">📎 ${label}</a></div>`;
  };

  const messageHtml = (m: Message, byId: Map<string, Message>, indexOf: Map<string, number>, zone: string, cIndex: number, mIndex: number): string => {
    kept.messages++;
    const parts: string[] = [];
    // A notice is the chat's own line: its time, never a person's name over it.
    parts.push(`<div class="meta">${isNotice(m) ? '' : `<span class="who">${name(nameOf(m.sender))}</span> `}<time datetime="${escapeHtml(m.timestamp)}">${escapeHtml(wallTime(m.timestamp, zone))}</time>${m.edits?.length ? ' (edited)' : ''}</div>`);
    if (m.replyTo) {
      const target = byId.get(m.replyTo);
      parts.push(target ? `<div class="reply">↪ <a href="#m${cIndex}-${indexOf.get(m.replyTo)}">${name(nameOf(target.sender))}: <bdi>${escapeHtml([...target.text].slice(0, 80).join(''))}</bdi></a></div>` : '<div class="reply">↪ answering a message not in the archive</div>');
    }
    if (m.forwardedFrom) parts.push(`<div class="reply">Forwarded${m.forwardedFrom.name ? ` from ${name(m.forwardedFrom.name)}` : ''}</div>`);
    let text = m.text;
    if (!text && m.location) text = `📍 ${m.location.name ?? ''} ${m.location.latitude}, ${m.location.longitude}`.replace('  ', ' ');
    if (!text && m.poll) text = `📊 ${m.poll.question}\n${m.poll.options.map((o) => `• ${o.text}${o.votes !== undefined ? ` (${o.votes})` : ''}`).join('\n')}`;
    if (!text && m.call) text = `📞 ${m.call.video ? 'video call' : 'call'}${m.call.outcome ? ` (${m.call.outcome})` : ''}${m.call.durationSeconds !== undefined ? `, ${m.call.durationSeconds} s` : ''}`;
    if (!text && m.contactCard) text = `👤 ${m.contactCard.displayName} ${m.contactCard.handles.join(', ')}`;
    if (!text && m.kind === 'deleted') text = '(deleted)';
    if (text.includes('\u0000')) note('message.text.nul', 'NUL characters are shown as ␀ (U+2400): HTML cannot hold NUL');
    if (m.entities?.length) note('message.entities', 'formatting (bold, links, mentions) is shown as plain text');
    parts.push(`<div class="text" dir="auto">${escapeHtml(text)}</div>`);
    for (const a of m.attachments ?? []) parts.push(attachmentHtml(a));
    if (m.edits?.length) {
      kept.edits += m.edits.length;
      parts.push(`<details><summary>earlier versions</summary>${m.edits.map((e) => `<div class="meta">${escapeHtml(wallTime(e.timestamp, zone))}</div><div class="text" dir="auto">${escapeHtml(e.text)}</div>`).join('')}</details>`);
    }
    if (m.reactions?.length) {
      kept.reactions += m.reactions.length;
      parts.push(`<div class="reactions">${m.reactions.map((r) => `${name(r.emoji)} ${name(nameOf(r.sender))}`).join(' · ')}</div>`);
    }
    return `<article id="m${cIndex}-${mIndex}" class="${isNotice(m) ? 'system' : 'msg'}">${parts.join('')}</article>`;
  };

  const sections: { conversation: Conversation; html: string }[] = content.conversations.map((c, ci) => {
    const messages = content.messages.get(c.id) ?? [];
    const byId = new Map(messages.map((m) => [m.id, m]));
    const indexOf = new Map(messages.map((m, i) => [m.id, i]));
    const zone = zoneOf(c);
    kept.conversations++;
    const body = messages.map((m, mi) => messageHtml(m, byId, indexOf, zone, ci, mi)).join('\n');
    return { conversation: c, html: `<section id="c${ci}"><h2 dir="auto">${name(titleOf(c))}</h2><p class="meta">${messages.length} messages · times in ${name(zone)}</p>\n${body}</section>` };
  });

  const heading = `Ferry archive · ${escapeHtml(content.manifest.createdAt.slice(0, 10))}`;
  const searchBar = `<header class="top"><input id="search" type="search" placeholder="Search messages" aria-label="Search messages"> <span id="status" role="status"></span></header>`;
  const nav = (href: (i: number) => string) =>
    `<nav aria-label="Conversations"><h1>${heading}</h1>${sections.map((s, i) => `<a href="${href(i)}">${name(titleOf(s.conversation))} <small>(${(content.messages.get(s.conversation.id) ?? []).length})</small></a>`).join('')}</nav>`;

  const files: WriterResult['files'] = [];
  const limit = options.splitAboveBytes ?? 64 * 1024 * 1024;
  // Decide before joining: one string of several hundred MB would hit V8's string length limit.
  // UTF-16 length is at most the UTF-8 byte count, so this estimate errs towards one page.
  const estimate = sections.reduce((sum, s) => sum + s.html.length, 0);
  const single = estimate <= limit ? new TextEncoder().encode(page(`Ferry archive`, `${nav((i) => `#c${i}`)}<main>${searchBar}${sections.map((s) => s.html).join('\n')}</main>`, true)) : undefined;
  if (single && single.length <= limit) {
    files.push({ name: 'archive.html', bytes: single });
  } else {
    // Links between pages are plain relative links: they work from a folder on disk.
    const fileOf = (i: number) => `conversation-${pad(i + 1, 4)}.html`;
    files.push({ name: 'index.html', bytes: new TextEncoder().encode(page('Ferry archive', `${nav(fileOf)}<main><p>Pick a conversation. Search works inside each conversation's page.</p></main>`, false)) });
    // Each page links back to the index rather than repeating the whole list: with thousands of
    // conversations, a list on every page would grow the output with the square of their number.
    const back = `<nav aria-label="Conversations"><h1>${heading}</h1><a href="index.html">← all conversations</a></nav>`;
    sections.forEach((s, i) => files.push({ name: fileOf(i), bytes: new TextEncoder().encode(page(titleOf(s.conversation), `${back}<main>${searchBar}${s.html}</main>`, true)) }));
    note('archive.search', 'the archive is split into one page per conversation; search finds messages in the open page only');
  }
  return {
    target: 'html',
    files,
    single: false,
    plaintext: true,
    kept,
    fidelity: counts.notes(options.account ?? 'html', options.at),
    notes: [{ kind: 'html-zone', zone: options.timeZone }],
  };
}

export const htmlWriter: FileWriter = {
  id: 'html',
  describe: 'a self-contained HTML page with search that opens offline in any browser; -o DIR, --tz ZONE',
  needs: { timeZone: true },
  write: (content, params) => toHtml(content, { timeZone: zoneParam(params), ...(params.at ? { at: params.at } : {}) }),
};
