import { spawn } from 'node:child_process';

export type NotifySender = (assignments: readonly string[]) => Promise<void>;

/**
 * `systemd-notify` with the assignments (READY=1, WATCHDOG=1, STATUS=...). Node.js cannot send
 * to a Unix datagram socket itself, so the message goes through the tool systemd ships for
 * scripts; the unit sets NotifyAccess=all for that (deploy/kiosk.service).
 */
const systemdNotify: NotifySender = (assignments) =>
  new Promise((resolve, reject) => {
    const child = spawn('systemd-notify', [...assignments], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`systemd-notify exited ${code}`)),
    );
  });

/**
 * Tells systemd (Type=notify) where the service is: ready when the first tap can be decided,
 * alive every half watchdog period while the watchdog finds nothing the process cannot cure,
 * stopping at the first signal. Only when systemd asked for it (NOTIFY_SOCKET set); a message
 * that cannot be sent is the caller's to log, never a reason to stop.
 */
export class SystemdNotifier {
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly send: NotifySender = systemdNotify,
  ) {}

  get active(): boolean {
    return Boolean(this.env.NOTIFY_SOCKET);
  }

  /** How often to say "alive": half of WatchdogSec (WATCHDOG_USEC), or null when none is set. */
  get watchdogPingMs(): number | null {
    const usec = Number(this.env.WATCHDOG_USEC);
    if (!this.active || !Number.isFinite(usec) || usec <= 0) return null;
    // WATCHDOG_PID names the process meant; another (a child) must not ping for it.
    const pid = this.env.WATCHDOG_PID;
    if (pid !== undefined && Number(pid) !== process.pid) return null;
    return Math.max(1, Math.floor(usec / 2000));
  }

  ready(status: string): Promise<void> {
    return this.notify(['READY=1', `STATUS=${status}`, `MAINPID=${process.pid}`]);
  }

  alive(): Promise<void> {
    return this.notify(['WATCHDOG=1']);
  }

  stopping(status: string): Promise<void> {
    return this.notify(['STOPPING=1', `STATUS=${status}`]);
  }

  private async notify(assignments: readonly string[]): Promise<void> {
    if (this.active) await this.send(assignments);
  }
}
