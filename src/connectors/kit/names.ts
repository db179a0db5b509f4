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
import { handleLabel, senderNames } from '../../model/display.js';

export type NameOf = (handle: string) => string;

/**
 * A display name by handle: the contact's name (by contact id or any of its handles), else the
 * name the handle carries. The same rule the extension's pages use (model/display.ts), so a
 * person has one name in the viewer and in every target.
 */
export function whoIs(content: Pick<ArchiveContent, 'contacts'>): NameOf {
  return senderNames(content.contacts);
}

/** The name a handle carries when no contact names it (`whatsapp:name:Minsu%20Kim` is "Minsu Kim"). */
export const printedName: NameOf = handleLabel;

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
