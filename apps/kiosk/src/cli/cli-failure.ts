import { isDomainError } from '../errors/domain-error';
import { ExitCode, exitCodeOf } from '../errors/exit-code';
import { CliFailure } from './cli-output';

/**
 * What `kiosk` prints on standard error and exits with when a command fails (exit codes:
 * errors/exit-code.ts, README "CLI"). Only an unexpected fault shows its stack.
 */
export function describeFailure(err: unknown): { message: string; code: number } {
  if (err instanceof CliFailure) return { message: err.message, code: err.exitCode };
  if (isDomainError(err)) return { message: err.message, code: exitCodeOf(err.code) };
  return {
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    code: ExitCode.internal,
  };
}
