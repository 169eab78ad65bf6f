import { asDatabaseUnavailable } from '../database/database.errors';
import { isDomainError } from './domain-error';
import { ExitCode, exitCodeOf } from './exit-code';

/**
 * What a process (the service at start, or a CLI command) prints on standard error and exits
 * with when it fails: one line and the code's exit code for an expected failure; the stack and
 * 70 for a fault in the kiosk itself.
 */
export function describeProcessFailure(err: unknown): { message: string; code: number } {
  const known = isDomainError(err) ? err : asDatabaseUnavailable(err);
  if (known) return { message: known.message, code: exitCodeOf(known.code) };
  return {
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    code: ExitCode.internal,
  };
}
