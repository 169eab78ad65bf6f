#!/usr/bin/env node
import './node-guard';
import 'reflect-metadata';
import { Command } from 'commander';
import { auditCommands } from './cli/audit.commands';
import { cardCommands } from './cli/card.commands';
import { CliFailure } from './cli/cli-output';
import { holderCommands } from './cli/holder.commands';
import { isDomainError } from './errors/domain-error';
import { ExitCode, exitCodeOf } from './errors/exit-code';

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

/** Exit codes: errors/exit-code.ts (README, "CLI"). Only an unexpected fault shows its stack. */
function describeFailure(err: unknown): { message: string; code: number } {
  if (err instanceof CliFailure) return { message: err.message, code: err.exitCode };
  if (isDomainError(err)) return { message: err.message, code: exitCodeOf(err.code) };
  return {
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    code: ExitCode.internal,
  };
}
