import { execFile } from 'node:child_process';
import type { NtpSync } from './clock-trust';
import {
  readNtpSync,
  systemNtpSources,
  TIMEDATECTL_DEADLINE_MS,
  TIMEDATECTL_NTP_QUERY,
  type NtpSyncSources,
} from './ntp-sync';

// The start's clock judgement (ClockWatch, at bootstrap) needs the sync state, and reading it
// runs `timedatectl`: a process, 25-90 ms. Asked for by main.ts before Nest loads, it runs beside
// the module loading, and the process is still small: spawning from it then costs about 1 ms,
// against 12-19 ms (the fork's copy of the page tables) once the frameworks are loaded
// (bench/README.md, "Start-up and idle memory").

/**
 * `timedatectl` as systemNtpSources runs it, but its deadline counts from the event loop's first
 * turn: the module loading that follows the spawn holds the loop for a second or more, and a
 * timer armed at the spawn would be due before the loop ever saw the process's answer.
 */
export function timedatectlAtStart(
  query: readonly string[] = TIMEDATECTL_NTP_QUERY,
  deadlineMs = TIMEDATECTL_DEADLINE_MS,
): () => Promise<string | null> {
  return () =>
    new Promise((resolve) => {
      const [command, ...args] = query;
      let deadline: NodeJS.Timeout | undefined;
      const child = execFile(command!, args, (err, stdout) => {
        clearTimeout(deadline);
        resolve(err ? null : stdout);
      });
      // Immediates run after the loop has polled for I/O: an answer already in is taken first.
      setImmediate(() => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        deadline = setTimeout(() => child.kill(), deadlineMs);
      });
    });
}

let pending: Promise<NtpSync> | null = null;

/** Starts reading the system's sync state for ClockWatch's first judgement. */
export function readNtpSyncAtStart(
  sources: NtpSyncSources = {
    timedatectl: timedatectlAtStart(),
    timesyncdFlag: () => systemNtpSources.timesyncdFlag(),
  },
): void {
  pending = readNtpSync(sources);
  // Taken by ClockWatch; a start that fails before it leaves it unawaited.
  pending.catch(() => undefined);
}

/** The read begun by readNtpSyncAtStart, once: null if none was begun or it was taken. */
export function takeNtpSyncReadAtStart(): Promise<NtpSync> | null {
  const taken = pending;
  pending = null;
  return taken;
}
