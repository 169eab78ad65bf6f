import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fourth token role, `monitor`: it may read health and metrics and nothing else, so that a
 * Prometheus server on the building network holds no token that could open a door. SQLite
 * cannot change a CHECK in place: the table is made anew and the rows copied (ids, hashes and
 * dates unchanged, so every token keeps working).
 */
export class AddMonitorRole1796688000000 implements MigrationInterface {
  name = 'AddMonitorRole1796688000000';

  async up(db: QueryRunner): Promise<void> {
    await rebuild(db, ['admin', 'operator', 'auditor', 'monitor']);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM api_tokens WHERE role = 'monitor'`);
    await rebuild(db, ['admin', 'operator', 'auditor']);
  }
}

async function rebuild(db: QueryRunner, roles: readonly string[]): Promise<void> {
  await db.query(`
    CREATE TABLE api_tokens_next (
      id           TEXT PRIMARY KEY NOT NULL,
      name         TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
      role         TEXT NOT NULL CHECK (role IN (${roles.map((r) => `'${r}'`).join(', ')})),
      doors        TEXT NULL,
      secret_hash  TEXT NOT NULL,
      created_at   TEXT NOT NULL,
      expires_at   TEXT NULL,
      revoked_at   TEXT NULL
    ) STRICT`);
  await db.query(`
    INSERT INTO api_tokens_next (id, name, role, doors, secret_hash, created_at, expires_at, revoked_at)
    SELECT id, name, role, doors, secret_hash, created_at, expires_at, revoked_at FROM api_tokens`);
  await db.query(`DROP TABLE api_tokens`);
  await db.query(`ALTER TABLE api_tokens_next RENAME TO api_tokens`);
}
