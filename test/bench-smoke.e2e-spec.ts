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
});
