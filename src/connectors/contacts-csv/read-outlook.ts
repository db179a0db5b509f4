/**
 * An Outlook row: three e-mail columns (Exchange addresses without "@" are not e-mails), a column
 * per kind of phone, and `Categories` separated by ";".
 */
import { labelled, split } from './read-labels.js';
import { countDropped, type Cell, type Dropped, type RowValues } from './read-values.js';

export const OUTLOOK_EMAILS = ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'];
export const OUTLOOK_PHONES = [
  'Primary Phone',
  'Mobile Phone',
  'Home Phone',
  'Home Phone 2',
  'Business Phone',
  'Business Phone 2',
  'Company Main Phone',
  'Other Phone',
  'Car Phone',
  'Pager',
  'Home Fax',
  'Business Fax',
  'Other Fax',
  'Assistant\'s Phone',
  'Callback',
  'Radio Phone',
  'Telex',
  'TTY/TDD Phone',
  'ISDN',
];

export function outlookValues(get: Cell, dropped: Dropped): RowValues {
  const values: RowValues = { emails: [], phones: [], handles: [], groups: [], favourite: false };
  for (const c of OUTLOOK_EMAILS) {
    const v = get(c);
    // Outlook writes Exchange addresses ("/o=ExchangeLabs/...") where it has no SMTP address.
    if (v && v.includes('@')) values.emails.push({ value: v, types: [] });
    else if (v) countDropped(dropped, c);
  }
  for (const c of OUTLOOK_PHONES) for (const v of split(get(c))) values.phones.push(labelled(v, c));
  for (const g of get('Categories').split(';').map((s) => s.trim()).filter(Boolean)) values.groups.push(g);
  return values;
}
