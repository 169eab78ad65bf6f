import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import type { NtpSync } from './clock-trust';

/** How long `timedatectl` may take: it asks timedated over D-Bus, which may be starting. */
export const TIMEDATECTL_DEADLINE_MS = 2000;
/** systemd-timesyncd creates this file once it has synchronised the clock since boot. */
export const TIMESYNCD_FLAG = '/run/systemd/timesync/synchronized';
/** `timedatectl` and its arguments: prints yes or no. */
export const TIMEDATECTL_NTP_QUERY = ['timedatectl', 'show', '-p', 'NTPSynchronized', '--value'];

/** How the sync state is read: a spec gives its own. */
export interface NtpSyncSources {
  /** `timedatectl show -p NTPSynchronized --value`: its output, or null when it failed. */
  timedatectl(): Promise<string | null>;
  /** Whether timesyncd's flag file exists. */
  timesyncdFlag(): Promise<boolean>;
}

export const systemNtpSources: NtpSyncSources = {
  timedatectl: () =>
    new Promise((resolve) => {
      const [command, ...args] = TIMEDATECTL_NTP_QUERY;
      execFile(command!, args, { timeout: TIMEDATECTL_DEADLINE_MS }, (err, stdout) =>
        resolve(err ? null : stdout),
      );
    }),
  timesyncdFlag: () =>
    access(TIMESYNCD_FLAG).then(
      () => true,
      () => false,
    ),
};

/**
 * The system's NTP sync state. timedatectl reports the kernel's own flag (adjtimex), whichever
 * NTP daemon keeps the time, and the kernel clears it when someone sets the clock by hand; so it
 * is asked first. Without it (no systemd, a container), timesyncd's flag file says "synchronised
 * since boot" at best; its absence says nothing (another daemon may keep the time): unknown.
 */
export async function readNtpSync(sources: NtpSyncSources = systemNtpSources): Promise<NtpSync> {
  const answer = (await sources.timedatectl())?.trim();
  if (answer === 'yes') return 'synchronised';
  if (answer === 'no') return 'not-synchronised';
  return (await sources.timesyncdFlag()) ? 'synchronised' : 'unknown';
}
