import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { dateOrNull, isoOrNull } from '../database/iso-date.transformer';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { HolderRecord, HolderStatus } from './holder';
import { HolderEntity } from './holder.entity';

export interface NewHolder {
  id: string;
  displayName: string;
  validFrom: Date | null;
  validUntil: Date | null;
  at: Date;
}

interface HolderRow {
  id: string;
  display_name: string;
  status: HolderStatus;
  valid_from: string | null;
  valid_until: string | null;
  schedule_id: string | null;
}

const COLUMNS = 'id, display_name, status, valid_from, valid_until, schedule_id';
const SELECT_BY_ID = `SELECT ${COLUMNS} FROM holders WHERE id = ?`;

function fromRow(row: HolderRow): HolderRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    status: row.status,
    validFrom: dateOrNull(row.valid_from),
    validUntil: dateOrNull(row.valid_until),
    scheduleId: row.schedule_id,
  };
}

/**
 * The holders table: the tap path's lookup by id is a statement prepared once; writes run in the
 * caller's transaction; the admin list goes through TypeORM. Each returns HolderRecord.
 */
@Injectable()
export class HoldersRepository {
  constructor(
    private readonly sql: SqliteConnection,
    @InjectRepository(HolderEntity) private readonly holders: Repository<HolderEntity>,
  ) {}

  findById(id: string): HolderRecord | null {
    const row = this.sql.statement(SELECT_BY_ID).get(id) as HolderRow | undefined;
    return row ? fromRow(row) : null;
  }

  insertIn(tx: WriteTransaction, h: NewHolder): void {
    tx.statement(
      `INSERT INTO holders (id, display_name, status, valid_from, valid_until, created_at, updated_at)
       VALUES (?, ?, 'active', ?, ?, ?, ?)`,
    ).run(
      h.id,
      h.displayName,
      isoOrNull(h.validFrom),
      isoOrNull(h.validUntil),
      h.at.toISOString(),
      h.at.toISOString(),
    );
  }

  /** Writes the holder's new name, status and validity, in the caller's transaction. */
  updateIn(tx: WriteTransaction, next: HolderRecord, at: Date): void {
    tx.statement(
      `UPDATE holders SET display_name = ?, status = ?, valid_from = ?, valid_until = ?, updated_at = ?
        WHERE id = ?`,
    ).run(
      next.displayName,
      next.status,
      isoOrNull(next.validFrom),
      isoOrNull(next.validUntil),
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

  /** Binds the holder to a schedule (null: none), in the caller's transaction. */
  setScheduleIn(tx: WriteTransaction, holderId: string, scheduleId: string | null, at: Date): void {
    tx.statement('UPDATE holders SET schedule_id = ?, updated_at = ? WHERE id = ?').run(
      scheduleId,
      at.toISOString(),
      holderId,
    );
  }

  /** One page in (name, id) order, after the given position (keyset: stable while rows change). */
  pageByName(after: { name: string; id: string } | null, limit: number): HolderRecord[] {
    const rows = (
      after
        ? this.sql
            .statement(
              `SELECT ${COLUMNS} FROM holders WHERE (display_name, id) > (?, ?)
                ORDER BY display_name, id LIMIT ?`,
            )
            .all(after.name, after.id, limit)
        : this.sql
            .statement(`SELECT ${COLUMNS} FROM holders ORDER BY display_name, id LIMIT ?`)
            .all(limit)
    ) as HolderRow[];
    return rows.map(fromRow);
  }

  async listByName(): Promise<HolderRecord[]> {
    const entities = await this.holders.find({ order: { displayName: 'ASC' } });
    return entities.map((e) => ({
      id: e.id,
      displayName: e.displayName,
      status: e.status,
      validFrom: e.validFrom,
      validUntil: e.validUntil,
      scheduleId: e.scheduleId,
    }));
  }
}
