import { describeProcessFailure } from '../errors/process-failure';
import { CliFailure } from './cli-output';

/** What `kiosk` prints on standard error and exits with when a command fails (README, "CLI"). */
export function describeFailure(err: unknown): { message: string; code: number } {
  if (err instanceof CliFailure) return { message: err.message, code: err.exitCode };
  return describeProcessFailure(err);
}
