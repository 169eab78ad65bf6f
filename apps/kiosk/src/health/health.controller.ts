import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReaderManager } from '@kiosk/card';
import { SkipThrottle } from '@nestjs/throttler';
import { PublicOnLoopback, Roles } from '../auth/access-control';
import { ClockWatch } from '../clock/clock-watch';
import { ServiceState } from '../lifecycle/service-state';
import { Watchdog } from '../watchdog/watchdog';
import { ApiHealthCheckResponses } from '../openapi/openapi.decorators';
import { TOKEN_ROLES } from '../tokens/api-token';
import { DatabaseStatusService } from '../database/database-status';
import { DoorsService } from '../doors/doors.service';

/**
 * Up when the database answers and its writes get through, the PC/SC service is reachable and
 * every door's board is online, and the clock policy lets someone in: the terminal can read a
 * card and open its doors. The readers followed, each door's contact, tamper and power, and the
 * clock's trust and policy are in the details, for the operator.
 */
const ANY_ROLE = [...TOKEN_ROLES];

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseStatusService,
    private readonly indicators: HealthIndicatorService,
    private readonly doors: DoorsService,
    private readonly readers: ReaderManager,
    private readonly state: ServiceState,
    private readonly watchdog: Watchdog,
    private readonly clock: ClockWatch,
  ) {}

  // Open to a local agent without a token (it names no holder, card or secret); bound to the
  // network, a monitor token (or any other) is needed.
  @Get()
  @PublicOnLoopback()
  @Roles(...ANY_ROLE)
  @SkipThrottle()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResponses()
  check() {
    return this.health.check([
      () => this.databaseStatus(),
      () => this.cardReaders(),
      () => this.doorBoards(),
      () => this.clockStatus(),
    ]);
  }

  /**
   * Readiness: the service has started (doors, then readers) and is not stopping, and a tap's
   * decision can be recorded. A supervisor routes no traffic (and systemd counts no start) before.
   */
  @Get('ready')
  @PublicOnLoopback()
  @Roles(...ANY_ROLE)
  @SkipThrottle()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResponses()
  ready() {
    return this.health.check([() => this.servicePhase(), () => this.databaseStatus()]);
  }

  /** Liveness: the process answers (its event loop turns). Failing it means: restart me. */
  @Get('live')
  @PublicOnLoopback()
  @Roles(...ANY_ROLE)
  @SkipThrottle()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiHealthCheckResponses()
  live() {
    const indicator = this.indicators.check('process');
    const detail = {
      uptimeSeconds: Math.round(process.uptime()),
      lastStall: this.watchdog.status().lastStall,
    };
    return this.health.check([
      () =>
        this.watchdog.alive()
          ? indicator.up(detail)
          : indicator.down({ ...detail, problem: 'the door bus is stuck again after its restart' }),
    ]);
  }

  private servicePhase() {
    const indicator = this.indicators.check('service');
    const { phase } = this.state;
    return phase === 'ready'
      ? indicator.up({ phase, since: this.state.since?.toISOString() })
      : indicator.down({ phase, problem: `the service is ${phase}` });
  }

  /** Down when the database does not answer, or writes (taps' records) have waited too long. */
  private databaseStatus() {
    const indicator = this.indicators.check('database');
    const { ok, ...detail } = this.database.status();
    return ok ? indicator.up(detail) : indicator.down(detail);
  }

  /** No reader attached is no fault here: a door may read cards with an OSDP reader instead. */
  private cardReaders() {
    const indicator = this.indicators.check('cardReaders');
    const detail = this.readers.status();
    // A stopped or hung pcscd raises no error: the watchdog's probe is what tells.
    const { pcscd } = this.watchdog.status();
    if (pcscd.answering === false) return indicator.down({ ...detail, problem: pcscd.problem });
    return detail.service === 'up'
      ? indicator.up({ ...detail })
      : indicator.down({
          ...detail,
          problem:
            detail.service === 'lost'
              ? 'PC/SC service (pcscd) unreachable'
              : 'card reading stopped',
        });
  }

  /**
   * Whether the clock can be trusted, and the policy in force while it cannot. Down only under
   * deny-all, when no door opens for anyone; under the other policies the doors still work, and
   * the details say who is affected.
   */
  private clockStatus() {
    const indicator = this.indicators.check('clock');
    const { trust, policy, sync, since } = this.clock.status();
    const detail = {
      trusted: trust.trusted,
      reason: trust.trusted ? null : trust.reason,
      ...(!trust.trusted && trust.jumpMs !== undefined ? { jumpMs: trust.jumpMs } : {}),
      policy,
      sync,
      since,
    };
    return !trust.trusted && policy === 'deny-all'
      ? indicator.down({ ...detail, problem: `clock not trusted (${trust.reason}): no door opens` })
      : indicator.up(detail);
  }

  /** Every door: down when any door's board is offline (that door cannot open). */
  private doorBoards() {
    const doors = this.doors.list().map((door) => ({
      doorId: door.id,
      address: door.address,
      online: door.online,
      lockdown: door.lockdown,
      contact: door.state?.door ?? 'unknown',
      tamper: door.state?.tamper ?? null,
      powerFailure: door.state?.powerFailure ?? null,
    }));
    const indicator = this.indicators.check('doors');
    // A terminal left without KIOSK_DOOR_PORT runs the demo simulator: say so, loudly.
    const detail = { simulated: this.doors.isSimulated(), doors };
    const offline = doors.filter((door) => !door.online).map((door) => door.doorId);
    const bus = this.watchdog.status().doorBus;
    if (bus.stuck)
      return indicator.down({ ...detail, problem: `door bus poll loop stuck (${bus.ageMs} ms)` });
    return offline.length === 0
      ? indicator.up(detail)
      : indicator.down({ ...detail, problem: `door board offline: ${offline.join(', ')}` });
  }
}
