import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** 256 bits: the HMAC-SHA-256 block allows more, but less would weaken the hash. */
export const PAN_KEY_BYTES = 32;

export class PanKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PanKeyError';
  }
}

/**
 * Reads the PAN HMAC key, or creates it (random, mode 0600, exclusive create so two processes
 * starting at once cannot each write their own). A key readable by others is refused: whoever
 * holds it can test guesses of card numbers against the database.
 */
export function loadOrCreatePanKey(path: string): { key: Buffer; created: boolean } {
  let created = false;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, randomBytes(PAN_KEY_BYTES));
    closeSync(fd);
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new PanKeyError(`Cannot create the PAN key file ${path}: ${(err as Error).message}`);
    }
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new PanKeyError(
      `The PAN key file ${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it`,
    );
  }
  const key = readFileSync(path);
  if (key.length < PAN_KEY_BYTES) {
    throw new PanKeyError(
      `The PAN key file ${path} holds ${key.length} bytes; it needs at least ${PAN_KEY_BYTES}`,
    );
  }
  return { key, created };
}
