/**
 * Contacts from the CSV files address books export:
 * - Google Contacts, current layout ("First Name", ..., "Labels", "E-mail 1 - Label",
 *   "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", ...), several values in one cell
 *   joined by " ::: ", "* " before the preferred value's label, "* myContacts" / "* starred";
 * - Google Contacts, older layout ("Name", "Given Name", "Family Name", "Group Membership",
 *   "E-mail 1 - Type", "Phone 1 - Type", ...);
 * - Outlook ("First Name", "Last Name", "E-mail Address", "E-mail 2 Address", "Mobile Phone",
 *   "Home Phone", "Business Phone", ..., "Categories" separated by ";"). Outlook on Windows writes
 *   the system code page (EUC-KR / CP949 on Korean Windows) rather than UTF-8; both are read.
 *
 * Browser-safe: papaparse and TextDecoder.
 */
import Papa from 'papaparse';
import { sha256Hex } from '../../model/ids.js';
import type { Contact, FidelityNote, LabelledValue, Source, StructuredName } from '../../model/types.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { warning, type ConvertWarning } from '../kit/warnings.js';

type Layout = 'google-csv' | 'google-legacy-csv' | 'outlook-csv';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The file as text, and which encoding it was in. */
function decode(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'euc-kr' } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  try {
    const text = strictUtf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Outlook on Korean Windows writes CP949 (a superset of EUC-KR, which WHATWG's "euc-kr" decodes).
    return { text: new TextDecoder('euc-kr').decode(bytes), encoding: 'euc-kr' };
  }
}

function headerOf(text: string): string[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const parsed = Papa.parse<string[]>(firstLine, { header: false });
  return (parsed.data[0] ?? []).map((h) => h.trim());
}

function layoutOf(header: string[]): Layout | undefined {
  const has = (h: string) => header.includes(h);
  if (has('First Name') && (has('E-mail 1 - Value') || has('Phone 1 - Value') || has('Labels')) && (has('Last Name') || has('Labels'))) return 'google-csv';
  if (has('Given Name') && has('Family Name') && (has('Group Membership') || has('E-mail 1 - Value'))) return 'google-legacy-csv';
  if (has('First Name') && has('Last Name') && (has('E-mail Address') || has('Mobile Phone') || has('Business Phone'))) return 'outlook-csv';
  return undefined;
}

const SERVICE: Record<Layout, string> = { 'google-csv': 'google-contacts', 'google-legacy-csv': 'google-contacts', 'outlook-csv': 'outlook-contacts' };

function detectWith(file: InputFile, want: 'google-contacts' | 'outlook-contacts'): Detection | undefined {
  if (file.kind !== 'file' || !/\.csv$/i.test(file.name)) return undefined;
  const layout = layoutOf(headerOf(decode(file.bytes.subarray(0, 8192)).text));
  if (!layout || SERVICE[layout] !== want) return undefined;
  return { format: want, layout };
}

/** Google's and Outlook's labels to the archive's lower-case kinds; anything else is a free label. */
const KINDS: Record<string, string[]> = {
  mobile: ['cell'],
  cell: ['cell'],
  iphone: ['cell', 'iphone'],
  home: ['home'],
  work: ['work'],
  business: ['work'],
  main: ['main'],
  other: [],
  'home fax': ['home', 'fax'],
  'work fax': ['work', 'fax'],
  'business fax': ['work', 'fax'],
  'other fax': ['fax'],
  fax: ['fax'],
  pager: ['pager'],
  'google voice': ['voice'],
  'primary phone': ['pref'],
  'mobile phone': ['cell'],
  'home phone': ['home'],
  'home phone 2': ['home'],
  'business phone': ['work'],
  'business phone 2': ['work'],
  'company main phone': ['work', 'main'],
  'car phone': ['car'],
  'other phone': [],
  'radio phone': [],
  callback: [],
  'tty/tdd phone': ['textphone'],
  telex: [],
  'assistant\'s phone': ['work'],
  'isdn': ['isdn'],
};

function labelled(value: string, rawLabel: string): LabelledValue {
  let label = rawLabel.trim();
  const types: string[] = [];
  // Google marks the preferred value with "* " before its label.
  if (label.startsWith('* ')) {
    types.push('pref');
    label = label.slice(2).trim();
  }
  const kinds = KINDS[label.toLowerCase()];
  if (kinds) types.unshift(...kinds.filter((k) => !types.includes(k)));
  return { value, types: [...new Set(types)], ...(!kinds && label ? { label } : {}) };
}

/** Google puts several values in one cell, joined by " ::: ". */
const split = (cell: string | undefined) => (cell ?? '').split(' ::: ').map((v) => v.trim()).filter(Boolean);

