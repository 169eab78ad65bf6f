import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { AccessModule } from '../apps/kiosk/src/access/access.module';
import { AccessService } from '../apps/kiosk/src/access/access.service';
import { SqliteConnection } from '../apps/kiosk/src/database/sqlite/sqlite-connection';
import { uidRead } from './harness/card-tap';
import {
  BENCH_DOOR,
  createGroups,
  openKioskDatabase,
  populateCredentials,
} from './harness/kiosk-database';
import { dist, round, type BenchOptions, type BenchOutcome, type BenchRow } from './harness/report';
import { distributionOf, now, msSince, ratio, type Distribution } from './harness/stats';

/**
 * The raw floor: the credential row by the UNIQUE (kind, lookup_key) index, prepared once, both
 * keys bound, on a connection that maps the file as the service's does. Not `kind = 'uid' AND lookup_key = ?`: with the kind a literal beside a bound key,
 * SQLite's lookup took 1.2-1.6x as long (bench/README.md, decision), so the floor was not the
 * best raw lookup.
 */
const RAW_LOOKUP = `SELECT id, holder_id, kind, display, status, valid_from, valid_until, uses_left
  FROM credentials WHERE kind = ? AND lookup_key = ?`;

interface Paired {
  product: Distribution;
  raw: Distribution;
  samples: { product: number[]; raw: number[] };
}

/**
 * The decision (credential lookup, holder and groups, the rule) against the raw lookup, in pairs:
 * each pair runs both on different enrolled cards, so noise lands on both sides alike. With
 * `idleMs`, each of the two runs after its own pause: whatever runs first after a pause pays for
 * cold CPU caches (about 80 us here), and only one of them paying would be no comparison.
 */
async function measurePairs(
  access: AccessService,
  raw: Database.Statement,
  uids: readonly string[],
  pairs: number,
  idleMs: number,
): Promise<Paired> {
  const product: number[] = [];
  const floor: number[] = [];
  const door = { id: BENCH_DOOR, lockdown: false };
  for (let i = 0; i < pairs; i++) {
    const a = uids[i % uids.length]!;
    const b = uids[(i + (uids.length >> 1)) % uids.length]!;
    const read = uidRead(a);
    if (idleMs > 0) await sleep(idleMs);
    let start = now();
    const verdict = access.decide(read, door, new Date());
    product.push(msSince(start));
    if (!verdict.holder) throw new Error(`the enrolled card ${a} was not found`);
    if (idleMs > 0) await sleep(idleMs);
    start = now();
    const row = raw.get('uid', b);
    floor.push(msSince(start));
    if (!row) throw new Error(`the raw lookup missed ${b}`);
  }
  return {
    product: distributionOf(product),
    raw: distributionOf(floor),
    samples: { product, raw: floor },
  };
}

export async function decisionBench(options: BenchOptions): Promise<BenchOutcome> {
  const sizes = options.smoke
    ? [100, 1_000]
    : (process.env.BENCH_DECISION_SIZES?.split(',').map(Number) ?? [10_000, 100_000, 1_000_000]);
  const backToBack = options.smoke ? 200 : 20_000;
  const afterIdle = options.smoke ? 5 : 200;
  const idleMs = options.smoke ? 2 : 20;
  const rows: BenchRow[] = [];
  const p50BySize = new Map<number, number>();
  let drawn: BenchOutcome['samples'];
  for (const size of sizes) {
    const kiosk = await openKioskDatabase(options.workDir, [AccessModule]);
    try {
      const groupIds = await createGroups(kiosk.db);
      const start = now();
      const uids = populateCredentials(kiosk.db.outside(), size, groupIds, 2_000);
      options.log(
        `decision: ${size} credentials enrolled in ${(msSince(start) / 1000).toFixed(1)} s`,
      );
      const access = kiosk.db.module.get(AccessService);
      const rawDb = new Database(kiosk.db.path, { readonly: true });
      // The service's own reading of pages (database.mmapMb): the floor is the same lookup done
      // bare, not one that copies every page the service reads in place.
      const { mmapBytes } = kiosk.db.module.get(SqliteConnection, { strict: false }).settings();
      rawDb.pragma(`mmap_size = ${mmapBytes}`);
      const raw = rawDb.prepare(RAW_LOOKUP);
      // Warm up both (JIT, statement caches, the policy's first load).
      await measurePairs(access, raw, uids, Math.min(2_000, backToBack), 0);
      const hot = await measurePairs(access, raw, uids, backToBack, 0);
      const idle = await measurePairs(access, raw, uids, afterIdle, idleMs);
      rawDb.close();
      p50BySize.set(size, hot.product.p50);
      const last = size === sizes[sizes.length - 1];
      if (last)
        drawn = {
          title: `Decision at ${size} credentials, back to back`,
          unit: 'ms',
          series: {
            'AccessService.decide': hot.samples.product,
            'raw indexed lookup': hot.samples.raw,
          },
        };
      for (const [label, m] of [
        ['back to back', hot],
        [`after ${idleMs} ms idle`, idle],
      ] as const) {
        const within2x = m.product.p50 <= 2 * m.raw.p50;
        const p99ok = !last || m.product.p99 < 0.2;
        rows.push({
          benchmark: 'decision',
          case: `${size} credentials, ${label}`,
          unit: 'ms',
          product: dist(m.product, 4),
          floor: dist(m.raw, 4),
          ratio: {
            p50: round(ratio(m.product.p50, m.raw.p50)),
            p99: round(ratio(m.product.p99, m.raw.p99)),
          },
          target: last ? 'p50 <= 2x raw; p99 < 0.2 ms' : 'p50 <= 2x raw',
          met: within2x && p99ok,
        });
      }
    } finally {
      await kiosk.close();
    }
  }
  const first = p50BySize.get(sizes[0]!)!;
  const largest = p50BySize.get(sizes[sizes.length - 1]!)!;
  rows.push({
    benchmark: 'decision',
    case: `p50 at ${sizes[sizes.length - 1]} over p50 at ${sizes[0]}`,
    unit: 'ms',
    product: { p50: round(largest, 4) },
    floor: { p50: round(first, 4) },
    ratio: { p50: round(ratio(largest, first)) },
    target: 'within 1.5x',
    met: largest <= 1.5 * first,
    note: 'the floor column here is the product at the smallest size',
  });
  return { rows, samples: drawn };
}
