import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { kioskConfig, type KioskConfigType } from './config/kiosk.config';

/**
 * JSON lines on stdout (journald keeps them); HTTP requests are logged at debug.
 * A function, called inside @Module: nestjs-pino creates the @InjectPinoLogger providers when
 * forRoot runs, so that must happen after every decorated class has loaded.
 */
export const kioskLoggerModule = () =>
  LoggerModule.forRootAsync({
    inject: [kioskConfig.KEY],
    useFactory: (config: KioskConfigType) => ({
      // Express 5 path syntax for "every route" (the default '*' draws a deprecation warning).
      forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      pinoHttp: {
        level: config.log.level,
        customLogLevel: () => 'debug',
        redact: ['req.headers.authorization'],
      },
    }),
  });
