/**
 * "Who is this": the one rule every writer uses to put a person's name on a message, and to tell
 * a system notice from a person's message (issue #22). Readers keep names on contacts and, where
 * the source printed only a name, inside the handle (`whatsapp:name:Minsu%20Kim`,
 * `telegram:name/…`, `kakaotalk:민지`); a target must show the name, never that handle.
 *
 * How names are SHOWN (bidi isolation, visible control characters) is the display code's
 * business (the HTML writer, the viewer); this file only decides WHICH name. Browser-safe.
 */
import type { ArchiveContent, Contact, Message } from '../../model/types.js';

/** `decodeURIComponent` that keeps a malformed escape as written instead of throwing. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const SERVICE_NAMES: Record<string, string> = {
  telegram: 'Telegram',
  discord: 'Discord',
  slack: 'Slack',
  messenger: 'Messenger',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  kakaotalk: 'KakaoTalk',
  line: 'LINE',
};

/**
 * The name a source printed, read back from a handle that carries it; for handles that carry
 * only an id (`telegram:user123`, `discord:user/9`) a label saying whose id it is, so a target
 * never shows a bare id or a percent-encoded string.
 */
export function printedName(handle: string): string {
  const colon = handle.indexOf(':');
  if (colon <= 0) return decoded(handle);
  const scheme = handle.slice(0, colon).toLowerCase();
  const rest = handle.slice(colon + 1);
  // Addresses people recognise: the address itself is their name here.
  if (scheme === 'mailto' || scheme === 'xmpp' || scheme === 'sip') return decoded(rest);
  if (scheme === 'tel') return decoded(rest);
  const service = SERVICE_NAMES[scheme] ?? scheme;
  const printed = /^name[:/](.*)$/s.exec(rest);
  if (printed) return decoded(printed[1]!) || `${service} user`;
  const id = /^(?:user|bot|channel|chat)\/?(.+)$/.exec(rest);
  if (id && (scheme in SERVICE_NAMES)) return `${service} ${rest.startsWith('bot') ? 'bot' : rest.startsWith('channel') ? 'channel' : 'user'} ${decoded(id[1]!)}`;
  // KakaoTalk and LINE handles are the printed name with "%" and spaces escaped.
  return decoded(rest) || handle;
}

export type NameOf = (handle: string) => string;

/** A display name by handle: the contact's name (by contact id or any of its handles), else the printed name. */
export function whoIs(content: Pick<ArchiveContent, 'contacts'>): NameOf {
  const byHandle = new Map<string, string>();
  for (const c of content.contacts) {
    const name = c.displayName.trim();
    if (!name) continue;
    if (!byHandle.has(c.id)) byHandle.set(c.id, name);
    for (const h of c.handles) if (!byHandle.has(h)) byHandle.set(h, name);
  }
  return (handle) => byHandle.get(handle) ?? printedName(handle);
}

/** The contact a handle belongs to (by contact id or handle), for targets that group a person's handles. */
export function contactOf(content: Pick<ArchiveContent, 'contacts'>): (handle: string) => Contact | undefined {
  const by = new Map<string, Contact>();
  for (const c of content.contacts) for (const h of [c.id, ...c.handles]) if (!by.has(h)) by.set(h, c);
  return (handle) => by.get(handle);
}

/**
 * A notice of the chat itself (a join, the encryption notice, a title change): written as the
 * target's own system line, never under a person's name. Readers give such notices the owner's
 * handle as sender because the schema wants one; that handle says nothing about who "wrote" it.
 */
export function isNotice(m: Pick<Message, 'kind'>): boolean {
  return m.kind === 'system';
}
