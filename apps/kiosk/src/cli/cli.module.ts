import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BackupModule } from '../backup/backup.module';
import { KioskConfigModule } from '../config/kiosk-config.module';
import { DatabaseModule } from '../database/database.module';
import { HoldersModule } from '../holders/holders.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { TokensModule } from '../tokens/tokens.module';
import { ReportsModule } from '../reports/reports.module';

/**
 * What the CLI needs: the database and the services, no readers, no door bus, no HTTP. One
 * short command may wait a few seconds for the running service's write lock (which it holds for
 * milliseconds at a time); the service itself never blocks on the CLI's.
 */
@Module({
  imports: [
    KioskConfigModule,
    DatabaseModule.forRoot({ busyTimeoutMs: 5000 }),
    HoldersModule,
    CredentialsModule,
    AuditModule,
    TokensModule,
    ReportsModule,
    BackupModule,
  ],
})
export class CliModule {}
