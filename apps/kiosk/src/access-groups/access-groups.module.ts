import { Module } from '@nestjs/common';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { AuditModule } from '../audit/audit.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { AccessGroupsController } from './access-groups.controller';
import { AccessGroupsRepository } from './access-groups.repository';
import { AccessGroupsService } from './access-groups.service';

@Module({
  imports: [AllowlistModule, AuditModule, SchedulesModule],
  controllers: [AccessGroupsController],
  providers: [AccessGroupsRepository, AccessGroupsService],
  exports: [AccessGroupsRepository],
})
export class AccessGroupsModule {}
