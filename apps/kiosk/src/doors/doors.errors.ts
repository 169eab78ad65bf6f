import { DomainError } from '../errors/domain-error';

export class DoorNotFoundError extends DomainError {
  constructor(doorId: string) {
    super('door-not-found', `No door "${doorId}" on this terminal`);
    this.name = 'DoorNotFoundError';
  }
}
