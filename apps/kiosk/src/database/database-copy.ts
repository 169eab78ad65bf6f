import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import { SqliteConnection } from './sqlite/sqlite-connection';
import { WriteTransaction } from './write-transaction';

/** This build's migrations by name, oldest first: what a database may have had applied. */
export const BUILD_MIGRATIONS: readonly string[] = KIOSK_MIGRATIONS.map(
  (migration) => new migration().name ?? migration.name,
);

/**
 * A SQLite file other than the live database, on a connection of its own: a backup just taken,
 * or the copy of one about to be restored. It is checked, migrated and written here; the live
 * database is never opened through it. `connection` is for building repositories on it.
 */
export class DatabaseCopy {
  private constructor(
    readonly path: string,
    private db: Database.Database,
    readonly connection: SqliteConnection,
  ) {}

  /**
   * Opens `path` and reads its header: a file that is not a database SQLite can read throws the
   * driver's error (SQLITE_NOTADB, SQLITE_CORRUPT) here, not later.
   */
  static open(path: string): DatabaseCopy {
    const db = openFile(path);
    const connection = new SqliteConnection();
    connection.attach(db);
    return new DatabaseCopy(path, db, connection);
  }

  /** PRAGMA integrity_check: the first problems SQLite finds; none when the file is sound. */
  integrityProblems(max = 5): string[] {
    const rows = this.db.pragma(`integrity_check(${Math.trunc(max)})`) as {
      integrity_check: string;
    }[];
    const problems = rows.map((row) => row.integrity_check);
    return problems.length === 1 && problems[0] === 'ok' ? [] : problems;
  }

  /** The migrations applied to it, by name; null when it has no migrations table at all. */
  appliedMigrations(): string[] | null {
    const table = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'")
      .get();
    if (!table) return null;
    const rows = this.db.prepare('SELECT name FROM migrations ORDER BY id').all() as {
      name: string;
    }[];
    return rows.map((row) => row.name);
  }

  /**
   * Leaves WAL mode for a rollback journal: the file then holds everything on its own, with no
   * -wal beside it that a copy or a rename could leave behind. (A backup of a WAL database comes
   * out marked WAL; the service puts the file back in WAL mode when it opens it.)
   */
  toSingleFile(): void {
    this.db.pragma('journal_mode = DELETE');
  }

  /** Runs this build's pending migrations on it, as the service does at start. */
  async migrate(): Promise<void> {
    this.db.close();
    const source = new DataSource({
      type: 'better-sqlite3',
      database: this.path,
      migrations: KIOSK_MIGRATIONS,
      migrationsTransactionMode: 'each',
    });
    try {
      await source.initialize();
      await source.runMigrations();
    } finally {
      if (source.isInitialized) await source.destroy();
      this.db = openFile(this.path);
      this.connection.attach(this.db);
    }
  }

  /** Runs `work` in one BEGIN IMMEDIATE transaction, as UnitOfWork does on the live database. */
  write<T>(work: (tx: WriteTransaction) => T): T {
    return this.db
      .transaction(() => {
        const tx = new WriteTransaction(this.connection);
        try {
          return work(tx);
        } finally {
          tx.end();
        }
      })
      .immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function openFile(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('schema_version'); // reads page 1: a file that is no database fails here
    db.pragma('synchronous = FULL');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
