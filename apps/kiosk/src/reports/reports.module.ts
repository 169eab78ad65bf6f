import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HoldersModule } from '../holders/holders.module';
import { AttendanceReportService } from './attendance-report.service';
import { ReportsController } from './reports.controller';

@Module({
  imports: [AuditModule, HoldersModule],
  controllers: [ReportsController],
  providers: [AttendanceReportService],
  exports: [AttendanceReportService],
})
export class ReportsModule {}
