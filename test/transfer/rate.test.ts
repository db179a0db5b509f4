import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../src/transfer/rate.js';

describe('rate and time left', () => {
  it('knows nothing from one sample, then gives items per second and seconds left', () => {
    const meter = new RateMeter();
    meter.sample(0, 1_000);
    expect(meter.estimate(1_000)).toEqual({});
    meter.sample(250, 2_000);
    expect(meter.estimate(1_000)).toEqual({ perSecond: 250, secondsLeft: 3 });
    expect(meter.estimate()).toEqual({ perSecond: 250 });
  });

  it('follows a slowdown within the window instead of averaging over the whole run', () => {
    const meter = new RateMeter(2_000);
    for (let s = 0; s <= 10; s++) meter.sample(s * 1_000, s * 1_000); // 1,000 a second for 10 s
    for (let s = 11; s <= 14; s++) meter.sample(10_000 + (s - 10) * 100, s * 1_000); // then 100 a second
    expect(meter.estimate(20_000).perSecond).toBeCloseTo(100, 5);
    expect(meter.estimate(20_000).secondsLeft).toBeCloseTo((20_000 - 10_400) / 100, 5);
  });

  it('says zero and no time left estimate when nothing moves, and never a negative time', () => {
    const meter = new RateMeter();
    meter.sample(5, 0);
    meter.sample(5, 1_000);
    expect(meter.estimate(10)).toEqual({ perSecond: 0 });
    meter.sample(20, 2_000);
    expect(meter.estimate(10).secondsLeft).toBe(0);
  });
});
