import { Module } from '@nestjs/common';
import { KioskConfigModule } from '../config/kiosk-config.module';
import { RestoreService } from './restore.service';

/**
 * `kiosk restore`: the settings only. No DatabaseModule: KIOSK_DB is about to be replaced, may
 * be damaged, and must not be migrated or held open while it is.
 */
@Module({
  imports: [KioskConfigModule],
  providers: [RestoreService],
  exports: [RestoreService],
})
export class RestoreModule {}
