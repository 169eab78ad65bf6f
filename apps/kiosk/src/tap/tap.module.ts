import { Module } from '@nestjs/common';
import { CardModule } from '@kiosk/card';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { DoorsModule } from '../doors/doors.module';
import { TapOrchestrator } from './tap.orchestrator';

@Module({
  imports: [
    CardModule.registerAsync({
      inject: [kioskConfig.KEY],
      useFactory: (config: KioskConfigType) => ({
        readerPattern: config.reader.pattern ?? undefined,
      }),
    }),
    AccessModule,
    AuditModule,
    DoorsModule,
  ],
  providers: [TapOrchestrator],
})
export class TapModule {}
