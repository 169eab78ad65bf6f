import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AllowlistModule } from '../allowlist/allowlist.module';
import { CredentialEntity } from './credential.entity';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { panKeyProvider } from './pan-key.provider';

@Module({
  imports: [TypeOrmModule.forFeature([CredentialEntity]), AllowlistModule],
  providers: [CredentialsRepository, CredentialsService, panKeyProvider],
  exports: [CredentialsService],
})
export class CredentialsModule {}
