import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditService } from './audit.service';

/** How often the wall clock is compared with the monotonic one. */
const CHECK_EVERY_MS = 10_000;
/** A wall clock that moves this much more or less than elapsed time has jumped. */
const JUMP_MS = 2000;
/**
 * No earlier time can be right: the kiosk did not exist yet (its first migration is dated
 * 2026-11). A clock before it (a board without a real-time clock after a power cut) is wrong.
 */
export const EARLIEST_PLAUSIBLE = new Date('2026-11-01T00:00:00Z');

export interface ClockSources {
  wallMs(): number;
  monotonicMs(): number;
}

const systemClocks: ClockSources = {
  wallMs: () => Date.now(),
  monotonicMs: () => performance.now(),
};

/**
 * Records clock problems in the audit log, since every record's time and every schedule depend on
 * the clock: a wall clock before the kiosk existed (at start), and a jump (NTP stepping it, a
 * person setting it) of more than 2 s against the monotonic clock, with how far and which way.
 */
@Injectable()
export class ClockWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private last: { wall: number; mono: number } | null = null;

  /** The clocks compared; a spec sets its own. */
  clocks: ClockSources = systemClocks;

  constructor(private readonly audit: AuditService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.checkPlausible();
    this.last = { wall: this.clocks.wallMs(), mono: this.clocks.monotonicMs() };
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async checkPlausible(): Promise<void> {
    const now = this.clocks.wallMs();
    if (now < EARLIEST_PLAUSIBLE.getTime())
      await this.audit.record({
        type: 'service',
        outcome: 'clock-implausible',
        reason: `the clock says ${new Date(now).toISOString()}, before ${EARLIEST_PLAUSIBLE.toISOString()}`,
        detail: { clock: new Date(now).toISOString() },
      });
  }

  /** Compares the clocks since the last check; records a jump. */
  async check(): Promise<void> {
    const wall = this.clocks.wallMs();
    const mono = this.clocks.monotonicMs();
    const last = this.last;
    this.last = { wall, mono };
    if (!last) return;
    const jumpMs = Math.round(wall - last.wall - (mono - last.mono));
    if (Math.abs(jumpMs) <= JUMP_MS) return;
    await this.audit
      .record({
        type: 'service',
        outcome: 'clock-jumped',
        reason: jumpMs > 0 ? 'forward' : 'back',
        detail: {
          jumpMs,
          before: new Date(last.wall + (mono - last.mono)).toISOString(),
          after: new Date(wall).toISOString(),
        },
      })
      .catch(() => undefined); // a log that cannot be written says so itself (WriteOutage)
  }
}
