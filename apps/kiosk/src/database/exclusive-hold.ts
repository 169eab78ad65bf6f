import Database from 'better-sqlite3';
import { isSqliteLockContention } from './sqlite/sqlite-lock';

export type ExclusiveHold =
  /**
   * No other connection has the file open; none can until `release()`. `whole`: the file holds
   * every committed transaction on its own, and what SQLite keeps beside it (-wal, -journal,
   * -shm) holds nothing more; otherwise the -wal may hold transactions.
   */
  | { state: 'held'; whole: boolean; release(): void }
  /** Another process has it open: the service, a CLI command, a sqlite3 shell. */
  | { state: 'in-use' }
  /** SQLite cannot read it as a database (`problem`): no process can be serving from it. */
  | { state: 'unreadable'; problem: string };

/**
 * Whether another process has the database at `path` open (a file that cannot be opened at all,
 * its mode for one, throws: that says nothing about who uses it), answered by SQLite's own locks: a
 * connection to a WAL database holds a shared lock on the file for as long as it is open (SQLite
 * counts on that to tell the last connection, which may delete the WAL), so the exclusive lock
 * that `locking_mode = EXCLUSIVE` takes at the first transaction is granted only when no other
 * connection, in any process, has the file open. The kernel drops a process's locks when it
 * ends, however it ends (SIGKILL, power cut), so nothing goes stale, unlike a pid file.
 *
 * Held, the database is also made whole on its own: the WAL is checkpointed into the file and
 * the file leaves WAL mode (a file that will not, damaged, is released at once; the caller moves
 * its -wal along with it). Waits up to `waitMs` for a short command to finish.
 */
export function holdDatabaseExclusively(path: string, waitMs: number): ExclusiveHold {
  const db = new Database(path, { fileMustExist: true, timeout: waitMs });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT'); // the lock stays until the connection closes (locking_mode)
  } catch (err) {
    db.close();
    if (isSqliteLockContention(err)) return { state: 'in-use' };
    if (isNotADatabase(err)) return { state: 'unreadable', problem: (err as Error).message };
    throw err;
  }
  try {
    // A hot journal was rolled back at BEGIN; this checkpoints the WAL into the file. In exclusive
    // locking mode the journal of this change stays, finished, until the connection closes.
    db.pragma('journal_mode = DELETE');
  } catch {
    db.close();
    return { state: 'held', whole: false, release: () => undefined };
  }
  return { state: 'held', whole: true, release: () => db.close() };
}

/** SQLite's answer for a file that is not a database, or whose first page is damaged. */
function isNotADatabase(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)(_|$)/.test(code);
}
