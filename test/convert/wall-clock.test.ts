import { describe, expect, it } from 'vitest';
import { checkTimeZone, wallClockToIso } from '../../src/connectors/kit/wall-clock.js';

describe('wallClockToIso', () => {
  it('reads a Korean wall-clock time as Seoul time', () => {
    expect(wallClockToIso({ year: 2021, month: 12, day: 29, hour: 20, minute: 36 }, 'Asia/Seoul')).toBe('2021-12-29T20:36:00+09:00');
  });
  it('uses the offset in force on that date (summer and winter)', () => {
    expect(wallClockToIso({ year: 2024, month: 7, day: 1, hour: 12, minute: 0, second: 5 }, 'America/New_York')).toBe('2024-07-01T12:00:05-04:00');
    expect(wallClockToIso({ year: 2024, month: 1, day: 1, hour: 12, minute: 0 }, 'America/New_York')).toBe('2024-01-01T12:00:00-05:00');
    expect(wallClockToIso({ year: 2024, month: 1, day: 1, hour: 12, minute: 0 }, 'UTC')).toBe('2024-01-01T12:00:00Z');
  });
  it('takes the earlier reading in a repeated hour and the old offset in a skipped one', () => {
    expect(wallClockToIso({ year: 2024, month: 10, day: 27, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe('2024-10-27T02:30:00+02:00');
    expect(wallClockToIso({ year: 2024, month: 3, day: 31, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe('2024-03-31T02:30:00+01:00');
  });
  it('names an unknown zone and says what to give instead', () => {
    expect(() => checkTimeZone('Mars/Base')).toThrow(/"Mars\/Base" is not a time zone.*IANA name/);
  });
});

describe('wall-clock times, every quarter hour of a year', () => {
  // The offset is looked up once per local day when it holds all day; this checks that shortcut
  // against the definition: the ISO text must name an instant whose local time, in that zone, is
  // the wall-clock time read (except in skipped hours, which have no such instant).
  for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Seoul']) {
    it(`every wall-clock time of 2024 in ${zone} reads as an instant showing that time`, () => {
      const local = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
      let skipped = 0;
      for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 15 * 60_000) {
        const d = new Date(ms);
        const wall = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
        const iso = wallClockToIso(wall, zone);
        const parts = Object.fromEntries(local.formatToParts(new Date(iso)).map((p) => [p.type, Number(p.value)]));
        const same = parts.year === wall.year && parts.month === wall.month && parts.day === wall.day && parts.hour === wall.hour && parts.minute === wall.minute;
        if (!same) skipped++;
      }
      // Only the skipped spring hour (30 minutes at Lord Howe) has no such instant.
      expect(skipped).toBe(zone === 'Asia/Seoul' ? 0 : zone === 'Australia/Lord_Howe' ? 2 : 4);
    });
  }
});
