import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { dateOrNull, isoOrNull } from '../database/iso-date.transformer';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { CredentialKind, CredentialRecord, CredentialStatus } from './credential';
import { CredentialEntity } from './credential.entity';

export interface NewCredential {
  id: string;
  holderId: string;
  kind: CredentialKind;
  lookupKey: string;
  display: string;
  validFrom: Date | null;
  validUntil: Date | null;
  usesLeft: number | null;
  at: Date;
}

interface CredentialRow {
  id: string;
  holder_id: string;
  kind: CredentialKind;
  display: string;
  status: CredentialStatus;
  valid_from: string | null;
  valid_until: string | null;
  uses_left: number | null;
}

const COLUMNS = 'id, holder_id, kind, display, status, valid_from, valid_until, uses_left';
const SELECT_BY_LOOKUP_KEY = `SELECT ${COLUMNS} FROM credentials WHERE kind = ? AND lookup_key = ?`;
// The tap's lookup also reads the allowlist's latest revision, which the access policy compares
// on every tap: as a scalar subquery it costs next to nothing, as a statement of its own about a
// third of the lookup (bench/README.md, decision).
const SELECT_FOR_TAP = `SELECT ${COLUMNS},
  (SELECT max(revision) FROM allowlist_revisions) AS allowlist_revision
  FROM credentials WHERE kind = ? AND lookup_key = ?`;

/** An enrolled credential as the tap finds it, and the allowlist revision it was read at. */
export interface TapCredential {
  credential: CredentialRecord;
  allowlistRevision: number;
}

/**
 * The credentials table. The tap path's lookup is a statement prepared once (a point lookup on
 * the UNIQUE (kind, lookup_key) index); writes run in the caller's transaction; the admin list
 * goes through TypeORM. Each returns CredentialRecord, never the lookup key.
 */
@Injectable()
export class CredentialsRepository {
  constructor(
    private readonly sql: SqliteConnection,
    @InjectRepository(CredentialEntity) private readonly credentials: Repository<CredentialEntity>,
  ) {}

  findForTap(kind: CredentialKind, lookupKey: string): TapCredential | null {
    const row = this.sql.statement(SELECT_FOR_TAP).get(kind, lookupKey) as
      (CredentialRow & { allowlist_revision: number | null }) | undefined;
    return row
      ? { credential: fromRow(row), allowlistRevision: row.allowlist_revision ?? 0 }
      : null;
  }

  existsIn(tx: WriteTransaction, kind: CredentialKind, lookupKey: string): boolean {
    return tx.statement(SELECT_BY_LOOKUP_KEY).get(kind, lookupKey) !== undefined;
  }

  insertIn(tx: WriteTransaction, c: NewCredential): void {
    tx.statement(
      `INSERT INTO credentials (id, holder_id, kind, lookup_key, display, status, valid_from, valid_until, uses_left, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
    ).run(
      c.id,
      c.holderId,
      c.kind,
      c.lookupKey,
      c.display,
      isoOrNull(c.validFrom),
      isoOrNull(c.validUntil),
      c.usesLeft,
      c.at.toISOString(),
      c.at.toISOString(),
    );
  }

  findByIdIn(tx: WriteTransaction, id: string): CredentialRecord | null {
    const row = tx.statement(`SELECT ${COLUMNS} FROM credentials WHERE id = ?`).get(id) as
      CredentialRow | undefined;
    return row ? fromRow(row) : null;
  }

  listForHolderIn(tx: WriteTransaction, holderId: string): CredentialRecord[] {
    const rows = tx
      .statement(`SELECT ${COLUMNS} FROM credentials WHERE holder_id = ? ORDER BY created_at`)
      .all(holderId) as CredentialRow[];
    return rows.map(fromRow);
  }

  /** The holder's cards in the order they were enrolled, read outside any write (an export). */
  listForHolderNow(holderId: string): CredentialRecord[] {
    const rows = this.sql
      .statement(`SELECT ${COLUMNS} FROM credentials WHERE holder_id = ? ORDER BY created_at, id`)
      .all(holderId) as CredentialRow[];
    return rows.map(fromRow);
  }

  deleteForHolderIn(tx: WriteTransaction, holderId: string): void {
    tx.statement('DELETE FROM credentials WHERE holder_id = ?').run(holderId);
  }

  /** Takes one entry from a limited card; false when it had none left (nothing changes). */
  consumeUseIn(tx: WriteTransaction, id: string, at: Date): boolean {
    const result = tx
      .statement(
        'UPDATE credentials SET uses_left = uses_left - 1, updated_at = ? WHERE id = ? AND uses_left > 0',
      )
      .run(at.toISOString(), id);
    return result.changes === 1;
  }

  setStatusIn(tx: WriteTransaction, id: string, status: CredentialStatus, at: Date): void {
    tx.statement('UPDATE credentials SET status = ?, updated_at = ? WHERE id = ?').run(
      status,
      at.toISOString(),
      id,
    );
  }

  async listForHolder(holderId: string): Promise<CredentialRecord[]> {
    const entities = await this.credentials.find({
      where: { holderId },
      order: { createdAt: 'ASC' },
    });
    return entities.map(fromEntity);
  }
}

function fromRow(row: CredentialRow): CredentialRecord {
  return {
    id: row.id,
    holderId: row.holder_id,
    kind: row.kind,
    display: row.display,
    status: row.status,
    validFrom: dateOrNull(row.valid_from),
    validUntil: dateOrNull(row.valid_until),
    usesLeft: row.uses_left,
  };
}

function fromEntity(e: CredentialEntity): CredentialRecord {
  return {
    id: e.id,
    holderId: e.holderId,
    kind: e.kind,
    display: e.display,
    status: e.status,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    usesLeft: e.usesLeft,
  };
}
