import { Command } from 'commander';
import { AuditService } from '../audit/audit.service';
import { withCliContext } from './cli-context';
import { CliFailure, print } from './cli-output';

export function auditCommands(): Command {
  const audit = new Command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('re-hash the whole chain; exit 1 if a record was altered or removed')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await withCliContext((app) => app.get(AuditService).verify());
      print(opts.json, result, () =>
        result.break
          ? `Audit chain BROKEN at seq ${result.break.seq}: ${result.break.problem}`
          : `Audit chain intact: ${result.records} records`,
      );
      if (result.break) throw new CliFailure('', 1);
    });
  return audit;
}
