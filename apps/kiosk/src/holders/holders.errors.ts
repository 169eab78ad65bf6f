import { DomainError, type DomainErrorCode } from '../errors/domain-error';

export const HolderErrorCode = {
  InvalidName: 'invalid-name',
  InvalidValidity: 'invalid-validity',
  NotFound: 'holder-not-found',
  InvalidCursor: 'invalid-input',
  InvalidUses: 'invalid-input',
  InvalidNotes: 'invalid-input',
  GroupNotFound: 'access-group-not-found',
} as const satisfies Record<string, DomainErrorCode>;
export type HolderErrorCode = (typeof HolderErrorCode)[keyof typeof HolderErrorCode];

export class HolderError extends DomainError {
  constructor(code: HolderErrorCode, message: string) {
    super(code, message);
    this.name = 'HolderError';
  }
}
