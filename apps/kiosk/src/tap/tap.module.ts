import { Module } from '@nestjs/common';
import { CardModule } from '@kiosk/card';
import { PinoLogger } from 'nestjs-pino';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { DoorsModule } from '../doors/doors.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { cardModuleOptions } from './card-module-options';
import { TapOrchestrator } from './tap.orchestrator';

@Module({
  imports: [
    CardModule.registerAsync({
      inject: [kioskConfig.KEY, PinoLogger],
      useFactory: (config: KioskConfigType, logger: PinoLogger) => {
        // The card library logs readers coming and going, pcscd lost and back, and each read.
        logger.setContext('CardReaders');
        return cardModuleOptions(config, logger);
      },
    }),
    AccessModule,
    AuditModule,
    ClockModule,
    DoorsModule,
    EnrolmentsModule,
  ],
  providers: [TapOrchestrator],
  // Health reports the card readers' state from the same ReaderManager; metrics time the taps.
  exports: [CardModule, TapOrchestrator],
})
export class TapModule {}
