import { DomainError, type DomainErrorCode } from '../errors/domain-error';

export const AccessGroupErrorCode = {
  NotFound: 'access-group-not-found',
  NameTaken: 'name-taken',
  DoorNotFound: 'door-not-found',
  ScheduleNotFound: 'schedule-not-found',
  InvalidDoors: 'invalid-input',
} as const satisfies Record<string, DomainErrorCode>;
export type AccessGroupErrorCode = (typeof AccessGroupErrorCode)[keyof typeof AccessGroupErrorCode];

export class AccessGroupError extends DomainError {
  constructor(code: AccessGroupErrorCode, message: string) {
    super(code, message);
    this.name = 'AccessGroupError';
  }
}
