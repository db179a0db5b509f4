/** Google's and Outlook's labels for phones and e-mails, as the archive's kinds or a free label. */
import type { LabelledValue } from '../../model/types.js';

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

export function labelled(value: string, rawLabel: string): LabelledValue {
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
export const split = (cell: string | undefined) => (cell ?? '').split(' ::: ').map((v) => v.trim()).filter(Boolean);
