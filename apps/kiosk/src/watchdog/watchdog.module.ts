import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DoorsModule } from '../doors/doors.module';
import { TapModule } from '../tap/tap.module';
import { Watchdog } from './watchdog';

@Module({
  imports: [AuditModule, DoorsModule, TapModule],
  providers: [Watchdog],
  exports: [Watchdog],
})
export class WatchdogModule {}
