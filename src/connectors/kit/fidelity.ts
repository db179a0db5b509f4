import type { FidelityNote } from '../../model/types.js';

/**
 * What an export file could not give, as the readers report it: one note per kind of loss that
 * actually happened (a count of 0 writes nothing), all at the reading's time for one account.
 */
export function exportLosses(account: string, at: string): { notes: FidelityNote[]; note(item: string, count: number, reason: string): void } {
  const notes: FidelityNote[] = [];
  return {
    notes,
    note(item, count, reason) {
      if (count > 0) notes.push({ stage: 'export', account, item, count, reason, at });
    },
  };
}
