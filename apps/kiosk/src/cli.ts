#!/usr/bin/env node
import './node-guard';
import 'reflect-metadata';
import { Command } from 'commander';
import { auditCommands } from './cli/audit.commands';
import { backupCommands } from './cli/backup.commands';
import { cardCommands } from './cli/card.commands';
import { configCommands } from './cli/config.commands';
import { doctorCommand } from './cli/doctor.commands';
import { holderCommands } from './cli/holder.commands';
import { migrateCommand, serveCommand } from './cli/service.commands';
import { tokenCommands } from './cli/token.commands';
import { describeFailure } from './cli/cli-failure';

const program = new Command('kiosk')
  .description(
    'Door kiosk command line: run the service (the default), migrate its database, enrol holders, manage API tokens, check the audit log, the configuration and the installation, back up and restore. Settings come from the configuration file (KIOSK_CONFIG, default ./kiosk.yaml) and the KIOSK_* variables over it.',
  )
  .addCommand(serveCommand(), { isDefault: true })
  .addCommand(migrateCommand())
  .addCommand(holderCommands())
  .addCommand(auditCommands())
  .addCommand(tokenCommands())
  .addCommand(cardCommands())
  .addCommand(configCommands());
for (const command of backupCommands()) program.addCommand(command);
program.addCommand(doctorCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  const { message, code } = describeFailure(err);
  if (message) process.stderr.write(`kiosk: ${message}\n`);
  process.exit(code);
});
