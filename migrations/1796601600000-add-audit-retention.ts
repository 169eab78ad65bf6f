import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of the audit log (off unless KIOSK_AUDIT_RETENTION_DAYS is set).
 * - audit_exports: the ranges of the log that were exported whole (every record, linked): only
 *   such ranges may ever be pruned, since they exist, signed, elsewhere.
 * - audit_anchor: the last pruned record's number and hash; the log verifies on from it.
 * - The append-only DELETE trigger is replaced by one that lets a prune through, and nothing else:
 *   a prune writes its permit (audit_prune_permit) in its own transaction, deletes up to it and
 *   takes the permit away again. (A trigger guards against mistakes, not against someone with
 *   the file: the signed exports and heads do that.)
 */
export class AddAuditRetention1796601600000 implements MigrationInterface {
  name = 'AddAuditRetention1796601600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_exports (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        first_seq   INTEGER NOT NULL,
        last_seq    INTEGER NOT NULL CHECK (last_seq >= first_seq),
        format      TEXT NOT NULL
      ) STRICT`);
    await db.query(`
      CREATE TABLE audit_anchor (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        seq   INTEGER NOT NULL,
        hash  TEXT NOT NULL,
        at    TEXT NOT NULL
      ) STRICT`);
    await db.query(`
      CREATE TABLE audit_prune_permit (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        up_to_seq   INTEGER NOT NULL
      ) STRICT`);
    await db.query(`DROP TRIGGER audit_events_no_delete`);
    await db.query(`
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permit WHERE OLD.seq <= up_to_seq)
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER audit_events_no_delete`);
    await db.query(`
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
    await db.query(`DROP TABLE audit_prune_permit`);
    await db.query(`DROP TABLE audit_anchor`);
    await db.query(`DROP TABLE audit_exports`);
  }
}
