import { fail, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';
import { INSTALLED_UNITS, type ServiceUser } from './service-user';

/** The service user: it must exist, and which groups it has decides what it may open. */
export function checkServiceUser(
  resolved: { user: ServiceUser | null; name: string; from: string },
  groupNames: (gid: number) => string,
): CheckResult {
  const name = `service user ${resolved.name}`;
  if (resolved.user === null)
    return fail(
      `${name}`,
      `no such user (from ${resolved.from})`,
      'useradd --system --home /var/lib/kiosk --shell /usr/sbin/nologin kiosk (docs/operations.md, "Install"), or name it with --user',
    );
  const groups = [...resolved.user.gids].map(groupNames).join(', ');
  return ok(name, `uid ${resolved.user.uid}, groups ${groups} (from ${resolved.from})`);
}

/** deploy/kiosk.service installed, and whether systemd runs it: optional, so a warning at most. */
export async function checkSystemdUnit(host: DoctorHost): Promise<CheckResult> {
  const installed = INSTALLED_UNITS.find((path) => host.readText(path) !== null);
  if (installed === undefined)
    return warn(
      'systemd unit',
      `kiosk.service not installed (${INSTALLED_UNITS[0]})`,
      'install -m 0644 deploy/kiosk.service /etc/systemd/system/ && systemctl daemon-reload && systemctl enable --now kiosk',
    );
  const run = await host.run('systemctl', ['is-active', 'kiosk'], 2000);
  const state = 'error' in run ? null : run.stdout.trim();
  if (state === 'active') return ok('systemd unit', `${installed}, active`);
  if (state === 'failed')
    return fail(
      'systemd unit',
      `${installed}, failed`,
      'systemctl status kiosk; journalctl -u kiosk -b',
    );
  return warn(
    'systemd unit',
    `${installed}, ${state ?? 'state unknown'}`,
    'systemctl enable --now kiosk',
  );
}
