import './node-guard';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { kioskConfig, type KioskConfigType } from './config/kiosk.config';
import { CSV_BODY_LIMIT } from './errors/json-only.middleware';
import { describeProcessFailure } from './errors/process-failure';
import { ServiceState } from './lifecycle/service-state';
import { serveOpenApi } from './openapi';
import { kioskVersion } from './version';

async function bootstrap(): Promise<void> {
  // Start-up logs wait for the JSON logger; if the start fails they are dropped, and the failure
  // is reported below as one line (autoFlushLogs: false keeps Nest from dumping them with a stack).
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  // Prometheus looks for /metrics at the root; everything else is under /api/v1.
  app.setGlobalPrefix('api/v1', { exclude: ['metrics'] });
  // JSON bodies keep the default 100 kB limit (413 past it); a holders file may be large.
  app.useBodyParser('text', { type: 'text/csv', limit: CSV_BODY_LIMIT });
  serveOpenApi(app, kioskVersion());
  app.enableShutdownHooks();
  const config = app.get<KioskConfigType>(kioskConfig.KEY);
  await app.listen(config.http.port, config.http.host);
  // Doors and readers started during init: from here the first tap can be decided.
  app.get(ServiceState).ready();
  app
    .get(Logger)
    .log(
      `Kiosk ready for the first tap; listening on http://${config.http.host}:${config.http.port}/api/v1`,
      'Bootstrap',
    );
}

bootstrap().catch((err: unknown) => {
  // Before the logger exists there is only stderr: one line (a bad config: every problem) and
  // the documented exit code (errors/exit-code.ts); a stack only for a fault of the kiosk itself.
  const { message, code } = describeProcessFailure(err);
  process.stderr.write(`kiosk: ${message}\n`);
  process.exit(code);
});
