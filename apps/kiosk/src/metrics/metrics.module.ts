import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DoorsModule } from '../doors/doors.module';
import { TapModule } from '../tap/tap.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [AuditModule, DoorsModule, TapModule],
  controllers: [MetricsController],
  providers: [MetricsService],
})
export class MetricsModule {}
