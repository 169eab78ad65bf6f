// First, before Nest loads: see the file.
import { restoreHttpUndiciExports } from './lifecycle/undici-unloaded';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
// The adapter's own file: the package's index also loads its multer part (multer, busboy, a second
// mime-db), which no route here uses, and Nest imports the index when it is not given an adapter.
import { ExpressAdapter } from '@nestjs/platform-express/adapters/express-adapter';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { kioskConfig, type KioskConfigType } from './config/kiosk.config';
import { CSV_BODY_LIMIT } from './errors/json-only.middleware';
import { describeProcessFailure } from './errors/process-failure';
import { ServiceState } from './lifecycle/service-state';
import { releaseStartUpMemory } from './lifecycle/start-up-memory';
import { SystemdNotifier } from './lifecycle/systemd-notifier';
import { Watchdog } from './watchdog/watchdog';
import { serveOpenApi } from './openapi/openapi';
import { kioskVersion } from './version';

// Nest and Express are loaded, and with them node:http's ES module facade.
restoreHttpUndiciExports();

async function bootstrap(): Promise<void> {
  // Start-up logs wait for the JSON logger; if the start fails they are dropped, and the failure
  // is reported below as one line (autoFlushLogs: false keeps Nest from dumping them with a stack).
  const app = await NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), {
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
  stopOnSignals(app);
  const config = app.get<KioskConfigType>(kioskConfig.KEY);
  await app.listen(config.http.port, config.http.host);
  // Doors and readers started during init: from here the first tap can be decided.
  app.get(ServiceState).ready();
  tellSystemd(app);
  // The port bound, not the one asked for: port 0 asks the system for a free one.
  const bound = app.getHttpServer().address();
  const port = typeof bound === 'object' && bound ? bound.port : config.http.port;
  app
    .get(Logger)
    .log(
      `Kiosk ready for the first tap; listening on http://${config.http.host}:${port}/api/v1`,
      'Bootstrap',
    );
  releaseStartUpMemoryLater(app);
}

/** Long enough for the ready line and systemd's notification to have gone out. */
const RELEASE_START_UP_MEMORY_AFTER_MS = 1000;

/**
 * The collection that gives back the start's memory (lifecycle/start-up-memory.ts) holds the
 * process for 100-200 ms: after "ready", or it would hold every start back by as much; and not
 * at once, or the ready line (the logger writes asynchronously) waits for it. A card presented
 * in that moment waits for it, once in the process's life.
 */
function releaseStartUpMemoryLater(app: NestExpressApplication): void {
  setTimeout(() => {
    if (app.get(ServiceState).phase !== 'ready') return;
    const ms = releaseStartUpMemory();
    app.get(Logger).debug(`start-up memory released in ${Math.round(ms)} ms`, 'Bootstrap');
  }, RELEASE_START_UP_MEMORY_AFTER_MS).unref();
}

const notifier = new SystemdNotifier();

/**
 * Under systemd (Type=notify): ready now, then "alive" every half WatchdogSec while the watchdog
 * finds nothing the process cannot cure itself; a process that hangs, or whose door bus stays
 * stuck, stops saying so and systemd restarts it.
 */
function tellSystemd(app: NestExpressApplication): void {
  if (!notifier.active) return;
  const logger = app.get(Logger);
  const failed = (err: unknown) =>
    logger.warn(`systemd-notify failed: ${String(err)}`, 'Bootstrap');
  notifier.ready('ready for the first tap').catch(failed);
  const every = notifier.watchdogPingMs;
  if (every === null) return;
  const watchdog = app.get(Watchdog, { strict: false });
  setInterval(() => {
    if (watchdog.alive()) notifier.alive().catch(failed);
  }, every).unref();
}

/** The most a stop may take; systemd's TimeoutStopSec is above it. */
const SHUTDOWN_DEADLINE_MS = 4500;

/**
 * SIGTERM or SIGINT: the service stops taking taps, lets the tap in hand finish, records its stop,
 * closes the readers, the door line and the database, and exits 0. A part that does not stop in
 * time does not hold the process: past the deadline it exits 1, saying so. (Nest's own
 * enableShutdownHooks ends the process by re-raising the signal: status 143, read as a failure.)
 */
function stopOnSignals(app: NestExpressApplication): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.get(ServiceState).stopping(signal);
    const logger = app.get(Logger);
    notifier.stopping(`stopping (${signal})`).catch(() => undefined);
    logger.log(`${signal}: stopping`, 'Bootstrap');
    setTimeout(() => {
      process.stderr.write(`kiosk: did not stop within ${SHUTDOWN_DEADLINE_MS} ms: exiting\n`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`kiosk: stop failed: ${describeProcessFailure(err).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * The service (`kiosk serve`, `kiosk` alone, or `node dist/apps/kiosk/src/main.js`): runs until
 * a signal stops it. A start that fails ends the process with one line on stderr (a bad config:
 * every problem) and the documented exit code (errors/exit-code.ts); a stack only for a fault of
 * the kiosk itself. Before the logger exists there is only stderr.
 */
export function serve(): Promise<void> {
  return bootstrap().catch((err: unknown) => {
    const { message, code } = describeProcessFailure(err);
    process.stderr.write(`kiosk: ${message}\n`);
    process.exit(code);
  });
}
