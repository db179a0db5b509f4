/**
 * Rate and time left for a long transfer, from (time, done) samples.
 *
 * Over a sliding window rather than since the start: an export's first seconds (roster, profiles)
 * and a server that slows down would otherwise skew the estimate for the whole run.
 */
export interface RateEstimate {
  /** Items per second over the window; undefined until two samples span some time. */
  perSecond?: number;
  /** Seconds left at that rate; undefined when the total or the rate is unknown. */
  secondsLeft?: number;
}

export class RateMeter {
  private readonly samples: { at: number; done: number }[] = [];

  constructor(private readonly windowMs = 10_000) {}

  /** Records that `done` items were finished at `atMs` (a monotonic clock, e.g. performance.now()). */
  sample(done: number, atMs: number): void {
    this.samples.push({ at: atMs, done });
    // Keep one sample older than the window, so the window is always fully covered.
    while (this.samples.length > 2 && this.samples[1]!.at <= atMs - this.windowMs) this.samples.shift();
  }

  estimate(total?: number): RateEstimate {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at <= first.at) return {};
    const perSecond = ((last.done - first.done) * 1000) / (last.at - first.at);
    if (!(perSecond > 0)) return { perSecond: 0 };
    if (total === undefined) return { perSecond };
    return { perSecond, secondsLeft: Math.max(0, total - last.done) / perSecond };
  }
}
