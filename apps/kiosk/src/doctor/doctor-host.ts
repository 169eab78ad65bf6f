import { execFile } from 'node:child_process';
import { readFileSync, statSync, statfsSync } from 'node:fs';
import { userInfo } from 'node:os';

/** What `stat` found at a path: its kind, its permission bits and its owner. */
export interface FileStatus {
  readonly kind: 'file' | 'directory' | 'character-device' | 'other';
  /** The permission bits only (mode & 0o7777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtimeMs: number;
}
export type StatOutcome = FileStatus | 'missing' | { readonly error: string };

export interface DiskSpace {
  readonly totalBytes: number;
  /** What an unprivileged process may still write (f_bavail): the service does not run as root. */
  readonly availableBytes: number;
}

export type CommandRun =
  | { readonly status: number; readonly stdout: string; readonly stderr: string }
  /** 'timeout': killed at the deadline; 'not-found': no such program; else what failed. */
  | { readonly error: string };

/**
 * What the doctor's checks read of the machine. Nothing in it writes: the doctor looks, as an
 * installer would by hand, and changes nothing. The fake (testing/fake-doctor-host.ts) lets each
 * check's lines be tested without root, a serial adapter or systemd.
 */
export interface DoctorHost {
  stat(path: string): StatOutcome;
  /** A small text file (/etc/group, a unit file), or null when it cannot be read. */
  readText(path: string): string | null;
  diskSpace(path: string): DiskSpace | { readonly error: string };
  /** Runs a program with no shell; killed at the deadline (a hung pcscd must not hang the doctor). */
  run(command: string, args: readonly string[], timeoutMs: number): Promise<CommandRun>;
  now(): Date;
  /** The user this command runs as (its name). */
  currentUser(): string;
}

export const nodeDoctorHost: DoctorHost = {
  stat(path) {
    try {
      const s = statSync(path);
      const kind = s.isFile()
        ? 'file'
        : s.isDirectory()
          ? 'directory'
          : s.isCharacterDevice()
            ? 'character-device'
            : 'other';
      return {
        kind,
        mode: s.mode & 0o7777,
        uid: s.uid,
        gid: s.gid,
        size: s.size,
        mtimeMs: s.mtimeMs,
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      // ENOTDIR: a file where a directory of the path should be; nothing is at the path either.
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { error: code };
    }
  },
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  diskSpace(path) {
    try {
      const s = statfsSync(path);
      return { totalBytes: s.blocks * s.bsize, availableBytes: s.bavail * s.bsize };
    } catch (err) {
      return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
    }
  },
  run(command, args, timeoutMs) {
    return new Promise((resolve) => {
      execFile(
        command,
        [...args],
        { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (!err) return resolve({ status: 0, stdout, stderr });
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
          if (e.killed) return resolve({ error: 'timeout' });
          if (e.code === 'ENOENT') return resolve({ error: 'not-found' });
          if (typeof e.code === 'number') return resolve({ status: e.code, stdout, stderr });
          resolve({ error: e.message });
        },
      );
    });
  },
  now: () => new Date(),
  currentUser: () => userInfo().username,
};
