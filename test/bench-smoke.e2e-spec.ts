import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmarks } from '../bench/bench';

/**
 * The benchmarks that start the built kiosk as a process, at tiny sizes, so that they cannot rot
 * (bench/bench-smoke.spec.ts runs the in-process ones). The service is given no pcscd socket of
 * its own, but the lock is taken all the same (the scripts run e2e specs under flock).
 */
describe('benchmarks on the built service, smoke run', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-smoke-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('start-up gives the start beside node -e 0, and the idle RSS', async () => {
    const run = await runBenchmarks(['start-up'], { smoke: true, workDir, log: () => undefined });
    const start = run.rows.find((r) => r.benchmark === 'start-up')!;
    expect(start.product.p50).toBeGreaterThan(start.floor!.p50!);
    expect(start.ratio!.p50).toBeGreaterThan(1);
    const memory = run.rows.find((r) => r.benchmark === 'memory')!;
    expect(memory.product.p50).toBeGreaterThan(10);
    expect(run.machine.cores).toBeGreaterThan(0);
  }, 60_000);

  it('audit-export gives rows per second and the peak RSS of CSV and NDJSON beside the sqlite3 CLI', async () => {
    const run = await runBenchmarks(['audit-export'], {
      smoke: true,
      workDir,
      log: () => undefined,
    });
    expect(run.rows.map((r) => r.case)).toEqual([
      '200 events as CSV over HTTP',
      '200 events as NDJSON over HTTP',
    ]);
    for (const row of run.rows) {
      expect(row.product.rowsPerSecond).toBeGreaterThan(0);
      expect(row.product.peakRssMiB).toBeGreaterThanOrEqual(row.product.rssBeforeMiB!);
      expect(row.floor!.rowsPerSecond).toBeGreaterThan(0);
    }
  }, 60_000);

  it('admin-api gives a page of holders and an enrolment under 50 connections beside GET /doors', async () => {
    const run = await runBenchmarks(['admin-api'], { smoke: true, workDir, log: () => undefined });
    expect(run.rows.map((r) => r.case)).toEqual([
      'GET /holders, a page of 50, 120 holders, 50 connections',
      'POST /holders, one with a new UID, 120 holders, 50 connections',
    ]);
    for (const row of run.rows) {
      // Every request answered 2xx (the run throws otherwise: a 429 would be the limiter's).
      expect(row.product.n).toBeGreaterThanOrEqual(200);
      expect(row.product.p99).toBeGreaterThanOrEqual(row.product.p50!);
      expect(row.product.requestsPerSecond).toBeGreaterThan(0);
      expect(row.floor!.p50).toBeGreaterThan(0);
      expect(row.ratio!.p99).toBeGreaterThan(0);
    }
  }, 60_000);

  it('tap-to-relay gives vpcd tap to osdp_OUT beside bare pcsclite + OSDP, from pcscd noticing the card and from the card appearing, and the OSDP reader wait', async () => {
    const run = await runBenchmarks(['tap-to-relay'], {
      smoke: true,
      workDir,
      log: () => undefined,
    });
    const [tap, added, fromInsert, raw] = run.rows;
    expect(tap!.product.n).toBe(6);
    expect(tap!.floor!.n).toBe(6);
    expect(tap!.product.p50).toBeGreaterThan(0);
    expect(tap!.floor!.p50).toBeGreaterThan(0);
    expect(added!.product.p50).toBeCloseTo(tap!.product.p50! - tap!.floor!.p50!, 1);
    // pcscd's first look at each card, kiosk's and floor's, was its presence check (the ATR).
    expect(tap!.note).toContain('{"atr":12}');
    // Timed from the card's appearance, every tap is longer by pcscd's poll phase.
    expect(fromInsert!.product.n).toBe(6);
    expect(fromInsert!.product.p50).toBeGreaterThan(tap!.product.p50!);
    expect(fromInsert!.floor!.p50).toBeGreaterThan(tap!.floor!.p50!);
    expect(raw!.product.n).toBe(6);
    expect(raw!.product.max).toBeGreaterThanOrEqual(0);
    expect(Object.values(run.samples[0]!.series).map((s) => s.length)).toEqual([6, 6, 6]);
  }, 120_000);

  it('memory gives the idle RSS and the RSS along OSDP reader taps, with its slope', async () => {
    const run = await runBenchmarks(['memory'], { smoke: true, workDir, log: () => undefined });
    const [idle, along] = run.rows;
    expect(idle!.product.rss).toBeGreaterThan(10);
    expect(along!.case).toContain('300 OSDP reader taps');
    // Some taps were decided (a door each, about one a second), the rest counted by ReaderPace.
    expect(along!.note).toMatch(/decided: [1-9]\d* \(/);
    expect(along!.product.max).toBeGreaterThanOrEqual(along!.product.first!);
    expect(Number.isFinite(along!.product.slopePer10kTaps)).toBe(true);
    // The process's own memory read beside the RSS, which also counts the mapped database.
    expect(Number.isFinite(along!.product.anonymousSlopePer10kTaps)).toBe(true);
    const own = /of which the process's own \(RssAnon[^:]*\): ([\d., ]+)$/.exec(along!.note!);
    expect(own).not.toBeNull();
    expect(Number(own![1]!.split(', ')[0])).toBeGreaterThan(10);
  }, 120_000);
});
