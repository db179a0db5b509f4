/** Who wrote a message: "Name: text" split, handles for names and phone numbers, the chat's name. */
import type { Conversation, Participant } from '../../model/types.js';
import type { Header } from './read-headers.js';
import type { State } from './read-messages.js';
import { classifyBody, type Classified } from './read-placeholders.js';

/**
 * The chat's name, from WhatsApp's own file names: "WhatsApp Chat with Kim.txt", "WhatsApp Chat -
 * Kim.zip", and the translations phones write ("Chat de WhatsApp con Kim.txt", "Чат WhatsApp с
 * Kim.txt", "Discussion WhatsApp avec Kim.txt", ...).
 */
const CHAT_NAME = /^(?:WhatsApp[ -]Chat (?:with|mit|met|com|con|avec|-)|Chat de WhatsApp con|Chat WhatsApp con|Conversa (?:do|no) WhatsApp com|Discussion WhatsApp avec|Чат WhatsApp с|Чат WhatsApp з|Chat WhatsApp s uživatelem|Czat WhatsApp z|WhatsApp Sohbeti:?|WhatsApp-chat met) (.+?)(?: \(\d+\))?(?:\.txt|\.zip)?$/i;

export function chatNameFrom(fileName: string): string | undefined {
  const parts = fileName.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = CHAT_NAME.exec(parts[i]!);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

/** A person's handle: a phone number as tel:, anything else as the name WhatsApp printed. */
export function handleOf(name: string): string {
  const compact = name.replace(/[\s\u00a0\u202a-\u202e\u200e\u200f()-]/g, '');
  if (/^\+\d{6,15}$/.test(compact)) return `tel:${compact}`;
  return `whatsapp:name:${encodeURIComponent(name)}`;
}


/** What the body of one message says; `senderName` undefined for WhatsApp's own notices. */
export interface Body {
  senderName: string | undefined;
  classified: Classified;
}

const EDGE_MARKS = /^[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]+|[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]+$/g;

/**
 * The author before ": ", or undefined when the line has none (a notice). WhatsApp prints names
 * trimmed and never puts a space before that colon, so "Marie a créé le groupe « Famille : été »"
 * (French spacing) names nobody, and nor does text with an opening quote left unclosed ("… the
 * subject to "Re: x"").
 */
function authorOf(body: string, colon: number): string | undefined {
  if (colon <= 0) return undefined;
  const before = body.charCodeAt(colon - 1);
  if (before === 0x20 || before === 0xa0 || before === 0x202f || before === 0x09) return undefined;
  const name = body.slice(0, colon);
  if (!balancedQuotes(name)) return undefined;
  const clean = isMark(name.charCodeAt(0)) || isMark(name.charCodeAt(name.length - 1)) ? name.replace(EDGE_MARKS, '') : name;
  return clean.length > 0 ? clean : undefined;
}

function isMark(code: number): boolean {
  return code === 0x200e || code === 0x200f || code === 0x061c || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069) || code === 0xfeff;
}

function balancedQuotes(name: string): boolean {
  if (name.indexOf('"') >= 0 && (name.split('"').length - 1) % 2 === 1) return false;
  const pairs: [string, string][] = [['«', '»'], ['“', '”'], ['„', '“'], ['「', '」'], ['『', '』'], ['‘', '’']];
  for (const [open, close] of pairs) {
    const o = name.indexOf(open);
    if (o >= 0 && name.indexOf(close, o + 1) < 0 && !(open === '„' && name.indexOf('”', o + 1) >= 0)) return false;
  }
  return true;
}

export function readBody(state: State, h: Header, end: number): Body {
  let body = state.decoder.decode(state.bytes.subarray(h.bodyStart, end));
  if (body.indexOf('\r') >= 0) body = body.replace(/\r+\n/g, '\n');
  // "Name: text"; a line with no author is a notice from WhatsApp itself.
  const colon = body.indexOf(': ');
  const newline = body.indexOf('\n');
  if (colon > 0 && (newline < 0 || colon < newline)) {
    // The same few names repeat a million times: each is judged once.
    const printed = body.slice(0, colon);
    let senderName = state.authors.get(printed);
    if (senderName === undefined) {
      senderName = authorOf(body, colon) ?? null;
      if (state.authors.size < 100_000) state.authors.set(printed, senderName);
    }
    if (senderName !== null) return { senderName, classified: classifyBody(body.slice(colon + 2), false, state.namedNotices) };
  }
  return { senderName: undefined, classified: classifyBody(body, true, state.namedNotices) };
}

/** Handles by sender name: the same few names repeat a million times. */
export function senderHandle(state: State, body: Body): string {
  const name = body.senderName;
  if (body.classified.kind === 'system' || name === undefined || name === state.meName) return state.account;
  let handle = state.handles.get(name);
  if (handle === undefined) {
    handle = handleOf(name);
    if (state.handles.size < 100_000) state.handles.set(name, handle);
  }
  return handle;
}

/**
 * Who is who, and the conversation: `--me` names the exporting user; else a direct chat whose
 * file is named after the other person makes the other sender "me"; else nobody is (and the
 * caller warns). Sets state.meName and state.account.
 */
export function conversationOf(state: State, chatName: string | undefined, senders: ReadonlyMap<string, number>, groupEvents: number, me: string | undefined): { conversation: Conversation; meKnown: boolean } {
  state.meName = me;
  state.account = me ? handleOf(me) : 'whatsapp:me';
  let meKnown = me !== undefined;
  if (!me && chatName && senders.size === 2 && senders.has(chatName)) {
    state.meName = [...senders.keys()].find((n) => n !== chatName)!;
    state.account = handleOf(state.meName);
    meKnown = true;
  }
  const isGroup = senders.size > 2 || groupEvents > 0;
  const participants: Participant[] = [...senders.keys()].map((name) => ({ handle: name === state.meName ? state.account : handleOf(name), role: 'member' as const }));
  if (!participants.some((p) => p.handle === state.account) && state.account !== 'whatsapp:me') participants.unshift({ handle: state.account, role: 'owner' });
  for (const p of participants) if (p.handle === state.account && !isGroup) p.role = 'owner';
  const conversation: Conversation = {
    id: state.conversationId,
    kind: isGroup ? 'group' : 'direct',
    title: chatName ?? (isGroup ? 'WhatsApp group' : `WhatsApp chat with ${[...senders.keys()].filter((n) => n !== state.meName).join(', ') || 'unknown'}`),
    participants,
    source: state.account,
  };
  return { conversation, meKnown };
}
