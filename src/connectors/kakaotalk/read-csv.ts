/**
 * The Mac / PC CSV layout: `Date,User,Message`, then one row per message (papaparse: quoted
 * multi-line fields, `""`). A second `Date,User,Message` row is a second export pasted in.
 */
import Papa from 'papaparse';
import { ConvertError } from '../contract.js';
import { validDay } from '../kit/text.js';
import type { RawRecord } from './read-records.js';
import { isSystemText } from './read-system.js';

export const CSV_HEADER = /^\uFEFF?Date,User,Message\s*(?:\r\n|\r|\n|$)/;

export interface CsvRows {
  rows: string[][];
  /** 1-based line where each row starts. */
  rowLines: number[];
  /** Rows (0-based) holding `Date,User,Message`: where each export in the file begins. */
  headers: number[];
}

export function csvRows(fileName: string, text: string): CsvRows {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: false });
  const rows = result.data;
  const rowLines: number[] = [];
  const headers: number[] = [];
  // Papaparse reports rows, not lines: count the line breaks inside quoted fields to say where each row starts.
  let line = 1;
  rows.forEach((row, r) => {
    rowLines.push(line);
    line += 1;
    for (const field of row) line += (field.match(/\r\n|\r|\n/g) ?? []).length;
    if (row.length === 3 && row[0]!.replace(/^\uFEFF/, '') === 'Date' && row[1] === 'User' && row[2] === 'Message') headers.push(r);
  });
  const broken = result.errors.find((e) => e.type === 'Quotes');
  if (broken) {
    throw new ConvertError(fileName, rowLines[broken.row ?? 0] ?? undefined, `a quoted field never ends (${broken.message}): every message must be in double quotes, with quotes inside doubled (""). Export the chat again from KakaoTalk.`);
  }
  return { rows, rowLines, headers };
}

const CSV_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The records of rows (from, to): one export, its header row excluded. */
export function* csvRecords(fileName: string, { rows, rowLines }: CsvRows, from: number, to: number): Generator<RawRecord> {
  for (let r = from + 1; r < to; r++) {
    const row = rows[r]!;
    const line = rowLines[r]!;
    if (row.length === 1 && row[0] === '') continue; // a trailing newline
    const m = row.length === 3 ? CSV_DATE.exec(row[0]!) : null;
    const day = m ? validDay(+m[1]!, +m[2]!, +m[3]!) : undefined;
    if (!m || !day || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) {
      throw new ConvertError(
        fileName,
        line,
        `expected three fields, a date and time, the sender and the message (2021-01-27 09:00:31,"이름","메시지"), found ${row.length} field${row.length === 1 ? '' : 's'} starting "${row.join(',').slice(0, 60)}". A message with a stray quote breaks CSV; export the chat again from KakaoTalk.`,
      );
    }
    const text = row[2]!;
    // An empty User column is KakaoTalk's own notice ("시스템 알림"): a system message with no sender.
    const sender = row[1]!.trim() === '' ? undefined : row[1]!;
    yield { line, wall: { ...day, hour: +m[4]!, minute: +m[5]!, second: +m[6]! }, wallText: row[0]!, ...(sender === undefined ? {} : { sender }), text, system: sender === undefined || isSystemText(text) };
  }
}
