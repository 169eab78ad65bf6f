import Database from 'better-sqlite3';

/** What a read-only look at the database found; `problem`: it could not be read as a kiosk's. */
export interface DatabaseLook {
  readonly quickCheck: readonly string[];
  readonly journalMode: string;
  readonly applied: readonly string[] | null;
  readonly head: { seq: number; hash: string; at: string } | null;
  readonly usedBytes: number;
}

/**
 * Opens the database read-only: PRAGMA quick_check, journal_mode, the migrations table and the
 * audit log's last record. Never writes, never migrates. A read-only connection to a WAL database
 * still makes its -wal and -shm files when they are not there (no process has it open); SQLite,
 * run as root, gives them the database file's owner, so the service user can still open them.
 */
export function lookAtDatabase(path: string): DatabaseLook | { problem: string } {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    const quickCheck = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map(
      (r) => r.quick_check,
    );
    const hasTable = (name: string) => tableExists(db!, name);
    const applied = migrationNames(db);
    const head = hasTable('audit_events')
      ? ((db.prepare('SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string; at: string } | undefined) ?? null)
      : null;
    return {
      quickCheck,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
      applied,
      head,
      usedBytes: (pages - free) * pageSize,
    };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB') return { problem: 'is not a SQLite database' };
    return { problem: `cannot be read (${(err as Error).message})` };
  } finally {
    db?.close();
  }
}

/**
 * The migrations applied to the database at `path` (read-only; none when it is not there or not
 * a kiosk's). Cheap: no integrity check, unlike lookAtDatabase.
 */
export function appliedMigrations(path: string): readonly string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return migrationNames(db) ?? [];
  } catch {
    return [];
  } finally {
    db?.close();
  }
}

function tableExists(db: Database.Database, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  );
}

function migrationNames(db: Database.Database): string[] | null {
  if (!tableExists(db, 'migrations')) return null;
  return (db.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[]).map(
    (r) => r.name,
  );
}
