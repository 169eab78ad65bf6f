/** A pino-compatible logger: an object of fields first, then the message. */
export interface CardLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const ignore = (): void => undefined;

export const noopCardLogger: CardLogger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
};
