import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource, type MigrationInterface } from 'typeorm';

type Migrations = Array<new () => MigrationInterface>;

/**
 * A SQLite file in a temporary directory, for a migration's spec: migrated and undone by TypeORM
 * as the service does it, and read or changed directly as another process would.
 */
export class MigrationFile {
  private constructor(
    private readonly dir: string,
    readonly path: string,
  ) {}

  static create(prefix: string): MigrationFile {
    const dir = mkdtempSync(join(tmpdir(), `kiosk-${prefix}-`));
    return new MigrationFile(dir, join(dir, 'kiosk.db'));
  }

  /** Runs those of `migrations` not yet applied, each in its own transaction (as at start). */
  migrate(migrations: Migrations): Promise<void> {
    return this.withSource(migrations, (s) => s.runMigrations({ transaction: 'each' }));
  }

  /** Undoes the last applied one; TypeORM keeps foreign keys on for an undo. */
  undoLast(migrations: Migrations): Promise<void> {
    return this.withSource(migrations, (s) => s.undoLastMigration());
  }

  /** `work` on a connection of its own, foreign keys on, closed after. */
  withFile<R>(work: (db: Database.Database) => R): R {
    const db = new Database(this.path);
    db.pragma('foreign_keys = ON');
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async withSource(
    migrations: Migrations,
    work: (source: DataSource) => Promise<unknown>,
  ): Promise<void> {
    const source = new DataSource({ type: 'better-sqlite3', database: this.path, migrations });
    await source.initialize();
    try {
      await work(source);
    } finally {
      await source.destroy();
    }
  }
}
