import { Injectable } from '@nestjs/common';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import { DatabaseUnavailableError } from '../database.errors';
import { readSqlitePragmas, readSqliteUsage } from './sqlite-pragmas';

/** The largest page count one backup step takes (better-sqlite3 clamps to a 32-bit int). */
const ALL_PAGES = 0x7fffffff;

/** What a repository runs SQL through: statements prepared once and reused. */
export interface SqlStatements {
  statement(sql: string): Statement;
}

/**
 * The kiosk's one SQLite connection: the better-sqlite3 handle TypeORM opens, handed over through
 * TypeORM's documented `prepareDatabase` hook (no reaching into its driver). Repositories read
 * through it and write through a UnitOfWork transaction; nothing else sees it.
 *
 * Each SQL text is prepared once per connection and kept: the tap path runs the same few
 * statements on every card, and preparing (or having TypeORM build) them each time costs more
 * than the lookup itself.
 */
@Injectable()
export class SqliteConnection implements SqlStatements {
  private db: Database | null = null;
  private readonly prepared = new Map<string, Statement>();
  /**
   * better-sqlite3's transaction wrapper, made once per connection: db.transaction() builds four
   * wrapped functions and their properties each time it is called, on every write.
   */
  private runInTransaction: Transaction<(work: () => unknown) => unknown> | null = null;

  /** Called by TypeORM's prepareDatabase with the connection it has just opened. */
  attach(db: Database): void {
    this.db = db;
    this.prepared.clear();
    this.runInTransaction = null;
  }

  statement(sql: string): Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.open().prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in one BEGIN IMMEDIATE transaction; for UnitOfWork only. */
  immediate<T>(work: () => T): T {
    const db = this.open();
    this.runInTransaction ??= db.transaction((w: () => unknown) => w());
    return this.runInTransaction.immediate(work) as T;
  }

  /**
   * SQLite's online backup of this database into `path` (an empty file, or none), while other
   * processes go on writing: one backup step copies every page, so the copy is the database as
   * of one read transaction. (In steps, each write by the service between two steps would restart
   * the copy, and a steady stream of taps could keep it from ever finishing.) In WAL mode the
   * read blocks no writer; it blocks this process for as long as the copy takes.
   */
  async backupTo(path: string): Promise<void> {
    // better-sqlite3: the number the progress callback returns is the next step's page count.
    await this.open().backup(path, { progress: () => ALL_PAGES });
  }

  /** How much of the file is used, and of how much it may (KIOSK_DB_MAX_MB). */
  usage(): ReturnType<typeof readSqliteUsage> {
    return readSqliteUsage(this.open());
  }

  /** The connection's settings, for health checks and tests. */
  settings(): ReturnType<typeof readSqlitePragmas> {
    return readSqlitePragmas(this.open());
  }

  private open(): Database {
    if (!this.db?.open) throw new DatabaseUnavailableError('the kiosk database is not open');
    return this.db;
  }
}
