import type { DoctorHost, FileStatus } from './doctor-host';

/** The systemd unit as installed (docs/operations.md, "Install"), the first found. */
export const INSTALLED_UNITS = [
  '/etc/systemd/system/kiosk.service',
  '/lib/systemd/system/kiosk.service',
];

/** The user the service runs as, with every group it has there: what decides its file access. */
export interface ServiceUser {
  readonly name: string;
  readonly uid: number;
  readonly gids: ReadonlySet<number>;
  /** Where the name came from, for the doctor's line: `--user`, the unit, this shell. */
  readonly from: string;
}

/** User=, Group= and SupplementaryGroups= of a unit file (the last of each wins, as in systemd). */
export function parseUnitAccount(text: string): {
  user: string | null;
  group: string | null;
  supplementaryGroups: string[];
} {
  const value = (key: string) => {
    const lines = text.split('\n').filter((l) => l.trim().startsWith(`${key}=`));
    const last = lines.at(-1);
    return last === undefined ? null : last.slice(last.indexOf('=') + 1).trim() || null;
  };
  return {
    user: value('User'),
    group: value('Group'),
    supplementaryGroups: (value('SupplementaryGroups') ?? '').split(/\s+/).filter(Boolean),
  };
}

interface AccountFiles {
  passwd: Array<{ name: string; uid: number; gid: number }>;
  groups: Array<{ name: string; gid: number; members: string[] }>;
}

/** /etc/passwd and /etc/group, as `getent` would read them without NSS. */
function readAccounts(host: DoctorHost): AccountFiles {
  const rows = (path: string) =>
    (host.readText(path) ?? '')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(':'));
  return {
    passwd: rows('/etc/passwd').map(([name = '', , uid = '', gid = '']) => ({
      name,
      uid: Number(uid),
      gid: Number(gid),
    })),
    groups: rows('/etc/group').map(([name = '', , gid = '', members = '']) => ({
      name,
      gid: Number(gid),
      members: members.split(',').filter(Boolean),
    })),
  };
}

export function groupName(host: DoctorHost, gid: number): string {
  return readAccounts(host).groups.find((g) => g.gid === gid)?.name ?? String(gid);
}

export function userName(host: DoctorHost, uid: number): string {
  return readAccounts(host).passwd.find((u) => u.uid === uid)?.name ?? String(uid);
}

/**
 * The service user: `--user NAME`, else the installed unit's User=, else whoever runs the doctor.
 * The unit's Group= and SupplementaryGroups= count when the user is the unit's: systemd gives
 * them to the service even when /etc/group does not list the user there. null: no such user.
 */
export function resolveServiceUser(
  host: DoctorHost,
  requested: string | undefined,
): { user: ServiceUser | null; name: string; from: string } {
  const unitText = INSTALLED_UNITS.map((p) => host.readText(p)).find((t) => t !== null) ?? null;
  const unit = unitText === null ? null : parseUnitAccount(unitText);
  const name = requested ?? unit?.user ?? host.currentUser();
  const from =
    requested !== undefined
      ? '--user'
      : unit?.user
        ? 'the installed unit'
        : 'the user running this command';
  const accounts = readAccounts(host);
  const entry = accounts.passwd.find((u) => u.name === name);
  if (!entry) return { user: null, name, from };
  const fromUnit = unit?.user === name ? [unit.group, ...unit.supplementaryGroups] : [];
  const gids = new Set<number>([entry.gid]);
  for (const g of accounts.groups)
    if (g.members.includes(name) || fromUnit.includes(g.name)) gids.add(g.gid);
  return { user: { name, uid: entry.uid, gids, from }, name, from };
}

/** Whether the user may open the file for `access`, by its mode bits (root: always). */
export function permits(file: FileStatus, user: ServiceUser, access: 'read' | 'write'): boolean {
  if (user.uid === 0) return true;
  const bit = access === 'read' ? 0o4 : 0o2;
  if (file.uid === user.uid) return (file.mode & (bit << 6)) !== 0;
  if (user.gids.has(file.gid)) return (file.mode & (bit << 3)) !== 0;
  return (file.mode & bit) !== 0;
}
