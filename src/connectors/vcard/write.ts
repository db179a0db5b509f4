/**
 * The friend list as vCard, for a phone or an address book (`ferry export-format vcard`).
 *
 * vCard 3.0 (RFC 2426) by default, because that is what phones import: stock Android Contacts
 * (ImportVCardActivity) parses 2.1 and 3.0 only and refuses VERSION:4.0, and keeps a photo only
 * when it is inline base64 (`PHOTO;ENCODING=B;TYPE=JPEG:`), never a `data:` URI. `--vcard-version
 * 4.0` writes RFC 6350 instead (photos as `data:` URIs, `TEL;VALUE=uri`, `PREF=1`). README.md
 * lists, per version, the importers' rules this follows and where they are in their source.
 */
import type { Contact, LabelledValue } from '../../model/types.js';
import { WriterInputError, type FileWriter, type WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';
import { base64, fold, telHandle } from './cards.js';

export type VCardVersion = '3.0' | '4.0';

/**
 * Escapes for a value. `\,` `\\` and `\n` everywhere; `\;` only inside structured and list
 * values (N, CATEGORIES): in a single text value (FN, NOTE) ical.js keeps the backslash of a
 * `\;`, while AOSP's VCardParserImpl_V30.unescapeText and Ferry's reader take a bare `;` as is.
 */
function esc(text: string, structured = false): string {
  const out = text.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
  return structured ? out.replace(/;/g, '\\;') : out;
}

/**
 * Phone TYPE values AOSP knows (VCardUtils.getPhoneTypeFromStrings, sKnownPhoneTypeMap_StoI, plus
 * FAX and PREF): any other value becomes a custom label on the phone.
 */
const PHONE_TYPES: Record<string, string> = { cell: 'CELL', mobile: 'CELL', iphone: 'CELL', home: 'HOME', work: 'WORK', fax: 'FAX', pager: 'PAGER', voice: 'VOICE', car: 'CAR', isdn: 'ISDN', other: 'OTHER', pref: 'PREF' };
/** E-mail TYPE values AOSP maps (VCardEntry.handleEmailAddress: HOME, WORK, CELL, PREF; INTERNET is the default). */
const EMAIL_TYPES: Record<string, string> = { home: 'HOME', work: 'WORK', cell: 'CELL', mobile: 'CELL', pref: 'PREF', internet: 'INTERNET' };

/**
 * Each contact as a vCard, CRLF line ends, UTF-8, as the one file `contacts.vcf`; no file at all
 * when there are no contacts (the result's notes say so). `attachments` supplies avatar bytes.
 */
export function contactsToVCard(contacts: Contact[], attachments: Map<string, Uint8Array> = new Map(), stamp: WriteStamp = {}, version: VCardVersion = '3.0'): WriterResult {
  const v3 = version === '3.0';
  const lines: string[] = [];
  const dropped = new DropTally();
  let favourites = 0;
  let blocked = 0;
  let missingAvatars = 0;
  for (const c of contacts) {
    const card = ['BEGIN:VCARD', `VERSION:${version}`];
    const n = c.name;
    // RFC 2426 requires N in every 3.0 card; an empty one lets phones fall back to FN.
    if (n || v3) card.push(`N:${[n?.family, n?.given, n?.additional, n?.prefix, n?.suffix].map((v) => esc(v ?? '', true)).join(';')}`);
    card.push(`FN:${esc(c.displayName || c.handles[0] || '')}`, `UID:${esc(c.id)}`);
    // Apple's and Google's spelling of the reading; neither RFC has one of its own for N's parts.
    if (n?.phoneticGiven) card.push(`X-PHONETIC-FIRST-NAME:${esc(n.phoneticGiven)}`);
    if (n?.phoneticFamily) card.push(`X-PHONETIC-LAST-NAME:${esc(n.phoneticFamily)}`);
    let item = 0;
    const labelled = (prop: 'TEL' | 'EMAIL', value: LabelledValue, valueText: string) => {
      let params: string;
      if (v3) {
        const table = prop === 'TEL' ? PHONE_TYPES : EMAIL_TYPES;
        const types = [...new Set(value.types.map((t) => table[t]).filter((t): t is string => !!t))];
        if (prop === 'EMAIL' && !types.some((t) => t !== 'PREF')) types.unshift('INTERNET');
        if (value.types.some((t) => !table[t])) dropped.add('contact.types', `kinds a phone does not know (${prop === 'TEL' ? 'phone' : 'e-mail'}) are left out of TYPE, so they do not become odd custom labels`);
        params = types.length ? `;TYPE=${types.join(',')}` : '';
      } else {
        const types = value.types.filter((t) => t !== 'pref');
        params = `${types.length ? `;TYPE=${types.join(',')}` : ''}${value.types.includes('pref') ? ';PREF=1' : ''}`;
      }
      if (value.label) {
        item++;
        card.push(`item${item}.${prop}${params}:${valueText}`, `item${item}.X-ABLabel:${esc(value.label)}`);
      } else card.push(`${prop}${params}:${valueText}`);
    };
    for (const p of c.phones ?? []) labelled('TEL', p, esc(p.value));
    for (const e of c.emails ?? []) labelled('EMAIL', e, esc(e.value));
    const derived = new Set([...(c.phones ?? []).map((p) => telHandle(p.value)), ...(c.emails ?? []).map((e) => `mailto:${e.value}`)]);
    for (const h of c.handles) {
      if (derived.has(h)) continue;
      if (h.startsWith('tel:')) card.push(v3 ? `TEL:${esc(h.slice(4))}` : `TEL;VALUE=uri:${h}`);
      else if (h.startsWith('mailto:')) card.push(v3 ? `EMAIL;TYPE=INTERNET:${esc(h.slice(7))}` : `EMAIL:${esc(h.slice(7))}`);
      else card.push(`IMPP:${h}`);
    }
    if (c.groups.length) card.push(`CATEGORIES:${c.groups.map((g) => esc(g, true)).join(',')}`);
    if (c.notes !== undefined) card.push(`NOTE:${esc(c.notes)}`);
    if (c.avatar) {
      const bytes = c.avatar.sha256 ? attachments.get(c.avatar.sha256) : undefined;
      if (!bytes) missingAvatars++;
      // AOSP compares ENCODING with "B" case-sensitively (VCardParser_V30.sAcceptableEncoding).
      else if (v3) card.push(`PHOTO;ENCODING=B;TYPE=${(c.avatar.mediaType.split('/')[1] ?? 'jpeg').toUpperCase()}:${base64(bytes)}`);
      else card.push(`PHOTO:data:${c.avatar.mediaType};base64,${base64(bytes)}`);
    }
    if (c.favourite) favourites++;
    if (c.blocked) blocked++;
    card.push('END:VCARD');
    lines.push(...card.map(fold));
  }
  dropped.add('contact.favourite', 'vCard has no standard property for favourites.', favourites);
  dropped.add('contact.blocked', 'vCard has no property for blocked contacts.', blocked);
  dropped.add('contact.avatar', 'the picture is not in the archive.', missingAvatars);
  return {
    target: 'vcard',
    files: lines.length ? [{ name: 'contacts.vcf', bytes: new TextEncoder().encode(lines.join('\r\n') + '\r\n') }] : [],
    single: true,
    plaintext: true,
    kept: { contacts: contacts.length },
    fidelity: dropped.notes(stamp.account ?? 'vcard', stamp.at),
    notes: contacts.length ? [] : [{ kind: 'nothing', what: 'contacts' }],
  };
}

export const vcardWriter: FileWriter = {
  id: 'vcard',
  describe: 'vCard of the friend list for a phone or an address book: 3.0 (what Android and iOS import) by default, --vcard-version 4.0 for RFC 6350',
  needs: { vcardVersion: true },
  write(content, params) {
    const version = params.vcardVersion ?? '3.0';
    if (version !== '3.0' && version !== '4.0') throw new WriterInputError('vcard-version', `--vcard-version takes 3.0 (phones) or 4.0 (RFC 6350), not "${String(version)}".`);
    return contactsToVCard(content.contacts, content.attachments, params.at ? { at: params.at } : {}, version);
  },
};
