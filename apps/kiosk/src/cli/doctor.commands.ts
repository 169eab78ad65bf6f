import { Command } from 'commander';
import { probePcscd } from '@kiosk/card';
import { buildDate } from '../clock/build-date';
import { resolveProcessConfig } from '../config/kiosk.config';
import { doctorExitCode, formatCheckLine, ok } from '../doctor/doctor-check';
import { nodeDoctorHost } from '../doctor/doctor-host';
import { runDoctor, type DoctorParts } from '../doctor/doctor';
import { askServiceDoors, pollBoards } from '../doctor/door-board.check';
import { listReadersInChild } from '../doctor/pcscd.check';

/**
 * `kiosk doctor`: an installation checked as an installer would by hand, one line a check, ok or
 * what to do (README, "Command line"). It reads the service's configuration, opens nothing for
 * writing and migrates nothing. Exit 0 when no check failed (warnings allowed), 1 when one did,
 * 2 when the configuration itself is invalid (as `kiosk config check`).
 */
export function doctorCommand(parts: () => DoctorParts = defaultParts): Command {
  return new Command('doctor')
    .description(
      'check this installation: service user, pcscd and its readers, the serial port, the door boards, the database, the key files, the clock, free disk, the systemd unit; exit 1 when a check fails',
    )
    .option(
      '--user <name>',
      'the user the service runs as (default: User= of the installed kiosk.service, else the current user)',
    )
    .option('--json', 'print the results as JSON')
    .action(async (opts: { user?: string; json?: boolean }) => {
      const { config, source, overrides } = resolveProcessConfig();
      const from = source.text === null ? `no ${source.path}, the defaults` : source.path;
      const env = overrides.length > 0 ? ` with ${overrides.join(', ')} over it` : '';
      const first = ok('config', `${from}${env}`);
      // `kiosk doctor | head -3`: a reader that stops reading ends the output, not the checks.
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
      });
      const show = (line: string) => {
        if (!opts.json) process.stdout.write(`${line}\n`);
      };
      show(formatCheckLine(first));
      const results = await runDoctor(config, { user: opts.user }, parts(), (r) =>
        show(formatCheckLine(r)),
      );
      if (opts.json) process.stdout.write(`${JSON.stringify([first, ...results], null, 2)}\n`);
      process.exitCode = doctorExitCode(results);
    });
}

function defaultParts(): DoctorParts {
  const host = nodeDoctorHost;
  return {
    host,
    probePcscd,
    // This very command line, in a child: `kiosk card readers --json`.
    listReaders: listReadersInChild(host, {
      node: process.execPath,
      script: process.argv[1] ?? '',
    }),
    pollBoards,
    askServiceDoors,
    builtAt: builtAt(),
  };
}

/** The build's date, as the service takes it (clock/build-date.ts): a clock before it is wrong. */
const builtAt = (): Date | null => buildDate();
