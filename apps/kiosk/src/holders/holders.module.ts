import { Module } from '@nestjs/common';
import { AccessGroupsModule } from '../access-groups/access-groups.module';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { HoldersController } from './holders.controller';
import { HoldersRepository } from './holders.repository';
import { HoldersCsvService } from './holders-csv.service';
import { HoldersService } from './holders.service';

@Module({
  imports: [AccessGroupsModule, AllowlistModule, CredentialsModule, AuditModule],
  controllers: [HoldersController],
  providers: [HoldersRepository, HoldersService, HoldersCsvService],
  exports: [HoldersService, HoldersCsvService],
})
export class HoldersModule {}
