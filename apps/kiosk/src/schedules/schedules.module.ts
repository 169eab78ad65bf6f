import { Module } from '@nestjs/common';
import { SchedulesRepository } from './schedules.repository';

/** Weekly schedules. No service or API yet (the access-group issue adds them): the tap path reads windows. */
@Module({ providers: [SchedulesRepository], exports: [SchedulesRepository] })
export class SchedulesModule {}
