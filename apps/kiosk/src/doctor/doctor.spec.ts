import { loadKioskConfig } from '../config/kiosk.config';
import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { BUILD_MIGRATIONS } from '../database/database-copy';
import { doctorExitCode, type CheckResult } from './doctor-check';
import { runDoctor, type DoctorParts } from './doctor';

const config = loadKioskConfig(
  {
    KIOSK_DB: '/var/lib/kiosk/kiosk.db',
    KIOSK_PAN_KEY_FILE: '/var/lib/kiosk/pan-hmac.key',
    KIOSK_AUDIT_KEY_FILE: '/var/lib/kiosk/audit-ed25519.pem',
    KIOSK_DOOR_PORT: '/dev/ttyUSB0',
    KIOSK_TIME_ZONE: 'UTC',
  },
  { path: 'kiosk.yaml', namedBy: 'default', text: null, problem: null },
);

/** An installation as docs/operations.md makes it, every part answering. */
function installed(): { host: FakeDoctorHost; parts: DoctorParts & { polled: number } } {
  const host = new FakeDoctorHost()
    .account('kiosk', 998, { dialout: 20 })
    .directory('/var/lib/kiosk', 0o700, 998)
    .file('/var/lib/kiosk/kiosk.db', 0o600, 998, 998, 4096)
    .file('/var/lib/kiosk/pan-hmac.key', 0o600, 998)
    .file('/var/lib/kiosk/audit-ed25519.pem', 0o600, 998)
    .device('/dev/ttyUSB0', 0o660, 0, 20)
    .text('/etc/systemd/system/kiosk.service', 'User=kiosk\n')
    .answer('timedatectl show -p NTPSynchronized --value', {
      status: 0,
      stdout: 'yes\n',
      stderr: '',
    })
    .answer('systemctl is-active kiosk', { status: 3, stdout: 'inactive\n', stderr: '' });
  const parts = {
    host,
    polled: 0,
    probePcscd: () => Promise.resolve({ answering: true as const, protocol: '4.4', ms: 1 }),
    listReaders: () => Promise.resolve({ readers: ['ACS ACR122U 00 00'] }),
    pollBoards(_port: unknown, addresses: number[]) {
      parts.polled += 1;
      return Promise.resolve({
        answers: addresses.map((address) => ({ address, answered: true as const, id: null })),
      });
    },
    askServiceDoors: () => Promise.resolve({ problem: 'not asked' }),
    lookAtDatabase: () => ({
      quickCheck: ['ok'],
      journalMode: 'wal',
      applied: BUILD_MIGRATIONS,
      head: { seq: 42, hash: 'ab'.repeat(32), at: '2027-02-28T10:00:00.000Z' },
      usedBytes: 4096,
    }),
    builtAt: new Date('2027-01-10T00:00:00Z'),
  };
  return { host, parts };
}

const run = async (parts: DoctorParts, user?: string) => {
  const reported: CheckResult[] = [];
  const results = await runDoctor(config, { user }, parts, (r) => reported.push(r));
  expect(reported).toEqual(results);
  return results;
};

describe('kiosk doctor, on a fake installation', () => {
  it('checks every part in order, each ok but the stopped unit, and exits 0', async () => {
    const results = await run(installed().parts);
    expect(results.map((r) => [r.status, r.name])).toEqual([
      ['ok', 'service user kiosk'],
      ['ok', 'pcscd'],
      ['ok', 'door main'],
      ['ok', 'serial /dev/ttyUSB0'],
      ['ok', 'door board 0 (main)'],
      ['ok', 'database /var/lib/kiosk/kiosk.db'],
      ['ok', 'audit log'],
      ['ok', 'PAN key /var/lib/kiosk/pan-hmac.key'],
      ['ok', 'audit signing key /var/lib/kiosk/audit-ed25519.pem'],
      ['ok', 'clock'],
      ['ok', 'disk /var/lib/kiosk'],
      ['warn', 'systemd unit'],
    ]);
    expect(doctorExitCode(results)).toBe(0);
  });

  it('does not ask the boards through a serial port that failed its check, and exits 1', async () => {
    const { host, parts } = installed();
    host.device('/dev/ttyUSB0', 0o600, 0, 20);
    const results = await run(parts);
    expect(parts.polled).toBe(0);
    expect(results.find((r) => r.name === 'door board')).toMatchObject({
      status: 'warn',
      line: 'not asked: the serial port above is not usable',
    });
    expect(doctorExitCode(results)).toBe(1);
  });

  it('judges files for the --user named, not the unit’s', async () => {
    const { host, parts } = installed();
    host.account('other', 1001);
    const results = await run(parts, 'other');
    expect(results.filter((r) => r.status === 'fail').map((r) => r.name)).toEqual([
      'serial /dev/ttyUSB0',
      'database /var/lib/kiosk/kiosk.db',
      'PAN key /var/lib/kiosk/pan-hmac.key',
      'audit signing key /var/lib/kiosk/audit-ed25519.pem',
    ]);
  });
});
