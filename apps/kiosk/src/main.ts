import './node-guard';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { kioskConfig, KioskConfigError, type KioskConfigType } from './config/kiosk.config';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1');
  app.enableShutdownHooks();
  const config = app.get<KioskConfigType>(kioskConfig.KEY);
  await app.listen(config.http.port, config.http.host);
  app
    .get(Logger)
    .log(`Kiosk listening on http://${config.http.host}:${config.http.port}/api/v1`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  // Before the logger exists there is only stderr; a bad config lists every problem and exits 2.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof KioskConfigError ? 2 : 1);
});
