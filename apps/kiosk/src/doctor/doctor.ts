import type { PcscdProbeResult } from '@kiosk/card';
import type { KioskConfig } from '../config/kiosk.config';
import { checkClock, readNtpState } from './clock.check';
import { type DatabaseLook, lookAtDatabase } from '../database/database-look';
import { checkDatabase } from './database.check';
import { checkDisk } from './disk.check';
import { checkDoorReaders } from './door-readers.check';
import { warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';
import { boardLines, type BoardPoll, type ServiceDoors } from './door-board.check';
import { checkKeyFile } from './key-files.check';
import { checkPcscd, type ReaderListing } from './pcscd.check';
import { checkSerialPort } from './serial-port.check';
import { groupName, resolveServiceUser } from './service-user';
import { checkServiceUser, checkSystemdUnit } from './systemd-unit.check';

/** What the doctor reaches beyond the host: pcscd, the door bus, the running service. */
export interface DoctorParts {
  readonly host: DoctorHost;
  probePcscd(deadlineMs: number): Promise<PcscdProbeResult>;
  listReaders(): Promise<ReaderListing>;
  pollBoards(port: { path: string; baudRate: number }, addresses: number[]): Promise<BoardPoll>;
  askServiceDoors(http: { host: string; port: number }): Promise<ServiceDoors>;
  lookAtDatabase?(path: string): DatabaseLook | { problem: string };
  /** When this build was made (its files' time), or null when unknown. */
  readonly builtAt: Date | null;
}

/**
 * Every check, in the order an installer would look: who the service runs as, the card readers,
 * the door bus and its boards, the database, the keys, the clock, the disk, the unit. Each
 * result is handed to `report` as soon as it is known, so a slow check shows where it is.
 */
export async function runDoctor(
  config: KioskConfig,
  options: { user?: string },
  parts: DoctorParts,
  report: (result: CheckResult) => void,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (...found: CheckResult[]) => {
    for (const r of found) {
      results.push(r);
      report(r);
    }
  };
  const { host } = parts;
  const resolved = resolveServiceUser(host, options.user);
  const user = resolved.user;
  add(checkServiceUser(resolved, (gid) => groupName(host, gid)));
  let listing = null as ReaderListing | null;
  const listReaders = async () => (listing = await parts.listReaders());
  add(await checkPcscd((ms) => parts.probePcscd(ms), listReaders));
  if (listing !== null && 'readers' in listing) add(...checkDoorReaders(listing.readers, config));
  const serial = checkSerialPort(host, config.doorBus, user);
  add(serial);
  add(...(await doorBoards(config, serial, parts)));
  add(
    ...checkDatabase(host, config.database, user, (path) =>
      (parts.lookAtDatabase ?? lookAtDatabase)(path),
    ),
  );
  add(checkKeyFile(host, 'PAN key', config.panKeyFile, user));
  add(checkKeyFile(host, 'audit signing key', config.auditKeyFile, user));
  add(checkClock(host.now(), parts.builtAt, await readNtpState(host)));
  add(checkDisk(host, config.database.path));
  add(await checkSystemdUnit(host));
  return results;
}

/** The boards, asked only through a serial port that passed its check. */
async function doorBoards(
  config: KioskConfig,
  serial: CheckResult,
  parts: DoctorParts,
): Promise<CheckResult[]> {
  const path = config.doorBus.serialPort;
  if (path === null) return [];
  if (serial.status === 'fail')
    return [warn('door board', 'not asked: the serial port above is not usable')];
  const addresses = [...new Set(config.doors.map((d) => d.address))];
  const poll = await parts.pollBoards({ path, baudRate: config.doorBus.baudRate }, addresses);
  const held = 'openProblem' in poll && poll.held ? await parts.askServiceDoors(config.http) : null;
  return boardLines(config.doors, config.doorBus.baudRate, poll, held);
}
