import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { AuditModule } from '../audit/audit.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { HolderEntity } from './holder.entity';
import { HoldersController } from './holders.controller';
import { HoldersRepository } from './holders.repository';
import { HoldersService } from './holders.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([HolderEntity]),
    AllowlistModule,
    CredentialsModule,
    AuditModule,
  ],
  controllers: [HoldersController],
  providers: [HoldersRepository, HoldersService],
  exports: [HoldersService],
})
export class HoldersModule {}
