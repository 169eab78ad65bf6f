/**
 * SQLite's answer when another connection holds the lock a statement needs (SQLITE_BUSY, after
 * busy_timeout) or a table is locked within a shared cache (SQLITE_LOCKED), with their extended
 * codes. better-sqlite3 reports them as SqliteError with `code` set to the name.
 */
export function isSqliteLockContention(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/**
 * SQLite's answer when nothing can be written at all, however long one waits: the database or
 * disk is full (SQLITE_FULL, also past PRAGMA max_page_count), the file or its directory is
 * read-only (SQLITE_READONLY_*), the disk fails (SQLITE_IOERR_*), or the file cannot be opened.
 */
export function isSqliteStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)(_|$)/.test(code);
}
