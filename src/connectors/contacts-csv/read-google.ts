/**
 * A Google Contacts row: `E-mail N - Label/Value`, `Phone N - Label/Value` (several values in one
 * cell joined by " ::: "), `IM N` and `Website N` values that are messenger URIs, and `Labels`
 * (Google's own "* myContacts" skipped, "* starred" the favourite mark).
 */
import { labelled, split } from './read-labels.js';
import { countDropped, type Cell, type Dropped, type RowValues } from './read-values.js';

export function googleValues(get: Cell, has: (column: string) => boolean, dropped: Dropped): RowValues {
  const values: RowValues = { emails: [], phones: [], handles: [], groups: [], favourite: false };
  for (let n = 1; has(`E-mail ${n} - Value`); n++) {
    const label = get(`E-mail ${n} - Label`) || get(`E-mail ${n} - Type`);
    for (const v of split(get(`E-mail ${n} - Value`))) values.emails.push(labelled(v, label));
  }
  for (let n = 1; has(`Phone ${n} - Value`); n++) {
    const label = get(`Phone ${n} - Label`) || get(`Phone ${n} - Type`);
    for (const v of split(get(`Phone ${n} - Value`))) values.phones.push(labelled(v, label));
  }
  for (let n = 1; has(`IM ${n} - Value`); n++) {
    for (const v of split(get(`IM ${n} - Value`))) if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(v)) values.handles.push(v);
  }
  // Websites: messenger addresses written as URIs (xmpp:, kakaotalk:, ... as Ferry's own Google CSV writes them) are handles; web pages are not kept.
  for (let n = 1; has(`Website ${n} - Value`); n++) {
    for (const v of split(get(`Website ${n} - Value`))) {
      if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(v) && !/^https?:/i.test(v)) values.handles.push(v);
      else countDropped(dropped, 'Website');
    }
  }
  for (const g of split(get('Labels') || get('Group Membership'))) {
    if (g === '* starred') values.favourite = true;
    else if (g.startsWith('* ')) continue; // Google's own labels ("* myContacts", "* other").
    else values.groups.push(g);
  }
  return values;
}
