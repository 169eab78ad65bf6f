import { Module } from '@nestjs/common';
import { AccessGroupsModule } from '../access-groups/access-groups.module';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { ClockModule } from '../clock/clock.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { HoldersModule } from '../holders/holders.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { AccessPolicy } from './access-policy';
import { AccessService } from './access.service';

@Module({
  imports: [
    ClockModule,
    CredentialsModule,
    HoldersModule,
    SchedulesModule,
    AccessGroupsModule,
    AllowlistModule,
  ],
  providers: [AccessService, AccessPolicy],
  exports: [AccessService],
})
export class AccessModule {}
