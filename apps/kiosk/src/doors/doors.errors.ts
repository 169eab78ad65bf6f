import { DomainError } from '../errors/domain-error';

export class DoorNotFoundError extends DomainError {
  constructor(doorId: string) {
    super('door-not-found', `No door "${doorId}" on this terminal`);
    this.name = 'DoorNotFoundError';
  }
}

/** A reader that opens no door of this terminal, or not the door named (ReaderDoorMap). */
export class ReaderWithoutDoorError extends DomainError {
  constructor(reader: string, doorId?: string) {
    super(
      'door-not-found',
      doorId === undefined
        ? `Reader "${reader}" opens no door on this terminal`
        : `Reader "${reader}" does not open door "${doorId}"`,
    );
    this.name = 'ReaderWithoutDoorError';
  }
}

/**
 * The door's board does not answer: a command is refused now, never sent later. With a cause,
 * the board did not acknowledge a command that was sent (it may or may not have acted).
 */
export class DoorOfflineError extends DomainError {
  constructor(doorId: string, options?: { cause?: unknown }) {
    const code = (options?.cause as { code?: string } | undefined)?.code;
    super(
      'door-offline',
      options?.cause === undefined
        ? `Door "${doorId}" is offline: nothing was sent`
        : `Door "${doorId}" did not acknowledge the command (${code ?? 'error'})`,
      options,
    );
    this.name = 'DoorOfflineError';
  }
}

/** A door setting out of its bounds. */
export class DoorSettingError extends DomainError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'DoorSettingError';
  }
}
