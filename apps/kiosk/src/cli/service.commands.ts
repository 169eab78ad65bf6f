import { Command } from 'commander';
import { resolveProcessConfig } from '../config/kiosk.config';
import { appliedMigrations } from '../database/database-look';
import { withCliContext } from './cli-context';

/**
 * `kiosk serve` (also `kiosk` alone): the service in the foreground, as systemd runs it. Loaded
 * only when asked for, so that the other commands do not load the whole service.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description(
      'run the service in the foreground (the default command): doors, readers, the HTTP API; stops cleanly on SIGTERM',
    )
    .action(async () => {
      const { serve } = await import('../serve');
      await serve();
    });
}

/**
 * `kiosk migrate`: the migrations this build has that the database lacks, applied now (the
 * service applies them at start too: this is for an upgrade checked step by step). Says which.
 */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'apply the migrations this build has that the database lacks (the service does at start); prints which, exit 0',
    )
    .action(async () => {
      const path = resolveProcessConfig().config.database.path;
      const before = appliedMigrations(path);
      await withCliContext(() => undefined);
      const after = appliedMigrations(path);
      const added = after.filter((name) => !before.includes(name));
      process.stdout.write(
        `${added.length === 0 ? 'nothing to apply' : `applied ${added.length}: ${added.join(', ')}`}\n` +
          `${path}: ${after.length} migrations applied, none pending\n`,
      );
    });
}
