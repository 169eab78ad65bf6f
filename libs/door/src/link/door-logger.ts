/** A pino-compatible logger shape: structured fields first, then the message. */
export interface DoorLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => undefined;

export const silentDoorLogger: DoorLogger = { debug: noop, info: noop, warn: noop, error: noop };
