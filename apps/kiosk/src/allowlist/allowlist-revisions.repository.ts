import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';

export type AllowlistEntity =
  'holder' | 'credential' | 'schedule' | 'holiday-calendar' | 'access-group' | 'door';

export interface AllowlistChange {
  entity: AllowlistEntity;
  entityId: string;
  action: string;
  at: Date;
}

/**
 * The allowlist_revisions table. Every allowlist change is numbered inside the transaction that
 * makes it: terminals of a later multi-site setup apply these as a gap-free stream.
 */
@Injectable()
export class AllowlistRevisionsRepository {
  constructor(private readonly sql: SqliteConnection) {}

  appendIn(tx: WriteTransaction, change: AllowlistChange): number {
    const result = tx
      .statement(
        'INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES (?, ?, ?, ?)',
      )
      .run(change.at.toISOString(), change.entity, change.entityId, change.action);
    return Number(result.lastInsertRowid);
  }

  /**
   * The number of the latest change (0: none yet). The access policy compares it with the one it
   * was loaded at: a change made by the CLI, in another process, applies from the next tap too.
   * The largest key of the table: one step down the index's right edge.
   */
  latest(): number {
    const row = this.sql
      .statement('SELECT max(revision) AS revision FROM allowlist_revisions')
      .get() as {
      revision: number | null;
    };
    return row.revision ?? 0;
  }
}
