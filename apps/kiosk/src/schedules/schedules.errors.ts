import { DomainError, type DomainErrorCode } from '../errors/domain-error';

export const ScheduleErrorCode = {
  InvalidWindow: 'invalid-input',
  InvalidDate: 'invalid-input',
  ScheduleNotFound: 'schedule-not-found',
  CalendarNotFound: 'holiday-calendar-not-found',
  NameTaken: 'name-taken',
  InUse: 'in-use',
} as const satisfies Record<string, DomainErrorCode>;
export type ScheduleErrorCode = (typeof ScheduleErrorCode)[keyof typeof ScheduleErrorCode];

export class ScheduleError extends DomainError {
  constructor(code: ScheduleErrorCode, message: string) {
    super(code, message);
    this.name = 'ScheduleError';
  }
}
