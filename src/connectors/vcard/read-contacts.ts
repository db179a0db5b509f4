/**
 * vCard properties into Ferry contacts: names (with readings), phones and e-mails with their
 * kinds and labels, addresses for chat (IMPP), groups, notes and photos; what the contact model
 * has no place for is counted per property. The file reader (read.ts) and the tests use it.
 */
import { sha256Hex } from '../../model/ids.js';
import type { Attachment, Contact, LabelledValue, StructuredName } from '../../model/types.js';
import { mediaTypeOfExtension } from '../kit/media-types.js';
import { splitEscaped, telHandle, unescapeText, type VCard, type VCardProperty } from './cards.js';
import { decodeBase64, parseVCards } from './read-cards.js';

export interface ContactsFromVCard {
  contacts: Contact[];
  /** Avatar bytes of the contacts, by SHA-256, for the archive's attachments/. */
  attachments: Map<string, Uint8Array>;
  /** Per property name, how many values Ferry's contact model has no place for (ADR, ORG, BDAY, ...). */
  dropped: Map<string, number>;
}

/** Lower-case kinds, without vCard 2.1's encoding words and Apple's "pref"-as-type duplicates. */
function typesOf(property: VCardProperty): string[] {
  // The schema's type tokens are lower-case words; a damaged parameter (a NUL, a stray quote) is left out, not kept broken.
  const types = (property.params.get('TYPE') ?? [])
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== 'internet' && t !== 'x400' && /^[a-z0-9][a-z0-9._-]*$/.test(t));
  if (property.params.has('PREF') && !types.includes('pref')) types.push('pref');
  return [...new Set(types)];
}

const KEPT = new Set(['FN', 'N', 'TEL', 'EMAIL', 'IMPP', 'X-JABBER', 'CATEGORIES', 'NOTE', 'PHOTO', 'UID', 'X-PHONETIC-FIRST-NAME', 'X-PHONETIC-LAST-NAME', 'SOUND', 'X-ABLABEL', 'PRODID', 'REV']);

