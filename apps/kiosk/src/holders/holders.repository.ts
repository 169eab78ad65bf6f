import { Injectable } from '@nestjs/common';
import { isoOrNull } from '../database/iso-date.transformer';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { HolderRecord, HolderStatus } from './holder';
import { HOLDER_FIELDS, holderFromRow, type HolderFieldsRow } from './holder-row';

export type NewHolder = Omit<HolderRecord, 'groupIds'> & { at: Date };

/** What a list may be narrowed to; every filter given must hold. */
export interface HolderFilter {
  /** Part of the name, any case. */
  name?: string;
  status?: HolderStatus;
  groupId?: string;
  visitor?: boolean;
}

interface HolderRow extends HolderFieldsRow {
  id: string;
}

const COLUMNS = `id, ${HOLDER_FIELDS}`;
const SELECT_BY_ID = `SELECT ${COLUMNS} FROM holders WHERE id = ?`;

const fromRow = (row: HolderRow): HolderRecord => holderFromRow(row.id, row);

/**
 * The holders table: the lookup by id is a statement prepared once (the tap reads the holder with
 * the card: credentials.repository.ts); writes run in the caller's transaction; lists are keyset
 * pages. Each returns HolderRecord with its groups.
 */
@Injectable()
export class HoldersRepository {
  constructor(private readonly sql: SqliteConnection) {}

  findById(id: string): HolderRecord | null {
    const row = this.sql.statement(SELECT_BY_ID).get(id) as HolderRow | undefined;
    return row ? fromRow(row) : null;
  }

  insertIn(tx: WriteTransaction, h: NewHolder): void {
    tx.statement(
      `INSERT INTO holders (id, display_name, status, valid_from, valid_until, lcd_name, notes,
         visitor, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      h.id,
      h.displayName,
      h.status,
      isoOrNull(h.validFrom),
      isoOrNull(h.validUntil),
      h.lcdName,
      h.notes,
      h.visitor ? 1 : 0,
      h.at.toISOString(),
      h.at.toISOString(),
    );
  }

  /** Writes the holder's fields (not their groups), in the caller's transaction. */
  updateIn(tx: WriteTransaction, next: HolderRecord, at: Date): void {
    tx.statement(
      `UPDATE holders SET display_name = ?, status = ?, valid_from = ?, valid_until = ?,
         lcd_name = ?, notes = ?, visitor = ?, updated_at = ?
        WHERE id = ?`,
    ).run(
      next.displayName,
      next.status,
      isoOrNull(next.validFrom),
      isoOrNull(next.validUntil),
      next.lcdName,
      next.notes,
      next.visitor ? 1 : 0,
      at.toISOString(),
      next.id,
    );
  }

  findByIdIn(tx: WriteTransaction, id: string): HolderRecord | null {
    const row = tx.statement(SELECT_BY_ID).get(id) as HolderRow | undefined;
    return row ? fromRow(row) : null;
  }

  deleteIn(tx: WriteTransaction, id: string): void {
    tx.statement('DELETE FROM holders WHERE id = ?').run(id);
  }

  /**
   * One page in (name, id) order after the given position (keyset: stable while rows change),
   * narrowed by the filter. The name filter is a substring, so it scans; a site's holders fit.
   * Every column it reads is in the index holders_list (migration 11): a page reads that alone.
   */
  pageByName(
    after: { name: string; id: string } | null,
    limit: number,
    filter: HolderFilter = {},
  ): HolderRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    // Keys compared to an indexed column are bound as CAST(? AS TEXT): a bare `?` there makes
    // SQLite (built with STAT4 by better-sqlite3) prepare the statement again after every binding,
    // a fifth of a page's time (bench/README.md, "Admin API"; the tap's lookup does the same).
    if (after) {
      where.push('(display_name, id) > (CAST(? AS TEXT), CAST(? AS TEXT))');
      params.push(after.name, after.id);
    }
    if (filter.name !== undefined) {
      where.push('instr(lower(display_name), lower(?)) > 0');
      params.push(filter.name);
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.visitor !== undefined) {
      where.push('visitor = ?');
      params.push(filter.visitor ? 1 : 0);
    }
    if (filter.groupId !== undefined) {
      where.push('id IN (SELECT holder_id FROM holder_groups WHERE group_id = CAST(? AS TEXT))');
      params.push(filter.groupId);
    }
    const sql = `SELECT ${COLUMNS} FROM holders ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY display_name, id LIMIT ?`;
    return (this.sql.statement(sql).all(...params, limit) as HolderRow[]).map(fromRow);
  }

  /** Every holder by name (the CLI's list). */
  listByName(): HolderRecord[] {
    return (
      this.sql
        .statement(`SELECT ${COLUMNS} FROM holders ORDER BY display_name, id`)
        .all() as HolderRow[]
    ).map(fromRow);
  }
}
