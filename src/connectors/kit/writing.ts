/**
 * What writers share about their inputs and results: checking the zone a person gave, and the
 * kept / dropped lines the CLI prints and the import page shows (the e2e compares the two).
 * Browser-safe.
 */
import type { FidelityNote } from '../../model/types.js';
import { WriterInputError, type WriterParams, type WriterResult } from '../contract.js';
import { checkTimeZone } from './wall-clock.js';

/** The zone for conversations whose source stated none: the one given (checked), else UTC. */
export function zoneParam(params: WriterParams): string {
  const zone = params.timeZone || 'UTC';
  try {
    checkTimeZone(zone);
  } catch (e) {
    throw new WriterInputError('zone-invalid', (e as Error).message);
  }
  return zone;
}

/** Where a writer records what it imported into, and when (the fidelity notes' account and at). */
export interface WriteStamp {
  /** The account imported into; each writer has its own default (its target's name). */
  account?: string;
  /** ISO instant recorded in the notes. */
  at?: string;
}

/**
 * What a writer dropped or changed, counted per item and reason: one item may be dropped for
 * several reasons (XEP-0227 drops messages of group chats and messages without text), and each
 * is a line of its own.
 */
export class DropTally {
  private counts = new Map<string, { item: string; count: number; reason: string }>();
  add(item: string, reason: string, n = 1): void {
    if (n <= 0) return;
    const key = `${item}\u0000${reason}`;
    const entry = this.counts.get(key);
    if (entry) entry.count += n;
    else this.counts.set(key, { item, count: n, reason });
  }
  /** The stage "import" fidelity notes, in the order the items were first seen. */
  notes(account: string, at?: string): FidelityNote[] {
    return [...this.counts.values()].map(({ item, count, reason }) => ({ stage: 'import', account, item, count, reason, ...(at ? { at } : {}) }));
  }
}

/** One kind of thing a target dropped or changed, with how many and why (English, from the writer). */
export interface DropLine {
  item: string;
  count: number;
  reason: string;
}

export function droppedLines(fidelity: readonly FidelityNote[]): DropLine[] {
  return fidelity.map((n) => ({ item: n.item, count: n.count, reason: n.reason }));
}

/** The counts as the CLI prints them; the page's table shows the same numbers. */
export function reportLines(result: Pick<WriterResult, 'kept' | 'fidelity'>): string[] {
  return [
    `kept: ${Object.entries(result.kept).map(([k, v]) => `${v} ${k}`).join(', ')}`,
    ...droppedLines(result.fidelity).map((d) => `dropped or changed: ${d.item}: ${d.count} (${d.reason})`),
  ];
}
