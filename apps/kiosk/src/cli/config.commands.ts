import { Command } from 'commander';
import { showKioskConfig } from '../config/effective-config';
import { resolveProcessConfig, type ResolvedKioskConfig } from '../config/kiosk.config';

/**
 * `kiosk config …`: the configuration file and the KIOSK_* variables, checked or shown without
 * starting anything: no database, no card reader, no door bus. A bad configuration fails as the
 * service would: every problem, one a line, exit 2 (README, "Command line").
 */
export function configCommands(): Command {
  const config = new Command('config').description(
    'check or show the configuration (kiosk.yaml and the KIOSK_* variables)',
  );

  config
    .command('check [file]')
    .description(
      'validate FILE (default: KIOSK_CONFIG, else ./kiosk.yaml) with the KIOSK_* variables set; exit 2 with every problem',
    )
    .action((file?: string) => {
      process.stdout.write(`${summary(resolveProcessConfig(file))}\n`);
    });

  config
    .command('show [file]')
    .description('print the effective configuration as YAML (a valid file; no secret material)')
    .action((file?: string) => {
      process.stdout.write(showKioskConfig(resolveProcessConfig(file)));
    });

  return config;
}

function summary({ config, source, overrides }: ResolvedKioskConfig): string {
  const from = source.text === null ? `no ${source.path}, the defaults` : source.path;
  const doors = config.doors.map((d) => d.id).join(', ');
  const boards = new Set(config.doors.map((d) => d.address)).size;
  const bus = config.doorBus.serialPort ?? 'the simulator';
  const env = overrides.length > 0 ? overrides.join(', ') : 'none';
  return [
    `ok: ${from}`,
    `  doors: ${config.doors.length} (${doors}) on ${boards} board(s), bus ${bus}`,
    `  KIOSK_* overrides: ${env}`,
  ].join('\n');
}
