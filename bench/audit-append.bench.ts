import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AccessModule } from '../apps/kiosk/src/access/access.module';
import { AccessService } from '../apps/kiosk/src/access/access.service';
import { AuditModule } from '../apps/kiosk/src/audit/audit.module';
import { AuditService } from '../apps/kiosk/src/audit/audit.service';
import { uidRead } from './harness/card-tap';
import {
  BENCH_DOOR,
  createGroups,
  openKioskDatabase,
  populateCredentials,
} from './harness/kiosk-database';
import { round, type BenchOptions, type BenchOutcome, type BenchRow } from './harness/report';
import { now, msSince, ratio } from './harness/stats';

/**
 * tmpfs, reached through a link outside /dev/: the kiosk refuses a KIOSK_DB under /dev/ (meant
 * for /dev/null and the like, where SQLite cannot lock); /dev/shm is a real tmpfs where it can.
 */
function tmpfsDir(workDir: string): string {
  const target = '/dev/shm/kiosk-bench';
  const link = join(workDir, 'tmpfs');
  mkdirSync(target, { recursive: true });
  mkdirSync(workDir, { recursive: true });
  if (!existsSync(link)) symlinkSync(target, link);
  return link;
}

/** Appends `count` events; resolves with the time they took, in ms. */
type Appender = (count: number) => Promise<number>;

/**
 * AuditService.record, as the kiosk appends an event: its own BEGIN IMMEDIATE transaction, the
 * hash chain, COMMIT with synchronous=FULL; durable when it resolves. Taps go on between the
 * appends (a decision on an enrolled card, not timed), so the caches are as a working kiosk's.
 */
async function productAppender(
  kiosk: Awaited<ReturnType<typeof openKioskDatabase>>,
): Promise<Appender> {
  const uids = populateCredentials(kiosk.db.outside(), 1_000, await createGroups(kiosk.db), 500);
  const access = kiosk.db.module.get(AccessService);
  const audit = kiosk.db.module.get(AuditService, { strict: false });
  const door = { id: BENCH_DOOR, lockdown: false };
  let i = 0;
  return async (count) => {
    let ms = 0;
    for (const end = i + count; i < end; i++) {
      const read = uidRead(uids[i % uids.length]!);
      const at = new Date();
      const verdict = access.decide(read, door, at);
      const start = now();
      await audit.record({
        type: 'access-decision',
        at,
        doorId: door.id,
        reader: read.reader,
        credentialKind: 'uid',
        credentialDisplay: uids[i % uids.length]!,
        holderId: verdict.holder?.id ?? null,
        outcome: verdict.decision.granted ? 'granted' : 'denied',
        reason: verdict.decision.granted ? null : verdict.decision.reason,
        detail: { cardKind: read.cardKind, atr: read.atr, readMs: 1, decideMs: 0 },
      });
      ms += msSince(start);
    }
    return ms;
  };
}

/**
 * The floor: the same table (its schema, indexes and triggers copied from the kiosk's database)
 * in a file beside it, the same pragmas, one plain INSERT per transaction, prepared once.
 */
function rawAppender(kiosk: Awaited<ReturnType<typeof openKioskDatabase>>): {
  append: Appender;
  close(): void;
} {
  const schema = kiosk.db
    .outside()
    .prepare(
      "SELECT sql FROM sqlite_master WHERE tbl_name = 'audit_events' AND sql IS NOT NULL ORDER BY type <> 'table'",
    )
    .all() as { sql: string }[];
  const db = new Database(join(kiosk.dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 20');
  for (const { sql } of schema) db.exec(sql);
  const insert = db.prepare(
    `INSERT INTO audit_events (at, type, door_id, reader, credential_kind, credential_display,
       holder_id, outcome, reason, detail, prev_hash, hash)
     VALUES (?, 'access-decision', ?, 'Virtual PCD 00 00', 'uid', ?, ?, 'granted', NULL, ?, ?, ?)`,
  );
  const one = db.transaction((i: number, hash: string) =>
    insert.run(
      new Date().toISOString(),
      BENCH_DOOR,
      `04A224E2C35E${(i % 256).toString(16).padStart(2, '0')}`,
      '6f1c1a3e-0d6b-4f53-9a57-6a0f3e0b1c2d',
      '{"cardKind":"contactless-storage","readMs":1,"decideMs":0}',
      hash,
      hash,
    ),
  );
  let i = 0;
  return {
    append: (count) => {
      // Random, as a chain's hashes are to the UNIQUE index on them (sequential ones would only
      // ever append to its last page); made before the clock starts: hashing is the product's.
      const hashes = Array.from({ length: count }, () => randomBytes(32).toString('hex'));
      const start = now();
      for (const hash of hashes) one.immediate(i++, hash);
      return Promise.resolve(msSince(start));
    },
    close: () => db.close(),
  };
}

/**
 * Both, in alternating blocks of BLOCK events: on a shared machine the load changes from second
 * to second, and alternating spreads it over both sides alike.
 */
async function measureMedium(
  parent: string,
  events: number,
): Promise<{ product: number; raw: number }> {
  const kiosk = await openKioskDatabase(parent, [AccessModule, AuditModule]);
  const raw = rawAppender(kiosk);
  try {
    const product = await productAppender(kiosk);
    const block = Math.min(BLOCK, events);
    await product(block);
    await raw.append(block);
    const total = { product: 0, raw: 0 };
    for (let done = 0; done < events; done += block) {
      total.product += await product(block);
      total.raw += await raw.append(block);
    }
    return total;
  } finally {
    raw.close();
    await kiosk.close();
  }
}

const BLOCK = 100;

export async function auditAppendBench(options: BenchOptions): Promise<BenchOutcome> {
  const rows: BenchRow[] = [];
  for (const [medium, parent, events] of [
    ['on disk', options.workDir, options.smoke ? 20 : 2_000],
    ['on tmpfs', tmpfsDir(options.workDir), options.smoke ? 50 : 20_000],
  ] as const) {
    const ms = await measureMedium(parent, events);
    const product = (events / ms.product) * 1000;
    const raw = (events / ms.raw) * 1000;
    options.log(`audit-append ${medium}: ${round(product)} vs raw ${round(raw)} events/s`);
    rows.push({
      benchmark: 'audit-append',
      case: `${events} durable appends ${medium}`,
      unit: 'events/s',
      product: {
        eventsPerSecond: round(product, 0),
        usPerEvent: round((ms.product * 1000) / events, 1),
      },
      floor: { eventsPerSecond: round(raw, 0), usPerEvent: round((ms.raw * 1000) / events, 1) },
      // Time per event, product over raw: how many times slower than the floor.
      ratio: { time: round(ratio(ms.product, ms.raw)) },
      target: medium === 'on disk' ? '>= 2000 events/s; within 1.5x of raw' : 'within 1.5x of raw',
      met: ms.product <= 1.5 * ms.raw && (medium !== 'on disk' || product >= 2_000),
    });
  }
  return { rows };
}
