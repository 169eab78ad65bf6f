/**
 * A pino-compatible logger: an object of fields first, then the message. An error goes in as the
 * field `err`, the thrown value itself, never `String(err)`: pino's serializer keeps an Error's
 * type, stack and `cause` chain, which a string loses.
 */
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
