import {
  closeSync,
  constants,
  fdatasyncSync,
  fstatSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import type { Outage } from './write-outage';

/** The journal's fixed size: an outage in JSON is well under it (the cause is cut to fit). */
const SIZE = 512;
const CAUSE_MAX = 300;

/**
 * The write outage in progress, kept in a small file beside the database, so that a restart
 * during an outage (a crash, the watchdog, an installer) does not lose since when it has lasted
 * and how many taps were refused: the alarm recorded once the log can be written counts them all.
 * The file is made at its full size at start, while the disk has room, and afterwards only
 * overwritten in place: rewriting blocks a file already holds needs no free space, so it still
 * works on a full disk. All blanks: no outage.
 */
export class OutageJournal {
  private constructor(private readonly fd: number) {}

  /** Opens (or makes, at its full size) the journal at `path`; throws when it cannot. */
  static open(path: string): OutageJournal {
    const journal = new OutageJournal(openSync(path, constants.O_RDWR | constants.O_CREAT, 0o600));
    try {
      if (fstatSync(journal.fd).size < SIZE) journal.write(journal.read());
      return journal;
    } catch (err) {
      journal.close();
      throw err;
    }
  }

  /** The outage a previous run left unresolved, or null (none, or a journal that is not one). */
  read(): Outage | null {
    const buffer = Buffer.alloc(SIZE);
    const length = readSync(this.fd, buffer, 0, SIZE, 0);
    const text = buffer.subarray(0, length).toString('utf8').trim();
    if (text === '') return null;
    try {
      return parseOutage(JSON.parse(text) as unknown);
    } catch {
      return null;
    }
  }

  /** Durable before it returns (a restart right after still finds it). */
  write(outage: Outage | null): void {
    const text = outage === null ? '' : JSON.stringify(toJson(outage));
    const buffer = Buffer.alloc(SIZE, ' ');
    buffer.write(text, 0, 'utf8');
    writeSync(this.fd, buffer, 0, SIZE, 0);
    fdatasyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function toJson(outage: Outage) {
  return {
    since: outage.since.toISOString(),
    cause: outage.cause.slice(0, CAUSE_MAX),
    failedWrites: outage.failedWrites,
    refusedTaps: outage.refusedTaps,
    restarts: outage.restarts,
  };
}

function parseOutage(value: unknown): Outage | null {
  const v = value as Record<string, unknown>;
  const since = typeof v.since === 'string' ? new Date(v.since) : null;
  const counts = [v.failedWrites, v.refusedTaps, v.restarts];
  if (!since || Number.isNaN(since.getTime()) || typeof v.cause !== 'string') return null;
  if (!counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
  return {
    since,
    cause: v.cause,
    failedWrites: v.failedWrites as number,
    refusedTaps: v.refusedTaps as number,
    restarts: v.restarts as number,
  };
}
