import { DomainError } from '../errors/domain-error';

export class EventsError extends DomainError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'EventsError';
  }
}
