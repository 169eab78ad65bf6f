import { dirname, resolve } from 'node:path';
import { fail, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';
import { permits, userName, type ServiceUser } from './service-user';

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/**
 * A key file (the PAN key, the audit signing key): mode 0600 and the service user's, as the
 * service makes it (secrets/key-file.ts), which refuses one that group or others can read.
 * Missing, it is made at first start, if the service user can write its directory.
 */
export function checkKeyFile(
  host: DoctorHost,
  what: 'PAN key' | 'audit signing key',
  path: string,
  user: ServiceUser | null,
): CheckResult {
  const name = `${what} ${path}`;
  const found = host.stat(path);
  if (found === 'missing') return missingKey(host, name, path, user);
  if ('error' in found) return fail(name, `cannot be looked at (${found.error})`, `ls -l ${path}`);
  if (found.kind !== 'file') return fail(name, `is a ${found.kind}, not a file`, 'name a file');
  const facts = `mode ${octal(found.mode)}, owner ${userName(host, found.uid)}`;
  if ((found.mode & 0o077) !== 0)
    return fail(name, `readable by others (${facts}): the service refuses it`, `chmod 600 ${path}`);
  if (user && found.uid !== user.uid && user.uid !== 0)
    return fail(name, `not owned by user ${user.name} (${facts})`, `chown ${user.name} ${path}`);
  if (user && !permits(found, user, 'read'))
    return fail(name, `not readable by user ${user.name} (${facts})`, `chmod 600 ${path}`);
  if (found.size === 0)
    return fail(name, 'empty', 'restore it from the backup of the keys (docs/operations.md)');
  return ok(name, facts);
}

function missingKey(
  host: DoctorHost,
  name: string,
  path: string,
  user: ServiceUser | null,
): CheckResult {
  // The nearest directory that exists is where the service's mkdir -p starts.
  let dir = dirname(resolve(path));
  let found = host.stat(dir);
  while (found === 'missing' && dirname(dir) !== dir) {
    dir = dirname(dir);
    found = host.stat(dir);
  }
  const later = 'not there yet: the service creates it at first start';
  if (found === 'missing' || 'error' in found || found.kind !== 'directory')
    return fail(name, `not there, and ${dir} cannot hold it`, `create ${dirname(path)}`);
  if (user && !permits(found, user, 'write'))
    return fail(
      name,
      `not there, and user ${user.name} cannot create it (${dir} is not writable)`,
      `chown ${user.name} ${dir}, or restore the key from its backup`,
    );
  return warn(
    name,
    later,
    'if the kiosk has run before, restore the key from its backup: a new one cannot read what the old one wrote',
  );
}
