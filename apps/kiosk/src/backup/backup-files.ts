import {
  chmodSync,
  closeSync,
  copyFileSync,
  constants,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** The two secrets kept outside the database (README, Configuration), and their names beside a backup. */
export const KEY_FILES = [
  { key: 'pan', setting: 'KIOSK_PAN_KEY_FILE', suffix: '.pan-hmac.key' },
  { key: 'audit', setting: 'KIOSK_AUDIT_KEY_FILE', suffix: '.audit-ed25519.pem' },
] as const;

export type KeyName = (typeof KEY_FILES)[number]['key'];

/** Files SQLite keeps beside a database: what goes with it when it moves, and what is removed. */
export const SQLITE_SIDE_FILES = ['-wal', '-journal', '-shm'] as const;

export function exists(path: string): boolean {
  return statOrNull(path) !== null;
}

export function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A moment as a file name part: 20270131T180000123Z (UTC, sortable, no colons). */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

/** fsync(2) of a file, or of a directory so that a name just linked or renamed in it is durable. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies `from` to `to` (mode 0600) under a temporary name beside it, then renames it into place:
 * `to` is the old file or the whole new one, never a part, whatever happens in between.
 */
export function copyFileAtomically(from: string, to: string): void {
  const temporary = `${to}.${process.pid}.tmp`;
  try {
    rmSync(temporary, { force: true });
    copyFileSync(from, temporary, constants.COPYFILE_EXCL);
    chmodSync(temporary, 0o600); // copyFile keeps the source's mode; a secret is its owner's only
    fsyncPath(temporary);
    renameSync(temporary, to);
    fsyncPath(dirname(to));
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Removes a database file that was being made, with whatever SQLite left beside it. */
export function removeDatabaseFile(path: string): void {
  for (const suffix of ['', ...SQLITE_SIDE_FILES]) rmSync(`${path}${suffix}`, { force: true });
}
