import { EARLIEST_PLAUSIBLE } from '../clock/build-date';
import type { NtpSync } from '../clock/clock-trust';
import {
  readNtpSync,
  TIMEDATECTL_DEADLINE_MS,
  TIMEDATECTL_NTP_QUERY,
  TIMESYNCD_FLAG,
} from '../clock/ntp-sync';
import { fail, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';

/**
 * The NTP sync state as the service reads it (clock/ntp-sync.ts), through the doctor's host so
 * that a spec can answer for the system.
 */
export function readNtpState(host: DoctorHost): Promise<NtpSync> {
  const [command, ...args] = TIMEDATECTL_NTP_QUERY;
  return readNtpSync({
    timedatectl: async () => {
      const run = await host.run(command!, args, TIMEDATECTL_DEADLINE_MS);
      return 'error' in run || run.status !== 0 ? null : run.stdout;
    },
    timesyncdFlag: () => {
      const flag = host.stat(TIMESYNCD_FLAG);
      return Promise.resolve(flag !== 'missing' && !('error' in flag));
    },
  });
}

/**
 * The wall clock: schedules, validity dates and every audit record's time depend on it. Before
 * this build's files were written (or before the kiosk existed) it is wrong for certain; not
 * synchronised with NTP, it may drift. Self-contained on purpose: the service judges its clock
 * in its own module, and the doctor only says what an installer should look at.
 */
export function checkClock(now: Date, builtAt: Date | null, ntp: NtpSync): CheckResult {
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
  if (ntp === 'not-synchronised')
    return warn(
      'clock',
      `${time}, not synchronised with NTP`,
      'timedatectl set-ntp true (systemd-timesyncd or chrony)',
    );
  if (ntp === 'unknown')
    return ok('clock', `${time}, after ${since}; NTP sync state unknown (timedatectl did not say)`);
  return ok('clock', `${time}, after ${since}, synchronised with NTP`);
}
