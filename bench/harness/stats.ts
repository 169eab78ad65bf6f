/** Percentiles and timing for the benchmarks: plain numbers, no library. */

/** The p-th percentile (0-100) of `samples`, nearest-rank; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function distributionOf(samples: readonly number[]): Distribution {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
  };
}

/** Milliseconds since an earlier `now()`, from the monotonic high-resolution clock. */
export function now(): bigint {
  return process.hrtime.bigint();
}

export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Times `fn` once, in ms. */
export function timeMs(fn: () => unknown): number {
  const start = now();
  fn();
  return msSince(start);
}

/**
 * The slope of a least-squares line through (x, y), in y per unit of x: the memory row's trend.
 */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function ratio(product: number, floor: number): number {
  return floor > 0 ? product / floor : NaN;
}

/**
 * The memory targets are in MB (10^6 bytes); /proc reports KiB and the rows read MiB.
 * 120 MB is 114.4 MiB, 150 MB is 143.1 MiB: a row compares in MiB against this.
 */
export function megabytesInMiB(megabytes: number): number {
  return (megabytes * 1e6) / 1024 ** 2;
}
