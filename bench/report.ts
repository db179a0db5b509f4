/** One benchmark figure, printed as one JSON line. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  /** What the same work measured on the peer named in the issue, in the same run. */
  peer: { name: string; value: number } | null;
  /** value / peer.value, so >1 means Ferry is faster for rates (slower for times). */
  ratio: number | null;
}

export function report(figure: Figure): void {
  process.stdout.write(JSON.stringify(figure) + '\n');
}

