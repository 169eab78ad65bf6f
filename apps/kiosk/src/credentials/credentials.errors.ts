import { DomainError, type DomainErrorCode } from '../errors/domain-error';

export const CredentialErrorCode = {
  InvalidUid: 'invalid-uid',
  RandomUid: 'random-uid',
  PanAsUid: 'pan-as-uid',
  InvalidPan: 'invalid-pan',
  AlreadyEnrolled: 'already-enrolled',
  NotFound: 'credential-not-found',
} as const satisfies Record<string, DomainErrorCode>;
export type CredentialErrorCode = (typeof CredentialErrorCode)[keyof typeof CredentialErrorCode];

export class CredentialError extends DomainError {
  constructor(code: CredentialErrorCode, message: string) {
    super(code, message);
    this.name = 'CredentialError';
  }
}
