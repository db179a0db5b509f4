/** When a Telegram message was sent: `date_unixtime` (an instant) or `date` (the exporting computer's wall clock). */
import { isoFromMs } from '../kit/json-input.js';
import { wallClockToIso } from '../kit/wall-clock.js';

type Json = Record<string, unknown>;

/** The instant of a message: `date_unixtime` when present (an instant), else `date` read in the given zone. */
export function timeOf(raw: Json, zone: string): { timestamp: string; wallClock?: string } | undefined {
  if (typeof raw.date_unixtime === 'string' || typeof raw.date_unixtime === 'number') {
    const seconds = Number(raw.date_unixtime);
    if (Number.isFinite(seconds)) return { timestamp: isoFromMs(seconds * 1000) };
  }
  if (typeof raw.date === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(raw.date);
    if (m) {
      const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
      return { timestamp: wallClockToIso({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s! }, zone), wallClock: raw.date };
    }
  }
  return undefined;
}
