import type { Database } from 'better-sqlite3';

/**
 * Set on every connection, explicitly. better-sqlite3 reopens a WAL database with
 * synchronous=NORMAL unless told otherwise, and an audit record must survive power loss.
 */
export function applySqlitePragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000'); // ms: the CLI and the kiosk share the file
}
