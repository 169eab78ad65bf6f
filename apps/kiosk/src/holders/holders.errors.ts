export enum HolderErrorCode {
  InvalidName = 'invalid-name',
  InvalidValidity = 'invalid-validity',
  NotFound = 'not-found',
}

export class HolderError extends Error {
  constructor(
    readonly code: HolderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HolderError';
  }
}
