import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { checkDatabaseSize, checkDisk } from './disk.check';
import { formatCheckLine } from './doctor-check';

const MB = 1024 * 1024;
const GB = 1024 * MB;

describe('the disk check', () => {
  const host = (totalBytes: number, availableBytes: number) => {
    const h = new FakeDoctorHost().directory('/var/lib/kiosk', 0o700, 998);
    h.disk = { totalBytes, availableBytes };
    return h;
  };

  it('measures the directory that holds the database', () => {
    expect(formatCheckLine(checkDisk(host(32 * GB, 20 * GB), '/var/lib/kiosk/kiosk.db'))).toBe(
      'ok   disk /var/lib/kiosk: 20.0 GB free of 32.0 GB (63 %)',
    );
  });

  it('measures the nearest directory that exists when the database directory does not yet', () => {
    expect(checkDisk(host(32 * GB, 20 * GB), '/var/lib/kiosk/new/kiosk.db').name).toBe(
      'disk /var/lib/kiosk',
    );
  });

  it.each([
    ['below 10 %', 100 * GB, 9 * GB, 'warn'],
    ['below 500 MB', 4 * GB, 499 * MB, 'warn'],
    ['at 500 MB on a small disk', 4 * GB, 500 * MB, 'ok'],
    ['below 50 MB', 4 * GB, 49 * MB, 'fail'],
    ['at 50 MB', 4 * GB, 50 * MB, 'warn'],
  ] as const)('%s: %s', (_what, total, available, status) => {
    expect(checkDisk(host(total, available), '/var/lib/kiosk/kiosk.db').status).toBe(status);
  });

  it('fails when the disk cannot be measured', () => {
    const h = host(0, 0);
    h.disk = { error: 'EACCES' };
    expect(checkDisk(h, '/var/lib/kiosk/kiosk.db')).toMatchObject({
      status: 'fail',
      line: 'cannot be measured (EACCES)',
    });
  });
});

describe('the database size check', () => {
  it('says nothing when no most is set', () => {
    expect(checkDatabaseSize(10 * MB, null)).toBeNull();
  });

  it.each([
    [79, 'ok'],
    [80, 'warn'],
    [100, 'fail'],
  ] as const)('%i MB of 100 MB: %s', (used, status) => {
    expect(checkDatabaseSize(used * MB, 100 * MB)?.status).toBe(status);
  });
});
