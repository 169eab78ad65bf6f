import { doctorExitCode, fail, formatCheckLine, megabytes, ok, warn } from './doctor-check';

describe('a doctor line', () => {
  it('lines the three statuses up, and adds what to do after a dash', () => {
    expect(formatCheckLine(ok('pcscd', 'answering'))).toBe('ok   pcscd: answering');
    expect(formatCheckLine(warn('clock', 'not synchronised', 'timedatectl set-ntp true'))).toBe(
      'WARN clock: not synchronised - timedatectl set-ntp true',
    );
    expect(formatCheckLine(fail('serial /dev/ttyUSB0', 'not there', 'plug it in'))).toBe(
      'FAIL serial /dev/ttyUSB0: not there - plug it in',
    );
  });

  it('exits 1 only when a check failed: warnings do not fail', () => {
    expect(doctorExitCode([ok('a', 'x'), warn('b', 'y')])).toBe(0);
    expect(doctorExitCode([ok('a', 'x'), warn('b', 'y'), fail('c', 'z', 'do')])).toBe(1);
  });

  it('gives sizes in MB, and in GB from 10 GB', () => {
    expect(megabytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(megabytes(10 * 1024 ** 3 - 1)).toBe('10240.0 MB');
    expect(megabytes(10 * 1024 ** 3)).toBe('10.0 GB');
  });
});
