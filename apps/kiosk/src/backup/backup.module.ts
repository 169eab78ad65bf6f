import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BackupService } from './backup.service';

/** `kiosk backup`: on the live database (DatabaseModule), recorded in its audit log. */
@Module({
  imports: [AuditModule],
  providers: [BackupService],
  exports: [BackupService],
})
export class BackupModule {}
