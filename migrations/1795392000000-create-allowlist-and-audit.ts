import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First schema: holders, their credentials, the numbered allowlist revisions, and the audit log.
 * Tables are STRICT so SQLite refuses a value of the wrong type instead of storing it.
 * Times are ISO-8601 UTC text with milliseconds, which sort as they compare.
 */
export class CreateAllowlistAndAudit1795392000000 implements MigrationInterface {
  name = 'CreateAllowlistAndAudit1795392000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE holders (
        id            TEXT PRIMARY KEY NOT NULL,
        display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
        status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        valid_from    TEXT NULL,
        valid_until   TEXT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT`);
    // lookup_key: a UID as upper-case hex; a PAN only ever as its keyed HMAC (never in clear).
    // display: what a person may see: the UID, or a masked PAN with its last four digits.
    await db.query(`
      CREATE TABLE credentials (
        id           TEXT PRIMARY KEY NOT NULL,
        holder_id    TEXT NOT NULL REFERENCES holders(id) ON DELETE RESTRICT,
        kind         TEXT NOT NULL CHECK (kind IN ('uid', 'pan')),
        lookup_key   TEXT NOT NULL,
        display      TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
        valid_from   TEXT NULL,
        valid_until  TEXT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        UNIQUE (kind, lookup_key)
      ) STRICT`);
    await db.query(`CREATE INDEX credentials_holder_id ON credentials (holder_id)`);
    // Every allowlist change is a numbered revision, so terminals can later apply a gap-free stream.
    await db.query(`
      CREATE TABLE allowlist_revisions (
        revision   INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        entity     TEXT NOT NULL CHECK (entity IN ('holder', 'credential')),
        entity_id  TEXT NOT NULL,
        action     TEXT NOT NULL
      ) STRICT`);
    // AUTOINCREMENT: a sequence number is never reused, even after the last row is gone.
    await db.query(`
      CREATE TABLE audit_events (
        seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
        at                  TEXT NOT NULL,
        type                TEXT NOT NULL,
        door_id             TEXT NULL,
        reader              TEXT NULL,
        credential_kind     TEXT NULL,
        credential_display  TEXT NULL,
        holder_id           TEXT NULL,
        outcome             TEXT NULL,
        reason              TEXT NULL,
        detail              TEXT NOT NULL DEFAULT '{}',
        prev_hash           TEXT NOT NULL,
        hash                TEXT NOT NULL UNIQUE
      ) STRICT`);
    await db.query(`CREATE INDEX audit_events_at ON audit_events (at)`);
    for (const op of ['UPDATE', 'DELETE']) {
      await db.query(`
        CREATE TRIGGER audit_events_no_${op.toLowerCase()} BEFORE ${op} ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events`);
    await db.query(`DROP TABLE allowlist_revisions`);
    await db.query(`DROP TABLE credentials`);
    await db.query(`DROP TABLE holders`);
  }
}
