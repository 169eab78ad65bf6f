import type { DomainErrorCode } from './domain-error';

/** The `kiosk` command's exit codes (README, CLI). */
export const ExitCode = {
  ok: 0,
  /**
   * The request was refused: bad input, already enrolled, not found, a broken audit chain, a
   * backup that is not fit to restore, a file that is there already.
   */
  refused: 1,
  /** The configuration (KIOSK_* variables) is invalid. */
  config: 2,
  /** The database cannot be opened or written. */
  database: 3,
  /** A key file (the PAN key, the audit signing key) is unreadable, too short or readable by others. */
  panKey: 4,
  /** Another process has the database open (the service): stop it and try again (EX_TEMPFAIL). */
  inUse: 75,
  /** A fault in the kiosk itself (sysexits EX_SOFTWARE): report it. */
  internal: 70,
} as const;

export function exitCodeOf(code: DomainErrorCode): number {
  switch (code) {
    case 'invalid-input':
    case 'invalid-uid':
    case 'random-uid':
    case 'pan-as-uid':
    case 'invalid-pan':
    case 'already-enrolled':
    case 'invalid-name':
    case 'invalid-validity':
    case 'holder-not-found':
    case 'credential-not-found':
    case 'enrolment-not-found':
    case 'door-not-found':
    case 'schedule-not-found':
    case 'holiday-calendar-not-found':
    case 'access-group-not-found':
    case 'name-taken':
    case 'in-use':
    case 'door-offline':
    case 'token-not-found':
    case 'token-name-taken':
    case 'unauthenticated':
    case 'forbidden':
    case 'backup-unusable':
    case 'file-exists':
      return ExitCode.refused;
    case 'config-invalid':
      return ExitCode.config;
    case 'database-unavailable':
      return ExitCode.database;
    case 'database-in-use':
      return ExitCode.inUse;
    case 'pan-key-unusable':
    case 'audit-key-unusable':
      return ExitCode.panKey;
  }
}
