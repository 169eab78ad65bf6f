import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import type { CardRead } from '@kiosk/card';
import { AccessModule } from '../access/access.module';
import { AccessService } from '../access/access.service';
import { AUDIT_GENESIS_HASH, hashAuditRecord, type ChainedAuditFields } from '../audit/audit-chain';
import { AuditService } from '../audit/audit.service';
import { CredentialsService } from '../credentials/credentials.service';
import { HoldersModule } from '../holders/holders.module';
import { HoldersService } from '../holders/holders.service';
import { openTestDatabase } from '../testing/test-database';

/** A terminal installed with the first schema, in use for a while, then upgraded. */
describe('a database made by the first migration upgrades in place', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-upgrade-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function firstSchemaWithData(path: string): Promise<void> {
    const first = new DataSource({
      type: 'better-sqlite3',
      database: path,
      migrations: [KIOSK_MIGRATIONS[0]!],
    });
    await first.initialize();
    await first.runMigrations();
    const t = '2026-11-01T08:00:00.000Z';
    await first.query(
      `INSERT INTO holders (id, display_name, status, created_at, updated_at) VALUES ('h1', 'Old Ada', 'active', ?, ?)`,
      [t, t],
    );
    await first.query(
      `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, status, created_at, updated_at)
       VALUES ('c1', 'h1', 'uid', '04A224E2C35E80', '04A224E2C35E80', 'active', ?, ?)`,
      [t, t],
    );
    let prev = AUDIT_GENESIS_HASH;
    for (const seq of [1, 2]) {
      const record: ChainedAuditFields = {
        seq,
        at: t,
        type: 'access-decision',
        doorId: 'main',
        reader: 'r',
        credentialKind: 'uid',
        credentialDisplay: '04A224E2C35E80',
        holderId: 'h1',
        outcome: 'granted',
        reason: null,
        detail: '{}',
      };
      const hash = hashAuditRecord(prev, record);
      await first.query(
        `INSERT INTO audit_events (seq, at, type, door_id, reader, credential_kind, credential_display,
           holder_id, outcome, reason, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        [
          seq,
          t,
          record.type,
          'main',
          'r',
          'uid',
          record.credentialDisplay,
          'h1',
          'granted',
          null,
          '{}',
          prev,
          hash,
        ],
      );
      prev = hash;
    }
    await first.destroy();
  }

  it('keeps its holders, cards and audit chain, and goes on from them', async () => {
    const path = join(dir, 'kiosk.db');
    await firstSchemaWithData(path);
    const db = await openTestDatabase([HoldersModule, AccessModule], { KIOSK_DB: path });
    try {
      const migrations = db.outside().prepare('SELECT name FROM migrations ORDER BY id').all();
      expect(migrations).toHaveLength(KIOSK_MIGRATIONS.length);
      const credential = db.module
        .get(CredentialsService, { strict: false })
        .findForCard({ kind: 'uid', uid: '04A224E2C35E80' });
      expect(credential).toMatchObject({
        id: 'c1',
        holderId: 'h1',
        status: 'active',
        usesLeft: null,
      });
      // Before access groups, every holder opened every door: the upgrade keeps that.
      expect(db.module.get(HoldersService, { strict: false }).findById('h1')).toMatchObject({
        displayName: 'Old Ada',
        lcdName: null,
        visitor: false,
        groupIds: [db.everyoneGroupId()],
      });
      const read = { kind: 'uid', uid: '04A224E2C35E80' } as const;
      expect(
        db.module
          .get(AccessService, { strict: false })
          .decide(cardRead(read), { id: 'main', lockdown: false }, new Date()).decision,
      ).toEqual({ granted: true });
      const audit = db.module.get(AuditService, { strict: false });
      expect(await audit.verify()).toEqual({ records: 2, break: null });
      expect((await audit.record({ type: 'service', outcome: 'started' })).seq).toBe(3);
      expect(await audit.verify()).toEqual({ records: 3, break: null });
    } finally {
      await db.close();
    }
  });

  it('keeps a scheduled holder to their schedule, and the allowlist revision numbers', async () => {
    const path = join(dir, 'kiosk.db');
    await firstSchemaWithData(path);
    const second = new DataSource({
      type: 'better-sqlite3',
      database: path,
      migrations: KIOSK_MIGRATIONS.slice(0, 2),
    });
    await second.initialize();
    await second.runMigrations();
    await second.query(
      "INSERT INTO schedules (id, name, created_at, updated_at) VALUES ('s1', 'Nights', 't', 't')",
    );
    // Thursday 22:00 to midnight: before this upgrade a window could not cross midnight.
    await second.query(
      'INSERT INTO schedule_windows (schedule_id, day_of_week, start_minute, end_minute) VALUES (?, ?, ?, ?)',
      ['s1', 4, 22 * 60, 1440],
    );
    await second.query("UPDATE holders SET schedule_id = 's1' WHERE id = 'h1'");
    for (const n of [1, 2, 3])
      await second.query(
        "INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES ('t', 'holder', 'h1', ?)",
        [`change ${n}`],
      );
    await second.query("DELETE FROM allowlist_revisions WHERE action = 'change 3'");
    await second.destroy();

    const db = await openTestDatabase([HoldersModule, AccessModule], {
      KIOSK_DB: path,
      KIOSK_TIME_ZONE: 'UTC',
    });
    try {
      const holder = db.module.get(HoldersService, { strict: false }).findById('h1')!;
      const group = db
        .outside()
        .prepare(
          `SELECT g.name, d.door_id, d.schedule_id FROM access_groups g
             JOIN access_group_doors d ON d.group_id = g.id WHERE g.id = ?`,
        )
        .get(holder.groupIds[0]);
      expect(holder.groupIds).toHaveLength(1);
      expect(group).toEqual({ name: 'Everyone (Nights)', door_id: '*', schedule_id: 's1' });
      const decide = (iso: string) =>
        db.module
          .get(AccessService, { strict: false })
          .decide(
            cardRead({ kind: 'uid', uid: '04A224E2C35E80' }),
            { id: 'main', lockdown: false },
            new Date(iso),
          ).decision;
      expect(decide('2026-12-03T22:30:00Z')).toEqual({ granted: true }); // a Thursday
      expect(decide('2026-12-03T21:59:00Z')).toEqual({
        granted: false,
        reason: 'outside-time-window',
      });
      // A revision number is never reused, even the deleted last one.
      db.outside()
        .prepare(
          "INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES ('t', 'schedule', 's1', 'update')",
        )
        .run();
      expect(
        db.outside().prepare('SELECT revision FROM allowlist_revisions ORDER BY revision').all(),
      ).toEqual([{ revision: 1 }, { revision: 2 }, { revision: 4 }]);
    } finally {
      await db.close();
    }
  });
});

function cardRead(credential: { kind: 'uid'; uid: string }): CardRead {
  return {
    reader: 'r',
    atr: '',
    cardKind: 'contactless-storage',
    cardName: 'test',
    methodsTried: ['uid'],
    startedAt: new Date(),
    durationMs: 1,
    presentAtAttach: false,
    outcome: { ok: true, method: 'uid', credential },
  };
}
