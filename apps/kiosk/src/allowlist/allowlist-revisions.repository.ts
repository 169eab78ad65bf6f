import { Injectable } from '@nestjs/common';
import type { WriteTransaction } from '../database/write-transaction';

export type AllowlistEntity = 'holder' | 'credential';

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
  appendIn(tx: WriteTransaction, change: AllowlistChange): number {
    const result = tx
      .statement(
        'INSERT INTO allowlist_revisions (at, entity, entity_id, action) VALUES (?, ?, ?, ?)',
      )
      .run(change.at.toISOString(), change.entity, change.entityId, change.action);
    return Number(result.lastInsertRowid);
  }
}
