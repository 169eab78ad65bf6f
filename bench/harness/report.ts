import type { Distribution } from './stats';

/**
 * One row of the results table: a product measurement beside its floor, measured in the same run.
 * `unit` says what the numbers are; `target` says what the issue asks and `met` whether this run
 * met it (null: nothing to judge, e.g. a figure reported for information).
 */
export interface BenchRow {
  benchmark: string;
  case: string;
  unit: string;
  product: Record<string, number>;
  floor: Record<string, number> | null;
  /** product / floor for the headline figure (e.g. p50), when there is a floor. */
  ratio: Record<string, number> | null;
  target: string;
  met: boolean | null;
  note?: string;
}

/** What one benchmark hands back: its rows, and latency samples to draw (tap to relay). */
export interface BenchOutcome {
  rows: BenchRow[];
  samples?: { title: string; unit: string; series: Record<string, number[]> };
}

export interface BenchOptions {
  /** Tiny sizes: the test suite runs every benchmark this way so that none can rot. */
  smoke: boolean;
  /** Where temporary databases go (on disk); tmpfs cases use /dev/shm. */
  workDir: string;
  log: (line: string) => void;
}

export function dist(d: Distribution, digits = 3): Record<string, number> {
  const r = (x: number) => Number(x.toFixed(digits));
  return { n: d.n, p50: r(d.p50), p95: r(d.p95), p99: r(d.p99), max: r(d.max) };
}

export function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}

function figures(values: Record<string, number> | null): string {
  if (!values) return '-';
  return Object.entries(values)
    .filter(([k]) => k !== 'n')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** The table printed at the end of a run, one line per row. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'case', 'unit', 'product', 'floor', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.benchmark,
    r.case,
    r.unit,
    figures(r.product),
    figures(r.floor),
    figures(r.ratio),
    r.target,
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join(
    '\n',
  );
}
