import { DomainError } from '../errors/domain-error';

/** The database cannot be used: not open, not a SQLite file, not writable. */
export class DatabaseUnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('database-unavailable', message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

// SQLite's result codes for a file it cannot use (https://sqlite.org/rescode.html).
const UNUSABLE_FILE = /^SQLITE_(CANTOPEN|NOTADB|CORRUPT|READONLY|PERM|IOERR|FULL)(_|$)/;

/** A driver error about the database file, as the domain error an installer can act on. */
export function asDatabaseUnavailable(err: unknown): DatabaseUnavailableError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !UNUSABLE_FILE.test(code)) return null;
  return new DatabaseUnavailableError(
    `the database cannot be used: ${(err as Error).message} (${code})`,
    { cause: err },
  );
}
