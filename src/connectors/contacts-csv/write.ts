/**
 * Contacts -> Google Contacts CSV, in the layout contacts.google.com exports today and imports
 * ("First Name", ..., "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", ...).
 * Several values in one cell are joined with " ::: " as Google does; "* myContacts" and
 * "* starred" are Google's own system labels. RFC 4180 quoting, CRLF rows, UTF-8.
 *
 * Pure and browser-safe: contacts in, one file and a fidelity report out.
 */
import type { ArchiveContent, Contact, LabelledValue } from '../../model/types.js';
import type { FileWriter, WriterResult } from '../contract.js';
import { DropTally, type WriteStamp } from '../kit/writing.js';

const NAME_COLUMNS = ['First Name', 'Middle Name', 'Last Name', 'Phonetic First Name', 'Phonetic Middle Name', 'Phonetic Last Name', 'Name Prefix', 'Name Suffix', 'Nickname', 'File As', 'Organization Name', 'Organization Title', 'Organization Department', 'Birthday', 'Notes', 'Photo', 'Labels'];

/** Google's own words for the kinds vCard and the archive use. */
const LABELS: Record<string, string> = { cell: 'Mobile', mobile: 'Mobile', home: 'Home', work: 'Work', main: 'Main', other: 'Other', fax: 'Work Fax', pager: 'Pager', iphone: 'iPhone' };

function labelOf(v: LabelledValue): string {
  const kinds = v.types.filter((t) => t !== 'pref');
  const label = v.label ?? (kinds.includes('fax') && kinds.includes('home') ? 'Home Fax' : LABELS[kinds.find((t) => LABELS[t]) ?? ''] ?? (kinds[0] ? kinds[0][0]!.toUpperCase() + kinds[0].slice(1) : ''));
  // Google marks the preferred value with "* " before its label.
  return v.types.includes('pref') ? `* ${label}` : label;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The contacts as one Google Contacts CSV file; `options.account` defaults to "google-contacts". */
export function contactsToGoogleCsv(content: Pick<ArchiveContent, 'contacts'>, options: WriteStamp = {}): WriterResult {
  const contacts: Contact[] = content.contacts;
  const dropped = new DropTally();
  const drop = (item: string, reason: string, n = 1) => dropped.add(item, reason, n);
  // Handles that repeat a phone or e-mail already listed are not written twice.
  const digits = (v: string) => v.replace(/[^\d+]/g, '');
  const tel = (c: Contact): LabelledValue[] => [
    ...(c.phones ?? []),
    ...c.handles.filter((h) => h.startsWith('tel:') && !(c.phones ?? []).some((p) => digits(p.value) === digits(h.slice(4)))).map((h) => ({ value: h.slice(4), types: [] })),
  ];
  const mail = (c: Contact): LabelledValue[] => [
    ...(c.emails ?? []),
    ...c.handles.filter((h) => h.startsWith('mailto:') && !(c.emails ?? []).some((e) => e.value.toLowerCase() === h.slice(7).toLowerCase())).map((h) => ({ value: h.slice(7), types: [] })),
  ];
  const other = (c: Contact) => c.handles.filter((h) => !h.startsWith('tel:') && !h.startsWith('mailto:'));

  const maxEmails = Math.max(0, ...contacts.map((c) => mail(c).length));
  const maxPhones = Math.max(0, ...contacts.map((c) => tel(c).length));
  const maxSites = Math.max(0, ...contacts.map((c) => other(c).length));
  const numbered = (what: string, n: number) => Array.from({ length: n }, (_, i) => [`${what} ${i + 1} - Label`, `${what} ${i + 1} - Value`]).flat();
  const header = [...NAME_COLUMNS, ...numbered('E-mail', maxEmails), ...numbered('Phone', maxPhones), ...numbered('Website', maxSites)];

  const rows = [header];
  for (const c of contacts) {
    const n = c.name;
    const hasName = n && (n.given || n.family || n.additional);
    const labels = ['* myContacts', ...(c.favourite ? ['* starred'] : []), ...c.groups];
    const row: Record<string, string> = {
      // Without a structured name, the display name is what Google should show.
      'First Name': hasName ? (n.given ?? '') : c.displayName,
      'Middle Name': hasName ? (n.additional ?? '') : '',
      'Last Name': hasName ? (n.family ?? '') : '',
      'Phonetic First Name': n?.phoneticGiven ?? '',
      'Phonetic Last Name': n?.phoneticFamily ?? '',
      'Name Prefix': n?.prefix ?? '',
      'Name Suffix': n?.suffix ?? '',
      'File As': hasName ? c.displayName : '',
      Notes: c.notes ?? '',
      Labels: labels.join(' ::: '),
    };
    mail(c).forEach((e, i) => Object.assign(row, { [`E-mail ${i + 1} - Label`]: labelOf(e), [`E-mail ${i + 1} - Value`]: e.value }));
    tel(c).forEach((p, i) => Object.assign(row, { [`Phone ${i + 1} - Label`]: labelOf(p), [`Phone ${i + 1} - Value`]: p.value }));
    // Messenger addresses (xmpp:, kakaotalk:, ...) have no column of their own: Website keeps them as links.
    other(c).forEach((h, i) => Object.assign(row, { [`Website ${i + 1} - Label`]: h.slice(0, h.indexOf(':')).toUpperCase(), [`Website ${i + 1} - Value`]: h }));
    if (c.avatar) drop('contact.avatar', "photos dropped: Google's CSV takes a photo only as a web address, and the archive has the image itself");
    if (c.blocked) drop('contact.blocked', 'blocked state dropped: Google Contacts has no blocking');
    if (c.groups.some((g) => g.includes(':::'))) drop('contact.groups', 'group names containing ":::" are split by Google into several labels');
    rows.push(header.map((h) => row[h] ?? ''));
  }
  const text = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return {
    target: 'google-csv',
    files: [{ name: 'google-contacts.csv', bytes: new TextEncoder().encode(text) }],
    single: true,
    plaintext: true,
    kept: { contacts: contacts.length },
    fidelity: dropped.notes(options.account ?? 'google-contacts', options.at),
    notes: [],
  };
}

export const googleCsvWriter: FileWriter = {
  id: 'google-csv',
  describe: 'Google Contacts CSV of the friend list, for contacts.google.com (Import)',
  needs: {},
  write: (content, params) => contactsToGoogleCsv(content, params.at ? { at: params.at } : {}),
};
