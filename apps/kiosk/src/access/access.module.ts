import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { AccessService } from './access.service';

@Module({
  imports: [CredentialsModule],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
