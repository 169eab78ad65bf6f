import type { Database } from 'better-sqlite3';
import type { SqlStatements } from './sqlite-connection';

export interface SqliteSessionSettings {
  /**
   * How long one statement blocks, waiting for another process's write lock, before it fails
   * with SQLITE_BUSY. The service keeps this short and retries without blocking (UnitOfWork): a
   * blocked statement freezes the whole event loop. The CLI, one short command, may wait longer.
   */
  busyTimeoutMs: number;
  /** The most the file may grow to (PRAGMA max_page_count); null or absent: no limit. */
  maxBytes?: number | null;
  /**
   * true (the service): no checkpoint inside a commit (wal_autocheckpoint = 0); WalCheckpointer
   * runs them between taps. false or absent (the CLI): SQLite's automatic checkpoint.
   */
  deferCheckpoints?: boolean;
  /**
   * How much of the file SQLite reads through a memory map (PRAGMA mmap_size); 0 or absent: none,
   * every page is read into the connection's page cache. Why: applySqlitePragmas.
   */
  mmapBytes?: number;
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
  // 1000 pages is SQLite's default (SQLITE_DEFAULT_WAL_AUTOCHECKPOINT), set so it is explicit.
  db.pragma(`wal_autocheckpoint = ${settings.deferCheckpoints ? 0 : 1000}`);
  // The map: a tap reads a few pages of the credentials' index and table at random. Once the
  // site outgrows the page cache (16 MB: about 100k cards), each page not in it cost a pread(2)
  // and a copy; mapped, it is read where the kernel already holds it. At 1M cards the decision's
  // p50 went from 1.67x its 10k figure to 0.97-1.32x, its p99 after idle from 0.35 to 0.20-0.24
  // ms (bench/README.md, decision). Only reads are mapped (writes still go through write(2), so a
  // full disk is still SQLITE_FULL); a read error of the disk under a mapped page ends the
  // process (SIGBUS) instead of failing one statement. Always set, so 0 means none.
  db.pragma(`mmap_size = ${Math.trunc(settings.mmapBytes ?? 0)}`);
  if (settings.maxBytes) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    // A write past it fails with SQLITE_FULL: the same path as a full disk (WriteOutage).
    db.pragma(`max_page_count = ${Math.max(1, Math.floor(settings.maxBytes / pageSize))}`);
  }
}

/**
 * Runs `work` with this connection's page cache raised to `mebibytes`, then sets it back. A write
 * that changes more pages than the default cache holds (2 MB; a bulk import's random keys land
 * all over several indexes) otherwise spills them to the WAL and reads them back, page by page.
 * Only pages in use take memory.
 */
export function withPageCache<T>(sql: SqlStatements, mebibytes: number, work: () => T): T {
  const before = (sql.statement('PRAGMA cache_size').get() as { cache_size: number }).cache_size;
  sql.statement(`PRAGMA cache_size = ${-Math.trunc(mebibytes * 1024)}`).run();
  try {
    return work();
  } finally {
    sql.statement(`PRAGMA cache_size = ${Math.trunc(before)}`).run();
  }
}

/** How much of the file is used, and of how much it may use (maxBytes null: no limit set). */
export function readSqliteUsage(db: Database): { usedBytes: number; maxBytes: number | null } {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const max = db.pragma('max_page_count', { simple: true }) as number;
  // SQLite's default limit is 2^32 - 2 pages: no limit the kiosk set.
  return {
    usedBytes: (pages - free) * pageSize,
    maxBytes: max >= 4294967294 ? null : max * pageSize,
  };
}

/** The settings in force, as an installer or a test checks them. */
export function readSqlitePragmas(db: Database) {
  return {
    journalMode: db.pragma('journal_mode', { simple: true }) as string,
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    foreignKeys: db.pragma('foreign_keys', { simple: true }) === 1,
    busyTimeoutMs: db.pragma('busy_timeout', { simple: true }) as number,
    walAutoCheckpointPages: db.pragma('wal_autocheckpoint', { simple: true }) as number,
    mmapBytes: db.pragma('mmap_size', { simple: true }) as number,
  };
}
