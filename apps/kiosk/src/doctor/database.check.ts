import { dirname } from 'node:path';
import type { KioskConfig } from '../config/kiosk.config';
import { BUILD_MIGRATIONS } from '../database/database-copy';
import { lookAtDatabase, type DatabaseLook } from '../database/database-look';
import { checkDatabaseSize } from './disk.check';
import { fail, megabytes, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';
import { permits, type ServiceUser } from './service-user';

/**
 * The database: there (or made at first start), open to the service user, sound, WAL, migrated;
 * then its audit log's head, and its size against database.maxMb when that is set.
 */
export function checkDatabase(
  host: DoctorHost,
  database: KioskConfig['database'],
  user: ServiceUser | null,
  look: (path: string) => DatabaseLook | { problem: string } = lookAtDatabase,
): CheckResult[] {
  const { path } = database;
  const name = `database ${path}`;
  const found = host.stat(path);
  if (found === 'missing')
    return [
      warn(
        name,
        'not there yet: the service creates it at first start',
        'if the service has run before, KIOSK_DB (database.path) names the wrong file',
      ),
    ];
  if ('error' in found)
    return [fail(name, `cannot be looked at (${found.error})`, `ls -l ${path}`)];
  if (found.kind !== 'file')
    return [fail(name, `is a ${found.kind}`, 'name a file in database.path (KIOSK_DB)')];
  const contents = look(path);
  if ('problem' in contents)
    return [
      fail(name, contents.problem, 'restore the last backup (docs/operations.md, "Restore")'),
    ];
  const size = checkDatabaseSize(contents.usedBytes, database.maxBytes);
  return [
    databaseLine(host, name, path, contents, user, found),
    auditLine(contents),
    ...(size ? [size] : []),
  ];
}

function databaseLine(
  host: DoctorHost,
  name: string,
  path: string,
  look: DatabaseLook,
  user: ServiceUser | null,
  file: Exclude<ReturnType<DoctorHost['stat']>, 'missing' | { error: string }>,
): CheckResult {
  if (look.quickCheck.length !== 1 || look.quickCheck[0] !== 'ok')
    return fail(
      name,
      `damaged: PRAGMA quick_check says "${look.quickCheck.join('; ')}"`,
      'restore the last backup (docs/operations.md, "Restore")',
    );
  if (look.applied === null)
    return fail(
      name,
      'is not a kiosk database (no migrations table)',
      'name the right file in KIOSK_DB',
    );
  const unknown = look.applied.filter((m) => !BUILD_MIGRATIONS.includes(m));
  if (unknown.length > 0)
    return fail(
      name,
      `made by a newer kiosk (migration ${unknown[0]} is not in this build)`,
      'upgrade the kiosk (docs/operations.md, "Upgrade")',
    );
  const dir = host.stat(dirname(path));
  if (user && !permits(file, user, 'write'))
    return fail(name, `not writable by user ${user.name}`, `chown ${user.name} ${path}`);
  if (user && typeof dir === 'object' && !('error' in dir) && !permits(dir, user, 'write'))
    return fail(
      name,
      `its directory is not writable by user ${user.name} (SQLite writes its -wal there)`,
      `chown ${user.name} ${dirname(path)}`,
    );
  const pending = BUILD_MIGRATIONS.length - look.applied.length;
  const facts = `quick_check ok, journal_mode ${look.journalMode}, ${look.applied.length} migrations applied, ${megabytes(look.usedBytes)} used`;
  if (pending > 0)
    return warn(
      name,
      `${facts}, ${pending} pending`,
      'the service runs them at its next start; take a backup first (kiosk backup)',
    );
  if (look.journalMode !== 'wal')
    return warn(name, facts, 'the service sets journal_mode WAL when it opens it: start it once');
  return ok(name, `${facts}, none pending`);
}

function auditLine(look: DatabaseLook): CheckResult {
  if (look.head === null) return ok('audit log', 'empty: no record yet');
  const { seq, hash, at } = look.head;
  return ok('audit log', `head seq ${seq}, hash ${hash.slice(0, 16)}…, last record at ${at}`);
}
