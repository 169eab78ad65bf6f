import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { dateOrNull, isoOrNull } from '../database/iso-date.transformer';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { HolderRecord, HolderStatus } from '../holders/holder';
import { groupIdsOf } from '../holders/holder-row';
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
// The tap's lookup: the credential with its holder's fields and groups (the row's own copy of
// them, migration 12), and the allowlist's latest revision (which the access policy compares on
// every tap), in one statement: the credential by its UNIQUE (kind, lookup_key) index and its
// row, nothing else (the raw lookup's own two B-trees: bench/README.md, decision). The keys are
// bound as CAST(? AS TEXT), not as a bare ?: SQLite (better-sqlite3 builds it with
// SQLITE_ENABLE_STAT4) marks a bare parameter compared to an indexed column as one its plan may
// depend on, and may prepare the statement afresh after a new binding. The values are TEXT
// either way (STRICT columns).
const SELECT_FOR_TAP = `SELECT ${COLUMNS}, holder_display_name, holder_lcd_name, holder_status,
  holder_valid_from, holder_valid_until, holder_group_ids,
  (SELECT max(revision) FROM allowlist_revisions) AS allowlist_revision
  FROM credentials WHERE kind = CAST(? AS TEXT) AND lookup_key = CAST(? AS TEXT)`;

/** A holder's copy on their credential; all null when the credential has no holder row. */
interface HolderCopyRow {
  holder_display_name: string | null;
  holder_lcd_name: string | null;
  holder_status: HolderStatus | null;
  holder_valid_from: string | null;
  holder_valid_until: string | null;
  holder_group_ids: string | null;
}

type TapRow = CredentialRow & HolderCopyRow & { allowlist_revision: number | null };

/** The holder as a tap needs them: what the rule judges and the LCD shows, not notes or lists. */
export type TapHolder = Pick<
  HolderRecord,
  'id' | 'displayName' | 'lcdName' | 'status' | 'validFrom' | 'validUntil' | 'groupIds'
>;

/**
 * An enrolled credential as the tap finds it, with its holder (null if none) and the allowlist
 * revision it was read at.
 */
export interface TapLookup {
  credential: CredentialRecord;
  holder: TapHolder | null;
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
    return {
      credential: fromRow(row),
      holder: tapHolderFromRow(row),
      allowlistRevision: row.allowlist_revision ?? 0,
    };
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

// holders.display_name and status are NOT NULL: null in the copy means no holder row.
function tapHolderFromRow(row: TapRow): TapHolder | null {
  if (row.holder_display_name === null || row.holder_status === null) return null;
  return {
    id: row.holder_id,
    displayName: row.holder_display_name,
    lcdName: row.holder_lcd_name,
    status: row.holder_status,
    validFrom: dateOrNull(row.holder_valid_from),
    validUntil: dateOrNull(row.holder_valid_until),
    groupIds: groupIdsOf(row.holder_group_ids),
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
