import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { HoldersModule } from '../holders/holders.module';
import { SchedulesModule } from '../schedules/schedules.module';
import { AccessService } from './access.service';

@Module({
  imports: [CredentialsModule, HoldersModule, SchedulesModule],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
