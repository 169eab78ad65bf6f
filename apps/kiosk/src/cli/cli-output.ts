import { InvalidArgumentError } from 'commander';

/** A failure whose message is for the person at the terminal; no stack trace. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function print<T>(json: boolean | undefined, value: T, text: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : text()}\n`);
}

export function parseDateOption(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(
      `"${value}" is not a date (use ISO 8601, e.g. 2027-01-31T18:00:00Z)`,
    );
  return date;
}
