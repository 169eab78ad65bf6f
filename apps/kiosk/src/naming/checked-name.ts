import { DomainError } from '../errors/domain-error';

export class InvalidNameError extends DomainError {
  constructor(message: string) {
    super('invalid-name', message);
    this.name = 'InvalidNameError';
  }
}

/**
 * A name a person typed (a holder, a schedule, a group), trimmed and checked: 1 to `max`
 * characters, and no control or format characters: newlines, ESC sequences, bidi overrides and
 * zero-width characters would reach terminals, logs and the LCD as commands, or hide what a name
 * says. Refused, never echoed.
 */
export function checkedName(name: string, what: string, max = 64): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > max)
    throw new InvalidNameError(`A ${what} has 1 to ${max} characters`);
  // Cs: a lone surrogate half, which no text should hold (it is stored as U+FFFD).
  if (/[\p{Cc}\p{Cf}\p{Cs}]/u.test(trimmed))
    throw new InvalidNameError(`A ${what} may not hold control or invisible formatting characters`);
  return trimmed;
}
