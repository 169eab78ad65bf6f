import { EARLIEST_PLAUSIBLE } from '../clock/build-date';
import { fail, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';

/** What systemd says of NTP: `timedatectl show -p NTPSynchronized --value` prints yes or no. */
export type NtpState = 'synchronized' | 'not-synchronized' | 'unknown';

export async function readNtpState(host: DoctorHost): Promise<NtpState> {
  const run = await host.run('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], 2000);
  if ('error' in run || run.status !== 0) return 'unknown';
  const value = run.stdout.trim();
  return value === 'yes' ? 'synchronized' : value === 'no' ? 'not-synchronized' : 'unknown';
}

/**
 * The wall clock: schedules, validity dates and every audit record's time depend on it. Before
 * this build's files were written (or before the kiosk existed) it is wrong for certain; not
 * synchronised with NTP, it may drift. Self-contained on purpose: the service judges its clock
 * in its own module, and the doctor only says what an installer should look at.
 */
export function checkClock(now: Date, builtAt: Date | null, ntp: NtpState): CheckResult {
  const floor =
    builtAt !== null && builtAt.getTime() > EARLIEST_PLAUSIBLE.getTime()
      ? { at: builtAt, what: 'this build was made' }
      : { at: EARLIEST_PLAUSIBLE, what: 'the kiosk existed' };
  const since = `${floor.what} (${floor.at.toISOString().slice(0, 10)})`;
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (now.getTime() < floor.at.getTime())
    return fail(
      'clock',
      `${time} is before ${since}: wrong`,
      'set it (timedatectl set-ntp true; or date -s), and fit a real-time clock battery',
    );
  if (ntp === 'not-synchronized')
    return warn(
      'clock',
      `${time}, not synchronised with NTP`,
      'timedatectl set-ntp true (systemd-timesyncd or chrony)',
    );
  if (ntp === 'unknown')
    return ok('clock', `${time}, after ${since}; NTP sync state unknown (timedatectl did not say)`);
  return ok('clock', `${time}, after ${since}, synchronised with NTP`);
}
