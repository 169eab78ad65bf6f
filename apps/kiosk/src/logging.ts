import { RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type PinoPretty from 'pino-pretty';
import { kioskConfig, type KioskConfigType } from './config/kiosk.config';

/**
 * JSON lines on stdout (journald keeps them), or readable lines with KIOSK_LOG_FORMAT=pretty;
 * HTTP requests are logged at debug.
 * A function, called inside @Module: nestjs-pino creates the @InjectPinoLogger providers when
 * forRoot runs, so that must happen after every decorated class has loaded.
 */
export const kioskLoggerModule = () =>
  LoggerModule.forRootAsync({
    inject: [kioskConfig.KEY],
    useFactory: async (config: KioskConfigType) => {
      const options = {
        level: config.log.level,
        customLogLevel: () => 'debug' as const,
        redact: ['req.headers.authorization'],
      };
      return {
        // Express 5 path syntax for "every route" (the default '*' draws a deprecation warning).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: config.log.format === 'pretty' ? [options, await prettyStream()] : options,
      };
    },
  });

/**
 * One readable line per record, written synchronously so that it keeps its place among the
 * simulated door board's console output (the demo). pino-pretty (30 modules) is loaded only
 * for this format: the service's own is JSON.
 */
async function prettyStream(): Promise<NodeJS.WritableStream> {
  const { default: pinoPretty }: { default: typeof PinoPretty } = await import('pino-pretty');
  return pinoPretty({
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{if context}{context}: {end}{msg}',
    ignore: 'pid,hostname,context,req,res,responseTime',
  });
}
