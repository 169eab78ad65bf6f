import Database from 'better-sqlite3';
import type { SqlStatements } from './sqlite-connection';
import { SERVICE_BUSY_TIMEOUT_MS } from './sqlite-pragmas';

/**
 * The page cache of a read connection, in KiB. A long read goes through the table once, so a
 * page is not read twice and a cache buys nothing; better-sqlite3's default (16 MB) would fill
 * with pages read once and stay in the service's RSS (bench/README.md, "Audit export").
 */
export const READ_CONNECTION_CACHE_KIB = 512;

/**
 * A read-only connection of its own to the kiosk's database file, for one long read (an audit
 * export of a million records): its small page cache is filled and freed with it, and the
 * service's connection keeps the pages the taps read. In WAL mode it reads what was committed
 * when each statement began, while the service goes on writing. Statements run one at a time,
 * each its own read transaction: none is held open between them, so a slow reader never keeps
 * the WAL from being checkpointed. Close it when the read is over.
 */
export class SqliteReadConnection implements SqlStatements {
  private readonly prepared = new Map<string, Database.Statement>();

  private constructor(private readonly db: Database.Database) {}

  /** One to the file that `service` (the service's connection) has open. */
  static openBeside(service: SqlStatements): SqliteReadConnection {
    const databases = service.statement('PRAGMA database_list').all() as {
      name: string;
      file: string;
    }[];
    const main = databases.find((d) => d.name === 'main');
    // An in-memory database has no file another connection could open.
    if (!main?.file) throw new Error('the database has no file to open a reader on');
    return SqliteReadConnection.open(main.file);
  }

  static open(path: string): SqliteReadConnection {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`cache_size = ${-READ_CONNECTION_CACHE_KIB}`);
      // Mapped pages would count in the service's RSS as the cache's do.
      db.pragma('mmap_size = 0');
      // A reader waits only while another connection recovers or restarts the WAL: briefly.
      db.pragma(`busy_timeout = ${SERVICE_BUSY_TIMEOUT_MS}`);
      return new SqliteReadConnection(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  statement(sql: string): Database.Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement;
  }

  /** The connection's settings, for tests. */
  settings(): { readonly: boolean; cacheSize: number; mmapSize: number } {
    return {
      readonly: this.db.readonly,
      cacheSize: this.db.pragma('cache_size', { simple: true }) as number,
      mmapSize: this.db.pragma('mmap_size', { simple: true }) as number,
    };
  }

  /** Closes it; closing it again does nothing. */
  close(): void {
    this.prepared.clear();
    if (this.db.open) this.db.close();
  }
}
