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
 * This file is the reader's entry (decoding, detection, and the parse over the rows); each part
 * of a row has its own file: read-columns (header, layout, kept columns), read-google,
 * read-outlook, read-names, read-labels.
 *
 * Browser-safe: papaparse and TextDecoder.
 */
import Papa from 'papaparse';
import { sha256Hex } from '../../model/ids.js';
import type { Contact, FidelityNote, Source } from '../../model/types.js';
import { ConvertError, type ConvertOptions, type Detection, type FileReader, type InputFile, type ParsedExport } from '../contract.js';
import { nulsRemoved, warning, type ConvertWarning } from '../kit/warnings.js';
import { headerOf, isKept, layoutOf, SERVICE } from './read-columns.js';
import { googleValues } from './read-google.js';
import { displayNameOf, nameOf } from './read-names.js';
import { outlookValues } from './read-outlook.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type Encoding = 'utf-8' | 'utf-16le' | 'euc-kr';

/** The file as text, which encoding it was in, and how many NULs (U+0000, which no address book writes) were removed. */
function decode(bytes: Uint8Array): { text: string; encoding: Encoding; nuls: number } {
  const { text, encoding } = decodeAs(bytes);
  if (!text.includes('\u0000')) return { text, encoding, nuls: 0 };
  const clean = text.replace(/\u0000/g, '');
  return { text: clean, encoding, nuls: text.length - clean.length };
}

function decodeAs(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  try {
    const text = strictUtf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Outlook on Korean Windows writes CP949 (a superset of EUC-KR, which WHATWG's "euc-kr" decodes).
    return { text: new TextDecoder('euc-kr').decode(bytes), encoding: 'euc-kr' };
  }
}

function detectWith(file: InputFile, want: 'google-contacts' | 'outlook-contacts'): Detection | undefined {
  if (file.kind !== 'file' || !/\.csv$/i.test(file.name)) return undefined;
  const layout = layoutOf(headerOf(decode(file.bytes.subarray(0, 8192)).text));
  if (!layout || SERVICE[layout] !== want) return undefined;
  return { format: want, layout };
}

const telHandle = (number: string) => `tel:${number.replace(/\s+/g, '-')}`;

export function parseContactsCsv(file: InputFile, options: ConvertOptions, want: 'google-contacts' | 'outlook-contacts'): ParsedExport {
  const { text, encoding, nuls } = decode(file.bytes);
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
  const warnings: ConvertWarning[] = nulsRemoved(nuls);
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

  const lines = new RecordLines(text);
  for (let r = 1; r < parsed.data.length; r++) {
    const row = parsed.data[r]!;
    const get = (name: string) => {
      const i = col.get(name);
      return i === undefined ? '' : (row[i] ?? '').trim();
    };
    if (row.every((cell) => !cell.trim())) continue;
    const name = nameOf(get, layout);
    const values = layout === 'outlook-csv' ? outlookValues(get, dropped) : googleValues(get, (c) => col.has(c), dropped);
    const { emails, phones, handles, groups, favourite } = values;
    for (const p of phones) handles.push(telHandle(p.value));
    for (const e of emails) handles.push(`mailto:${e.value}`);
    for (const [column, i] of col) {
      if (!isKept(layout, column) && (row[i] ?? '').trim()) dropped.set(column, (dropped.get(column) ?? 0) + 1);
    }
    const displayName = displayNameOf(get, layout, name, values);
    if (!displayName && handles.length === 0) {
      const line = lines.of(r);
      warnings.push(warning('record_skipped', [r, line], `Record ${r} (line ${line}) has no name, phone or e-mail; it was skipped.`));
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

/** 1-based line where record `index` (0 = header) starts, counting line breaks inside quotes. */
function lineOfRecord(text: string, index: number): number {
  return new RecordLines(text).of(index);
}

/**
 * Lines of records asked for in increasing order, in one walk over the text: a file with many
 * skipped rows is not walked again from the top for each (linear, issue 18). Skips (`greedy`
 * empty lines) do not change where a record starts: Papa counts data rows, this counts the line
 * breaks outside quotes before them, as the reader always has.
 */
class RecordLines {
  private at = 0;
  private line = 1;
  private record = 0;
  private quoted = false;
  constructor(private readonly text: string) {}

  of(index: number): number {
    if (index < this.record) {
      this.at = 0;
      this.line = 1;
      this.record = 0;
      this.quoted = false;
    }
    const text = this.text;
    for (; this.at < text.length && this.record < index; this.at++) {
      const c = text[this.at];
      if (c === '"') this.quoted = !this.quoted;
      else if (c === '\n') {
        this.line++;
        if (!this.quoted) this.record++;
      }
    }
    return this.line;
  }
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
