import { dirname, resolve } from 'node:path';
import { FULL_WARNING_SHARE } from '../database/database-status';
import { fail, megabytes, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';

/** Below these, the disk is low (a warning) or as good as full (a failure): taps stop being recorded. */
export const DISK_LIMITS = {
  warnFraction: 0.1,
  warnBytes: 500 * 1024 * 1024,
  failBytes: 50 * 1024 * 1024,
};

/** Free space where the database lives (the nearest directory that exists). */
export function checkDisk(host: DoctorHost, databasePath: string): CheckResult {
  let dir = dirname(resolve(databasePath));
  while (host.stat(dir) === 'missing' && dirname(dir) !== dir) dir = dirname(dir);
  const space = host.diskSpace(dir);
  const name = `disk ${dir}`;
  if ('error' in space) return fail(name, `cannot be measured (${space.error})`, `df -h ${dir}`);
  const percent = space.totalBytes > 0 ? (space.availableBytes / space.totalBytes) * 100 : 0;
  const facts = `${megabytes(space.availableBytes)} free of ${megabytes(space.totalBytes)} (${percent.toFixed(0)} %)`;
  if (space.availableBytes < DISK_LIMITS.failBytes)
    return fail(
      name,
      `${facts}: full, taps cannot be recorded`,
      'free space (journalctl --vacuum-size=100M; old backups)',
    );
  if (
    space.availableBytes < DISK_LIMITS.warnBytes ||
    space.availableBytes < space.totalBytes * DISK_LIMITS.warnFraction
  )
    return warn(name, `${facts}: low`, 'free space (journalctl --vacuum-size=100M; old backups)');
  return ok(name, facts);
}

/** The database against its configured most (database.maxMb), when there is one. */
export function checkDatabaseSize(usedBytes: number, maxBytes: number | null): CheckResult | null {
  if (maxBytes === null) return null;
  const share = usedBytes / maxBytes;
  const facts = `${megabytes(usedBytes)} of its most, ${megabytes(maxBytes)} (${(share * 100).toFixed(0)} %)`;
  const fix = 'raise database.maxMb, or set audit.retentionDays and export the audit log';
  if (share >= 1) return fail('database size', `${facts}: full, nothing more is recorded`, fix);
  if (share >= FULL_WARNING_SHARE) return warn('database size', `${facts}: nearly full`, fix);
  return ok('database size', facts);
}
