import { DomainError } from '../errors/domain-error';

/** The database cannot be used: not open, not a SQLite file, not writable. */
export class DatabaseUnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('database-unavailable', message, options);
    this.name = 'DatabaseUnavailableError';
  }
}
