import './node-guard';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { kioskConfig, type KioskConfigType } from './config/kiosk.config';
import { describeProcessFailure } from './errors/process-failure';
import { serveOpenApi } from './openapi';

async function bootstrap(): Promise<void> {
  // Start-up logs wait for the JSON logger; if the start fails they are dropped, and the failure
  // is reported below as one line (autoFlushLogs: false keeps Nest from dumping them with a stack).
  const app = await NestFactory.create(AppModule, {
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix('api/v1');
  serveOpenApi(app, process.env.npm_package_version ?? '0.1.0');
  app.enableShutdownHooks();
  const config = app.get<KioskConfigType>(kioskConfig.KEY);
  await app.listen(config.http.port, config.http.host);
  app
    .get(Logger)
    .log(`Kiosk listening on http://${config.http.host}:${config.http.port}/api/v1`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  // Before the logger exists there is only stderr: one line (a bad config: every problem) and
  // the documented exit code (errors/exit-code.ts); a stack only for a fault of the kiosk itself.
  const { message, code } = describeProcessFailure(err);
  process.stderr.write(`kiosk: ${message}\n`);
  process.exit(code);
});
