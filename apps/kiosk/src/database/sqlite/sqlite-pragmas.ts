import type { Database } from 'better-sqlite3';

export interface SqliteSessionSettings {
  /**
   * How long one statement blocks, waiting for another process's write lock, before it fails
   * with SQLITE_BUSY. The service keeps this short and retries without blocking (UnitOfWork): a
   * blocked statement freezes the whole event loop. The CLI, one short command, may wait longer.
   */
  busyTimeoutMs: number;
}

/** The service's setting; the CLI passes its own. */
export const SERVICE_BUSY_TIMEOUT_MS = 20;

/**
 * Set on every connection, explicitly. better-sqlite3 reopens a WAL database with
 * synchronous=NORMAL unless told otherwise, and an audit record must survive power loss.
 */
export function applySqlitePragmas(db: Database, settings: SqliteSessionSettings): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.trunc(settings.busyTimeoutMs)}`);
}

/** The settings in force, as an installer or a test checks them. */
export function readSqlitePragmas(db: Database) {
  return {
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    foreignKeys: db.pragma('foreign_keys', { simple: true }) === 1,
    busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
  };
}
