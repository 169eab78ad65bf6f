import { text } from 'node:stream/consumers';
import { kioskConfig } from '../config/kiosk.config';
import { DatabaseStatusService } from '../database/database-status';
import { UnitOfWork } from '../database/unit-of-work';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { AuditExportService } from './audit-export.service';
import { verifyAuditExport } from './audit-export-verify';
import { AuditModule } from './audit.module';
import { AuditRepository } from './audit.repository';
import { AuditRetention } from './audit-retention';
import { AuditService } from './audit.service';

const CLI = { kind: 'cli', user: 'spec' } as const;
const NOW = new Date('2026-12-02T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

describe('audit retention on a real SQLite file', () => {
  let db: TestDatabase;
  let audit: AuditService;
  let exports: AuditExportService;
  let retention: AuditRetention;

  beforeEach(async () => {
    db = await openTestDatabase([AuditModule], { KIOSK_AUDIT_RETENTION_DAYS: '30' });
    audit = db.module.get(AuditService);
    exports = db.module.get(AuditExportService);
    retention = new AuditRetention(
      db.module.get(kioskConfig.KEY, { strict: false }),
      db.module.get(AuditRepository, { strict: false }),
      audit,
      db.module.get(UnitOfWork, { strict: false }),
      db.module.get(DatabaseStatusService, { strict: false }),
    );
    // Records 1-4 are 40 days old, 5-6 ten days old.
    for (const at of [40, 40, 40, 40, 10, 10].map(daysAgo))
      await audit.record({ type: 'service', outcome: 'configuration-loaded', at });
  });
  afterEach(() => db.close());

  const seqs = () =>
    (
      db.outside().prepare('SELECT seq FROM audit_events ORDER BY seq').all() as { seq: number }[]
    ).map((r) => r.seq);

  it('keeps old records that were never exported, however old', async () => {
    expect(await retention.prune(NOW)).toBe(0);
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('prunes the old stretch an export read to its end covers, anchors the rest, and says so', async () => {
    const exported = await text(await exports.export('ndjson', {}, CLI)); // records 1-7 (7: the export)
    expect(verifyAuditExport(exported, exports.publicKeyPem).ok).toBe(true);
    expect(await retention.prune(NOW)).toBe(4); // 1-4: old and exported; 5-7 are younger
    expect(seqs()).toEqual([5, 6, 7, 8]);
    const pruned = db
      .outside()
      .prepare("SELECT detail FROM audit_events WHERE outcome = 'audit-pruned'")
      .get() as { detail: string };
    expect(JSON.parse(pruned.detail)).toMatchObject({
      fromSeq: 1,
      upToSeq: 4,
      records: 4,
      retentionDays: 30,
    });
    expect(await audit.verify()).toEqual({ records: 4, break: null }); // from the anchor on
    expect(await retention.prune(NOW)).toBe(0); // nothing more may go yet
  });

  it('prunes only up to where the exports reach without a gap', async () => {
    await text(await exports.export('csv', { to: daysAgo(39) }, CLI)); // records 1-4 only
    await audit.record({ type: 'service', outcome: 'configuration-loaded', at: daysAgo(35) }); // 8
    expect(await retention.prune(NOW)).toBe(4);
    expect(seqs()).toEqual([5, 6, 7, 8, 9]);
  });

  it('refuses any other delete, and a changed anchor breaks verification at the first record', async () => {
    expect(() => db.outside().prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(
      /append-only/,
    );
    await text(await exports.export('ndjson', {}, CLI));
    await retention.prune(NOW);
    db.outside().prepare('UPDATE audit_anchor SET hash = ? WHERE id = 1').run('0'.repeat(64));
    expect(await audit.verify()).toEqual({
      records: 0,
      break: { problem: 'prev-hash-mismatch', seq: 5 },
    });
  });

  it('tells a head that was pruned since from one that still verifies', async () => {
    const old = exports.head(); // seq 6
    await text(await exports.export('ndjson', {}, CLI));
    const later = exports.head(); // seq 7
    await retention.prune(new Date(NOW.getTime() + 60 * 86_400_000)); // everything is old now
    expect(await audit.verifySinceHead(old)).toMatchObject({
      break: { problem: 'head-pruned', seq: 6 },
    });
    expect((await audit.verifySinceHead(later)).break).toBeNull();
  });

  describe('with a size limit (KIOSK_DB_MAX_MB)', () => {
    let small: TestDatabase;
    afterEach(() => small?.close());

    it('warns in health from 80 %, and then prunes whatever was exported, however young', async () => {
      small = await openTestDatabase([AuditModule], { KIOSK_DB_MAX_MB: '1' });
      const smallAudit = small.module.get(AuditService);
      const status = small.module.get(DatabaseStatusService, { strict: false });
      const padding = 'x'.repeat(3000);
      while ((status.usedShare() ?? 0) <= 0.8)
        await smallAudit.record({
          type: 'service',
          outcome: 'configuration-loaded',
          detail: { padding },
        });
      expect(status.status()).toMatchObject({
        ok: true,
        warning: expect.stringMatching(/KIOSK_DB_MAX_MB/) as unknown,
      });
      const before = (
        small.outside().prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }
      ).n;
      const smallExports = small.module.get(AuditExportService);
      await text(await smallExports.export('ndjson', {}, CLI));
      const sized = new AuditRetention(
        small.module.get(kioskConfig.KEY, { strict: false }),
        small.module.get(AuditRepository, { strict: false }),
        smallAudit,
        small.module.get(UnitOfWork, { strict: false }),
        status,
      );
      // All young, all exported (with the export's own record): all gone.
      expect(await sized.prune(NOW)).toBe(before + 1);
      expect(await smallAudit.verify()).toMatchObject({ break: null });
      // The pages are free again for what comes next (the file itself does not shrink).
      expect(status.usedShare()).toBeLessThan(0.8);
      expect(status.status()).not.toHaveProperty('warning');
    });
  });
});
