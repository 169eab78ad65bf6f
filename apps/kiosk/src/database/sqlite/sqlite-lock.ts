/**
 * SQLite's answer when another connection holds the lock a statement needs (SQLITE_BUSY, after
 * busy_timeout) or a table is locked within a shared cache (SQLITE_LOCKED), with their extended
 * codes. better-sqlite3 reports them as SqliteError with `code` set to the name.
 */
export function isSqliteLockContention(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}
