import { Injectable } from '@nestjs/common';
import { dateOrNull } from '../database/iso-date.transformer';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { ApiTokenRecord, TokenRole } from './api-token';

interface TokenRow {
  id: string;
  name: string;
  role: TokenRole;
  doors: string | null;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface NewApiToken {
  id: string;
  name: string;
  role: TokenRole;
  doors: readonly string[] | null;
  secretHash: string;
  at: Date;
  expiresAt: Date | null;
}

const COLUMNS = 'id, name, role, doors, secret_hash, created_at, expires_at, revoked_at';

/** The api_tokens table. The secret's hash is handed out only to the check that compares it. */
@Injectable()
export class TokensRepository {
  constructor(private readonly sql: SqliteConnection) {}

  /** The token and its secret's hash, for authentication; null when there is no such id. */
  findForCheck(id: string): { token: ApiTokenRecord; secretHash: string } | null {
    const row = this.sql.statement(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`).get(id) as
      TokenRow | undefined;
    return row ? { token: fromRow(row), secretHash: row.secret_hash } : null;
  }

  findByNameIn(tx: WriteTransaction, name: string): ApiTokenRecord | null {
    const row = tx.statement(`SELECT ${COLUMNS} FROM api_tokens WHERE name = ?`).get(name) as
      TokenRow | undefined;
    return row ? fromRow(row) : null;
  }

  list(): ApiTokenRecord[] {
    const rows = this.sql
      .statement(`SELECT ${COLUMNS} FROM api_tokens ORDER BY name`)
      .all() as TokenRow[];
    return rows.map(fromRow);
  }

  insertIn(tx: WriteTransaction, t: NewApiToken): void {
    tx.statement(
      `INSERT INTO api_tokens (id, name, role, doors, secret_hash, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      t.id,
      t.name,
      t.role,
      t.doors === null ? null : JSON.stringify(t.doors),
      t.secretHash,
      t.at.toISOString(),
      t.expiresAt?.toISOString() ?? null,
    );
  }

  revokeIn(tx: WriteTransaction, id: string, at: Date): void {
    tx.statement('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
      at.toISOString(),
      id,
    );
  }
}

function fromRow(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    doors: row.doors === null ? null : (JSON.parse(row.doors) as string[]),
    createdAt: new Date(row.created_at),
    expiresAt: dateOrNull(row.expires_at),
    revokedAt: dateOrNull(row.revoked_at),
  };
}
