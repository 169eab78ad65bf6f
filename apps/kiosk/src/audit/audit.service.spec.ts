import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';

describe('AuditService on a real SQLite file', () => {
  let db: TestDatabase;
  let audit: AuditService;

  beforeEach(async () => {
    db = await openTestDatabase([AuditModule]);
    audit = db.module.get(AuditService);
  });
  afterEach(() => db.close());

  const appendSome = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await audit.record({
        type: 'access-decision',
        doorId: 'main',
        outcome: i % 2 ? 'granted' : 'denied',
        detail: { i },
      });
    }
  };

  it('numbers records 1, 2, 3 ... and chains each to the one before', async () => {
    const first = await audit.record({ type: 'access-decision', outcome: 'granted' });
    const second = await audit.record({
      type: 'access-decision',
      outcome: 'denied',
      reason: 'unknown',
    });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    const row = db.outside().prepare('SELECT prev_hash FROM audit_events WHERE seq = 2').get() as {
      prev_hash: string;
    };
    expect(row.prev_hash).toBe(first.hash);
    expect(await audit.verify()).toEqual({ records: 2, break: null });
  });

  it('verifies across pages', async () => {
    await appendSome(2500);
    expect(await audit.verify()).toEqual({ records: 2500, break: null });
  });

  it('refuses UPDATE and DELETE of a record', async () => {
    await appendSome(3);
    expect(() =>
      db.outside().prepare("UPDATE audit_events SET outcome = 'granted' WHERE seq = 2").run(),
    ).toThrow(/append-only/);
    expect(() => db.outside().prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(
      /append-only/,
    );
  });

  it('finds an altered record and a removed record once the triggers are bypassed', async () => {
    await appendSome(5);
    db.outside().exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    db.outside().prepare("UPDATE audit_events SET outcome = 'granted' WHERE seq = 3").run();
    // `records`: those verified before the break.
    expect(await audit.verify()).toEqual({
      records: 2,
      break: { problem: 'hash-mismatch', seq: 3 },
    });
    db.outside().prepare('DELETE FROM audit_events WHERE seq = 3').run();
    expect(await audit.verify()).toEqual({
      records: 2,
      break: { problem: 'sequence-gap', seq: 4, expected: 3 },
    });
  });

  it('records a verification and its result after it, with who asked', async () => {
    await appendSome(2);
    const result = await audit.verify();
    await audit.recordVerification({ kind: 'cli', user: 'spec' }, result, null);
    const last = (await audit.after(0, 10)).at(-1)!;
    expect(last).toMatchObject({
      seq: 3,
      type: 'admin-action',
      outcome: 'audit-verified',
      reason: null,
    });
    expect(JSON.parse(last.detail)).toEqual({
      actor: { kind: 'cli', user: 'spec' },
      intact: true,
      records: 2,
      break: null,
      sinceHeadSeq: null,
    });
    expect(await audit.verify()).toEqual({ records: 3, break: null });
  });

  it('finds records removed from the end, and never gives their numbers again', async () => {
    await appendSome(5);
    db.outside().exec('DROP TRIGGER audit_events_no_delete;');
    db.outside().prepare('DELETE FROM audit_events WHERE seq >= 4').run();
    expect((await audit.verify()).break).toEqual({ problem: 'tail-missing', seq: 3, expected: 5 });
    expect((await audit.record({ type: 'access-decision' })).seq).toBe(6);
  });
});
