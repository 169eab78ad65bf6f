import { DomainError, type DomainErrorCode } from '../errors/domain-error';

type TokenErrorCode = Extract<
  DomainErrorCode,
  'token-not-found' | 'token-name-taken' | 'unauthenticated' | 'forbidden' | 'invalid-input'
>;

export class TokenError extends DomainError {
  constructor(code: TokenErrorCode, message: string) {
    super(code, message);
    this.name = 'TokenError';
  }
}
