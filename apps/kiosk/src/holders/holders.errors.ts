import { DomainError, type DomainErrorCode } from '../errors/domain-error';

export const HolderErrorCode = {
  InvalidName: 'invalid-name',
  InvalidValidity: 'invalid-validity',
  NotFound: 'holder-not-found',
  InvalidUses: 'invalid-input',
  InvalidNotes: 'invalid-input',
  GroupNotFound: 'access-group-not-found',
  InvalidCsv: 'invalid-input',
} as const satisfies Record<string, DomainErrorCode>;
export type HolderErrorCode = (typeof HolderErrorCode)[keyof typeof HolderErrorCode];

export class HolderError extends DomainError {
  constructor(code: HolderErrorCode, message: string) {
    super(code, message);
    this.name = 'HolderError';
  }
}

/** A holders file with lines that cannot be imported: nothing of it was imported. */
export class HolderImportRefusedError extends DomainError {
  constructor(readonly problems: readonly { line: number; problem: string }[]) {
    super(
      'invalid-input',
      `The file was not imported: ${problems.length} line(s) cannot be (${problems
        .slice(0, 3)
        .map((p) => `line ${p.line}: ${p.problem}`)
        .join('; ')}${problems.length > 3 ? '; ...' : ''})`,
    );
    this.name = 'HolderImportRefusedError';
  }

  override get details(): Record<string, unknown> {
    return { problems: this.problems };
  }
}
