/**
 * A progress line for long work (convert, merge, encrypt, decrypt, xmpp export): count, rate and
 * time left, redrawn in place on standard error when it is a terminal. When it is not (a pipe,
 * a log file, a test), nothing at all is written: a line per update would flood a log, and
 * scripts read standard error for errors.
 */

export interface Progress {
  /** `done` so far (monotonic), and the total when it has become known. */
  update(done: number, total?: number): void;
  /** Adds `n` to what is done. */
  add(n: number): void;
  /** Clears the line (the command's own summary follows). */
  finish(): void;
}

export interface ProgressOptions {
  /** What is counted: "messages" or "bytes" (bytes are shown as MB). */
  unit: 'messages' | 'bytes';
  /** The whole amount, when known; without it there is no time left to show. */
  total?: number;
  /** Where to draw; default process.stderr. Drawing happens only when it is a TTY. */
  stream?: NodeJS.WriteStream;
  /** Clock in milliseconds (tests). */
  now?: () => number;
}

/** Redraws at most this often: often enough to see it move, rarely enough to cost nothing. */
const REDRAW_MS = 250;

const NOTHING: Progress = { update() {}, add() {}, finish() {} };

export function startProgress(label: string, options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (!stream.isTTY) return NOTHING;
  const now = options.now ?? (() => performance.now());
  // The clock starts at the first update, not here: a passphrase typed in between is not work.
  let began: number | undefined;
  let done = 0;
  let total = options.total;
  let drawnAt = 0;
  let drawn = false;
  const draw = () => {
    const t = now();
    began ??= t;
    // Nothing in the first REDRAW_MS either: a short run shows no line at all.
    if (t - Math.max(drawnAt, began) < REDRAW_MS) return;
    drawnAt = t;
    drawn = true;
    stream.write(`\r\x1b[K${progressLine(label, options.unit, done, total, (t - began) / 1000)}`);
  };
  const line: Progress = {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      draw();
    },
    add(n) {
      done += n;
      draw();
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
      shown.delete(line);
    },
  };
  shown.add(line);
  return line;
}

const shown = new Set<Progress>();

/** Clears whatever progress line is on the terminal, so that an error is printed on a line of its own. */
export function clearProgress(): void {
  for (const line of [...shown]) line.finish();
}

/** "convert: 120,000 of 1,000,000 messages, 95,000/s, about 9 s left": the line itself. */
export function progressLine(label: string, unit: 'messages' | 'bytes', done: number, total: number | undefined, seconds: number): string {
  const rate = seconds > 0 ? done / seconds : 0;
  const amount = (n: number) => (unit === 'bytes' ? `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB` : Math.round(n).toLocaleString('en-US'));
  const count = total !== undefined ? `${amount(done)} of ${amount(total)}${unit === 'messages' ? ' messages' : ''}` : `${amount(done)}${unit === 'messages' ? ' messages' : ''}`;
  const speed = unit === 'bytes' ? `${(rate / 1e6).toFixed(0)} MB/s` : `${Math.round(rate).toLocaleString('en-US')}/s`;
  let left = '';
  if (total !== undefined && rate > 0 && done < total) left = `, about ${duration((total - done) / rate)} left`;
  else if (total !== undefined && done >= total) left = ', finishing';
  return `${label}: ${count}, ${speed}${left}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** Passes a byte stream through, counting its bytes into `progress`. */
export async function* counting(source: AsyncIterable<Uint8Array>, progress: Progress): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    progress.add(chunk.length);
    yield chunk;
  }
}
