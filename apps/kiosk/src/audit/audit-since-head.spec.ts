import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { AUDIT_GENESIS_HASH, hashAuditRecord, type ChainedAuditFields } from './audit-chain';
import { AuditExportService } from './audit-export.service';
import { checkAuditStatement, type AuditHead, type Signed } from './audit-statement';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';

interface Row {
  seq: number;
  at: string;
  type: string;
  door_id: string | null;
  reader: string | null;
  credential_kind: string | null;
  credential_display: string | null;
  holder_id: string | null;
  outcome: string | null;
  reason: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

const fieldsOf = (r: Row): ChainedAuditFields => ({
  seq: r.seq,
  at: r.at,
  type: r.type,
  doorId: r.door_id,
  reader: r.reader,
  credentialKind: r.credential_kind,
  credentialDisplay: r.credential_display,
  holderId: r.holder_id,
  outcome: r.outcome,
  reason: r.reason,
  detail: r.detail,
});

const ROW_COLUMNS = [
  'at',
  'type',
  'door_id',
  'reader',
  'credential_kind',
  'credential_display',
  'holder_id',
  'outcome',
  'reason',
  'detail',
  'prev_hash',
  'hash',
] as const;

describe('the audit log since a signed head, on a real SQLite file', () => {
  let db: TestDatabase;
  let audit: AuditService;
  let exports: AuditExportService;
  let appended: number;

  beforeEach(async () => {
    appended = 0;
    db = await openTestDatabase([AuditModule]);
    audit = db.module.get(AuditService);
    exports = db.module.get(AuditExportService);
  });
  afterEach(() => db.close());

  const appendSome = async (n: number) => {
    for (let i = 0; i < n; i++, appended++)
      await audit.record({
        type: 'access-decision',
        doorId: 'main',
        holderId: `h-${appended}`,
        outcome: appended % 2 ? 'granted' : 'denied',
        detail: { i: appended },
      });
  };

  /** A head as the auditor keeps it: noted by the terminal, signed, checked. */
  const noteHead = (): Signed<AuditHead> => {
    const head = exports.head();
    expect(checkAuditStatement(head, exports.publicKey)).toMatchObject({
      ok: true,
      trustedKey: true,
    });
    return head;
  };

  // The attacker: another process on the database file, the triggers dropped first.
  const sql = () => db.outside();
  const dropTriggers = () =>
    sql().exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  const rows = () => sql().prepare('SELECT * FROM audit_events ORDER BY seq').all() as Row[];
  const row = (seq: number) =>
    sql().prepare('SELECT * FROM audit_events WHERE seq = ?').get(seq) as Row;
  const highestGiven = () =>
    (
      sql().prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get() as {
        seq: number;
      }
    ).seq;
  const setRow = (seq: number, r: Omit<Row, 'seq'>) =>
    sql()
      .prepare(
        `UPDATE audit_events SET ${ROW_COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`,
      )
      .run({ ...r, seq });
  const insertRow = (r: Row) =>
    sql()
      .prepare(
        `INSERT INTO audit_events (seq, ${ROW_COLUMNS.join(', ')})
         VALUES (@seq, ${ROW_COLUMNS.map((c) => `@${c}`).join(', ')})`,
      )
      .run(r);
  /** Gives every row from `seq` on the hash it would have had: the chain holds again. */
  const rehashFrom = (seq: number) => {
    let prev = seq === 1 ? AUDIT_GENESIS_HASH : row(seq - 1).hash;
    for (const r of rows().filter((x) => x.seq >= seq)) {
      const hash = hashAuditRecord(prev, fieldsOf(r));
      sql()
        .prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?')
        .run(prev, hash, r.seq);
      prev = hash;
    }
  };

  describe('an untouched log', () => {
    it('a head from an empty log, then appends: intact', async () => {
      const head = noteHead();
      expect(head).toMatchObject({ kind: 'kiosk-audit-head', seq: 0, hash: AUDIT_GENESIS_HASH });
      expect(await audit.verifySinceHead(head)).toEqual({ records: 0, break: null });
      await appendSome(3);
      expect(await audit.verifySinceHead(head)).toEqual({ records: 3, break: null });
    });

    it('a head, then appends: intact', async () => {
      await appendSome(5);
      const head = noteHead();
      expect(head).toMatchObject({ seq: 5, hash: row(5).hash });
      expect(await audit.verifySinceHead(head)).toEqual({ records: 5, break: null });
      await appendSome(4);
      expect(await audit.verifySinceHead(head)).toEqual({ records: 9, break: null });
      expect(await audit.verify()).toEqual({ records: 9, break: null });
    });
  });

  describe('an attacker who re-hashes: plain verify finds nothing, the head does', () => {
    it('(i) the tail deleted and sqlite_sequence lowered: head-missing', async () => {
      await appendSome(10);
      const head = noteHead();
      dropTriggers();
      sql().prepare('DELETE FROM audit_events WHERE seq >= 9').run();
      sql().prepare("UPDATE sqlite_sequence SET seq = 8 WHERE name = 'audit_events'").run();
      expect(highestGiven()).toBe(8);
      // The weakness the head closes: the log alone looks whole.
      expect(await audit.verify()).toEqual({ records: 8, break: null });
      expect(await audit.verifySinceHead(head)).toEqual({
        records: 8,
        break: { problem: 'head-missing', seq: 10 },
      });
      // The terminal goes on and gives the numbers again: now the head's record is another.
      await appendSome(3);
      expect(rows().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect(await audit.verify()).toEqual({ records: 11, break: null });
      expect(await audit.verifySinceHead(head)).toEqual({
        records: 11,
        break: { problem: 'head-changed', seq: 10 },
      });
    });

    it('(i) without lowering sqlite_sequence the log alone shows it: tail-missing', async () => {
      await appendSome(10);
      const head = noteHead();
      dropTriggers();
      sql().prepare('DELETE FROM audit_events WHERE seq >= 9').run();
      const tail = { problem: 'tail-missing', seq: 8, expected: 10 };
      expect(await audit.verify()).toEqual({ records: 8, break: tail });
      expect(await audit.verifySinceHead(head)).toEqual({ records: 8, break: tail });
    });

    it('(ii) the last record replaced by another, re-hashed, at the same seq: head-changed', async () => {
      await appendSome(10);
      const head = noteHead();
      dropTriggers();
      const last = row(10);
      sql().prepare('DELETE FROM audit_events WHERE seq = 10').run();
      const replaced: Row = { ...last, outcome: 'granted', holder_id: 'h-mallory' };
      replaced.hash = hashAuditRecord(row(9).hash, fieldsOf(replaced));
      insertRow(replaced);
      expect(rows().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(replaced.prev_hash).toBe(row(9).hash);
      expect(await audit.verify()).toEqual({ records: 10, break: null });
      expect(await audit.verifySinceHead(head)).toEqual({
        records: 10,
        break: { problem: 'head-changed', seq: 10 },
      });
    });

    it.each([
      ['the head record', 10, 10],
      ['an earlier record', 4, 10],
      ['the first record', 1, 10],
      ['an earlier record, appends since the head', 4, 12],
    ])('(iii) %s rewritten, every later hash redone: head-changed', async (_, rewritten, total) => {
      await appendSome(10);
      const head = noteHead();
      await appendSome(total - 10);
      dropTriggers();
      setRow(rewritten, { ...row(rewritten), outcome: 'granted', holder_id: 'h-mallory' });
      rehashFrom(rewritten);
      expect(rows().every((r) => r.hash === hashAuditRecord(r.prev_hash, fieldsOf(r)))).toBe(true);
      expect(await audit.verify()).toEqual({ records: total, break: null });
      expect(await audit.verifySinceHead(head)).toEqual({
        records: total,
        break: { problem: 'head-changed', seq: 10 },
      });
      // Nor can the head be made to match: its signature no longer holds.
      const forgedHead = { ...head, hash: row(10).hash };
      expect(checkAuditStatement(forgedHead, exports.publicKey)).toEqual({
        ok: false,
        problem: 'the signature does not match the statement',
      });
    });

    it('a record after the head rewritten and re-hashed is beyond what the head proves', async () => {
      await appendSome(10);
      const head = noteHead();
      await appendSome(3);
      dropTriggers();
      setRow(12, { ...row(12), holder_id: 'h-mallory' });
      rehashFrom(12);
      expect(row(12).holder_id).toBe('h-mallory');
      expect(await audit.verify()).toEqual({ records: 13, break: null });
      expect(await audit.verifySinceHead(head)).toEqual({ records: 13, break: null });
    });
  });

  describe('an attacker who does not re-hash: plain verify names the first broken seq', () => {
    let head: Signed<AuditHead>;
    beforeEach(async () => {
      await appendSome(10);
      head = noteHead();
      dropTriggers();
    });

    const expectBreak = async (expected: object) => {
      expect((await audit.verify()).break).toEqual(expected);
      // A head noted before the change reports the same break.
      expect((await audit.verifySinceHead(head)).break).toEqual(expected);
    };

    it('a middle record deleted: sequence-gap at the next', async () => {
      sql().prepare('DELETE FROM audit_events WHERE seq = 5').run();
      await expectBreak({ problem: 'sequence-gap', seq: 6, expected: 5 });
    });

    it('a record changed: hash-mismatch at it', async () => {
      sql().prepare("UPDATE audit_events SET outcome = 'granted' WHERE seq = 5").run();
      expect(row(5).outcome).toBe('granted');
      await expectBreak({ problem: 'hash-mismatch', seq: 5 });
    });

    it('a stored hash changed: hash-mismatch at its record', async () => {
      sql().prepare('UPDATE audit_events SET hash = ? WHERE seq = 7').run('f'.repeat(64));
      await expectBreak({ problem: 'hash-mismatch', seq: 7 });
    });

    it('a record inserted (later ones renumbered, its own hash right): prev-hash-mismatch after it', async () => {
      for (let seq = 10; seq >= 6; seq--)
        sql().prepare('UPDATE audit_events SET seq = seq + 1 WHERE seq = ?').run(seq);
      const fields: ChainedAuditFields = { ...fieldsOf(row(5)), seq: 6, holderId: 'h-mallory' };
      const prevHash = row(5).hash;
      insertRow({
        seq: 6,
        at: fields.at,
        type: fields.type,
        door_id: fields.doorId,
        reader: fields.reader,
        credential_kind: fields.credentialKind,
        credential_display: fields.credentialDisplay,
        holder_id: fields.holderId,
        outcome: 'granted',
        reason: fields.reason,
        detail: fields.detail,
        prev_hash: prevHash,
        hash: hashAuditRecord(prevHash, { ...fields, outcome: 'granted' }),
      });
      expect(rows().map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      expect((await audit.verify()).break).toEqual({ problem: 'prev-hash-mismatch', seq: 7 });
      // The head's record (now numbered 11) is not the one at 10 any more: the chain says so first.
      expect((await audit.verifySinceHead(head)).break).toEqual({
        problem: 'prev-hash-mismatch',
        seq: 7,
      });
    });

    it('two records swapped: prev-hash-mismatch at the first', async () => {
      const [four, five] = [row(4), row(5)];
      sql().prepare("UPDATE audit_events SET hash = 'swapping' WHERE seq = 4").run();
      setRow(5, four);
      setRow(4, five);
      expect([row(4).holder_id, row(5).holder_id]).toEqual([five.holder_id, four.holder_id]);
      await expectBreak({ problem: 'prev-hash-mismatch', seq: 4 });
    });

    it('a stored prev_hash changed alone: prev-hash-mismatch at it', async () => {
      sql().prepare('UPDATE audit_events SET prev_hash = ? WHERE seq = 8').run('a'.repeat(64));
      await expectBreak({ problem: 'prev-hash-mismatch', seq: 8 });
    });
  });
});
