/** A row's structured name (with phonetic readings) and the name it is shown under. */
import type { StructuredName } from '../../model/types.js';
import type { Layout } from './read-columns.js';
import type { Cell, RowValues } from './read-values.js';

export function nameOf(get: Cell, layout: Layout): StructuredName {
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
  return name;
}

function joinName(n: StructuredName): string {
  // Korean, Chinese and Japanese names are written family name first, without a space.
  const cjk = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;
  if ((n.family && cjk.test(n.family)) || (n.given && cjk.test(n.given))) return [n.family, n.given].filter(Boolean).join('');
  return [n.prefix, n.given, n.additional, n.family, n.suffix].filter(Boolean).join(' ');
}

/** `File As` or `Name` (Google), else the name, nickname, organisation, first e-mail or phone; "" when there is nothing. */
export function displayNameOf(get: Cell, layout: Layout, name: StructuredName, values: RowValues): string {
  return (
    (layout !== 'outlook-csv' ? get('File As') || get('Name') : '') ||
    joinName(name) ||
    get('Nickname') ||
    get('Organization Name') ||
    get('Company') ||
    values.emails[0]?.value ||
    values.phones[0]?.value ||
    ''
  );
}
