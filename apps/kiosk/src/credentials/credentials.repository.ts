import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { dateOrNull, isoOrNull } from '../database/iso-date.transformer';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { HolderRecord } from '../holders/holder';
import { HOLDER_FIELDS, holderFromRow, type HolderFieldsRow } from '../holders/holder-row';
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
// Holders have an id, a status and a validity too: in a join, each column names its table.
const QUALIFIED_COLUMNS = COLUMNS.split(', ')
  .map((column) => `credentials.${column}`)
  .join(', ');
// The tap's lookup: the credential, its holder with their groups, and the allowlist's latest
// revision (which the access policy compares on every tap), in one statement: the credential by
// its UNIQUE (kind, lookup_key) index, the holder by id (one search: holders is a WITHOUT ROWID
// table since migration 9) with their groups (the row's copy: migration 10). The keys are bound as
// CAST(? AS TEXT), not as a bare ?: SQLite (better-sqlite3 builds it with SQLITE_ENABLE_STAT4)
// marks a bare parameter compared to an indexed column in a join as one its plan may depend on,
// and then prepares the statement afresh after every new binding, which cost more than the two
// lookups apart (bench/README.md, decision). The values are TEXT either way (STRICT columns).
// LEFT JOIN: a credential is never without its holder (a foreign key), but were it so, the card
// is still the one enrolled.
const SELECT_FOR_TAP = `SELECT ${QUALIFIED_COLUMNS}, ${HOLDER_FIELDS},
  (SELECT max(revision) FROM allowlist_revisions) AS allowlist_revision
  FROM credentials LEFT JOIN holders ON holders.id = credentials.holder_id
  WHERE credentials.kind = CAST(? AS TEXT) AND credentials.lookup_key = CAST(? AS TEXT)`;

type TapRow = CredentialRow & Partial<HolderFieldsRow> & { allowlist_revision: number | null };

/**
 * An enrolled credential as the tap finds it, with its holder (null if none) and the allowlist
 * revision it was read at.
 */
export interface TapLookup {
  credential: CredentialRecord;
  holder: HolderRecord | null;
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

  findForTap(kind: CredentialKind, lookupKey: string): TapLookup | null {
    const row = this.sql.statement(SELECT_FOR_TAP).get(kind, lookupKey) as TapRow | undefined;
    if (!row) return null;
    // holder_display_name is NOT NULL in holders: null here means no holder row was joined.
    const holder =
      row.holder_display_name == null
        ? null
        : holderFromRow(row.holder_id, row as CredentialRow & HolderFieldsRow);
    return { credential: fromRow(row), holder, allowlistRevision: row.allowlist_revision ?? 0 };
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
