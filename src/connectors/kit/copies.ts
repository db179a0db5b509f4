/**
 * A text export file may hold more than one export: one chat exported twice and pasted into one
 * file, two exports of a room whose histories overlap, or two rooms one after the other. Each
 * room becomes one conversation, and the records a later copy of a room repeats are left out:
 * each record is kept as many times as the copy that has it most often (a message really sent
 * twice in one minute stays twice). Only rooms that come more than once pay for the bookkeeping.
 */
import type { FileDamage } from './text-files.js';

export class CopyRepeats {
  /** How often each record is in the output so far, from the copies before the current one. */
  private readonly kept = new Map<string, number>();
  private readonly current = new Map<string, number>();
  private copy = 0;
  /** Records left out as repeats. */
  dropped = 0;

  /** Whether the record `key` of copy number `copy` (0, 1, ... in file order) repeats one an earlier copy gave. */
  repeats(copy: number, key: string): boolean {
    if (copy !== this.copy) {
      for (const [k, n] of this.current) if (n > (this.kept.get(k) ?? 0)) this.kept.set(k, n);
      this.current.clear();
      this.copy = copy;
    }
    const n = (this.current.get(key) ?? 0) + 1;
    this.current.set(key, n);
    if (n <= (this.kept.get(key) ?? 0)) {
      this.dropped++;
      return true;
    }
    return false;
  }
}

export interface Room<R> {
  /** The room's name, as its export's header prints it (or the file's name). */
  title: string;
  /** Each export of this room in the file, in file order, as a source of its records (produced afresh on each call). */
  copies: ((damage?: FileDamage) => Iterable<R>)[];
}

/** Exports grouped into rooms by title, in the order the rooms first appear; `about` is the first export's (what its header said). */
export function roomsByTitle<R, A>(exports: readonly { title: string; about: A; records: (damage?: FileDamage) => Iterable<R> }[]): (Room<R> & { about: A })[] {
  const rooms = new Map<string, Room<R> & { about: A }>();
  for (const e of exports) {
    let room = rooms.get(e.title);
    if (!room) rooms.set(e.title, (room = { title: e.title, about: e.about, copies: [] }));
    room.copies.push(e.records);
  }
  return [...rooms.values()];
}

/**
 * The room's records, each once. `key` must say everything that makes two records the same
 * message (time, sender, kind of line, text). With `damage` (the reader's first pass), the repeats
 * left out are counted there, and the copies' own damage (suspicious lines) is reported.
 */
export function* roomRecords<R>(room: Room<R>, key: (record: R) => string, damage?: FileDamage): Generator<R> {
  const repeats = room.copies.length > 1 ? new CopyRepeats() : undefined;
  for (let copy = 0; copy < room.copies.length; copy++) {
    for (const rec of room.copies[copy]!(damage)) if (!repeats?.repeats(copy, key(rec))) yield rec;
  }
  if (damage && repeats) damage.repeated += repeats.dropped;
}
