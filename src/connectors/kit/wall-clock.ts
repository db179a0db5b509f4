/**
 * Wall-clock times to instants. Most chat export files (KakaoTalk, WhatsApp, LINE) print local
 * times with no zone; the archive stores ISO 8601 with an offset, taken from the zone the user
 * names (`--tz`) or the machine's. Browser-safe (Intl only), and fast enough for a million
 * messages: Intl is asked once per zone and quarter hour, not once per message.
 */

export interface WallClock {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/** Throws a RangeError naming the zone when it is not an IANA zone this runtime knows. */
export function checkTimeZone(zone: string): void {
  formatterFor(zone);
}

/** The machine's zone, for `--tz`'s default. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`"${zone}" is not a time zone this system knows; give an IANA name such as Asia/Seoul or Europe/Berlin.`);
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC in `zone` at the instant `utcMs`. */
export function offsetMinutes(zone: string, utcMs: number): number {
  const key = `${zone}|${Math.floor(utcMs / QUARTER_HOUR)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
  if (offsetCache.size > 200_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Offset to read a local time with, by zone and local quarter hour (zones change offset only on quarter hours). */
const localOffsetCache = new Map<string, Map<number, number>>();

/** Per zone and local day: the offset when it holds all day (no change within 14 hours either side), else null. */
const dayOffsetCache = new Map<string, Map<number, number | null>>();
const DAY = 86_400_000;
const MARGIN = 14 * 3_600_000;

function offsetForLocal(zone: string, localMs: number): number {
  // Most days have one offset all day: one lookup per day instead of per quarter hour.
  let byDay = dayOffsetCache.get(zone);
  if (!byDay) dayOffsetCache.set(zone, (byDay = new Map()));
  const day = Math.floor(localMs / DAY);
  let whole = byDay.get(day);
  if (whole === undefined) {
    const before = offsetMinutes(zone, day * DAY - MARGIN);
    const after = offsetMinutes(zone, (day + 1) * DAY + MARGIN);
    whole = before === after && offsetMinutes(zone, day * DAY + DAY / 2) === before ? before : null;
    if (byDay.size > 200_000) byDay.clear();
    byDay.set(day, whole);
  }
  if (whole !== null) return whole;
  let byBucket = localOffsetCache.get(zone);
  if (!byBucket) localOffsetCache.set(zone, (byBucket = new Map()));
  const bucket = Math.floor(localMs / QUARTER_HOUR);
  let offset = byBucket.get(bucket);
  if (offset === undefined) {
    // The offsets in force half a day either side; a reading is valid when the zone really has
    // that offset at the instant it gives. Two valid readings: the hour repeats, and the earlier
    // instant (the larger offset) wins. None: the hour was skipped, read it with the old offset.
    const earlier = offsetMinutes(zone, localMs - 12 * 3_600_000);
    const later = offsetMinutes(zone, localMs + 12 * 3_600_000);
    const valid = [earlier, later].filter((o) => offsetMinutes(zone, localMs - o * 60_000) === o);
    offset = valid.length ? Math.max(...valid) : earlier;
    if (byBucket.size > 200_000) byBucket.clear();
    byBucket.set(bucket, offset);
  }
  return offset;
}

/**
 * The instant (ms since the epoch) `wallClockToIso` would name, from plain numbers and without
 * building any text: for readers that must know the time order before they write (a time in a
 * skipped hour, read with the old offset, can fall before the minutes just ahead of it).
 */
export function wallClockToEpochMs(zone: string, year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second);
  return localMs - offsetForLocal(zone, localMs) * 60_000;
}

/**
 * Every instant (epoch ms, ascending) a wall-clock time names in `zone`: one on most days, two in
 * the hour the clock repeats in autumn, none in the hour it skips in spring. For readers whose
 * file order says which of two readings is meant (the second 02:05 of a night is the later one).
 */
export function wallClockReadings(zone: string, year: number, month: number, day: number, hour: number, minute: number, second = 0): number[] {
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const earlier = offsetMinutes(zone, localMs - 12 * 3_600_000);
  const later = offsetMinutes(zone, localMs + 12 * 3_600_000);
  const offsets = earlier === later ? [earlier] : [earlier, later];
  const readings = offsets.filter((o) => offsetMinutes(zone, localMs - o * 60_000) === o).map((o) => localMs - o * 60_000);
  return readings.sort((a, b) => a - b);
}

/** ISO 8601 of an instant with `zone`'s offset then ("2020-10-25T02:05:00+01:00"), milliseconds only when there are some. */
export function isoInZone(ms: number, zone: string): string {
  const offset = offsetMinutes(zone, ms);
  const local = new Date(ms + offset * 60_000);
  const fraction = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${fraction ? `.${pad(fraction, 3)}` : ''}${offsetText(offset)}`
  );
}

/**
 * ISO 8601 with the zone's offset at that moment, e.g. "2021-12-29T20:36:00+09:00". In an hour
 * the clock repeats (autumn) the earlier reading wins; in an hour it skips (spring) the time is
 * read with the offset before the change.
 */
export function wallClockToIso(wall: WallClock, zone: string): string {
  const second = wall.second ?? 0;
  const localMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, second);
  if (Number.isNaN(localMs)) throw new RangeError(`not a date: ${JSON.stringify(wall)}`);
  // Chats come in bursts: many messages share a minute, and their text is the same.
  if (localMs === last.localMs && zone === last.zone) return last.iso;
  const offset = offsetForLocal(zone, localMs);
  const iso = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(second)}${offsetText(offset)}`;
  last = { localMs, zone, iso };
  return iso;
}

let last = { localMs: NaN, zone: '', iso: '' };
