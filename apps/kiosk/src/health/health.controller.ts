import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReaderManager } from '@kiosk/card';
import { DatabaseStatusService } from '../database/database-status';
import { DoorsService } from '../doors/doors.service';

/**
 * Up when the database answers and its writes get through, the PC/SC service is reachable and the door board is online: the
 * terminal can read a card and open its door. The readers followed, and the door's contact,
 * tamper and power, are in the details, for the operator.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseStatusService,
    private readonly indicators: HealthIndicatorService,
    private readonly doors: DoorsService,
    private readonly readers: ReaderManager,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.databaseStatus(),
      () => this.cardReaders(),
      () => this.doorBoard(),
    ]);
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

  private doorBoard() {
    const door = this.indicators.check('door');
    const doorId = this.doors.doorForReader('').id;
    const state = this.doors.state(doorId);
    const detail = {
      doorId,
      contact: state?.door ?? 'unknown',
      tamper: state?.tamper ?? null,
      powerFailure: state?.powerFailure ?? null,
      // A terminal left without KIOSK_DOOR_PORT runs the demo simulator: say so, loudly.
      simulated: this.doors.isSimulated(),
    };
    return state?.online
      ? door.up(detail)
      : door.down({ ...detail, problem: 'door board offline' });
  }
}
