import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { loadOrCreateKeyFile } from '../secrets/key-file';

/** 256 bits: the HMAC-SHA-256 block allows more, but less would weaken the hash. */
export const PAN_KEY_BYTES = 32;

export class PanKeyError extends DomainError {
  constructor(message: string) {
    super('pan-key-unusable', message);
    this.name = 'PanKeyError';
  }
}

/**
 * Reads the PAN HMAC key, or creates it (random; secrets/key-file.ts says how it is written). A
 * key readable by others is refused: whoever holds it can test guesses of card numbers against
 * the database.
 */
export function loadOrCreatePanKey(path: string): { key: Buffer; created: boolean } {
  const { bytes: key, created } = loadOrCreateKeyFile(
    path,
    'PAN key',
    () => randomBytes(PAN_KEY_BYTES),
    (message) => new PanKeyError(message),
  );
  if (key.length < PAN_KEY_BYTES) {
    throw new PanKeyError(
      `The PAN key file ${path} holds ${key.length} bytes; it needs at least ${PAN_KEY_BYTES}`,
    );
  }
  return { key, created };
}
