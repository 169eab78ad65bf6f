import { performance } from 'node:perf_hooks';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { DatabaseUnavailableError } from './database.errors';
import type { SqlStatements } from './sqlite/sqlite-connection';

/** What one PRAGMA wal_checkpoint(PASSIVE) did (https://sqlite.org/pragma.html#pragma_wal_checkpoint). */
export interface CheckpointOutcome {
  /** Frames in the WAL. */
  walFrames: number;
  /** Of them, copied into the database file (all of them, unless a reader holds an older snapshot). */
  checkpointedFrames: number;
  ms: number;
  /** Whether the connection's page cache was given back afterwards (only with no tap in hand). */
  releasedCache: boolean;
}

/** When a deferred checkpoint runs (defaults: WAL_CHECKPOINT_POLICY). */
export interface WalCheckpointPolicy {
  /** Commits since the last checkpoint after which one runs as soon as no tap is in hand. */
  commits: number;
  /** A checkpoint runs this long after the last commit, however few there were. */
  idleMs: number;
  /** Commits after which one runs even with a tap in hand: the WAL never grows without bound. */
  mostCommits: number;
}

/**
 * A tap writes a few pages (its record, the chain, their indexes): 100 commits is about the 1,000
 * pages of SQLite's own automatic checkpoint. 2 s without a write: the door is quiet.
 */
export const WAL_CHECKPOINT_POLICY: WalCheckpointPolicy = {
  commits: 100,
  idleMs: 2000,
  mostCommits: 1000,
};

/**
 * The service's WAL checkpoints, taken off the taps' path.
 *
 * SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1,000 pages: that
 * commit copies them into the database file and syncs it, 100-300 ms on an SD card or a busy
 * disk. A tap's record is committed before its door is told (no door opens without its record),
 * so that tap, and those queued behind it, waited for the copy (bench/README.md, "Tap to relay's
 * tail"). The service's connection therefore sets wal_autocheckpoint = 0 (applySqlitePragmas,
 * `deferCheckpoints`), and this runs a PASSIVE checkpoint (it takes no lock a writer needs) after
 * enough commits, when no tap is in hand (`hold`), or when writes pause. The CLI, one short
 * command, keeps SQLite's own: its policy is null, and then this does nothing.
 *
 * better-sqlite3 is synchronous: the checkpoint still blocks this process while it copies. It
 * runs where nobody waits for it: after a door has been told, between taps.
 */
export class WalCheckpointer implements OnModuleDestroy {
  private commitsSince = 0;
  private holds = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Set after a failed checkpoint: the next failure is not logged again. */
  private failing = false;
  private readonly logger = new Logger('WalCheckpointer');

  constructor(
    private readonly sql: SqlStatements,
    /** null: SQLite's automatic checkpoint is in force on this connection; nothing to do. */
    private readonly policy: WalCheckpointPolicy | null,
  ) {}

  /** A write has committed (UnitOfWork). */
  committed(): void {
    if (!this.policy) return;
    this.commitsSince++;
    if (this.commitsSince >= this.policy.mostCommits) {
      // Here and now, as SQLite's own would: a writer that never lets the event loop reach its
      // timers (appends awaited back to back) would otherwise grow the WAL without end, and every
      // read slows as it grows (the WAL's index is searched newest table first).
      this.runScheduled();
      return;
    }
    this.schedule();
  }

  /** Whether a tap is in hand (for tests and health). */
  get held(): boolean {
    return this.holds > 0;
  }

  /**
   * A tap is in hand until the returned function is called: no checkpoint starts meanwhile
   * (unless `mostCommits` have piled up). One that came due runs once the last hold ends.
   */
  hold(): () => void {
    this.holds++;
    this.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.schedule();
    };
  }

  /** Runs one now; null when there was nothing to do or the database is closed. */
  checkpoint(): CheckpointOutcome | null {
    this.cancel();
    if (this.closed) return null;
    const started = performance.now();
    const row = this.sql.statement('PRAGMA wal_checkpoint(PASSIVE)').get() as {
      busy: number;
      log: number;
      checkpointed: number;
    };
    // The page cache (up to 16 MB by default) keeps every page the growing audit log ever wrote
    // until it is full: the process's heap grew ~1 MiB per 10k taps (bench/README.md, "Memory
    // along taps"). Given back here, between taps, never with a tap in hand: the pages a tap
    // reads (a credential's index path, the chain's head) are read again from the OS's cache.
    const releasedCache = this.holds === 0;
    if (releasedCache) this.sql.statement('PRAGMA shrink_memory').run();
    const outcome = {
      walFrames: row.log,
      checkpointedFrames: row.checkpointed,
      ms: performance.now() - started,
      releasedCache,
    };
    // A reader on an older snapshot (a backup, the CLI) keeps some frames: try again later.
    this.commitsSince = outcome.checkpointedFrames < outcome.walFrames ? 1 : 0;
    if (this.commitsSince > 0) this.schedule();
    return outcome;
  }

  /**
   * Nothing more runs: the connection closes after this (TypeORM closes it at application
   * shutdown, after every module's destroy hook), and closing checkpoints the WAL itself.
   */
  onModuleDestroy(): void {
    this.closed = true;
    this.cancel();
  }

  private schedule(): void {
    if (!this.policy || this.closed || this.commitsSince === 0) return;
    const due = this.commitsSince >= this.policy.commits;
    if (this.holds > 0 && this.commitsSince < this.policy.mostCommits) {
      // Not while a tap is in hand: the idle checkpoint waits for the hold's end too.
      this.cancel();
      return;
    }
    const delay = due ? 0 : this.policy.idleMs;
    if (this.timer && !due) {
      // A commit pushes the idle checkpoint back (refresh restarts the timer without a new one).
      this.timer.refresh();
      return;
    }
    this.cancel();
    this.timer = setTimeout(() => this.runScheduled(), delay);
    // A pending checkpoint keeps no process alive: closing the database checkpoints anyway.
    this.timer.unref();
  }

  private runScheduled(): void {
    // checkpoint() cancels the timer: called from a commit, one may still be pending.
    try {
      const outcome = this.checkpoint();
      this.failing = false;
      if (outcome && outcome.ms >= SLOW_CHECKPOINT_MS)
        this.logger.log(
          `WAL checkpoint: ${outcome.checkpointedFrames} of ${outcome.walFrames} frames in ${Math.round(outcome.ms)} ms`,
        );
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) return; // closed: closing checkpointed it
      // The disk failed, say: the next write reports it (WriteOutage); this tries again when
      // writes pause, and says so once.
      if (!this.failing)
        this.logger.warn(
          `WAL checkpoint failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      this.failing = true;
      this.commitsSince = 1; // pending, not due: the next try waits for a pause in the writes
      this.schedule();
    }
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** A checkpoint this slow is worth a line in the log (one that copies a few pages takes < 10 ms). */
const SLOW_CHECKPOINT_MS = 100;
