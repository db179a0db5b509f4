/**
 * The header row: which address book wrote the file (Google's current or older layout, or
 * Outlook), and which of its columns Ferry reads.
 */
import Papa from 'papaparse';
import { OUTLOOK_EMAILS, OUTLOOK_PHONES } from './read-outlook.js';

export type Layout = 'google-csv' | 'google-legacy-csv' | 'outlook-csv';

export function headerOf(text: string): string[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const parsed = Papa.parse<string[]>(firstLine, { header: false });
  return (parsed.data[0] ?? []).map((h) => h.trim());
}

export function layoutOf(header: string[]): Layout | undefined {
  const has = (h: string) => header.includes(h);
  if (has('First Name') && (has('E-mail 1 - Value') || has('Phone 1 - Value') || has('Labels')) && (has('Last Name') || has('Labels'))) return 'google-csv';
  if (has('Given Name') && has('Family Name') && (has('Group Membership') || has('E-mail 1 - Value'))) return 'google-legacy-csv';
  if (has('First Name') && has('Last Name') && (has('E-mail Address') || has('Mobile Phone') || has('Business Phone'))) return 'outlook-csv';
  return undefined;
}

export const SERVICE: Record<Layout, string> = { 'google-csv': 'google-contacts', 'google-legacy-csv': 'google-contacts', 'outlook-csv': 'outlook-contacts' };

/** Columns read into the contact; every other non-empty column is counted as dropped. */
export function isKept(layout: Layout, column: string): boolean {
  if (layout === 'outlook-csv')
    return ['First Name', 'Middle Name', 'Last Name', 'Title', 'Suffix', 'Nickname', 'Given Yomi', 'Surname Yomi', 'Notes', 'Categories', 'E-mail Display Name', 'E-mail 2 Display Name', 'E-mail 3 Display Name', 'E-mail Type', 'E-mail 2 Type', 'E-mail 3 Type', 'IMAddress', 'Priority', 'Sensitivity', 'Private'].includes(column) ||
      OUTLOOK_EMAILS.includes(column) ||
      OUTLOOK_PHONES.includes(column);
  if (/^(E-mail|Phone|IM) \d+ - (Label|Type|Value)$/.test(column)) return true;
  // Website values are handles, or counted once as "Website" where they are read.
  if (/^Website \d+ - (Label|Type|Value)$/.test(column)) return true;
  return [
    'Name',
    'First Name',
    'Middle Name',
    'Last Name',
    'Given Name',
    'Additional Name',
    'Family Name',
    'Phonetic First Name',
    'Phonetic Last Name',
    'Phonetic Middle Name',
    'Given Name Yomi',
    'Family Name Yomi',
    'Additional Name Yomi',
    'Yomi Name',
    'Name Prefix',
    'Name Suffix',
    'File As',
    'Notes',
    'Labels',
    'Group Membership',
  ].includes(column);
}
