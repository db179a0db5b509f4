/** What one row gives besides the name, whichever layout it is in. */
import type { LabelledValue } from '../../model/types.js';

export interface RowValues {
  emails: LabelledValue[];
  phones: LabelledValue[];
  /** Addresses as URIs (`xmpp:…`), besides the `tel:` and `mailto:` ones made from phones and e-mails. */
  handles: string[];
  groups: string[];
  favourite: boolean;
}

/** A cell of the row by column name, trimmed ("" when the column is absent). */
export type Cell = (column: string) => string;

/** Counts of non-empty values Ferry does not keep, by column. */
export type Dropped = Map<string, number>;

export function countDropped(dropped: Dropped, column: string): void {
  dropped.set(column, (dropped.get(column) ?? 0) + 1);
}
