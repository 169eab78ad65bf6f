import { Module } from '@nestjs/common';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { AuditModule } from '../audit/audit.module';
import { HolidayCalendarsRepository } from './holiday-calendars.repository';
import { HolidayCalendarsService } from './holiday-calendars.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

/** Weekly schedules and holiday calendars; the access policy reads them all from here. */
@Module({
  imports: [AllowlistModule, AuditModule],
  controllers: [SchedulesController],
  providers: [
    SchedulesRepository,
    HolidayCalendarsRepository,
    SchedulesService,
    HolidayCalendarsService,
  ],
  exports: [SchedulesRepository, HolidayCalendarsRepository, SchedulesService],
})
export class SchedulesModule {}
