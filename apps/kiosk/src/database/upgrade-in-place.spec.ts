import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import { AccessModule } from '../access/access.module';
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
      expect(db.module.get(HoldersService, { strict: false }).findById('h1')).toMatchObject({
        displayName: 'Old Ada',
        scheduleId: null,
      });
      const audit = db.module.get(AuditService, { strict: false });
      expect(await audit.verify()).toEqual({ records: 2, break: null });
      expect((await audit.record({ type: 'admin-action', outcome: 'upgraded' })).seq).toBe(3);
      expect(await audit.verify()).toEqual({ records: 3, break: null });
    } finally {
      await db.close();
    }
  });
});