const telHandle = (number: string) => `tel:${number.replace(/\s+/g, '-')}`;

const OUTLOOK_EMAILS = ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'];
const OUTLOOK_PHONES = [
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

/** Columns read into the contact; every other non-empty column is counted as dropped. */
function isKept(layout: Layout, column: string): boolean {
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

export function parseContactsCsv(file: InputFile, options: ConvertOptions, want: 'google-contacts' | 'outlook-contacts'): ParsedExport {
  const { text, encoding } = decode(file.bytes);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy' });
  const header = (parsed.data[0] ?? []).map((h) => h.trim());
  const layout = layoutOf(header);
  if (!layout || SERVICE[layout] !== want)
    throw new ConvertError(
      file.name,
      1,
      `the first line is not a ${want === 'google-contacts' ? 'Google Contacts' : 'Outlook'} CSV header (expected columns such as ${want === 'google-contacts' ? '"First Name", "E-mail 1 - Value", "Phone 1 - Value"' : '"First Name", "Last Name", "E-mail Address", "Mobile Phone"'}). Export the contacts again from ${want === 'google-contacts' ? 'contacts.google.com (Export > Google CSV)' : 'Outlook (People > Manage > Export contacts)'}.`,
    );
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError)
    throw new ConvertError(file.name, lineOfRecord(text, quoteError.row ?? 0), `a quoted value is never closed (${quoteError.message}); the file may be cut short. Export the contacts again.`);
  const warnings: ConvertWarning[] = [];
  if (encoding !== 'utf-8') {
    const name = encoding === 'euc-kr' ? 'EUC-KR / CP949 (Korean Windows)' : 'UTF-16';
    warnings.push(warning('not_utf8', [name], `The file is not UTF-8; it was read as ${name}.`));
  }
  const col = new Map<string, number>();
  header.forEach((h, i) => {
    if (!col.has(h)) col.set(h, i);
  });
  const dropped = new Map<string, number>();
  const contacts: Contact[] = [];
  const usedIds = new Map<string, number>();
  const service = SERVICE[layout];

  for (let r = 1; r < parsed.data.length; r++) {
    const row = parsed.data[r]!;
    const get = (name: string) => {
      const i = col.get(name);
      return i === undefined ? '' : (row[i] ?? '').trim();
    };
    if (row.every((cell) => !cell.trim())) continue;
    const name: StructuredName = {};
    const set = (key: keyof StructuredName, value: string) => {
      if (value) name[key] = value;
    };
    set('given', get('First Name') || get('Given Name'));
    set('additional', get('Middle Name') || get('Additional Name'));
    set('family', get('Last Name') || get('Family Name'));
    set('prefix', get('Name Prefix') || (layout === 'outlook-csv' ? get('Title') : ''));
    set('suffix', get('Name Suffix') || get('Suffix'));
    set('phoneticGiven', get('Phonetic First Name') || get('Given Name Yomi') || get('Given Yomi'));
    set('phoneticFamily', get('Phonetic Last Name') || get('Family Name Yomi') || get('Surname Yomi'));

    const emails: LabelledValue[] = [];
    const phones: LabelledValue[] = [];
    const handles: string[] = [];
    const groups: string[] = [];
    let favourite = false;
    if (layout === 'outlook-csv') {
      for (const c of OUTLOOK_EMAILS) {
        const v = get(c);
        // Outlook writes Exchange addresses ("/o=ExchangeLabs/...") where it has no SMTP address.
        if (v && v.includes('@')) emails.push({ value: v, types: [] });
        else if (v) dropped.set(c, (dropped.get(c) ?? 0) + 1);
      }
      for (const c of OUTLOOK_PHONES) for (const v of split(get(c))) phones.push(labelled(v, c));
      for (const g of get('Categories').split(';').map((s) => s.trim()).filter(Boolean)) groups.push(g);
    } else {
      for (let n = 1; col.has(`E-mail ${n} - Value`); n++) {
        const values = split(get(`E-mail ${n} - Value`));
        const label = get(`E-mail ${n} - Label`) || get(`E-mail ${n} - Type`);
        for (const v of values) emails.push(labelled(v, label));
      }
      for (let n = 1; col.has(`Phone ${n} - Value`); n++) {
        const values = split(get(`Phone ${n} - Value`));
        const label = get(`Phone ${n} - Label`) || get(`Phone ${n} - Type`);
        for (const v of values) phones.push(labelled(v, label));
      }
      for (let n = 1; col.has(`IM ${n} - Value`); n++) {
        for (const v of split(get(`IM ${n} - Value`))) if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(v)) handles.push(v);
      }
      // Websites: messenger addresses written as URIs (xmpp:, kakaotalk:, ... as Ferry's own Google CSV writes them) are handles; web pages are not kept.
      for (let n = 1; col.has(`Website ${n} - Value`); n++) {
        for (const v of split(get(`Website ${n} - Value`))) {
          if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(v) && !/^https?:/i.test(v)) handles.push(v);
          else dropped.set('Website', (dropped.get('Website') ?? 0) + 1);
        }
      }
      for (const g of split(get('Labels') || get('Group Membership'))) {
        if (g === '* starred') favourite = true;
        else if (g.startsWith('* ')) continue; // Google's own labels ("* myContacts", "* other").
        else groups.push(g);
      }
    }
    for (const p of phones) handles.push(telHandle(p.value));
    for (const e of emails) handles.push(`mailto:${e.value}`);
    for (const [column, i] of col) {
      if (!isKept(layout, column) && (row[i] ?? '').trim()) dropped.set(column, (dropped.get(column) ?? 0) + 1);
    }
    const nickname = get('Nickname');
    const displayName =
      (layout !== 'outlook-csv' ? get('File As') || get('Name') : '') ||
      joinName(name) ||
      nickname ||
      get('Organization Name') ||
      get('Company') ||
      emails[0]?.value ||
      phones[0]?.value ||
      '';
    if (!displayName && handles.length === 0) {
      warnings.push(warning('record_skipped', [r, lineOfRecord(text, r)], `Record ${r} (line ${lineOfRecord(text, r)}) has no name, phone or e-mail; it was skipped.`));
      continue;
    }
    const notes = get('Notes');
    // Handles are URIs without spaces (the schema's pattern); a malformed address stays only in phones / emails.
    const uniqueHandles = [...new Set(handles)].filter((h) => /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(h));
    const base = `${service}:${sha256Hex(new TextEncoder().encode(JSON.stringify([displayName, name, uniqueHandles]))).slice(0, 32)}`;
    // Two identical rows are two entries the person made; keep both, distinctly.
    const repeat = usedIds.get(base) ?? 0;
    usedIds.set(base, repeat + 1);
    contacts.push({
      id: repeat === 0 ? base : `${base}#${repeat + 1}`,
      displayName,
      ...(Object.keys(name).length ? { name } : {}),
      handles: uniqueHandles,
      ...(phones.length ? { phones } : {}),
      ...(emails.length ? { emails } : {}),
      groups: [...new Set(groups)],
      ...(favourite ? { favourite } : {}),
      ...(notes ? { notes } : {}),
    });
  }

  const account = options.me ? (options.me.includes('@') ? `mailto:${options.me}` : `${service}:${encodeURIComponent(options.me)}`) : `${service}:me`;
  const fidelity: FidelityNote[] = [...dropped].map(([column, count]) => ({
    stage: 'export',
    account,
    // Fidelity items are dotted words; the column's own name is in the reason.
    item: `contact.csv.${column.replace(/[^A-Za-z0-9_-]+/g, '_') || 'unnamed'}`, // a header cell can be empty
    count,
    reason: `The column "${column}" has no place in Ferry's contact model (addresses, organisations, birthdays and web pages are not kept yet).`,
    at: options.now,
  }));
  const source: Source = { service, account, exportedAt: options.now, method: 'export-file', timeZone: { status: 'instants' } };
  return { detection: { format: service, layout }, source, contacts, conversations: [], attachments: new Map(), fidelity, warnings };
}

function joinName(n: StructuredName): string {
  // Korean, Chinese and Japanese names are written family name first, without a space.
  const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
  if ((n.family && cjk.test(n.family)) || (n.given && cjk.test(n.given))) return [n.family, n.given].filter(Boolean).join('');
  return [n.prefix, n.given, n.additional, n.family, n.suffix].filter(Boolean).join(' ');
}

/** 1-based line where record `index` (0 = header) starts, counting line breaks inside quotes. */
function lineOfRecord(text: string, index: number): number {
  let line = 1;
  let record = 0;
  let quoted = false;
  for (let i = 0; i < text.length && record < index; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n') {
      line++;
      if (!quoted) record++;
    }
  }
  return line;
}

export const googleContactsReader: FileReader = {
  name: 'google-contacts',
  detect: (file) => detectWith(file, 'google-contacts'),
  parse: (file, options) => parseContactsCsv(file, options, 'google-contacts'),
};

export const outlookContactsReader: FileReader = {
  name: 'outlook-contacts',
  detect: (file) => detectWith(file, 'outlook-contacts'),
  parse: (file, options) => parseContactsCsv(file, options, 'outlook-contacts'),
};
