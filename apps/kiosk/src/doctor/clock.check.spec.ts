import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { checkClock, readNtpState } from './clock.check';
import { formatCheckLine } from './doctor-check';

const BUILT = new Date('2027-01-10T08:00:00Z');

describe('the clock check', () => {
  it('fails a clock before the build was made', () => {
    expect(
      formatCheckLine(checkClock(new Date('2027-01-01T00:00:00Z'), BUILT, 'synchronised')),
    ).toBe(
      'FAIL clock: 2027-01-01T00:00:00Z is before this build was made (2027-01-10): wrong - set it (timedatectl set-ntp true; or date -s), and fit a real-time clock battery',
    );
  });

  it('fails a clock before the kiosk existed when the build time is unknown', () => {
    expect(checkClock(new Date('1970-01-01T00:00:05Z'), null, 'unknown')).toMatchObject({
      status: 'fail',
      line: '1970-01-01T00:00:05Z is before the kiosk existed (2026-11-01): wrong',
    });
  });

  it('passes a clock after the build and synchronised', () => {
    expect(
      formatCheckLine(checkClock(new Date('2027-03-01T12:00:00.250Z'), BUILT, 'synchronised')),
    ).toBe(
      'ok   clock: 2027-03-01T12:00:00Z, after this build was made (2027-01-10), synchronised with NTP',
    );
  });

  it('warns when NTP is not synchronised', () => {
    expect(checkClock(new Date('2027-03-01T12:00:00Z'), BUILT, 'not-synchronised')).toMatchObject({
      status: 'warn',
      fix: 'timedatectl set-ntp true (systemd-timesyncd or chrony)',
    });
  });

  it('passes, saying so, when the NTP state cannot be read', () => {
    expect(checkClock(new Date('2027-03-01T12:00:00Z'), BUILT, 'unknown').line).toMatch(
      /NTP sync state unknown/,
    );
  });
});

describe('the NTP sync state', () => {
  const command = 'timedatectl show -p NTPSynchronized --value';
  it.each([
    ['yes\n', 'synchronised'],
    ['no\n', 'not-synchronised'],
    ['', 'unknown'],
  ] as const)('timedatectl printing %j: %s', async (stdout, state) => {
    const host = new FakeDoctorHost().answer(command, { status: 0, stdout, stderr: '' });
    await expect(readNtpState(host)).resolves.toBe(state);
  });

  it('is unknown without timedatectl', async () => {
    await expect(readNtpState(new FakeDoctorHost())).resolves.toBe('unknown');
  });
});
