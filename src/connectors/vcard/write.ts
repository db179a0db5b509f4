/**
 * The friend list as vCard 4.0 (RFC 6350), for a phone or an address book
 * (`ferry export-format vcard`).
 */
import type { Contact, LabelledValue } from '../../model/types.js';
import type { FileWriter, WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';
import { base64, escapeText, fold, telHandle } from './cards.js';

/**
 * vCard 4.0 for each contact, CRLF line ends, UTF-8, as the one file `contacts.vcf`.
 * `attachments` supplies avatar bytes when the archive has them; what has no place in vCard 4.0
 * is counted in the fidelity notes.
 */
export function contactsToVCard(contacts: Contact[], attachments: Map<string, Uint8Array> = new Map(), stamp: WriteStamp = {}): WriterResult {
  const lines: string[] = [];
  let favourites = 0;
  let blocked = 0;
  let missingAvatars = 0;
  for (const c of contacts) {
    const card = ['BEGIN:VCARD', 'VERSION:4.0', `UID:${escapeText(c.id)}`, `FN:${escapeText(c.displayName || c.handles[0] || '')}`];
    const n = c.name;
    if (n) {
      card.push(`N:${[n.family, n.given, n.additional, n.prefix, n.suffix].map((v) => escapeText(v ?? '')).join(';')}`);
      // Apple's and Google's spelling of the reading; RFC 6350 has none of its own for N's parts.
      if (n.phoneticGiven) card.push(`X-PHONETIC-FIRST-NAME:${escapeText(n.phoneticGiven)}`);
      if (n.phoneticFamily) card.push(`X-PHONETIC-LAST-NAME:${escapeText(n.phoneticFamily)}`);
    }
    let item = 0;
    const labelled = (prop: string, v: LabelledValue) => {
      const types = v.types.filter((t) => t !== 'pref');
      const params = `${types.length ? `;TYPE=${types.join(',')}` : ''}${v.types.includes('pref') ? ';PREF=1' : ''}`;
      if (v.label) {
        item++;
        card.push(`item${item}.${prop}${params}:${escapeText(v.value)}`, `item${item}.X-ABLabel:${escapeText(v.label)}`);
      } else card.push(`${prop}${params}:${escapeText(v.value)}`);
    };
    for (const p of c.phones ?? []) labelled('TEL', p);
    for (const e of c.emails ?? []) labelled('EMAIL', e);
    const derived = new Set([...(c.phones ?? []).map((p) => telHandle(p.value)), ...(c.emails ?? []).map((e) => `mailto:${e.value}`)]);
    for (const h of c.handles) {
      if (derived.has(h)) continue;
      if (h.startsWith('tel:')) card.push(`TEL;VALUE=uri:${h}`);
      else if (h.startsWith('mailto:')) card.push(`EMAIL:${escapeText(h.slice(7))}`);
      else card.push(`IMPP:${h}`);
    }
    if (c.groups.length) card.push(`CATEGORIES:${c.groups.map(escapeText).join(',')}`);
    if (c.notes !== undefined) card.push(`NOTE:${escapeText(c.notes)}`);
    if (c.avatar) {
      const bytes = c.avatar.sha256 ? attachments.get(c.avatar.sha256) : undefined;
      if (bytes) card.push(`PHOTO:data:${c.avatar.mediaType};base64,${base64(bytes)}`);
      else missingAvatars++;
    }
    if (c.favourite) favourites++;
    if (c.blocked) blocked++;
    card.push('END:VCARD');
    lines.push(...card.map(fold));
  }
  const dropped = new DropTally();
  dropped.add('contact.favourite', 'vCard has no standard property for favourites.', favourites);
  dropped.add('contact.blocked', 'vCard has no property for blocked contacts.', blocked);
  dropped.add('contact.avatar', 'the picture is not in the archive.', missingAvatars);
  const text = lines.length ? lines.join('\r\n') + '\r\n' : '';
  return {
    target: 'vcard',
    files: [{ name: 'contacts.vcf', bytes: new TextEncoder().encode(text) }],
    single: true,
    plaintext: true,
    kept: { contacts: contacts.length },
    fidelity: dropped.notes(stamp.account ?? 'vcard', stamp.at),
    notes: [],
  };
}

export const vcardWriter: FileWriter = {
  id: 'vcard',
  describe: 'vCard 4.0 of the friend list, for a phone or an address book',
  needs: {},
  write: (content, params) => contactsToVCard(content.contacts, content.attachments, params.at ? { at: params.at } : {}),
};
