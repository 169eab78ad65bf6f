/**
 * A latency distribution as a small standalone SVG: one histogram per series on one shared
 * linear axis, with p50 and p99 marked. Hand-written: a chart library would
 * weigh more than the benchmarks.
 */
const WIDTH = 720;
const ROW = 150;
const MARGIN = { left: 60, right: 20, top: 40, bottom: 40 };
const BINS = 40;
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];

export function latencySvg(title: string, unit: string, series: Record<string, number[]>): string {
  const names = Object.keys(series).filter((n) => series[n]!.length > 0);
  const all = names.flatMap((n) => series[n]!);
  // The axis ends at the 99th percentile of all samples: one 100 ms stall (a shared machine)
  // would squeeze everything else into the first bin. Longer samples count in the last bin.
  const max = all.length ? nearestRank(all, 99) : 1;
  const binWidth = max / BINS || 1;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const height = MARGIN.top + names.length * ROW + MARGIN.bottom;
  const x = (v: number) => MARGIN.left + (v / (binWidth * BINS)) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14">${escape(title)}</text>`,
  ];
  names.forEach((name, i) => {
    const values = series[name]!;
    const counts = new Array<number>(BINS).fill(0);
    for (const v of values) counts[Math.min(BINS - 1, Math.floor(v / binWidth))]! += 1;
    const top = MARGIN.top + i * ROW;
    const base = top + ROW - 30;
    const peak = Math.max(...counts, 1);
    const colour = COLOURS[i % COLOURS.length]!;
    parts.push(
      `<text x="${MARGIN.left}" y="${top + 12}">${escape(name)} (n=${values.length})</text>`,
    );
    counts.forEach((c, b) => {
      const h = (c / peak) * (ROW - 50);
      parts.push(
        `<rect x="${x(b * binWidth).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${(plotWidth / BINS - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"/>`,
      );
    });
    for (const [label, p] of [
      ['p50', 50],
      ['p99', 99],
    ] as const) {
      const v = nearestRank(values, p);
      parts.push(
        `<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top + 16}" y2="${base}" stroke="black" stroke-dasharray="3,2"/>`,
        `<text x="${(x(v) + 3).toFixed(1)}" y="${top + 26}">${label} ${v.toFixed(2)} ${escape(unit)}</text>`,
      );
    }
    parts.push(
      `<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${base}" y2="${base}" stroke="#888"/>`,
    );
  });
  const axisY = height - MARGIN.bottom + 5;
  for (let t = 0; t <= 4; t++) {
    const v = (binWidth * BINS * t) / 4;
    parts.push(
      `<text x="${x(v).toFixed(1)}" y="${axisY + 12}" text-anchor="middle">${v.toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<text x="${WIDTH / 2}" y="${height - 5}" text-anchor="middle">${escape(unit)}</text>`,
    '</svg>',
  );
  return parts.join('\n') + '\n';
}

function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function escape(text: string): string {
  return text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
