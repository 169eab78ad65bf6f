import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API tokens for the admin API. A token is shown once, at creation; only its secret's SHA-256
 * is kept (a token is random, 256 bits: no salt or slow hash is needed against guessing, and a
 * stolen database yields no usable token). `doors`, for an operator token, is a JSON array of
 * door ids it may act on (null: every door). Rows are revoked, never deleted, so the audit log's
 * references to a token's id keep their meaning.
 */
export class AddApiTokens1796342400000 implements MigrationInterface {
  name = 'AddApiTokens1796342400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_tokens (
        id           TEXT PRIMARY KEY NOT NULL,
        name         TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
        role         TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'auditor')),
        doors        TEXT NULL,
        secret_hash  TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        expires_at   TEXT NULL,
        revoked_at   TEXT NULL
      ) STRICT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_tokens`);
  }
}
