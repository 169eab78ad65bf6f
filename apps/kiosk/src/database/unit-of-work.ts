import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { SqliteConnection } from './sqlite/sqlite-connection';
import { isSqliteLockContention, isSqliteStorageFailure } from './sqlite/sqlite-lock';
import { WalCheckpointer } from './wal-checkpointer';
import { WriteOutage } from './write-outage';
import { WriteTransaction } from './write-transaction';

/** Pause before trying again when another process holds the write lock; grows to the max. */
const RETRY_MS = { first: 10, max: 200 };

export interface WriteBacklog {
  /** Writes queued or waiting for the lock, the one in progress included. */
  waiting: number;
  /** How long the oldest of them has waited, in ms (0 when none waits). */
  oldestWaitMs: number;
}

/**
 * The one way to write. Each write is a synchronous function run in one BEGIN IMMEDIATE
 * transaction: all of it commits or none of it does, and nothing else in this process can run
 * in between (the function cannot await). Writes run one at a time in the order they were asked
 * for, so overlapping async work queues instead of nesting, and a write inside a write is an
 * error, not a silent savepoint.
 *
 * When another process (the CLI) holds the write lock, SQLite answers SQLITE_BUSY after a short
 * busy_timeout; the write then waits without blocking the event loop and tries again, for as
 * long as it takes: a queued audit event is never dropped for a lock, and the backlog is visible
 * to health. Any other error fails that write alone, and the next one runs; one for lack of
 * storage (full, read-only) is also reported to WriteOutage.
 */
@Injectable()
export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly queuedAt: number[] = [];
  private writing = false;

  /** Told when an after-commit callback throws (the write itself has committed). */
  afterCommitFailed: ((err: unknown) => void) | null = null;

  constructor(
    private readonly connection: SqliteConnection,
    private readonly outage: WriteOutage,
    private readonly checkpointer: WalCheckpointer,
  ) {}

  write<T>(work: (tx: WriteTransaction) => T): Promise<T> {
    if (this.writing) {
      throw new Error('UnitOfWork.write inside a write: pass the open transaction instead');
    }
    this.queuedAt.push(Date.now());
    const run = this.tail.then(() => this.runWithRetry(work));
    this.tail = run.then(
      () => this.queuedAt.shift(),
      () => this.queuedAt.shift(),
    );
    return run;
  }

  backlog(): WriteBacklog {
    const oldest = this.queuedAt[0];
    return {
      waiting: this.queuedAt.length,
      oldestWaitMs: oldest === undefined ? 0 : Date.now() - oldest,
    };
  }

  private async runWithRetry<T>(work: (tx: WriteTransaction) => T): Promise<T> {
    for (let pause = RETRY_MS.first; ; pause = Math.min(pause * 2, RETRY_MS.max)) {
      try {
        return this.runOnce(work);
      } catch (err) {
        if (isSqliteStorageFailure(err)) this.outage.failed(err);
        if (!isSqliteLockContention(err)) throw err;
      }
      await sleep(pause);
    }
  }

  private runOnce<T>(work: (tx: WriteTransaction) => T): T {
    const tx = new WriteTransaction(this.connection);
    this.writing = true;
    let result: T;
    try {
      const outage = this.outage.outage;
      result = this.connection.immediate(() => {
        // The first write after an outage says so first, in the same transaction.
        if (outage) this.outage.recoveryIn?.(tx, outage);
        const value = work(tx);
        if (isPromiseLike(value)) {
          // Rolls the transaction back: an awaited write would run after COMMIT, outside it.
          throw new Error('A unit of work is synchronous: it returned a promise');
        }
        return value;
      });
    } finally {
      this.writing = false;
      tx.end();
    }
    this.outage.committed();
    this.checkpointer.committed();
    // Committed: tell whoever waits for news of it (a listener's fault is not the write's).
    for (const fn of tx.takeAfterCommit()) {
      try {
        fn();
      } catch (err) {
        this.afterCommitFailed?.(err);
      }
    }
    return result;
  }
}

function isPromiseLike(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
