/**
 * When a Telegram message was sent. Telegram Desktop writes `date_unixtime` (an instant) and
 * `date` (the exporting computer's wall clock, no zone); older exports only `date`; other
 * exporters write `date` as ISO 8601 with milliseconds and a zone (`2017-01-01T06:20:09.248Z`,
 * `2021-03-05T10:15:00+03:00`), which is an instant too.
 */
import { isoInstant, LATEST_MS } from '../kit/json-input.js';
import { validDay } from '../kit/text.js';
import { isoInZone, wallClockReadings, wallClockToEpochMs, wallClockToIso } from '../kit/wall-clock.js';

type Json = Record<string, unknown>;

export interface MessageTime {
  timestamp: string;
  /** Epoch ms of `timestamp`. */
  ms: number;
  /** The printed `date`, when it had no zone and was read in the zone given. */
  wallClock?: string;
  /** The wall clock named two instants (the hour a clock change repeats) and file order chose. */
  chosen?: boolean;
}

/** A date the export gives that no clock can show (`2024-02-30`, `25:61`, a Unix time past 2200). */
export class ImpossibleDate {
  constructor(
    readonly field: 'date' | 'date_unixtime',
    readonly value: string,
  ) {}
}

const two = (n: number) => String(n).padStart(2, '0');

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * The instant of a message: `date_unixtime` when present (an instant), else `date`: an instant
 * when it names its zone, otherwise the wall clock read in `zone`. In the hour a clock change
 * repeats, the reading is the first one not before `notBefore` (the message above it in the
 * file: Telegram writes a chat in the order it was sent), so the second 02:05 of the night is
 * the later one. Undefined when the message has no date; ImpossibleDate when it has one no
 * clock shows.
 */
export function timeOf(raw: Json, zone: string, notBefore = -Infinity): MessageTime | ImpossibleDate | undefined {
  const unix = raw.date_unixtime;
  if ((typeof unix === 'string' && unix.trim() !== '') || typeof unix === 'number') {
    const seconds = Number(unix);
    if (Number.isFinite(seconds)) {
      const timestamp = isoInstant(seconds * 1000);
      return timestamp === undefined ? new ImpossibleDate('date_unixtime', String(unix)) : { timestamp, ms: Date.parse(timestamp) };
    }
  }
  if (typeof raw.date !== 'string') return undefined;
  const m = ISO.exec(raw.date.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const milli = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const impossible = new ImpossibleDate('date', raw.date);
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return impossible;
  const zoneText = m[8];
  if (zoneText) {
    let offset = 0;
    if (zoneText.toUpperCase() !== 'Z') {
      const digits = zoneText.slice(1).replace(':', '');
      const hours = Number(digits.slice(0, 2));
      const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (hours > 14 || minutes > 59) return impossible;
      offset = (zoneText[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
    }
    const ms = Date.UTC(year, month - 1, day, hour, minute, second, milli) - offset * 60_000;
    if (isoInstant(ms) === undefined) return impossible;
    // The archive keeps the source's own offset when it gives one (schemas/message.schema.json, timestamp).
    const abs = Math.abs(offset);
    const zoneOut = zoneText.toUpperCase() === 'Z' ? 'Z' : `${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
    const timestamp = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${two(second)}${milli ? `.${String(milli).padStart(3, '0')}` : ''}${zoneOut}`;
    return { timestamp, ms };
  }
  const readings = wallClockReadings(zone, year, month, day, hour, minute, second).map((r) => r + milli);
  let ms = readings.find((r) => r >= notBefore) ?? readings[0];
  // No reading: the hour the clock skipped; read with the offset before the change, as everywhere.
  if (ms === undefined) ms = wallClockToEpochMs(zone, year, month, day, hour, minute, second) + milli;
  if (!(ms < LATEST_MS)) return impossible;
  const plain = readings.length <= 1 && milli === 0;
  const timestamp = plain ? wallClockToIso({ year, month, day, hour, minute, second }, zone) : isoInZone(ms, zone);
  return { timestamp, ms, wallClock: raw.date, ...(readings.length > 1 ? { chosen: true } : {}) };
}
