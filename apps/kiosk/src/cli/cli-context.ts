import { userInfo } from 'node:os';
import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from './cli.module';
import { StderrLogger } from './stderr-logger';

/**
 * Opens the database (running pending migrations), runs one command, and closes it again. A
 * command that must not open the database (restore) names a module of its own.
 */
export async function withCliContext<T>(
  run: (app: INestApplicationContext) => T | Promise<T>,
  module: Type | DynamicModule = CliModule,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(module, {
    logger: new StderrLogger(),
    abortOnError: false,
  });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

/** Who an admin action made at this shell is recorded as: the system user running it. */
export const cliActor = () => ({ kind: 'cli', user: userInfo().username }) as const;
