import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ReaderManager, probePcscd, type PcscdProbeResult } from '@kiosk/card';
import { AuditService } from '../audit/audit.service';
import type { AuditRecordInput } from '../audit/audit-event';
import { DoorsService } from '../doors/doors.service';

/** The watchdog's limits (docs/operations.md, "Watchdog"). */
export const WATCHDOG_LIMITS = {
  /** How often each part is looked at. */
  checkEveryMs: 5000,
  /** pcscd must answer a CMD_VERSION this fast (it answers in well under a millisecond). */
  pcscdDeadlineMs: 2000,
  /** The door bus poll loop comes round every 50 ms plus a transaction; this long is stuck. */
  busStuckMs: 5000,
  /** The event loop did nothing else for this long: recorded once it runs again. */
  stallMs: 2000,
  /** How often the event loop's own pulse is taken. */
  pulseEveryMs: 500,
};

export interface WatchdogStatus {
  pcscd: { answering: boolean | null; problem: string | null };
  doorBus: { stuck: boolean; ageMs: number | null };
  /** The longest the event loop stood still lately, and when. */
  lastStall: { at: string; stalledMs: number } | null;
}

/** Where the watchdog looks; a spec gives its own. */
export interface WatchdogProbes {
  pcscd(deadlineMs: number): Promise<PcscdProbeResult>;
  now(): number;
}

const systemProbes: WatchdogProbes = {
  pcscd: (deadlineMs) => probePcscd(deadlineMs),
  now: () => performance.now(),
};

/**
 * Looks for the failures that raise no error (the ones users report most): pcscd stopped or hung
 * with its socket still there, the door bus poll loop stuck, the event loop stalled. Each change
 * is logged and recorded, shows in health, and the affected part is started again where the
 * kiosk can: card reading once pcscd answers again, the door line when its loop is stuck. What it
 * cannot cure in process (a loop stuck again after its restart) fails liveness, and systemd's
 * watchdog restarts the service (SystemdNotifier stops telling it the service is alive).
 */
@Injectable()
export class Watchdog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private pcscd: WatchdogStatus['pcscd'] = { answering: null, problem: null };
  private bus = { stuck: false, restarts: 0, gaveUp: false, ageMs: null as number | null };
  private lastStall: WatchdogStatus['lastStall'] = null;
  private checking = false;
  probes: WatchdogProbes = systemProbes;

  constructor(
    private readonly readers: ReaderManager,
    private readonly doors: DoorsService,
    private readonly audit: AuditService,
    @InjectPinoLogger(Watchdog.name) private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.every(WATCHDOG_LIMITS.checkEveryMs, () => void this.check());
    let expected = this.probes.now() + WATCHDOG_LIMITS.pulseEveryMs;
    this.every(WATCHDOG_LIMITS.pulseEveryMs, () => {
      const now = this.probes.now();
      this.pulse(now - expected);
      expected = now + WATCHDOG_LIMITS.pulseEveryMs;
    });
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  status(): WatchdogStatus {
    return {
      pcscd: { ...this.pcscd },
      doorBus: { stuck: this.bus.stuck, ageMs: this.bus.ageMs },
      lastStall: this.lastStall,
    };
  }

  /** False when the process needs restarting: the door bus still stuck after its restart. */
  alive(): boolean {
    return !this.bus.gaveUp;
  }

  /** One look at every part; a look still running is not doubled. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await Promise.all([this.checkPcscd(), this.checkDoorBus()]);
    } finally {
      this.checking = false;
    }
  }

  /** `lateMs`: how much later than due the pulse came (the time the event loop stood still). */
  pulse(lateMs: number): void {
    if (lateMs < WATCHDOG_LIMITS.stallMs) return;
    const stalledMs = Math.round(lateMs);
    this.lastStall = { at: new Date().toISOString(), stalledMs };
    this.logger.error({ stalledMs }, 'the event loop stood still: taps waited');
    this.record({ type: 'device-event', outcome: 'event-loop-stalled', detail: { stalledMs } });
  }

  private async checkPcscd(): Promise<void> {
    const result = await this.probes.pcscd(WATCHDOG_LIMITS.pcscdDeadlineMs);
    const was = this.pcscd.answering;
    this.pcscd = result.answering
      ? { answering: true, problem: null }
      : { answering: false, problem: result.problem };
    if (was === result.answering) return;
    if (!result.answering) {
      this.logger.error({ problem: result.problem }, 'pcscd does not answer the watchdog');
      this.doors.setOutOfService('card-service-not-answering', true);
      this.record({
        type: 'device-event',
        outcome: 'pcscd-not-answering',
        reason: result.problem,
        detail: { device: 'pcscd' },
      });
      return;
    }
    if (was === null) return; // answering at the first look: nothing changed
    // Card reading may have given up while pcscd was away: start it again if it did.
    const restart = this.readers.status().service !== 'up';
    if (restart) {
      await this.readers.stop();
      await this.readers.start();
    }
    this.logger.info({ readersRestarted: restart }, 'pcscd answers the watchdog again');
    this.doors.setOutOfService('card-service-not-answering', false);
    this.record({
      type: 'device-event',
      outcome: 'pcscd-answering',
      detail: { device: 'pcscd', readersRestarted: restart },
    });
  }

  private async checkDoorBus(): Promise<void> {
    const age = this.doors.pollLoopAgeMs();
    this.bus.ageMs = age === null ? null : Math.round(age);
    const stuck = age !== null && age > WATCHDOG_LIMITS.busStuckMs;
    if (!stuck) {
      if (this.bus.stuck) {
        this.logger.info({}, 'the door bus poll loop comes round again');
        this.record({
          type: 'device-event',
          outcome: 'door-bus-turning',
          detail: { device: 'door bus' },
        });
      }
      this.bus = { stuck: false, restarts: 0, gaveUp: false, ageMs: this.bus.ageMs };
      return;
    }
    if (this.bus.stuck && this.bus.restarts > 0) {
      // Restarted once already and still stuck: what the process cannot cure, systemd does.
      if (!this.bus.gaveUp)
        this.logger.error({ ageMs: this.bus.ageMs }, 'the door bus is still stuck: liveness fails');
      this.bus.gaveUp = true;
      return;
    }
    this.bus.stuck = true;
    this.logger.error(
      { ageMs: this.bus.ageMs },
      'the door bus poll loop is stuck: restarting the line',
    );
    let restarted = true;
    try {
      await this.doors.restartBus();
    } catch (err) {
      restarted = false;
      this.logger.error({ err }, 'the door bus could not be restarted');
    }
    this.bus.restarts += 1;
    this.record({
      type: 'device-event',
      outcome: 'door-bus-stuck',
      detail: { device: 'door bus', ageMs: this.bus.ageMs, restarted },
    });
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private record(input: AuditRecordInput): void {
    this.audit
      .record(input)
      .catch((err: unknown) => this.logger.error({ err, input }, 'watchdog record failed'));
  }
}
