import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBenchmarks, writeResults, IN_PROCESS_BENCHMARKS } from './bench';

/**
 * Every in-process benchmark at tiny sizes, so that none can rot: each gives rows with a product
 * figure and its floor, measured, and a run writes its JSON (and SVGs). The ones that need the
 * built kiosk or pcscd run in test/bench-smoke.e2e-spec.ts. Speed is not judged here.
 */
describe('benchmarks, smoke run', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-smoke-'));
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it.each(IN_PROCESS_BENCHMARKS)(
    '%s gives measured rows beside their floors',
    async (name) => {
      const run = await runBenchmarks([name], { smoke: true, workDir, log: () => undefined });
      expect(run.rows.length).toBeGreaterThan(0);
      for (const row of run.rows) {
        expect(row.benchmark).toBe(name);
        const figures = Object.values(row.product);
        expect(figures.length).toBeGreaterThan(0);
        for (const f of figures) expect(Number.isFinite(f) && f >= 0).toBe(true);
        if (row.floor)
          for (const f of Object.values(row.floor)) expect(Number.isFinite(f) && f >= 0).toBe(true);
      }
      expect(run.rows.some((r) => r.floor !== null)).toBe(true);
    },
    60_000,
  );

  it('writes the run as JSON with the machine, and each sample set as an SVG', () => {
    const run = {
      machine: {
        cpuModel: 'x',
        cores: 2,
        memoryMiB: 1,
        freeMemoryMiB: 1,
        loadAverage: [0],
        os: 'Linux',
        node: process.version,
        commit: 'abc',
        dirty: false,
      },
      startedAt: '2026-01-01T00:00:00.000Z',
      smoke: true,
      rows: [],
      samples: [
        { title: 'Tap to relay', unit: 'ms', series: { kiosk: [1, 2, 3], floor: [0.5, 1] } },
      ],
    };
    const [json, svg] = writeResults(run, join(workDir, 'out'));
    expect(JSON.parse(readFileSync(json!, 'utf8'))).toEqual({
      ...run,
      samples: [{ title: 'Tap to relay', unit: 'ms', n: { kiosk: 3, floor: 2 } }],
    });
    const drawing = readFileSync(svg!, 'utf8');
    expect(drawing).toMatch(/^<svg /);
    expect(drawing).toContain('kiosk (n=3)');
    expect(drawing).toContain('p99 3.00 ms');
  });
});
