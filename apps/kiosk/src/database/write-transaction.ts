import type { Statement } from 'better-sqlite3';
import type { SqlStatements } from './sqlite/sqlite-connection';
import { withPageCache } from './sqlite/sqlite-pragmas';

/**
 * One open write transaction, handed by UnitOfWork.write to the repositories that write in it.
 * A repository method that takes one writes inside the caller's transaction: passing the same
 * `tx` to the holder, its credentials and the audit record is what makes them one change.
 * It works only while the transaction is open: kept past it (in a callback, after an await),
 * it throws instead of writing outside any transaction.
 */
export class WriteTransaction implements SqlStatements {
  private open = true;
  private readonly committed: (() => void)[] = [];

  constructor(private readonly sql: SqlStatements) {}

  statement(text: string): Statement {
    if (!this.open)
      throw new Error('This write transaction has ended: use it only inside its unit of work');
    return this.sql.statement(text);
  }

  /**
   * Runs `work` in this transaction with the connection's page cache raised to `mebibytes`, then
   * set back: for a write of many rows (an import) whose pages would not fit the default cache.
   */
  withPageCache<T>(mebibytes: number, work: () => T): T {
    return withPageCache(this, mebibytes, work);
  }

  /**
   * Runs `fn` once this transaction has committed (never if it rolls back): news of a change
   * (the audit stream) goes out only when the change is durable.
   */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Called by UnitOfWork when the transaction commits or rolls back. */
  end(): void {
    this.open = false;
  }

  /** Called by UnitOfWork after COMMIT; returns the callbacks to run, in order. */
  takeAfterCommit(): (() => void)[] {
    return this.committed.splice(0);
  }
}
