import type { DoorBusSettings } from '../config/doors.config';
import { fail, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';
import { groupName, permits, userName, type ServiceUser } from './service-user';

const octal = (mode: number) => mode.toString(8).padStart(4, '0');

/**
 * The door bus's serial port: there, a character device, and open to the service user for
 * reading and writing by its mode, owner and groups (stat and /etc/group: nothing is opened here).
 */
export function checkSerialPort(
  host: DoctorHost,
  bus: DoorBusSettings,
  user: ServiceUser | null,
): CheckResult {
  const path = bus.serialPort;
  if (path === null)
    return warn(
      'door bus',
      'no doorBus.serialPort: the kiosk drives its built-in door board simulator, no real door',
      'set doorBus.serialPort in kiosk.yaml (e.g. /dev/ttyUSB0; ls /dev/serial/by-id/)',
    );
  const name = `serial ${path}`;
  const found = host.stat(path);
  if (found === 'missing')
    return fail(
      name,
      'not there',
      'plug the RS-485 adapter in, or correct doorBus.serialPort (ls /dev/serial/by-id/)',
    );
  if ('error' in found) return fail(name, `cannot be looked at (${found.error})`, `ls -l ${path}`);
  if (found.kind !== 'character-device')
    return fail(
      name,
      `is a ${found.kind}, not a serial device`,
      "name the adapter's device in doorBus.serialPort (ls /dev/serial/by-id/)",
    );
  const owner = `${userName(host, found.uid)}:${groupName(host, found.gid)}`;
  const modeText = `mode ${octal(found.mode)}, ${owner}`;
  if (user === null)
    return warn(name, `a serial device (${modeText}); the service user is unknown`);
  if (permits(found, user, 'read') && permits(found, user, 'write'))
    return ok(name, `a serial device, readable and writable by user ${user.name} (${modeText})`);
  const group = groupName(host, found.gid);
  const byGroup = (found.mode & 0o060) === 0o060 && found.uid !== user.uid;
  return fail(
    name,
    `not writable by user ${user.name} (${modeText})`,
    byGroup
      ? `add it to ${group}: usermod -aG ${group} ${user.name} (or SupplementaryGroups=${group} in the unit)`
      : `give group ${group} read and write (a udev rule: MODE="0660", GROUP="dialout"), and add ${user.name} to it`,
  );
}
