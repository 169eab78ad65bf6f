/**
 * Every error the kiosk expects to meet names one of these codes. The edges map each code once:
 * HTTP statuses in http-status.ts, CLI exit codes in exit-code.ts, both with exhaustive switches,
 * so a new code does not compile until each edge says what it means there.
 */
export type DomainErrorCode =
  | 'invalid-input' // a request or option that does not have the documented form
  | 'invalid-uid'
  | 'random-uid'
  | 'pan-as-uid' // a bank-card number entered where a UID belongs (never echoed)
  | 'invalid-pan' // not a bank-card number (12-19 digits, Luhn); never echoed
  | 'already-enrolled'
  | 'invalid-name'
  | 'invalid-validity'
  | 'holder-not-found'
  | 'credential-not-found'
  | 'enrolment-not-found'
  | 'door-not-found'
  | 'schedule-not-found'
  | 'holiday-calendar-not-found'
  | 'access-group-not-found'
  | 'name-taken' // a schedule, holiday calendar or access group of that name exists
  | 'in-use' // a schedule or calendar still used by a group or schedule: not deleted
  | 'door-offline' // a door command that cannot be done now (it is refused, never queued)
  | 'token-not-found'
  | 'token-name-taken'
  | 'unauthenticated' // no token, or one that is unknown, wrong, expired or revoked
  | 'forbidden' // a token whose role or door scope may not do this
  | 'config-invalid'
  | 'pan-key-unusable'
  | 'audit-key-unusable' // the audit signing key file is missing its key, unreadable or open to others
  | 'database-unavailable' // cannot be opened, not SQLite, not writable
  | 'backup-unusable' // a backup file that is missing, not SQLite, damaged, broken or too new
  | 'file-exists' // a file a command would write is there already (and no --force)
  | 'database-in-use'; // another process (the service) has the database open: stop it first

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = [
  'invalid-input',
  'invalid-uid',
  'random-uid',
  'pan-as-uid',
  'invalid-pan',
  'already-enrolled',
  'invalid-name',
  'invalid-validity',
  'holder-not-found',
  'credential-not-found',
  'enrolment-not-found',
  'door-not-found',
  'schedule-not-found',
  'holiday-calendar-not-found',
  'access-group-not-found',
  'name-taken',
  'in-use',
  'door-offline',
  'token-not-found',
  'token-name-taken',
  'unauthenticated',
  'forbidden',
  'config-invalid',
  'pan-key-unusable',
  'audit-key-unusable',
  'database-unavailable',
  'backup-unusable',
  'file-exists',
  'database-in-use',
];

/** An expected failure with a code, a message fit to show a person, and its cause if any. */
export abstract class DomainError extends Error {
  protected constructor(
    readonly code: DomainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** More for a client than the message holds (every bad line of a file); none by default. */
  get details(): Record<string, unknown> | undefined {
    return undefined;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
