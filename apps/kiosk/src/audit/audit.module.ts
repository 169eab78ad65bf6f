import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller';
import { AuditOutageRecorder } from './audit-outage.recorder';
import { AuditEventEntity } from './audit-event.entity';
import { AuditExportService } from './audit-export.service';
import { auditSigningKeyProvider } from './audit-signing-key.provider';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditStream } from './audit-stream';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  controllers: [AuditController],
  providers: [
    AuditRepository,
    AuditService,
    AuditStream,
    AuditExportService,
    auditSigningKeyProvider,
    AuditOutageRecorder,
  ],
  exports: [AuditService, AuditStream, AuditExportService, AuditRepository],
})
export class AuditModule {}
