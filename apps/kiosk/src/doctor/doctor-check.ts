/** How one check came out: `fail` makes `kiosk doctor` exit 1; `warn` is worth a look, no more. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of `kiosk doctor`: what was looked at, what was found, and what to do about it. */
export interface CheckResult {
  /** What was checked, as the line names it: `pcscd`, `serial /dev/ttyUSB0`, `database`. */
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, for the installer: `answering, 2 readers: …`, `not writable by user kiosk`. */
  readonly line: string;
  /** What to do, for a warning or a failure: a command to run, a setting to change. */
  readonly fix?: string;
}

export const ok = (name: string, line: string): CheckResult => ({ name, status: 'ok', line });
export const warn = (name: string, line: string, fix?: string): CheckResult =>
  fix === undefined ? { name, status: 'warn', line } : { name, status: 'warn', line, fix };
export const fail = (name: string, line: string, fix: string): CheckResult => ({
  name,
  status: 'fail',
  line,
  fix,
});

const LABEL: Readonly<Record<CheckStatus, string>> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** `ok   pcscd: answering …` / `FAIL serial /dev/ttyUSB0: not writable … - usermod …` */
export function formatCheckLine(result: CheckResult): string {
  const fix = result.fix ? ` - ${result.fix}` : '';
  return `${LABEL[result.status]} ${result.name}: ${result.line}${fix}`;
}

/** `kiosk doctor`'s exit code (README, "Command line"): 1 when any check failed, warnings or not. */
export function doctorExitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

/** A size as an installer reads it: MB, or GB from 10 GB. */
export function megabytes(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 10 * 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb.toFixed(1)} MB`;
}
