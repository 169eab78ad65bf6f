import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DoorsService } from './doors.service';

@Module({
  imports: [AuditModule],
  providers: [DoorsService],
  exports: [DoorsService],
})
export class DoorsModule {}
