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

/**
 * AuditService.record, as the kiosk appends an event: its own BEGIN IMMEDIATE transaction, the
 * hash chain, COMMIT with synchronous=FULL; durable when it resolves. Taps go on between the
 * appends (a decision on an enrolled card, not timed), so the caches are as a working kiosk's.
 */
async function productEventsPerSecond(
  parent: string,
  events: number,
): Promise<{ perSecond: number; ms: number }> {
  const kiosk = await openKioskDatabase(parent, [AccessModule, AuditModule]);
  try {
    const uids = populateCredentials(kiosk.db.outside(), 1_000, await createGroups(kiosk.db), 500);
    const access = kiosk.db.module.get(AccessService);
    const audit = kiosk.db.module.get(AuditService, { strict: false });
    const door = { id: BENCH_DOOR, lockdown: false };
    let appendMs = 0;
    const tap = async (i: number) => {
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
      appendMs += msSince(start);
    };
    for (let i = 0; i < Math.min(50, events); i++) await tap(i);
    appendMs = 0;
    for (let i = 0; i < events; i++) await tap(i);
    return { perSecond: (events / appendMs) * 1000, ms: appendMs };
  } finally {
    await kiosk.close();
  }
}

/**
 * The floor: the same table (its schema, indexes and triggers copied from a kiosk database),
 * the same pragmas, one plain INSERT per transaction, statements prepared once.
 */
async function rawEventsPerSecond(
  parent: string,
  events: number,
): Promise<{ perSecond: number; ms: number }> {
  const kiosk = await openKioskDatabase(parent, []);
  const schema = kiosk.db
    .outside()
    .prepare(
      "SELECT sql FROM sqlite_master WHERE tbl_name = 'audit_events' AND sql IS NOT NULL ORDER BY type <> 'table'",
    )
    .all() as { sql: string }[];
  const db = new Database(join(kiosk.dir, 'raw.db'));
  try {
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
    const append = db.transaction((i: number) =>
      insert.run(
        new Date().toISOString(),
        BENCH_DOOR,
        `04A224E2C35E${(i % 256).toString(16).padStart(2, '0')}`,
        '6f1c1a3e-0d6b-4f53-9a57-6a0f3e0b1c2d',
        '{"cardKind":"contactless-storage","readMs":1,"decideMs":0}',
        // Distinct, as a chain's are (hash is UNIQUE); computing them is the product's work.
        i.toString(16).padStart(64, '0'),
        (i + 1).toString(16).padStart(64, '0'),
      ),
    );
    const warmUp = Math.min(50, events);
    for (let i = 0; i < warmUp; i++) append.immediate(i);
    const start = now();
    for (let i = warmUp; i < warmUp + events; i++) append.immediate(i);
    const ms = msSince(start);
    return { perSecond: (events / ms) * 1000, ms };
  } finally {
    db.close();
    await kiosk.close();
  }
}

export async function auditAppendBench(options: BenchOptions): Promise<BenchOutcome> {
  const rows: BenchRow[] = [];
  for (const [medium, parent, events] of [
    ['on disk', options.workDir, options.smoke ? 20 : 2_000],
    ['on tmpfs', tmpfsDir(options.workDir), options.smoke ? 50 : 20_000],
  ] as const) {
    const product = await productEventsPerSecond(parent, events);
    const raw = await rawEventsPerSecond(parent, events);
    options.log(
      `audit-append ${medium}: ${round(product.perSecond)} vs raw ${round(raw.perSecond)} events/s`,
    );
    const within = raw.perSecond <= 1.5 * product.perSecond;
    const enough = medium !== 'on disk' || product.perSecond >= 2_000;
    rows.push({
      benchmark: 'audit-append',
      case: `${events} durable appends ${medium}`,
      unit: 'events/s',
      product: {
        eventsPerSecond: round(product.perSecond, 0),
        usPerEvent: round((product.ms * 1000) / events, 1),
      },
      floor: {
        eventsPerSecond: round(raw.perSecond, 0),
        usPerEvent: round((raw.ms * 1000) / events, 1),
      },
      // Time per event, product over raw: how many times slower than the floor.
      ratio: { time: round(ratio(raw.perSecond, product.perSecond)) },
      target: medium === 'on disk' ? '>= 2000 events/s; within 1.5x of raw' : 'within 1.5x of raw',
      met: within && enough,
    });
  }
  return { rows };
}
