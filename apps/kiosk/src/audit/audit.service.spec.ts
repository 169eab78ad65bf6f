import { SqliteWriter } from '../database/sqlite-writer';
import { openTestDatabase } from '../testing/test-database';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';

describe('AuditService on a real SQLite file', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let audit: AuditService;
  let writer: SqliteWriter;

  beforeEach(async () => {
    db = await openTestDatabase([AuditModule]);
    audit = db.module.get(AuditService);
    writer = db.module.get(SqliteWriter);
  });
  afterEach(() => db.close());

  const appendSome = (n: number) => {
    for (let i = 0; i < n; i++) {
      audit.record({
        type: 'access-decision',
        doorId: 'main',
        outcome: i % 2 ? 'granted' : 'denied',
        detail: { i },
      });
    }
  };

  it('numbers records 1, 2, 3 ... and chains each to the one before', async () => {
    const first = audit.record({ type: 'access-decision', outcome: 'granted' });
    const second = audit.record({ type: 'access-decision', outcome: 'denied', reason: 'unknown' });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const row = writer.db.prepare('SELECT prev_hash FROM audit_events WHERE seq = 2').get() as {
      prev_hash: string;
    };
    expect(row.prev_hash).toBe(first.hash);
    expect(await audit.verify()).toEqual({ records: 2, break: null });
  });

  it('verifies across pages', async () => {
    appendSome(2500);
    expect(await audit.verify()).toEqual({ records: 2500, break: null });
  });

  it('refuses UPDATE and DELETE of a record', () => {
    appendSome(3);
    expect(() =>
      writer.db.prepare("UPDATE audit_events SET outcome = 'granted' WHERE seq = 2").run(),
    ).toThrow(/append-only/);
    expect(() => writer.db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(
      /append-only/,
    );
  });

  it('finds an altered record and a removed record once the triggers are bypassed', async () => {
    appendSome(5);
    writer.db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    writer.db.prepare("UPDATE audit_events SET outcome = 'granted' WHERE seq = 3").run();
    expect((await audit.verify()).break).toEqual({ problem: 'hash-mismatch', seq: 3 });
    writer.db.prepare('DELETE FROM audit_events WHERE seq = 3').run();
    expect((await audit.verify()).break).toEqual({ problem: 'sequence-gap', seq: 4, expected: 3 });
  });

  it('finds records removed from the end, and never gives their numbers again', async () => {
    appendSome(5);
    writer.db.exec('DROP TRIGGER audit_events_no_delete;');
    writer.db.prepare('DELETE FROM audit_events WHERE seq >= 4').run();
    expect((await audit.verify()).break).toEqual({ problem: 'tail-missing', seq: 3, expected: 5 });
    expect(audit.record({ type: 'access-decision' }).seq).toBe(6);
  });
});
