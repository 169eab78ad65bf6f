import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { DynamicModule, Type } from '@nestjs/common';
import { AccessGroupsService } from '../../apps/kiosk/src/access-groups/access-groups.service';
import { SchedulesService } from '../../apps/kiosk/src/schedules/schedules.service';
import { openTestDatabase, type TestDatabase } from '../../apps/kiosk/src/testing/test-database';

const BENCH_ACTOR = { kind: 'cli', user: 'bench' } as const;
/** The door the populated groups open; decisions are asked for it. */
export const BENCH_DOOR = 'main';

/** A migrated kiosk database in a fresh directory under `parent`, with the app's modules on it. */
export async function openKioskDatabase(
  parent: string,
  imports: Array<Type | DynamicModule>,
): Promise<{ db: TestDatabase; dir: string; close(): Promise<void> }> {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, 'kiosk-bench-'));
  const db = await openTestDatabase(imports, {
    KIOSK_DB: join(dir, 'kiosk.db'),
    KIOSK_TIME_ZONE: 'Europe/Berlin',
  });
  return {
    db,
    dir,
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Groups with schedules, made through the app's services (so the policy loads real rules): an
 * office group open on weekdays, a night group across midnight, a weekend group, and Everyone.
 */
export async function createGroups(db: TestDatabase): Promise<string[]> {
  const schedules = db.module.get(SchedulesService, { strict: false });
  const groups = db.module.get(AccessGroupsService, { strict: false });
  const shapes = [
    {
      name: 'Office',
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '19:00' }],
    },
    {
      name: 'Night',
      windows: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '22:00', end: '06:00' },
      ],
    },
    { name: 'Weekend', windows: [{ days: ['sat', 'sun'], start: '08:00', end: '20:00' }] },
  ] as const;
  const ids = [db.everyoneGroupId()];
  for (const shape of shapes) {
    const schedule = await schedules.create(
      {
        name: shape.name,
        holidayCalendarId: null,
        windows: shape.windows.map((w) => ({ ...w, days: [...w.days] })),
        holidayWindows: [],
      },
      BENCH_ACTOR,
    );
    const group = await groups.save(
      null,
      { name: `${shape.name} staff`, doors: [{ doorId: BENCH_DOOR, scheduleId: schedule.id }] },
      BENCH_ACTOR,
    );
    ids.push(group.id);
  }
  return ids;
}

/**
 * A random 7-byte UID as the kiosk stores it (upper-case hex), with at least one letter: an
 * all-digit one may pass the Luhn check, and the import refuses what looks like a bank card.
 */
export function randomUid(): string {
  for (;;) {
    const uid = randomBytes(7).toString('hex').toUpperCase();
    if (/[A-F]/.test(uid)) return uid;
  }
}

/**
 * `count` holders, each with one UID card and one or two groups, written straight into the
 * tables in one transaction (the API would take minutes for a million). Returns a sample of the
 * enrolled UIDs to tap with. `given.uids`: the cards (else random ones); `given.analyze: false`:
 * no ANALYZE after (the bulk import's floor, timed: the import runs none).
 */
export function populateCredentials(
  outside: Database.Database,
  count: number,
  groupIds: readonly string[],
  sampleSize: number,
  given: { uids?: readonly string[]; analyze?: boolean } = {},
): string[] {
  const at = new Date().toISOString();
  // Random keys land all over the indexes: with SQLite's default 2 MB page cache, a million of
  // them spend minutes re-reading pages. This connection only fills the tables.
  outside.pragma('cache_size = -524288');
  const holder = outside.prepare(
    `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)`,
  );
  const member = outside.prepare('INSERT INTO holder_groups (holder_id, group_id) VALUES (?, ?)');
  const card = outside.prepare(
    `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, status, created_at, updated_at)
     VALUES (?, ?, 'uid', ?, ?, 'active', ?, ?)`,
  );
  const sample: string[] = [];
  const every = Math.max(1, Math.floor(count / sampleSize));
  outside.transaction(() => {
    for (let i = 0; i < count; i++) {
      const holderId = randomUUID();
      const uid = given.uids?.[i] ?? randomUid();
      holder.run(holderId, `Holder ${i}`, at, at);
      member.run(holderId, groupIds[i % groupIds.length]!);
      if (i % 3 === 0 && groupIds.length > 1)
        member.run(holderId, groupIds[(i + 1) % groupIds.length]!);
      card.run(randomUUID(), holderId, uid, uid, at, at);
      if (i % every === 0 && sample.length < sampleSize) sample.push(uid);
    }
  })();
  // Fresh statistics, as a site that has run for a while has them (ANALYZE runs in optimize).
  if (given.analyze !== false) outside.pragma('optimize');
  return sample;
}
