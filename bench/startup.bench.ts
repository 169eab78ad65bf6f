import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessModule } from '../apps/kiosk/src/access/access.module';
import { createGroups, populateCredentials } from './harness/kiosk-database';
import { openTestDatabase } from '../apps/kiosk/src/testing/test-database';
import { nodeStartMs, startKiosk } from './harness/kiosk-service';
import { dist, round, type BenchOptions, type BenchOutcome, type BenchRow } from './harness/report';
import { distributionOf, megabytesInMiB, ratio } from './harness/stats';

/** A kiosk database with `count` enrolled credentials in `dir`, closed, ready for a service. */
async function prepareDatabase(dir: string, count: number): Promise<void> {
  const db = await openTestDatabase([AccessModule], {
    KIOSK_DB: join(dir, 'kiosk.db'),
    KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
    KIOSK_AUDIT_KEY_FILE: join(dir, 'audit-ed25519.pem'),
  });
  try {
    populateCredentials(db.outside(), count, await createGroups(db), 1);
  } finally {
    await db.close();
  }
}

/**
 * Start-up: spawn of the built service until it logs that it is ready for the first tap, beside
 * `node -e 0`; and the memory row's idle RSS, read once the service has settled after start.
 */
export async function startupBench(options: BenchOptions): Promise<BenchOutcome> {
  const sizes = options.smoke ? [100] : [100_000, 1_000_000];
  const starts = options.smoke ? 1 : 5;
  const rows: BenchRow[] = [];
  mkdirSync(options.workDir, { recursive: true });
  for (const size of sizes) {
    const dir = mkdtempSync(join(options.workDir, 'kiosk-start-'));
    try {
      await prepareDatabase(dir, size);
      const kiosk: number[] = [];
      const node: number[] = [];
      const idleRss: number[] = [];
      for (let i = 0; i < starts; i++) {
        node.push(nodeStartMs());
        const started = await startKiosk(dir);
        kiosk.push(started.startMs);
        await sleep(options.smoke ? 200 : 3_000);
        idleRss.push(started.rssMiB());
        await started.stop();
      }
      const k = distributionOf(kiosk);
      const n = distributionOf(node);
      options.log(`start-up ${size}: ${round(k.p50)} ms vs node -e 0 ${round(n.p50)} ms`);
      rows.push({
        benchmark: 'start-up',
        case: `${size} credentials, ${starts} starts`,
        unit: 'ms',
        product: dist(k, 1),
        floor: dist(n, 1),
        ratio: { p50: round(ratio(k.p50, n.p50)) },
        target: size >= 1_000_000 ? '< 1000 ms' : 'reported',
        met: size >= 1_000_000 ? k.p50 < 1_000 : null,
      });
      const rss = distributionOf(idleRss);
      rows.push({
        benchmark: 'memory',
        case: `idle RSS after start-up, ${size} credentials`,
        unit: 'MiB',
        product: { p50: round(rss.p50, 1), max: round(rss.max, 1) },
        floor: null,
        ratio: null,
        target: '< 120 MB idle',
        met: rss.max < megabytesInMiB(120),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows };
}
