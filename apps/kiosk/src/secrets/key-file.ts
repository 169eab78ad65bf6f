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

/**
 * A secret kept in a file of its own, outside the database (the PAN HMAC key, the audit signing
 * key): read, or created when missing. Created with mode 0600, written and fsynced under a
 * temporary name, then hard-linked into place: the link fails if a file is already there, so two
 * processes starting at once agree on one key, and a power cut never leaves an empty key file.
 * A key file readable by group or others is refused. Problems are thrown as `refuse(message)`.
 */
export function loadOrCreateKeyFile(
  path: string,
  what: string,
  create: () => Buffer,
  refuse: (message: string) => Error,
): { bytes: Buffer; created: boolean } {
  const created = createIfMissing(path, what, create, refuse);
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    throw refuse(
      `The ${what} file ${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it`,
    );
  return { bytes: readFileSync(path), created };
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

function createIfMissing(
  path: string,
  what: string,
  create: () => Buffer,
  refuse: (message: string) => Error,
): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    rmSync(temporary, { force: true }); // left by a crash of a process with the same pid
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, create());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temporary, path);
    fsyncDirectory(dirname(path)); // the new name itself must survive a power cut
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false; // from linkSync: one is there
    throw refuse(`Cannot create the ${what} file ${path}: ${(err as Error).message}`);
  } finally {
    rmSync(temporary, { force: true });
  }
}
