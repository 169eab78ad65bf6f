import { Injectable } from '@nestjs/common';
import { SqliteConnection } from './sqlite/sqlite-connection';
import { UnitOfWork, type WriteBacklog } from './unit-of-work';
import { WriteOutage } from './write-outage';

/** Past this, writes waiting for the lock mean taps wait too: the terminal is not healthy. */
const WRITE_WAIT_LIMIT_MS = 1000;

/** Past this share of KIOSK_DB_MAX_MB, health warns (and retention prunes what was exported). */
export const FULL_WARNING_SHARE = 0.8;

export type DatabaseStatus = (
  { ok: true; warning?: string } | { ok: false; problem: string; refusedTaps?: number }
) &
  WriteBacklog;

/** Whether the database answers and writes are getting through, for health and doctor. */
@Injectable()
export class DatabaseStatusService {
  constructor(
    private readonly connection: SqliteConnection,
    private readonly unitOfWork: UnitOfWork,
    private readonly outage: WriteOutage,
  ) {}

  status(): DatabaseStatus {
    const backlog = this.unitOfWork.backlog();
    try {
      // A read: in WAL mode it never waits for another process's write lock.
      this.connection.statement('SELECT 1').get();
    } catch (err) {
      return {
        ok: false,
        problem: `database does not answer: ${(err as Error).message}`,
        ...backlog,
      };
    }
    const outage = this.outage.outage;
    if (outage) {
      return {
        ok: false,
        problem: `the audit log cannot be written since ${outage.since.toISOString()} (${outage.cause}): no door opens for a card until it can`,
        refusedTaps: outage.refusedTaps,
        ...backlog,
      };
    }
    if (backlog.oldestWaitMs > WRITE_WAIT_LIMIT_MS) {
      return {
        ok: false,
        problem:
          'writes are waiting for the database write lock (another process holds it); they are kept in order',
        ...backlog,
      };
    }
    const { usedBytes, maxBytes } = this.connection.usage();
    if (maxBytes !== null && usedBytes > FULL_WARNING_SHARE * maxBytes)
      return {
        ok: true,
        warning: `the database uses ${Math.round((100 * usedBytes) / maxBytes)} % of KIOSK_DB_MAX_MB: export the audit log (retention then frees what was exported) before it is full and no door opens for a card`,
        ...backlog,
      };
    return { ok: true, ...backlog };
  }

  /** The share of KIOSK_DB_MAX_MB in use (null: no limit set). */
  usedShare(): number | null {
    const { usedBytes, maxBytes } = this.connection.usage();
    return maxBytes === null ? null : usedBytes / maxBytes;
  }
}