/** Ferry contacts from a .vcf file. Ids: the card's UID when it has one, otherwise derived from its content. */
export function contactsFromVCard(file: Uint8Array): ContactsFromVCard {
  const attachments = new Map<string, Uint8Array>();
  const dropped = new Map<string, number>();
  const contacts: Contact[] = [];
  const usedIds = new Map<string, number>();
  // A card nested in another's AGENT is a contact of its own; the outer card's notes name it, so the tie is not lost.
  const contactOf = new Map<VCard, Contact>();
  for (const card of parseVCards(file)) {
    const labels = new Map<string, string>();
    for (const p of card.properties) if (p.name === 'X-ABLABEL' && p.group) labels.set(p.group, unescapeText(p.raw).replace(/^_\$!<(.*)>!\$_$/, '$1'));
    const handles: string[] = [];
    const phones: LabelledValue[] = [];
    const emails: LabelledValue[] = [];
    const groups: string[] = [];
    const name: StructuredName = {};
    let displayName = '';
    let notes: string | undefined;
    let uid: string | undefined;
    let avatar: Attachment | undefined;
    const labelled = (p: VCardProperty, value: string): LabelledValue => {
      const label = p.group ? labels.get(p.group) : undefined;
      return { value, types: typesOf(p), ...(label ? { label } : {}) };
    };
    for (const p of card.properties) {
      switch (p.name) {
        case 'FN':
          displayName = unescapeText(p.raw);
          break;
        case 'N': {
          const [family, given, additional, prefix, suffix] = splitEscaped(p.raw, ';');
          const parts = { family, given, additional, prefix, suffix };
          for (const [k, v] of Object.entries(parts)) if (v) name[k as keyof StructuredName] = v;
          const sortAs = p.params.get('SORT-AS')?.join(',');
          if (sortAs) {
            const [pf, pg] = splitEscaped(sortAs, ';');
            if (pf) name.phoneticFamily = pf;
            if (pg) name.phoneticGiven = pg;
          }
          break;
        }
        case 'SOUND':
          // AOSP and Japanese phones keep the name's reading as SOUND;X-IRMC-N:family;given.
          if (p.params.get('TYPE')?.some((t) => t.toUpperCase() === 'X-IRMC-N')) {
            const [pf, pg] = splitEscaped(p.raw, ';');
            if (pf) name.phoneticFamily = pf;
            if (pg) name.phoneticGiven = pg;
          } else dropped.set('SOUND', (dropped.get('SOUND') ?? 0) + 1);
          break;
        case 'X-PHONETIC-FIRST-NAME':
          name.phoneticGiven = unescapeText(p.raw);
          break;
        case 'X-PHONETIC-LAST-NAME':
          name.phoneticFamily = unescapeText(p.raw);
          break;
        case 'TEL': {
          const value = unescapeText(p.raw).trim();
          if (!value) break;
          const number = value.startsWith('tel:') ? value.slice(4) : value;
          phones.push(labelled(p, number));
          handles.push(telHandle(value));
          break;
        }
        case 'EMAIL': {
          const value = unescapeText(p.raw).trim();
          if (!value) break;
          emails.push(labelled(p, value));
          handles.push(`mailto:${value}`);
          break;
        }
        case 'IMPP':
          if (p.raw.trim()) handles.push(unescapeText(p.raw).trim());
          break;
        case 'X-JABBER':
          if (p.raw.trim()) handles.push(`xmpp:${unescapeText(p.raw).trim()}`);
          break;
        case 'CATEGORIES':
          groups.push(...splitEscaped(p.raw, ',').filter((g) => g !== ''));
          break;
        case 'NOTE':
          notes = unescapeText(p.raw);
          break;
        case 'UID':
          uid = unescapeText(p.raw).trim() || undefined;
          break;
        case 'PHOTO': {
          const data = p.bytes ?? (/^data:([^;,]+)?(;base64)?,/.exec(p.raw) ? decodeBase64(p.raw.slice(p.raw.indexOf(',') + 1)) : undefined);
          const type = p.params.get('TYPE')?.[0]?.toUpperCase();
          const mediaType = /^data:([^;,]+)/.exec(p.raw)?.[1] ?? (type && mediaTypeOfExtension(type)) ?? p.params.get('MEDIATYPE')?.[0] ?? 'application/octet-stream';
          if (data) {
            const sha256 = sha256Hex(data);
            attachments.set(sha256, data);
            avatar = { mediaType, size: data.length, sha256, path: `attachments/${sha256}` };
          } else if (p.raw.trim()) {
            avatar = { mediaType, notIncluded: { reason: 'not-downloaded', detail: p.raw.trim() } };
          }
          break;
        }
        default:
          if (!KEPT.has(p.name)) dropped.set(p.name, (dropped.get(p.name) ?? 0) + 1);
      }
    }
    if (!displayName) displayName = [name.prefix, name.given, name.additional, name.family, name.suffix].filter(Boolean).join(' ');
    const base = uid ?? `vcard:${sha256Hex(new TextEncoder().encode(JSON.stringify([displayName, name, handles]))).slice(0, 32)}`;
    // Two identical cards in one file are two entries the person made; keep both, distinctly.
    const repeat = usedIds.get(base) ?? 0;
    usedIds.set(base, repeat + 1);
    const contact: Contact = {
      id: repeat === 0 ? base : `${base}#${repeat + 1}`,
      displayName,
      ...(Object.keys(name).length ? { name } : {}),
      handles: [...new Set(handles)].filter((h) => /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(h)),
      ...(phones.length ? { phones } : {}),
      ...(emails.length ? { emails } : {}),
      ...(avatar ? { avatar } : {}),
      groups: [...new Set(groups)],
      ...(notes !== undefined ? { notes } : {}),
      ...(uid ? { sourceIds: { 'vcard-uid': uid } } : {}),
    };
    contacts.push(contact);
    contactOf.set(card, contact);
    const outer = card.agentOf && contactOf.get(card.agentOf);
    if (outer) outer.notes = `${outer.notes ? `${outer.notes}\n` : ''}Agent: ${contact.displayName || contact.handles[0] || 'a nested card'}`;
  }
  return { contacts, attachments, dropped };
}
