import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockWatch } from './clock-watch';

/** Whether the clock can be trusted: the decisions, the LCDs and health ask the ClockWatch. */
@Module({
  imports: [AuditModule],
  providers: [ClockWatch],
  exports: [ClockWatch],
})
export class ClockModule {}
