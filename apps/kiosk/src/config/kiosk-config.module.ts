import { ConfigModule } from '@nestjs/config';
import { kioskConfig } from './kiosk.config';

/** Validated once at boot; a bad KIOSK_* value stops the start with every problem listed. */
export const KioskConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  ignoreEnvFile: true,
  load: [kioskConfig],
});
