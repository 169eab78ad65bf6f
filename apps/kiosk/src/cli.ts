#!/usr/bin/env node
import './node-guard';
import 'reflect-metadata';
import { Command } from 'commander';
import { auditCommands } from './cli/audit.commands';
import { cardCommands } from './cli/card.commands';
import { CliFailure } from './cli/cli-output';
import { holderCommands } from './cli/holder.commands';
import { KioskConfigError } from './config/kiosk.config';
import { CredentialError } from './credentials/credentials.errors';
import { HolderError } from './holders/holders.errors';

const program = new Command('kiosk')
  .description(
    'Door kiosk command line: enrol holders, check the audit log. Settings come from KIOSK_* variables.',
  )
  .addCommand(holderCommands())
  .addCommand(auditCommands())
  .addCommand(cardCommands());

program.parseAsync(process.argv).catch((err: unknown) => {
  const { message, code } = describeFailure(err);
  if (message) process.stderr.write(`kiosk: ${message}\n`);
  process.exit(code);
});

function describeFailure(err: unknown): { message: string; code: number } {
  if (err instanceof CliFailure) return { message: err.message, code: err.exitCode };
  if (err instanceof CredentialError || err instanceof HolderError)
    return { message: err.message, code: 1 };
  if (err instanceof KioskConfigError) return { message: err.message, code: 2 };
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err), code: 70 };
}
