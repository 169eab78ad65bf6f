import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';
import { isSqliteStorageFailure } from './sqlite/sqlite-lock';
import type { WriteTransaction } from './write-transaction';

/** Since when, and why, nothing could be written; what was refused meanwhile. */
export interface Outage {
  since: Date;
  /** SQLite's code and message of the last failure, e.g. "SQLITE_FULL: database or disk is full". */
  cause: string;
  failedWrites: number;
  /** Taps that were not decided (so no door opened) because their record could not be written. */
  refusedTaps: number;
  /** Times the service started again while it lasted (OutageJournal carries it over). */
  restarts: number;
}

/**
 * Whether the database can be written. UnitOfWork reports each write that fails for lack of
 * storage (full, read-only, I/O error) and each that commits. While writing fails, health is
 * down and the doors show out of service; the first write that commits afterwards carries, in
 * its own transaction and before its own records, the record the recovery hook adds (the audit
 * log's alarm with the count of refused taps), so nothing that happened in between goes unsaid.
 */
@Injectable()
export class WriteOutage extends EventEmitter<{
  changed: [outage: Outage | null];
  /** The outage's counts moved (a tap refused): for OutageJournal. */
  counted: [outage: Outage];
  /** A write failed for lack of storage (each one; metrics count them). */
  failed: [];
}> {
  private current: Outage | null = null;

  /** Run inside the first transaction after an outage, before that transaction's work. */
  recoveryIn: ((tx: WriteTransaction, outage: Outage) => void) | null = null;

  get outage(): Outage | null {
    return this.current;
  }

  /** Whether `err` is a write that failed for lack of storage (what this outage is about). */
  isStorageFailure(err: unknown): boolean {
    return isSqliteStorageFailure(err);
  }

  failed(err: unknown): void {
    const cause = `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}`;
    const first = this.current === null;
    this.current = this.current
      ? { ...this.current, cause, failedWrites: this.current.failedWrites + 1 }
      : { since: new Date(), cause, failedWrites: 1, refusedTaps: 0, restarts: 0 };
    this.emit('failed');
    if (first) this.emit('changed', this.current);
  }

  tapRefused(): void {
    if (!this.current) return;
    this.current = { ...this.current, refusedTaps: this.current.refusedTaps + 1 };
    this.emit('counted', this.current);
  }

  /**
   * Takes up an outage a previous run of the service left unresolved (OutageJournal): it goes on
   * until a write commits, and its alarm counts what both runs refused.
   */
  resume(previous: Outage): void {
    const merged = this.current
      ? {
          ...previous,
          failedWrites: previous.failedWrites + this.current.failedWrites,
          refusedTaps: previous.refusedTaps + this.current.refusedTaps,
        }
      : previous;
    const first = this.current === null;
    this.current = { ...merged, restarts: previous.restarts + 1 };
    if (first) this.emit('changed', this.current);
    else this.emit('counted', this.current);
  }

  /** Called by UnitOfWork after a commit. */
  committed(): void {
    if (this.current === null) return;
    this.current = null;
    this.emit('changed', null);
  }
}
