import { DomainError } from '../errors/domain-error';

export class EnrolmentError extends DomainError {
  constructor(message: string) {
    super('enrolment-not-found', message);
    this.name = 'EnrolmentError';
  }
}
