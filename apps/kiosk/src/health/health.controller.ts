import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { DoorsService } from '../doors/doors.service';

/** Up when the database answers and the door board is online: the terminal can open its door. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly doors: DoorsService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.database.pingCheck('database'), () => this.doorBoard()]);
  }

  private doorBoard() {
    const door = this.indicators.check('door');
    const doorId = this.doors.doorForReader('').id;
    return this.doors.isOnline(doorId)
      ? door.up({ doorId })
      : door.down({ doorId, problem: 'door board offline' });
  }
}
