import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseUnavailableError } from './database.errors';

// SQLite file format, section 1.3: every database file begins with these 16 bytes.
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
// Virtual file systems: SQLite cannot lock or fsync there (a file under /proc spins at full CPU).
const VIRTUAL_ROOTS = ['/proc/', '/sys/', '/dev/'];

/**
 * Checks KIOSK_DB before SQLite opens it, so that a wrong path fails at once with one line
 * naming the problem instead of a driver error after retries: a directory, a file that is not a
 * SQLite database, a parent that is a file, a virtual file system. Creates the parent directory.
 */
export function prepareDatabaseFile(path: string): void {
  if (path === ':memory:') return;
  const absolute = resolve(path);
  const fail = (problem: string, cause?: unknown): never => {
    throw new DatabaseUnavailableError(
      `KIOSK_DB=${path}: ${problem}`,
      cause === undefined ? undefined : { cause },
    );
  };
  if (VIRTUAL_ROOTS.some((root) => absolute.startsWith(root)))
    fail('is on a virtual file system; use a file on a disk, e.g. /var/lib/kiosk/kiosk.db');
  try {
    mkdirSync(dirname(absolute), { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST')
      fail('a parent of this path is a file, not a directory', err);
    fail(`cannot create its directory (${code ?? String(err)})`, err);
  }
  const stat = statOrNull(absolute);
  if (!stat) return; // SQLite creates it
  if (stat.isDirectory()) fail('is a directory; name a file in it, e.g. kiosk.db');
  if (!stat.isFile()) fail('is not a regular file');
  if (stat.size > 0 && !startsWithSqliteHeader(absolute))
    fail('is not a SQLite database (its first bytes are not "SQLite format 3")');
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DatabaseUnavailableError(`KIOSK_DB=${path}: cannot be read`, { cause: err });
  }
}

function startsWithSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new DatabaseUnavailableError(
      `KIOSK_DB=${path}: cannot be read (${(err as NodeJS.ErrnoException).code})`,
      { cause: err },
    );
  }
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return header.equals(SQLITE_HEADER);
}
