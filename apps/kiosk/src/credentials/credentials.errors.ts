export enum CredentialErrorCode {
  InvalidUid = 'invalid-uid',
  RandomUid = 'random-uid',
  AlreadyEnrolled = 'already-enrolled',
}

export class CredentialError extends Error {
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}
