import { LoggerModule } from 'nestjs-pino';
import { kioskConfig, type KioskConfigType } from './config/kiosk.config';

/** JSON lines on stdout (journald keeps them); HTTP requests are logged at debug. */
export const KioskLoggerModule = LoggerModule.forRootAsync({
  inject: [kioskConfig.KEY],
  useFactory: (config: KioskConfigType) => ({
    pinoHttp: {
      level: config.log.level,
      customLogLevel: () => 'debug',
      redact: ['req.headers.authorization'],
    },
  }),
});
