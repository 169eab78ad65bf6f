import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../errors/domain-error';

/** 256 bits: the HMAC-SHA-256 block allows more, but less would weaken the hash. */
export const PAN_KEY_BYTES = 32;

export class PanKeyError extends DomainError {
  constructor(message: string) {
    super('pan-key-unusable', message);
    this.name = 'PanKeyError';
  }
}

/**
 * Reads the PAN HMAC key, or creates it: random, mode 0600, written and fsynced under a temporary
 * name, then hard-linked into place. The link fails if a key is already there, so two processes
 * starting at once agree on one key, and a power cut never leaves an empty key file behind.
 * A key readable by others is refused: whoever holds it can test guesses of card numbers
 * against the database.
 */
export function loadOrCreatePanKey(path: string): { key: Buffer; created: boolean } {
  const created = createKeyIfMissing(path);
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

/** fsync(2) on the directory makes an entry just linked into it durable (POSIX leaves it to us). */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function createKeyIfMissing(path: string): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    rmSync(temporary, { force: true }); // left by a crash of a process with the same pid
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(PAN_KEY_BYTES));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temporary, path);
    fsyncDirectory(dirname(path)); // the new name itself must survive a power cut
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false; // from linkSync: a key is there
    throw new PanKeyError(`Cannot create the PAN key file ${path}: ${(err as Error).message}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}
