import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ClockModule } from '../clock/clock.module';
import { DoorsModule } from '../doors/doors.module';
import { TapModule } from '../tap/tap.module';
import { WatchdogModule } from '../watchdog/watchdog.module';
import { HealthController } from './health.controller';

@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    ClockModule,
    DoorsModule,
    TapModule,
    WatchdogModule,
  ],
  controllers: [HealthController],
})
export class HealthModule {}
