import { Module } from '@nestjs/common';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { AuditModule } from '../audit/audit.module';
import { DoorSettingsRepository } from './door-settings.repository';
import { DoorsController } from './doors.controller';
import { DoorsService } from './doors.service';

@Module({
  imports: [AuditModule, AllowlistModule],
  controllers: [DoorsController],
  providers: [DoorsService, DoorSettingsRepository],
  exports: [DoorsService],
})
export class DoorsModule {}
