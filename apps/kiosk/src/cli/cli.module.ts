import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { KioskConfigModule } from '../config/kiosk-config.module';
import { DatabaseModule } from '../database/database.module';
import { HoldersModule } from '../holders/holders.module';
import { CredentialsModule } from '../credentials/credentials.module';

/** What the CLI needs: the database and the services, no readers, no door bus, no HTTP. */
@Module({
  imports: [KioskConfigModule, DatabaseModule, HoldersModule, CredentialsModule, AuditModule],
})
export class CliModule {}
