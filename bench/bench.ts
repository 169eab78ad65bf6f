import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApiBench } from './admin-api.bench';
import { auditAppendBench } from './audit-append.bench';
import { auditExportBench } from './audit-export.bench';
import { bulkImportBench } from './bulk-import.bench';
import { decisionBench } from './decision.bench';
import { memoryBench } from './memory.bench';
import { startupBench } from './startup.bench';
import { tapToRelayBench } from './tap-to-relay.bench';
import { describeMachine } from './harness/machine';
import { latencySvg } from './harness/latency-svg';
import { repoRoot } from './harness/repo-root';
import { formatTable, type BenchOptions, type BenchOutcome, type BenchRow } from './harness/report';

/** Every benchmark by the name `npm run bench -- <name>` takes, in the order a full run takes them. */
export const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<BenchOutcome>> = {
  decision: decisionBench,
  'audit-append': auditAppendBench,
  'start-up': startupBench,
  'bulk-import': bulkImportBench,
  'audit-export': auditExportBench,
  'admin-api': adminApiBench,
  'tap-to-relay': tapToRelayBench,
  memory: memoryBench,
};

/** Those that run inside this process, with no built kiosk and no pcscd: the unit smoke run. */
export const IN_PROCESS_BENCHMARKS = ['decision', 'audit-append', 'bulk-import'];

/**
 * Those that start the machine's one pcscd (its socket path is fixed): a run of any of them holds
 * the lock the e2e specs take (/tmp/kiosk-pcscd.lock), so neither stops the other's daemon.
 * (memory runs a pcscd of its own, in a mount namespace of its own: BenchPcscd.startPrivate.)
 */
export const PCSCD_BENCHMARKS = ['tap-to-relay'];
const PCSCD_LOCK = '/tmp/kiosk-pcscd.lock';
const LOCK_HELD = 'KIOSK_BENCH_PCSCD_LOCK_HELD';

export interface BenchRun {
  machine: ReturnType<typeof describeMachine>;
  startedAt: string;
  smoke: boolean;
  rows: BenchRow[];
  samples: NonNullable<BenchOutcome['samples']>[];
}

/** Runs the named benchmarks (all when none) and returns their rows; writes nothing. */
export async function runBenchmarks(
  names: readonly string[],
  options: BenchOptions,
): Promise<BenchRun> {
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length)
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
    );
  const run: BenchRun = {
    machine: describeMachine(),
    startedAt: new Date().toISOString(),
    smoke: options.smoke,
    rows: [],
    samples: [],
  };
  for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
    options.log(`${name}: running${options.smoke ? ' (smoke)' : ''}`);
    const outcome = await BENCHMARKS[name]!(options);
    run.rows.push(...outcome.rows);
    if (outcome.samples) run.samples.push(outcome.samples);
  }
  return run;
}

/** Writes the run's JSON, and an SVG per set of samples beside it; returns the paths. */
export function writeResults(run: BenchRun, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = run.startedAt.replace(/[:.]/g, '-');
  const kind = run.smoke ? 'smoke' : 'bench';
  const json = join(dir, `${kind}-${stamp}.json`);
  // The samples themselves go to the SVGs; the JSON keeps how many (the rows hold the percentiles).
  const summary = {
    ...run,
    samples: run.samples.map((x) => ({
      title: x.title,
      unit: x.unit,
      n: Object.fromEntries(Object.entries(x.series).map(([name, v]) => [name, v.length])),
    })),
  };
  writeFileSync(json, JSON.stringify(summary, null, 2) + '\n');
  const written = [json];
  for (const s of run.samples) {
    const slug = s.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const svg = join(dir, `${kind}-${stamp}-${slug}.svg`);
    writeFileSync(svg, latencySvg(s.title, s.unit, s.series));
    written.push(svg);
  }
  return written;
}

async function main(argv: string[]): Promise<void> {
  const smoke = argv.includes('--smoke');
  const names = argv.filter((a) => !a.startsWith('--'));
  const needsPcscd = (names.length ? names : Object.keys(BENCHMARKS)).some((n) =>
    PCSCD_BENCHMARKS.includes(n),
  );
  if (needsPcscd && process.env[LOCK_HELD] !== '1') {
    // The run again, under flock: it waits for an e2e spec's pcscd to go, and keeps theirs away.
    const locked = spawnSync('flock', [PCSCD_LOCK, process.execPath, __filename, ...argv], {
      stdio: 'inherit',
      env: { ...process.env, [LOCK_HELD]: '1' },
    });
    process.exitCode = locked.status ?? 1;
    return;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const run = await runBenchmarks(names, {
    smoke,
    workDir: join(tmpdir(), 'kiosk-bench'),
    log,
  });
  process.stdout.write(`${formatTable(run.rows)}\n`);
  const dir = join(repoRoot(), 'bench', 'results');
  for (const path of writeResults(run, smoke ? join(tmpdir(), 'kiosk-bench-results') : dir))
    log(`wrote ${path}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
